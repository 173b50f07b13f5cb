/**
 * A synthetic marketplace for the joint suite: the bench catalog (stores with a main category c1…c10) and
 * `orders` paid orders of `consumers` shoppers with co-purchase structure. Main categories pair up as
 * complements (c1↔c2, c3↔c4, …); each shopper has a home store (popular stores more likely) and places
 * about orders/consumers orders: 40% at the home store, 30% at a store of the complementary category (one of
 * a few stores chosen by the home store, so store pairs concentrate), 30% anywhere. Seeded and streamed in
 * chunks straight into orders/order_lines/payments by COPY, the rows the ingestion service would write.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { ingestCatalog, type IngestEnv, type schemas } from '../../src/modules/marketplace/index.ts';
import {
  type Catalog,
  LINE_COPY_COLUMNS,
  makeCatalog,
  ORDER_COPY_COLUMNS,
  orderRows,
  PAYMENT_COPY_COLUMNS,
  rng,
  toCsvChunks,
} from '../lib/data.ts';
import { copyCsv } from '../lib/db.ts';

const TZ = 'Asia/Shanghai';

export interface JointWorld {
  cat: Catalog;
  mainOf: Map<string, string>;
  /** The complementary main category of each main category. */
  complementOf: (c: string) => string;
  orders: number;
}

export const complementOf = (c: string) => {
  const k = Number(c.slice(1));
  return `c${k % 2 === 1 ? k + 1 : k - 1}`;
};

export async function loadCatalog(
  db: Database,
  spec: { stores: number; products: number; consumers: number },
  log: (s: string) => void,
): Promise<Catalog> {
  const cat = makeCatalog(spec);
  const env: IngestEnv = { db: db.kysely, database: db, timeZone: TZ, maxBatch: 10_000 };
  for (const kind of cat.kinds) {
    const recs = cat[kind];
    for (let i = 0; i < recs.length; i += 5000) {
      const r = await ingestCatalog(env, kind as never, recs.slice(i, i + 5000));
      if (r.rejected.length) throw new Error(`catalog ${kind}: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
  }
  log(
    `catalog: ${cat.storeIds.length} stores, ${cat.products.length} products, ${cat.consumerIds.length} consumers`,
  );
  return cat;
}

/** Writes `n` structured paid orders ending at `endAt` over `days` days; returns how many were written. */
export async function loadOrders(
  db: Database,
  cat: Catalog,
  o: { orders: number; days: number; endAt: string; seed?: number; prefix?: string },
  log: (s: string) => void,
): Promise<JointWorld> {
  const r = rng(o.seed ?? 31);
  const prefix = o.prefix ?? 'jo_';
  const mainOf = new Map(cat.stores.map((s) => [s.id as string, s.mainCategoryId as string]));
  const selling = cat.sellingStores;
  const byMain = new Map<string, string[]>();
  for (const s of selling) {
    const c = mainOf.get(s)!;
    const list = byMain.get(c) ?? [];
    list.push(s);
    byMain.set(c, list);
  }
  const popular = () => selling[Math.floor(r.next() ** 1.5 * selling.length)]!;
  // Each store's few complementary partners: stores of the complementary category picked once, per store.
  const partners = new Map<string, string[]>();
  const partnersOf = (s: string) => {
    let p = partners.get(s);
    if (!p) {
      const pool = byMain.get(complementOf(mainOf.get(s)!)) ?? selling;
      p = Array.from({ length: 3 }, () => pool[Math.floor(r.next() ** 1.5 * pool.length)]!);
      partners.set(s, p);
    }
    return p;
  };
  const end = Date.parse(o.endAt);
  const span = o.days * 86_400_000;
  const perUser = o.orders / cat.consumerIds.length;
  let written = 0;
  let batch: schemas.Order[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = orderRows(batch, cat, TZ);
    await copyCsv(db, 'orders', ORDER_COPY_COLUMNS, toCsvChunks(rows.orders));
    await copyCsv(db, 'order_lines', LINE_COPY_COLUMNS, toCsvChunks(rows.lines));
    await copyCsv(db, 'payments', PAYMENT_COPY_COLUMNS, toCsvChunks(rows.payments));
    written += batch.length;
    batch = [];
    if (written % 200_000 < 50_000) log(`orders: ${written.toLocaleString('en-US')}`);
  };
  for (let u = 0; written + batch.length < o.orders; u = (u + 1) % cat.consumerIds.length) {
    const consumerId = cat.consumerIds[u]!;
    const home = popular();
    // Geometric-ish count with the requested mean.
    let k = 1;
    while (k < 12 && r.chance(1 - 1 / perUser)) k++;
    for (let j = 0; j < k && written + batch.length < o.orders; j++) {
      const x = r.next();
      const storeId = j === 0 || x < 0.4 ? home : x < 0.7 ? partnersOf(home)[r.int(0, 2)]! : popular();
      const skus = cat.skusByStore.get(storeId)!;
      const s = skus[r.int(0, skus.length - 1)]!;
      const quantity = r.chance(0.85) ? 1 : 2;
      const items = quantity * s.price;
      const created = end - Math.floor(r.next() * span);
      const at = (ms: number) => new Date(created + ms).toISOString();
      const id = `${prefix}${(written + batch.length).toString(36).padStart(7, '0')}`;
      batch.push({
        id,
        storeId,
        consumerId,
        status: 'paid',
        source: { scene: 'search', channel: 'organic' },
        lines: [{ lineNo: 1, skuId: s.id, quantity, unitPrice: s.price, discount: 0 }],
        itemsAmount: items,
        discountAmount: 0,
        shippingFee: 0,
        payAmount: items,
        createdAt: at(0),
        paidAt: at(60_000),
        payments: [{ id: `${id}-p`, kind: 'full', amount: items, paidAt: at(60_000), method: 'alipay' }],
      });
      if (batch.length >= 50_000) await flush();
    }
  }
  await flush();
  await sql`ANALYZE`.execute(db.kysely);
  return { cat, mainOf, complementOf, orders: written };
}
