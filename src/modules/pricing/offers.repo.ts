import { sql } from 'kysely';
import { type Db, type Tx, typed } from '../../core/db.ts';
import type { Offer } from './domain/types.ts';
import type { ListQuery } from './schemas.ts';
import type { OfferRow, PricingTables } from './tables.ts';

type Conn = Db | Tx;
const t = (db: Conn) => typed<PricingTables>(db);

export function offerColumns(o: Offer) {
  return {
    merchant_id: o.merchantId ?? null,
    kind: o.kind,
    name: o.name,
    starts_at: new Date(o.startsAt),
    ends_at: new Date(o.endsAt),
    store_ids: o.scope.storeIds ?? null,
    terms: o,
    priority: o.priority ?? 0,
  };
}

/** Inserts unless the id exists; returns the row when inserted. */
export async function insertOffer(trx: Tx, o: Offer, status: OfferRow['status'], createdBy: string) {
  return t(trx)
    .insertInto('pricing_offers')
    .values({ id: o.id, ...offerColumns(o), status, version: 1, created_by: createdBy })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getOffer(db: Conn, id: string, lock = false): Promise<OfferRow | undefined> {
  let q = t(db).selectFrom('pricing_offers').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateOffer(
  trx: Tx,
  id: string,
  values: Partial<ReturnType<typeof offerColumns>> & { status?: OfferRow['status'] },
) {
  return t(trx)
    .updateTable('pricing_offers')
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Lists by merchant ("platform" = merchant_id IS NULL), status, kind and live instant, newest first. */
export async function listOffers(db: Conn, q: ListQuery) {
  let base = t(db).selectFrom('pricing_offers');
  if (q.merchantId === 'platform') base = base.where('merchant_id', 'is', null);
  else if (q.merchantId) base = base.where('merchant_id', '=', q.merchantId);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.activeAt) {
    const at = new Date(q.activeAt);
    base = base.where('status', '=', 'active').where('starts_at', '<=', at).where('ends_at', '>', at);
  }
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function ensureFlashStock(trx: Tx, offerId: string, stock: number) {
  await sql`INSERT INTO pricing_flash_stock (offer_id, stock_total, stock_left) VALUES (${offerId}, ${stock}, ${stock})
    ON CONFLICT (offer_id) DO NOTHING`.execute(trx);
}

/** Sets the units left for sale at the flash price (the total moves with it). */
export async function setFlashStock(trx: Tx, offerId: string, left: number) {
  await sql`INSERT INTO pricing_flash_stock (offer_id, stock_total, stock_left) VALUES (${offerId}, ${left}, ${left})
    ON CONFLICT (offer_id) DO UPDATE SET stock_total = pricing_flash_stock.stock_total - pricing_flash_stock.stock_left + ${left},
      stock_left = ${left}`.execute(trx);
}

export async function flashStock(db: Conn, offerIds: string[]) {
  if (!offerIds.length) return new Map<string, { stockLeft: number; sold: number }>();
  const rows = (
    await sql<{ offer_id: string; stock_left: number; sold: number }>`SELECT offer_id, stock_left, sold
      FROM pricing_flash_stock WHERE offer_id = ANY(${offerIds}::text[])`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.offer_id, { stockLeft: r.stock_left, sold: r.sold }]));
}

/** What orders that used a source (offer, or the coupons of a template) got from it: paid, not cancelled orders. */
export async function sourceStats(db: Conn, by: { offerId: string } | { templateId: string }) {
  const where =
    'offerId' in by
      ? sql`a.source_type = 'offer' AND a.source_id = ${by.offerId}`
      : sql`a.source_type = 'coupon' AND a.template_id = ${by.templateId}`;
  const r = await sql<{
    orders: number;
    units: number;
    discount: number;
    platform_funded: number;
    merchant_funded: number;
    gmv: number;
  }>`WITH a AS (
      SELECT a.order_id, a.line_no, a.amount, a.platform_funded, a.merchant_funded
      FROM pricing_allocations a JOIN orders o ON o.id = a.order_id
      WHERE ${where} AND o.paid_at IS NOT NULL AND o.status <> 'cancelled'
    ), lines AS (SELECT DISTINCT order_id, line_no FROM a), ords AS (SELECT DISTINCT order_id FROM a)
    SELECT (SELECT count(*) FROM ords)::int AS orders,
      (SELECT coalesce(sum(l.quantity), 0) FROM lines JOIN order_lines l USING (order_id, line_no))::bigint AS units,
      (SELECT coalesce(sum(amount), 0) FROM a)::bigint AS discount,
      (SELECT coalesce(sum(platform_funded), 0) FROM a)::bigint AS platform_funded,
      (SELECT coalesce(sum(merchant_funded), 0) FROM a)::bigint AS merchant_funded,
      (SELECT coalesce(sum(o.pay_amount), 0) FROM ords JOIN orders o ON o.id = ords.order_id)::bigint AS gmv`.execute(
    db,
  );
  const s = r.rows[0]!;
  return {
    orders: Number(s.orders),
    units: Number(s.units),
    discount: Number(s.discount),
    platformFunded: Number(s.platform_funded),
    merchantFunded: Number(s.merchant_funded),
    gmv: Number(s.gmv),
  };
}
