/**
 * The marketplace the commissions benchmark runs on, written through the real services (catalog ingestion,
 * plans, fee policies, share links, clicks, order and after-sale ingestion), so the outbox holds the events
 * production would: a catalog from bench/lib/data.ts with agencies contracted to most creators and promoters in
 * teams under leaders, open plans of most merchants (some with featured-product rates) and targeted plans for a
 * few promoters, the category and POP-live fee policies of the demo, store share links of promoters, and paid
 * orders attributed to creators (live host / video), promoters (share code, order party) and last clicks.
 */
import type { Principal } from '../../src/core/auth.ts';
import type { Db } from '../../src/core/db.ts';
import { createLink, createPlan, createPolicy, seedClicks } from '../../src/modules/commissions/index.ts';
import {
  type IngestEnv,
  ingestAfterSales,
  ingestCatalog,
  ingestOrders,
  type schemas,
} from '../../src/modules/marketplace/index.ts';
import { type Catalog, makeCatalog, makeOrders, rng } from '../lib/data.ts';

type Order = schemas.Order;

export interface WorldSpec {
  stores: number;
  products: number;
  consumers: number;
  creators: number;
  promoters: number;
  agencies: number;
}

export const OPERATOR: Principal = { role: 'operator', partyId: null, subject: 'bench', via: 'api_key' };
/** Plans and policies start well before the orders; orders are paid in the 30 days before END. */
const PLANS_FROM = '2026-06-01T00:00:00.000Z';
export const END = '2026-11-28T16:00:00.000Z';

export interface World {
  cat: Catalog;
  /** Share codes of promoters' store links, by store. */
  linksByStore: Map<string, string[]>;
  allCodes: string[];
  counts: Record<string, number>;
}

