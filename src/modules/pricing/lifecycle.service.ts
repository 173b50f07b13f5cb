import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { Dispatcher, OutboxEvent } from '../../core/outbox.ts';
import { orderFacts, refundedAmount } from './catalog.repo.ts';
import type { SnapshotRow, SnapshotStatus } from './tables.ts';

/**
 * What happens to a priced order's reservations after creation, driven by the outbox (exactly once per
 * event) and by the sweeper:
 * - paid: reserved coupons → redeemed, flash holds → confirmed (sold), points hold → spent;
 * - cancelled: coupons back to available (expired if past validity), flash units back in stock, points back;
 * - refunded in full (after-sales refunded ≥ pay amount): coupons still valid → available again, points back;
 *   flash units stay sold;
 * - unpaid after the reservation timeout (sweeper): released like a cancel; if the order is paid later its
 *   coupons, flash units and points are taken again if still free, otherwise the conflict is recorded.
 * A coupon or points hold shared by several store orders of one quote is released when none of them still
 * needs it.
 */

const PAID = new Set(['paid', 'shipped', 'delivered', 'completed']);
const LIVE: SnapshotStatus[] = ['held', 'paid'];

async function lockSnapshot(trx: Tx, orderId: string) {
  return (
    await sql<SnapshotRow>`SELECT * FROM pricing_order_snapshots WHERE order_id = ${orderId} FOR UPDATE`.execute(
      trx,
    )
  ).rows[0];
}

async function setStatus(trx: Tx, orderId: string, status: SnapshotStatus, conflicts: string[] = []) {
  await sql`UPDATE pricing_order_snapshots SET status = ${status}, updated_at = now(),
    snapshot = CASE WHEN ${conflicts.length} > 0
      THEN jsonb_set(snapshot, '{conflicts}', coalesce(snapshot->'conflicts', '[]'::jsonb) || ${JSON.stringify(conflicts)}::jsonb)
      ELSE snapshot END
    WHERE order_id = ${orderId}`.execute(trx);
}

/** Coupons of this snapshot that no other live store order of any quote still uses. */
async function freeCoupons(trx: Tx, s: SnapshotRow): Promise<string[]> {
  if (!s.coupon_ids.length) return [];
  const used = (
    await sql<{ id: string }>`SELECT DISTINCT unnest(coupon_ids) AS id FROM pricing_order_snapshots
      WHERE coupon_ids && ${s.coupon_ids}::text[] AND order_id <> ${s.order_id} AND status = ANY(${LIVE}::text[])`.execute(
      trx,
    )
  ).rows.map((r) => r.id);
  const busy = new Set(used);
  return s.coupon_ids.filter((c) => !busy.has(c));
}

async function otherLiveOrders(trx: Tx, s: SnapshotRow): Promise<boolean> {
  const r =
    await sql`SELECT 1 FROM pricing_order_snapshots WHERE quote_id = ${s.quote_id} AND order_id <> ${s.order_id}
    AND status = ANY(${LIVE}::text[]) LIMIT 1`.execute(trx);
  return r.rows.length > 0;
}

async function returnPoints(trx: Tx, s: SnapshotRow, from: 'held' | 'spent') {
  if (await otherLiveOrders(trx, s)) return;
  const h = (
    await sql<{
      user_id: string;
      points: number;
    }>`UPDATE pricing_points_holds SET status = 'released', updated_at = now()
      WHERE quote_id = ${s.quote_id} AND status = ${from} RETURNING user_id, points`.execute(trx)
  ).rows[0];
  if (h)
    await sql`UPDATE pricing_points SET balance = balance + ${h.points}, updated_at = now() WHERE user_id = ${h.user_id}`.execute(
      trx,
    );
}

/** Gives back what a held or paid snapshot reserved: coupons, flash units, points. */
async function releaseAll(trx: Tx, s: SnapshotRow, now: Date) {
  const free = await freeCoupons(trx, s);
  if (free.length)
    await sql`UPDATE pricing_coupons SET status = CASE WHEN valid_to > ${now} THEN 'available' ELSE 'expired' END,
        returns = returns + CASE WHEN status = 'redeemed' THEN 1 ELSE 0 END,
        quote_id = NULL, order_id = NULL, released_at = ${now}
      WHERE id = ANY(${free}::text[]) AND quote_id = ${s.quote_id} AND status IN ('reserved', 'redeemed')`.execute(
      trx,
    );
  const holds = (
    await sql<{
      offer_id: string;
      user_id: string;
      units: number;
      status: string;
    }>`SELECT offer_id, user_id, units, status
      FROM pricing_flash_holds WHERE order_id = ${s.order_id} AND status IN ('held', 'confirmed') ORDER BY offer_id FOR UPDATE`.execute(
      trx,
    )
  ).rows;
  if (holds.length)
    await sql`UPDATE pricing_flash_holds SET status = 'released' WHERE order_id = ${s.order_id} AND status IN ('held', 'confirmed')`.execute(
      trx,
    );
  for (const h of holds) {
    await sql`UPDATE pricing_flash_stock SET stock_left = stock_left + ${h.units},
      sold = sold - ${h.status === 'confirmed' ? h.units : 0} WHERE offer_id = ${h.offer_id}`.execute(trx);
    await sql`UPDATE pricing_flash_buyers SET units = greatest(units - ${h.units}, 0)
      WHERE offer_id = ${h.offer_id} AND user_id = ${h.user_id}`.execute(trx);
  }
  await returnPoints(trx, s, 'held');
  await returnPoints(trx, s, 'spent');
}

