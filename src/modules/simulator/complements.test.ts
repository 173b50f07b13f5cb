import { afterEach, describe, expect, it } from 'vitest';
import type { schemas } from '../marketplace/index.ts';
import { CATEGORY_TREE, COMPLEMENTS } from './domain/data.ts';
import { complementsOf, ShardSim } from './domain/days.ts';
import { type Chunk, createWorld, type GenerateOptions, generate } from './domain/generator.ts';
import { MODEL } from './domain/params.ts';
import { buildPromotionBook } from './domain/promotions.ts';

/**
 * Complementary categories across stores (a pot and a spoon): two-store checkouts that add a complementary
 * product of another store, concentrated on a few partner stores, without moving any other simulated record.
 */
const WORLD: GenerateOptions = {
  seed: 11,
  scale: 'small',
  days: 14,
  endDay: '2026-06-20',
  timeZone: 'Asia/Shanghai',
  overrides: {
    merchants: 48,
    consumers: 3000,
    creators: 8,
    agencies: 2,
    promoters: 16,
    brands: 60,
    productsPerStore: 20,
  },
};

function run(o: GenerateOptions, promotions = false) {
  const { world, seeds } = createWorld(o);
  const book = promotions ? buildPromotionBook(world, seeds) : null;
  const orders = new Map<string, schemas.Order>();
  const events: string[] = [];
  const claims: string[] = [];
  for (const c of generate(world, seeds, { book }) as Iterable<Chunk>) {
    if (c.kind === 'events') for (const e of c.events) events.push(JSON.stringify(e));
    else if (c.kind === 'day') {
      for (const x of c.out.orders) orders.set(x.id, x); // the last snapshot of each order
      // Coupon ids count a buyer's claims: an added claim renumbers the later ones.
      for (const x of c.out.claims) claims.push(`${x.userId}|${x.templateId}`);
    }
  }
  return { world, seeds, orders, events, claims };
}

const saved = MODEL.complementCheckoutShare;
afterEach(() => {
  MODEL.complementCheckoutShare = saved;
});