function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark setup failed: ${what}`);
}

async function catalogKind(env: IngestEnv, kind: string, recs: unknown[]) {
  for (let i = 0; i < recs.length; i += 5000) {
    const r = await ingestCatalog(env, kind as never, recs.slice(i, i + 5000));
    check(r.rejected.length === 0, `catalog ${kind}: ${JSON.stringify(r.rejected.slice(0, 2))}`);
  }
}

export async function buildWorld(env: IngestEnv, spec: WorldSpec, log: (s: string) => void): Promise<World> {
  const db = env.db;
  const r = rng(4242);
  const cat = makeCatalog({
    stores: spec.stores,
    products: spec.products,
    consumers: spec.consumers,
    creators: spec.creators,
    promoters: spec.promoters,
  });
  for (const kind of cat.kinds) await catalogKind(env, kind, cat[kind]);
  // Agencies (MCNs) contracted with about 60% of the creators, taking 20–40% of their commission.
  const agencies = Array.from({ length: spec.agencies }, (_, i) => ({
    id: `ag${i + 1}`,
    name: `Agency ${i + 1}`,
    contracts: [] as { creatorId: string; splitBp: number; startsOn: string }[],
  }));
  for (const c of cat.creatorIds)
    if (r.chance(0.6))
      r.pick(agencies).contracts.push({
        creatorId: c,
        splitBp: 2000 + 500 * r.int(0, 4),
        startsOn: '2026-01-01',
      });
  await catalogKind(env, 'agencies', agencies);
  log(
    `catalog: ${cat.stores.length} stores, ${cat.products.length} products, ${cat.creatorIds.length} creators, ${cat.promoterIds.length} promoters, ${agencies.length} agencies`,
  );

  // Plans: ~85% of merchants run an open plan (4–20%), a fifth of those a second open plan of featured products.
  const merchants = cat.merchants.map((m) => m.id as string);
  const productsOf = new Map<string, string[]>();
  for (const { productId, storeId } of cat.productStore) {
    const m = cat.storeMerchant.get(storeId)!;
    productsOf.set(m, [...(productsOf.get(m) ?? []), productId]);
  }
  const open = new Set<string>();
  let plans = 0;
  for (const m of merchants) {
    if (!r.chance(0.85)) continue;
    const rate = 400 + 100 * r.int(0, 16);
    const res = await createPlan(db, OPERATOR, {
      id: `bp-${m}-open`,
      merchantId: m,
      kind: 'open',
      name: `open ${rate / 100}%`,
      defaultRateBp: rate,
      presaleRateBp: rate + 200,
      startsAt: PLANS_FROM,
    } as never);
    check(res.status === 201, `plan of ${m}`);
    open.add(m);
    plans++;
    const featured = (productsOf.get(m) ?? []).filter(() => r.chance(0.15)).slice(0, 50);
    if (featured.length && r.chance(0.2)) {
      await createPlan(db, OPERATOR, {
        id: `bp-${m}-featured`,
        merchantId: m,
        kind: 'open',
        name: 'featured',
        defaultRateBp: rate,
        startsAt: PLANS_FROM,
        products: featured.map((productId) => ({ productId, rateBp: rate + 200 * r.int(1, 4) })),
      } as never);
      plans++;
    }
  }
  // Targeted plans: a few merchants pay chosen promoters more on some products.
  const openList = [...open];
  for (let i = 0; i < Math.min(20, openList.length); i++) {
    const m = openList[i]!;
    const prods = (productsOf.get(m) ?? []).slice(0, 3);
    if (!prods.length) continue;
    await createPlan(db, OPERATOR, {
      id: `bp-${m}-targeted`,
      merchantId: m,
      kind: 'targeted',
      name: 'team deal',
      defaultRateBp: 1800,
      startsAt: PLANS_FROM,
      products: prods.map((productId) => ({ productId })),
      parties: [{ type: 'promoter', id: cat.promoterIds[(i * 7) % cat.promoterIds.length]! }],
    } as never);
    plans++;
  }
  // Fee policies of the demo: a transaction fee by L1 category, 1% on POP merchants' live orders.
  await createPolicy(db, {
    id: 'bench-fee-category',
    name: 'category transaction fee',
    kind: 'transaction',
    defaultBp: 500,
    categoryBp: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i + 1}`, 200 + 100 * (i % 5)])),
    startsAt: PLANS_FROM,
  } as never);
  await createPolicy(db, {
    id: 'bench-fee-pop-live',
    name: 'POP live orders',
    kind: 'transaction',
    defaultBp: 100,
    merchantTypes: ['pop'],
    scenes: ['live'],
    priority: 10,
    startsAt: PLANS_FROM,
  } as never);

  // Store share links of promoters, for stores whose merchant runs an open plan.
  const linksByStore = new Map<string, string[]>();
  const allCodes: string[] = [];
  const linkStores = cat.sellingStores.filter((s) => open.has(cat.storeMerchant.get(s)!));
  const nLinks = Math.min(2000, linkStores.length * 2);
  for (let i = 0; i < nLinks; i++) {
    const storeId = linkStores[i % linkStores.length]!;
    const promoter = cat.promoterIds[(i * 13) % cat.promoterIds.length]!;
    const res = await createLink(
      db,
      { role: 'promoter', partyId: promoter, subject: 'bench', via: 'api_key' },
      { storeId } as never,
      { now: new Date(PLANS_FROM) },
    );
    const code = (res.body as { code: string }).code;
    linksByStore.set(storeId, [...(linksByStore.get(storeId) ?? []), code]);
    allCodes.push(code);
  }
  log(`distribution: ${plans} plans, 2 fee policies, ${allCodes.length} share links`);
  return {
    cat,
    linksByStore,
    allCodes,
    counts: { plans, links: allCodes.length, agencies: agencies.length },
  };
}

export interface OrderBook {
  paid: Order[];
  /** Refunded before delivery (the estimate is still pending: void + repost). */
  earlyRefunds: Record<string, unknown>[];
  delivered: Order[];
  /** Refunded after delivery (the estimate is posted: a correcting transaction). */
  lateRefunds: Record<string, unknown>[];
  clicks: { code: string; consumerId: string; at: Date }[];
  attribution: Record<string, number>;
}

/**
 * `n` paid orders, every one attributed: 45% creators (live host or video), 25% promoters by a share code (a
 * tenth of them another store's link: cross-store), 15% promoters set on the order, 15% organic orders whose
 * buyer clicked a share link 1–60 minutes before paying (last click). Then 5% refunded before delivery, 70%
 * delivered (a fifth of them also confirmed completed), 5% of the delivered refunded afterwards.
 */