async function onPaid(trx: Tx, orderId: string, now: Date) {
  const s = await lockSnapshot(trx, orderId);
  if (!s || (s.status !== 'held' && s.status !== 'expired')) return;
  const conflicts: string[] = [];
  if (s.coupon_ids.length) {
    const taken = (
      await sql<{
        id: string;
      }>`UPDATE pricing_coupons SET status = 'redeemed', redeemed_at = ${now}, quote_id = ${s.quote_id},
          order_id = coalesce(order_id, ${orderId}), reserved_at = coalesce(reserved_at, ${now})
        WHERE id = ANY(${s.coupon_ids}::text[])
          AND ((status = 'reserved' AND quote_id = ${s.quote_id}) OR status = 'available'
            OR (status = 'redeemed' AND quote_id = ${s.quote_id}))
        RETURNING id`.execute(trx)
    ).rows.map((r) => r.id);
    for (const c of s.coupon_ids)
      if (!taken.includes(c)) conflicts.push(`coupon ${c} was no longer free when order ${orderId} was paid`);
  }
  const confirmed = (
    await sql<{ offer_id: string; units: number }>`UPDATE pricing_flash_holds SET status = 'confirmed'
      WHERE order_id = ${orderId} AND status = 'held' RETURNING offer_id, units`.execute(trx)
  ).rows;
  for (const h of confirmed)
    await sql`UPDATE pricing_flash_stock SET sold = sold + ${h.units} WHERE offer_id = ${h.offer_id}`.execute(
      trx,
    );
  const lapsed = (
    await sql<{
      offer_id: string;
      user_id: string;
      units: number;
    }>`SELECT offer_id, user_id, units FROM pricing_flash_holds
      WHERE order_id = ${orderId} AND status = 'released' ORDER BY offer_id FOR UPDATE`.execute(trx)
  ).rows;
  for (const h of lapsed) {
    const ok =
      await sql`UPDATE pricing_flash_stock SET stock_left = stock_left - ${h.units}, sold = sold + ${h.units}
      WHERE offer_id = ${h.offer_id} AND stock_left >= ${h.units} RETURNING offer_id`.execute(trx);
    if (!ok.rows.length) {
      conflicts.push(`flash sale ${h.offer_id} had no stock left when order ${orderId} was paid`);
      continue;
    }
    await sql`UPDATE pricing_flash_holds SET status = 'confirmed' WHERE order_id = ${orderId} AND offer_id = ${h.offer_id}`.execute(
      trx,
    );
    await sql`INSERT INTO pricing_flash_buyers (offer_id, user_id, units) VALUES (${h.offer_id}, ${h.user_id}, ${h.units})
      ON CONFLICT (offer_id, user_id) DO UPDATE SET units = pricing_flash_buyers.units + ${h.units}`.execute(
      trx,
    );
  }
  const spent = await sql`UPDATE pricing_points_holds SET status = 'spent', updated_at = now()
    WHERE quote_id = ${s.quote_id} AND status = 'held' RETURNING quote_id`.execute(trx);
  if (!spent.rows.length) {
    const h = (
      await sql<{ user_id: string; points: number }>`SELECT user_id, points FROM pricing_points_holds
        WHERE quote_id = ${s.quote_id} AND status = 'released' FOR UPDATE`.execute(trx)
    ).rows[0];
    if (h) {
      const ok = await sql`UPDATE pricing_points SET balance = balance - ${h.points}, updated_at = now()
        WHERE user_id = ${h.user_id} AND balance >= ${h.points} RETURNING user_id`.execute(trx);
      if (ok.rows.length)
        await sql`UPDATE pricing_points_holds SET status = 'spent', updated_at = now() WHERE quote_id = ${s.quote_id}`.execute(
          trx,
        );
      else
        conflicts.push(
          `consumer ${h.user_id} had fewer than ${h.points} points when order ${orderId} was paid`,
        );
    }
  }
  await sql`UPDATE pricing_allocations SET paid_day = (SELECT paid_day FROM orders WHERE id = ${orderId})
    WHERE order_id = ${orderId}`.execute(trx);
  await setStatus(trx, orderId, 'paid', conflicts);
}

