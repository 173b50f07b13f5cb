import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TSchema } from 'typebox';
import { recordChecker } from '../../core/validate.ts';
import { checkOrderRecord, REASON_CODES, schemas } from '../marketplace/index.ts';
import { type Chunk, createWorld, type GenerateOptions, generate } from './domain/generator.ts';
import { Rng } from './domain/rng.ts';
import { productId } from './domain/world.ts';

const TINY: GenerateOptions = {
  seed: 7,
  scale: 'small',
  days: 8,
  endDay: '2026-11-12',
  timeZone: 'Asia/Shanghai',
  overrides: {
    merchants: 6,
    consumers: 300,
    creators: 6,
    agencies: 2,
    promoters: 12,
    brands: 20,
    productsPerStore: 8,
  },
};

type Kind = 'follows' | 'events' | 'orders' | 'afterSales' | 'reviews' | 'serviceSessions';

/** All records of a run by kind, in generation order. */
function collect(o: GenerateOptions, gen: { groupUsers?: number } = {}) {
  const { world, seeds } = createWorld(o);
  const out: Record<Kind, unknown[]> = {
    follows: [],
    events: [],
    orders: [],
    afterSales: [],
    reviews: [],
    serviceSessions: [],
  };
  for (const c of generate(world, seeds, gen) as Iterable<Chunk>) {
    if (c.kind === 'follows') out.follows.push(...c.follows);
    else if (c.kind === 'events') out.events.push(...c.events);
    else if (c.kind === 'day') {
      out.orders.push(...c.out.orders);
      out.afterSales.push(...c.out.afterSales);
      out.reviews.push(...c.out.reviews);
      out.serviceSessions.push(...c.out.serviceSessions);
      out.follows.push(...c.out.follows);
    }
  }
  return { world, seeds, out };
}