describe('complementary categories', () => {
  it('name level-3 categories of different level-1 categories, and Beauty (the demo merchant) has some', () => {
    const l1Of = new Map<string, string>();
    for (const l1 of CATEGORY_TREE)
      for (const l2 of l1.children) for (const l3 of l2.children) l1Of.set(l3.name, l1.name);
    for (const [a, b] of COMPLEMENTS) {
      expect(l1Of.has(a), a).toBe(true);
      expect(l1Of.has(b), b).toBe(true);
      expect(l1Of.get(a), `${a} ↔ ${b}`).not.toBe(l1Of.get(b));
    }
    expect(COMPLEMENTS.filter(([a, b]) => l1Of.get(a) === 'Beauty' || l1Of.get(b) === 'Beauty').length).toBe(
      11,
    );
    const { world } = createWorld(WORLD);
    expect(complementsOf(world).flat().length).toBe(2 * COMPLEMENTS.length);
  });

  it('add sibling orders only: every other order, event and coupon claim stays as it was', () => {
    const on = run(WORLD, true);
    MODEL.complementCheckoutShare = 0;
    const off = run(WORLD, true);
    expect(on.events).toEqual(off.events);
    expect(on.claims.length).toBeGreaterThan(0);
    // Claims of the added checkouts' stores are extra (and may come earlier than a later claim of the same
    // coupon); every coupon claimed in the world without them is still claimed by the same buyer.
    const onClaims = new Set(on.claims);
    expect(off.claims.filter((c) => !onClaims.has(c))).toEqual([]);
    let added = 0;
    for (const [id, o] of on.orders) {
      const before = off.orders.get(id);
      if (!before) {
        expect(id.endsWith('-2'), id).toBe(true);
        added++;
        continue;
      }
      // The original store order now belongs to a two-store checkout (and may be priced with its sibling).
      const strip = (x: schemas.Order) => ({
        id: x.id,
        storeId: x.storeId,
        consumerId: x.consumerId,
        status: x.status,
        source: x.source,
        times: [x.createdAt, x.paidAt, x.shippedAt, x.deliveredAt, x.completedAt, x.cancelledAt],
        lines: x.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
      });
      expect(strip(o), id).toEqual(strip(before));
    }
    expect(off.orders.size).toBe(on.orders.size - added);
    expect(added).toBeGreaterThan(20);
  });

  it('make complementary store pairs co-occur far more than chance', () => {
    const { world: w, seeds, orders } = run(WORLD);
    const comp = complementsOf(w);
    const paid = [...orders.values()].filter((o) => o.status !== 'cancelled' && o.paidAt);
    const l3Of = (o: schemas.Order) => w.products.l3[Number(/-p(\d+)-\d+$/.exec(o.lines[0]!.skuId)![1])]!;
    const customers = new Map<string, Set<string>>();
    for (const o of paid) {
      const s = customers.get(o.storeId) ?? new Set<string>();
      s.add(o.consumerId);
      customers.set(o.storeId, s);
    }
    const N = new Set(paid.map((o) => o.consumerId)).size;
    const lift = (pairs: Iterable<[string, string]>) => {
      let shared = 0;
      let expected = 0;
      for (const [a, b] of pairs) {
        const A = customers.get(a);
        const B = customers.get(b);
        if (!A || !B) continue;
        for (const u of A) if (B.has(u)) shared++;
        expected += (A.size * B.size) / N;
      }
      return shared / expected;
    };
    // The latent partners (what buyers of a store usually add), fixed before any order: no selection by outcome.
    const sim = new ShardSim(w, seeds, 0, 0);
    const partners = new Map<string, [string, string]>();
    for (const s of w.stores) {
      const l1s = new Set<number>();
      for (const p of s.products) for (const c of comp[w.products.l3[p]!]!) l1s.add(w.l3[c]!.l1);
      for (const l1 of l1s)
        for (const x of sim.complementPartners(s.idx, l1)) {
          const b = w.stores[x]!.id;
          partners.set([s.id, b].sort().join('|'), [s.id, b]);
        }
    }
    // Other store pairs of different main categories, for comparison.
    const others = new Map<string, [string, string]>();
    for (const a of w.stores)
      for (const b of w.stores) {
        const k = [a.id, b.id].sort().join('|');
        if (a.idx < b.idx && a.mainL1 !== b.mainL1 && !partners.has(k)) others.set(k, [a.id, b.id]);
      }
    const partnerLift = lift(partners.values());
    const otherLift = lift(others.values());
    // Customers: latent partner pairs share clearly more customers than other pairs of different categories
    // (in a world this dense every store shares many customers with every other by chance alone).
    expect(partnerLift).toBeGreaterThan(1.25 * otherLift);
    // Checkouts: two-store checkouts across categories land on partner pairs far more often than chance.
    const byParent = new Map<string, schemas.Order[]>();
    for (const o of paid) if (o.parentId) byParent.set(o.parentId, [...(byParent.get(o.parentId) ?? []), o]);
    const cross = [...byParent.values()].filter(
      (os) =>
        os.length === 2 &&
        w.l3[l3Of(os[0]!)]!.l1 !== w.l3[l3Of(os[1]!)]!.l1 &&
        w.stores[Number(os[0]!.storeId.slice(1))]!.mainL1 !==
          w.stores[Number(os[1]!.storeId.slice(1))]!.mainL1,
    ) as [schemas.Order, schemas.Order][];
    expect(cross.length).toBeGreaterThan(50);
    const onPartners = cross.filter(([a, b]) => partners.has([a.storeId, b.storeId].sort().join('|'))).length;
    const chance = partners.size / (partners.size + others.size);
    expect(onPartners / cross.length).toBeGreaterThan(3 * chance);
    // Complementary level-3 pairs make up those checkouts.
    expect(cross.filter(([a, b]) => comp[l3Of(a)]!.includes(l3Of(b))).length / cross.length).toBeGreaterThan(
      0.8,
    );
  });
});