/** Cancel (or reservation timeout: `to` = expired): everything the order held goes back. */
async function release(trx: Tx, orderId: string, to: 'cancelled' | 'expired', now: Date) {
  const s = await lockSnapshot(trx, orderId);
  if (!s) return;
  if (to === 'expired' && s.status !== 'held') return;
  if (s.status === 'cancelled' || s.status === 'refunded') return;
  if (s.status === 'held' || s.status === 'paid') await releaseAll(trx, s, now);
  await setStatus(trx, orderId, to);
}

async function onAfterSale(trx: Tx, orderId: string, now: Date) {
  const s = await lockSnapshot(trx, orderId);
  if (!s || s.status !== 'paid') return;
  const order = (await orderFacts(trx, [orderId])).get(orderId);
  if (!order || order.pay_amount <= 0 || (await refundedAmount(trx, orderId)) < order.pay_amount) return;
  const free = await freeCoupons(trx, s);
  if (free.length)
    await sql`UPDATE pricing_coupons SET status = 'available', returns = returns + 1, quote_id = NULL, order_id = NULL,
        released_at = ${now}
      WHERE id = ANY(${free}::text[]) AND quote_id = ${s.quote_id} AND status = 'redeemed' AND valid_to > ${now}`.execute(
      trx,
    );
  await returnPoints(trx, s, 'spent');
  await setStatus(trx, orderId, 'refunded');
}

interface OrderPayload {
  id: string;
  status: string;
  from?: string;
}

/** Subscribes pricing's order lifecycle handler to the outbox (batch: one lookup finds the priced orders). */
export function subscribeLifecycle(dispatcher: Dispatcher, clock: () => Date = () => new Date()) {
  dispatcher.subscribeBatch(
    'pricing.order_lifecycle',
    ['order.created', 'order.status_changed', 'after_sale.changed'],
    async (events: OutboxEvent[], trx: Tx) => {
      const orderOf = (e: OutboxEvent) =>
        e.topic === 'after_sale.changed'
          ? (e.payload as { orderId: string }).orderId
          : (e.payload as OrderPayload).id;
      const ids = [...new Set(events.map(orderOf))];
      const priced = new Set(
        (
          await sql<{
            order_id: string;
          }>`SELECT order_id FROM pricing_order_snapshots WHERE order_id = ANY(${ids}::text[])`.execute(trx)
        ).rows.map((r) => r.order_id),
      );
      const now = clock();
      for (const e of events) {
        const orderId = orderOf(e);
        if (!priced.has(orderId)) continue;
        if (e.topic === 'after_sale.changed') {
          if ((e.payload as { status: string }).status === 'refunded') await onAfterSale(trx, orderId, now);
          continue;
        }
        const { status, from } = e.payload as OrderPayload;
        if (status === 'cancelled') await release(trx, orderId, 'cancelled', now);
        // paid → shipped → delivered → completed: the move into a paid state already redeemed what it held.
        else if (PAID.has(status) && !(from && PAID.has(from))) await onPaid(trx, orderId, now);
      }
    },
  );
}

export interface SweepResult {
  released: number;
  expiredCoupons: number;
  endedOffers: number;
  endedTemplates: number;
  droppedQuotes: number;
}

/**
 * Releases the reservations of priced orders still unpaid (status created) `reservationMs` after locking,
 * expires coupons past validity, ends offers and templates past their end, and drops stale open quotes.
 */
export async function sweep(db: Db, now: Date, reservationMs: number): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - reservationMs);
  let released = 0;
  for (;;) {
    const due = (
      await sql<{
        order_id: string;
      }>`SELECT s.order_id FROM pricing_order_snapshots s JOIN orders o ON o.id = s.order_id
        WHERE s.status = 'held' AND s.locked_at < ${cutoff} AND o.status = 'created' ORDER BY s.locked_at LIMIT 200`.execute(
        db,
      )
    ).rows;
    for (const d of due) await db.transaction().execute((trx) => release(trx, d.order_id, 'expired', now));
    released += due.length;
    if (due.length < 200) break;
  }
  const n = async (q: ReturnType<typeof sql>) => Number((await q.execute(db)).numAffectedRows ?? 0);
  const expiredCoupons = await n(
    sql`UPDATE pricing_coupons SET status = 'expired' WHERE status = 'available' AND valid_to <= ${now}`,
  );
  const endedOffers = await n(
    sql`UPDATE pricing_offers SET status = 'ended', updated_at = now() WHERE status IN ('active', 'paused') AND ends_at <= ${now}`,
  );
  const endedTemplates = await n(
    sql`UPDATE pricing_coupon_templates SET status = 'ended', updated_at = now()
      WHERE status IN ('active', 'paused') AND claim_ends_at <= ${now}`,
  );
  const droppedQuotes = await n(
    sql`DELETE FROM pricing_quotes WHERE status = 'open' AND expires_at < ${new Date(now.getTime() - 86_400_000)}`,
  );
  return { released, expiredCoupons, endedOffers, endedTemplates, droppedQuotes };
}