export function makeOrderBook(w: World, n: number, prefix: string, seed = 31): OrderBook {
  const r = rng(seed * 3 + 4);
  const base = makeOrders(n, w.cat, { prefix, seed, unpaidShare: 0, endAt: END, days: 30 });
  const attribution: Record<string, number> = {};
  const clicks: OrderBook['clicks'] = [];
  const count = (k: string) => {
    attribution[k] = (attribution[k] ?? 0) + 1;
  };
  for (const o of base) {
    const x = r.next();
    const codes = w.linksByStore.get(o.storeId);
    if (x < 0.45) {
      const live = r.chance(0.5);
      o.source = live
        ? {
            scene: 'live',
            channel: 'creator',
            creatorId: r.pick(w.cat.creatorIds),
            liveSessionId: `ls${r.int(1, 500)}`,
          }
        : { scene: 'video', channel: 'creator', creatorId: r.pick(w.cat.creatorIds) };
      count(live ? 'creator live host' : 'creator video');
    } else if (x < 0.7 && codes) {
      const cross = r.chance(0.1);
      const code = cross ? r.pick(w.allCodes) : r.pick(codes);
      o.source = { scene: 'share', channel: 'organic', shareCode: code };
      count(cross ? 'share code (any store)' : 'share code');
    } else if (x < 0.85 || !codes) {
      o.source = { scene: 'share', channel: 'promoter', promoterId: r.pick(w.cat.promoterIds) };
      count('promoter on order');
    } else {
      o.source = { scene: 'search', channel: 'organic' };
      clicks.push({
        code: r.pick(codes),
        consumerId: o.consumerId,
        at: new Date(Date.parse(o.paidAt!) - r.int(1, 60) * 60_000),
      });
      count('last click');
    }
  }
  const earlyRefunds: Record<string, unknown>[] = [];
  const delivered: Order[] = [];
  const lateRefunds: Record<string, unknown>[] = [];
  const refund = (o: Order, id: string, afterMs: number) => {
    const line = o.lines[0]!;
    const paid = line.quantity * line.unitPrice - (line.discount ?? 0);
    const full = r.chance(0.4);
    const at = Date.parse(o.paidAt!) + afterMs;
    return {
      id,
      orderId: o.id,
      lineNo: 1,
      type: 'refund_only',
      reasonCode: 'quality_issue',
      amount: full ? paid : Math.max(1, Math.floor(paid / 3)),
      status: 'refunded',
      requestedAt: new Date(at - 600_000).toISOString(),
      resolvedAt: new Date(at - 300_000).toISOString(),
      refundedAt: new Date(at).toISOString(),
    };
  };
  for (const o of base) {
    const x = r.next();
    if (x < 0.05) earlyRefunds.push(refund(o, `${o.id}-ar`, 3_600_000));
    else if (x < 0.75) {
      const paid = Date.parse(o.paidAt!);
      const completed = r.chance(0.2);
      const d: Order = {
        ...o,
        status: completed ? 'completed' : 'delivered',
        shippedAt: new Date(paid + r.int(2, 24) * 3_600_000).toISOString(),
        deliveredAt: new Date(paid + r.int(48, 96) * 3_600_000).toISOString(),
        ...(completed ? { completedAt: new Date(paid + 120 * 3_600_000).toISOString() } : {}),
      };
      delivered.push(d);
      if (r.chance(0.07)) lateRefunds.push(refund(o, `${o.id}-lr`, 130 * 3_600_000));
    }
  }
  return { paid: base, earlyRefunds, delivered, lateRefunds, clicks, attribution };
}

/** Writes records through the ingestion service in batches (atomic: a rejection fails the benchmark). */
export async function ingest(
  env: IngestEnv,
  kind: 'orders' | 'after-sales',
  recs: unknown[],
  batch = 2000,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < recs.length; i += batch) {
    const part = recs.slice(i, i + batch);
    const res = kind === 'orders' ? await ingestOrders(env, part) : await ingestAfterSales(env, part);
    check(res.rejected.length === 0, `${kind}: ${JSON.stringify(res.rejected.slice(0, 2))}`);
    written += res.created + res.updated;
  }
  return written;
}

export async function writeClicks(db: Db, clicks: OrderBook['clicks']) {
  let n = 0;
  for (let i = 0; i < clicks.length; i += 5000) n += await seedClicks(db, clicks.slice(i, i + 5000));
  return n;
}