/** Order-insensitive checksum per kind (chunking may differ; content must not). */
function checksums(out: Record<Kind, unknown[]>) {
  const sums: Record<string, string> = {};
  for (const [k, recs] of Object.entries(out)) {
    const lines = recs.map((r) => JSON.stringify(r)).sort();
    sums[k] = `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return sums;
}

function ranks(xs: number[]): number[] {
  const idx = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    for (let k = i; k <= j; k++) r[idx[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}
function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
const spearman = (a: number[], b: number[]) => pearson(ranks(a), ranks(b));

describe('seeded random streams', () => {
  it('derive the same stream from the same keys and different streams from different keys', () => {
    const a = Rng.derive(1, ['user', 5]);
    const b = Rng.derive(1, ['user', 5]);
    const c = Rng.derive(1, ['user', 6]);
    const d = Rng.derive(2, ['user', 5]);
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
    expect(Array.from({ length: 5 }, () => d.u32())).not.toEqual(xs);
  });

  it('have sane moments', () => {
    const r = Rng.derive(3, ['moments']);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
      g += r.gamma(2.5);
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
    expect(Math.abs(g / n - 2.5)).toBeLessThan(0.08);
  });
});

describe('generator determinism', () => {
  it('gives identical records for the same seed and end day, whatever the user grouping and sharding', () => {
    const a = checksums(collect(TINY).out);
    const b = checksums(collect(TINY, { groupUsers: 37 }).out);
    const c = checksums(collect({ ...TINY, overrides: { ...TINY.overrides, shardUsers: 70 } }).out);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(Number(a.orders!.split(':')[0])).toBeGreaterThan(50);
    expect(Number(a.events!.split(':')[0])).toBeGreaterThan(1000);
  });

  it('thinned scrolls (the large scale) draw other products but the same distribution of clicks and orders', () => {
    const o: GenerateOptions = {
      ...TINY,
      days: 10,
      overrides: { ...TINY.overrides, consumers: 3000, exposureEvents: false },
    };
    const count = (thinExposures: boolean) => {
      const { out } = collect({ ...o, overrides: { ...o.overrides, thinExposures } });
      const clicks = out.events.filter((e) => (e as { type: string }).type === 'click').length;
      return { clicks, orders: new Set(out.orders.map((x) => (x as { id: string }).id)).size, out };
    };
    const full = count(false);
    const thin = count(true);
    expect(checksums(thin.out).events).not.toEqual(checksums(full.out).events);
    expect(full.clicks).toBeGreaterThan(20_000);
    // ≈ 1% sampling noise on these counts: 4% apart would be a biased bound.
    expect(Math.abs(thin.clicks / full.clicks - 1)).toBeLessThan(0.04);
    expect(Math.abs(thin.orders / full.orders - 1)).toBeLessThan(0.06);
  });

  it('gives different records for a different seed', () => {
    const a = checksums(collect(TINY).out);
    const b = checksums(collect({ ...TINY, seed: 8 }).out);
    expect(b.orders).not.toEqual(a.orders);
    expect(b.events).not.toEqual(a.events);
  });

  it('produces records valid against the ingestion schemas in any time zone (here across a DST change, before 6-18)', () => {
    const { out } = collect({ ...TINY, timeZone: 'America/New_York', endDay: '2026-03-12', days: 10 });
    const kinds: [Kind, TSchema][] = [
      ['orders', schemas.OrderRecord],
      ['afterSales', schemas.AfterSaleRecord],
      ['reviews', schemas.ReviewRecord],
      ['serviceSessions', schemas.ServiceSessionRecord],
      ['follows', schemas.FollowRecord],
      ['events', schemas.EventRecord],
    ];
    for (const [kind, schema] of kinds) {
      const check = recordChecker(schema);
      expect(out[kind].length, kind).toBeGreaterThan(0);
      for (const r of out[kind]) expect(check(r), `${kind} ${JSON.stringify(r)}`).toEqual([]);
    }
    for (const o of out.orders as schemas.Order[]) expect(checkOrderRecord(o), o.id).toEqual([]);
    const presale = collect({ ...TINY, endDay: '2026-06-16', days: 9 }).out.orders as schemas.Order[];
    expect(presale.some((o) => o.status === 'deposit_paid')).toBe(true);
    for (const o of presale) expect(checkOrderRecord(o), o.id).toEqual([]);
  });

  it('produces orders that satisfy the ingestion order rules and move forward only', () => {
    const { out } = collect(TINY);
    const rank: Record<string, number> = {
      created: 0,
      deposit_paid: 1,
      paid: 2,
      shipped: 3,
      delivered: 4,
      completed: 5,
      cancelled: 6,
    };
    const last = new Map<string, string>();
    for (const o of out.orders as schemas.Order[]) {
      expect(checkOrderRecord(o), o.id).toEqual([]);
      const prev = last.get(o.id);
      if (prev) expect(rank[o.status]!, `${o.id} ${prev}→${o.status}`).toBeGreaterThan(rank[prev]!);
      last.set(o.id, o.status);
    }
  });
});

describe('latent truth shows through the generated records', () => {
  // Enough orders per store for rates to mean something; exposures are not needed here.
  const { world, out } = collect({
    seed: 11,
    scale: 'small',
    days: 28,
    endDay: '2026-05-20',
    timeZone: 'Asia/Shanghai',
    overrides: {
      merchants: 14,
      consumers: 2500,
      creators: 10,
      agencies: 2,
      promoters: 20,
      brands: 30,
      productsPerStore: 12,
      exposureEvents: false,
    },
  });
  const finalState = new Map<string, schemas.Order>();
  for (const o of out.orders as schemas.Order[]) finalState.set(o.id, o);
  const storeIdx = new Map(world.stores.map((s) => [s.id, s.idx]));

  it('stores with higher product quality have fewer quality-reason after-sales', () => {
    const delivered = new Map<string, number>();
    const lines = new Map<string, string>();
    for (const o of finalState.values()) {
      if (!o.deliveredAt) continue;
      delivered.set(o.storeId, (delivered.get(o.storeId) ?? 0) + o.lines.length);
      lines.set(o.id, o.storeId);
    }
    const quality = new Map<string, number>();
    const seen = new Set<string>();
    for (const a of out.afterSales as schemas.AfterSale[]) {
      if (seen.has(a.id) || !REASON_CODES[a.reasonCode]) continue;
      seen.add(a.id);
      const s = lines.get(a.orderId);
      if (s) quality.set(s, (quality.get(s) ?? 0) + 1);
    }
    const stores = [...delivered.entries()].filter(([, n]) => n >= 80).map(([s]) => s);
    expect(stores.length).toBeGreaterThanOrEqual(8);
    const q = stores.map((s) => world.stores[storeIdx.get(s)!]!.quality);
    const rate = stores.map((s) => (quality.get(s) ?? 0) / delivered.get(s)!);
    expect(spearman(q, rate)).toBeLessThan(-0.5);
    // And pooled: the lower-quality half refunds for quality reasons clearly more often (2–6× across seeds).
    const order = stores.map((s, i) => ({ q: q[i]!, s })).sort((a, b) => a.q - b.q);
    const half = Math.floor(order.length / 2);
    const pooled = (xs: typeof order) =>
      xs.reduce((n, x) => n + (quality.get(x.s) ?? 0), 0) / xs.reduce((n, x) => n + delivered.get(x.s)!, 0);
    expect(pooled(order.slice(0, half))).toBeGreaterThan(1.5 * pooled(order.slice(half)));
  });

  it('faster logistics gives shorter paid-to-delivered times', () => {
    const sum = new Map<string, [number, number]>();
    for (const o of finalState.values()) {
      if (!o.deliveredAt || !o.paidAt) continue;
      const v = sum.get(o.storeId) ?? [0, 0];
      v[0] += (Date.parse(o.deliveredAt) - Date.parse(o.paidAt)) / 3_600_000;
      v[1]++;
      sum.set(o.storeId, v);
    }
    const stores = [...sum.entries()].filter(([, v]) => v[1] >= 30);
    expect(stores.length).toBeGreaterThanOrEqual(8);
    const speed = stores.map(([s]) => world.stores[storeIdx.get(s)!]!.logistics);
    const hours = stores.map(([, v]) => v[0] / v[1]);
    expect(spearman(speed, hours)).toBeLessThan(-0.7);
  });

  it('product ratings follow product quality; logistics and service ratings follow the store', () => {
    const P = world.products;
    const pidx = new Map<string, number>();
    for (let p = 0; p < P.count; p++) pidx.set(productId(world, p), p);
    const skuProduct = (sku: string) => pidx.get(sku.slice(0, sku.lastIndexOf('-')))!;
    const q: number[] = [];
    const rating: number[] = [];
    const ls: number[] = [];
    const lr: number[] = [];
    const ss: number[] = [];
    const sr: number[] = [];
    for (const r of out.reviews as schemas.Review[]) {
      const o = finalState.get(r.orderId)!;
      const line = o.lines.find((l) => l.lineNo === r.lineNo)!;
      const store = world.stores[storeIdx.get(o.storeId)!]!;
      q.push(P.quality[skuProduct(line.skuId)]!);
      rating.push(r.productRating);
      ls.push(store.logistics);
      lr.push(r.logisticsRating);
      ss.push(store.service);
      sr.push(r.serviceRating);
    }
    expect(q.length).toBeGreaterThan(500);
    expect(pearson(q, rating)).toBeGreaterThan(0.3);
    expect(pearson(ls, lr)).toBeGreaterThan(0.25);
    expect(pearson(ss, sr)).toBeGreaterThan(0.25);
  });

  it('price-sensitive users buy cheaper products (price position) than insensitive ones', () => {
    const P = world.products;
    const pidx = new Map<string, number>();
    for (let p = 0; p < P.count; p++) pidx.set(productId(world, p), p);
    const byUser = new Map<string, number>();
    for (let u = 0; u < world.users.count; u++) byUser.set(`u${String(u).padStart(4, '0')}`, u);
    const lo: number[] = [];
    const hi: number[] = [];
    for (const o of finalState.values()) {
      const u = byUser.get(o.consumerId)!;
      const s = world.users.priceSens[u]!;
      for (const l of o.lines) {
        const pp = P.pricePos[pidx.get(l.skuId.slice(0, l.skuId.lastIndexOf('-')))!]!;
        if (s < 0.35) lo.push(pp);
        else if (s > 0.65) hi.push(pp);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(hi)).toBeLessThan(mean(lo) - 0.03);
  });
});

describe('calibration', () => {
  it('converts like a real marketplace: 20–40 product views per order, a few percent of exposures clicked', () => {
    // Every user's exposures logged (the demo logs a panel of them), so click-through is clicks ÷ exposures.
    const { out } = collect({ ...TINY, overrides: { ...TINY.overrides, exposurePanelEvery: 1 } });
    const events = out.events as schemas.BehaviourEvent[];
    const count = (type: string) => events.filter((e) => e.type === type && e.productId).length;
    const orders = new Set((out.orders as schemas.Order[]).map((o) => o.id)).size;
    expect(orders).toBeGreaterThan(100);
    const viewsPerOrder = count('view') / orders;
    const ctr = count('click') / count('exposure');
    expect(viewsPerOrder).toBeGreaterThan(20);
    expect(viewsPerOrder).toBeLessThan(40);
    expect(ctr).toBeGreaterThan(0.02);
    expect(ctr).toBeLessThan(0.06);
  });
});
