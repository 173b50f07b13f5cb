import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { createActivation, fromBytes } from '../audiences/index.ts';
import { ingestOrders } from '../marketplace/index.ts';
import { Rng } from '../simulator/index.ts';

/** The share of treated users the demo campaign makes buy once more (holdout: none). */
export const DEMO_CAMPAIGN_UPLIFT = 0.08;

/**
 * The demo merchant's last campaign, so measurement has something real to measure: a push message to its intent
 * visitors (shoppers of its main category who never bought from it; its customers when there are more of those)
 * ten days before the end of the simulated window, 20% held out at random by the audiences capability, and the
 * campaign's simulated effect — 8% of the treated users buy (a ¥10-off order) in the following week; the holdout
 * gets nothing extra. The holdout comparison then recovers the lift with its interval. Fixed ids and seed: running it again changes nothing.
 */
export async function seedPastCampaign(
  db: Db,
  o: { timeZone: string; merchantId: string; endDay: string; now?: Date },
): Promise<string> {
  const id = 'act_demo_past_push';
  const exists = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM aud_activations WHERE id = ${id}`.execute(db);
  if (exists.rows[0]!.n) return 'past campaign already seeded';
  // Prospects (intent visitors who never bought here) when the audiences demo found more of them than customers.
  const aud = await sql<{ id: string }>`SELECT a.id FROM aud_audiences a
    CROSS JOIN LATERAL (SELECT size FROM aud_snapshots s WHERE s.audience_id = a.id ORDER BY s.no DESC LIMIT 1) s
    WHERE a.id IN ('aud_demo_intent', 'aud_demo_customers') AND s.size > 0
    ORDER BY s.size DESC, a.id LIMIT 1`.execute(db);
  const audienceId = aud.rows[0]?.id;
  if (!audienceId) return 'past campaign skipped: no demo audience';
  const now = o.now ?? new Date();
  const start = new Date(dayStart(shiftDay(o.endDay, -10), o.timeZone).getTime() + 10 * 3_600_000);
  const who: Principal = { role: 'merchant', partyId: o.merchantId, subject: 'demo', via: 'api_key' };
  await createActivation({ db, timeZone: o.timeZone }, who, audienceId, {
    id,
    kind: 'push',
    message: {
      title: 'Discover our store: ¥10 off this week',
      body: 'New arrivals picked for shoppers like you.',
    },
    holdoutPct: 20,
  });
  // It ran ten days ago.
  await sql`UPDATE aud_activations SET created_at = ${start} WHERE id = ${id}`.execute(db);
  await sql`UPDATE aud_messages SET created_at = ${start} WHERE activation_id = ${id}`.execute(db);

  const act = await sql<{ treatment_bitmap: Uint8Array }>`SELECT treatment_bitmap FROM aud_activations
    WHERE id = ${id}`.execute(db);
  const idx = Array.from(fromBytes(act.rows[0]!.treatment_bitmap).toUint32Array());
  const users = await sql<{
    consumer_id: string;
  }>`SELECT consumer_id FROM aud_users WHERE idx = ANY(${idx}::int[])
    ORDER BY consumer_id`.execute(db);
  const store = await sql<{ id: string }>`SELECT s.id FROM stores s WHERE s.merchant_id = ${o.merchantId}
    ORDER BY (SELECT count(*) FROM orders x WHERE x.store_id = s.id) DESC, s.id LIMIT 1`.execute(db);
  const storeId = store.rows[0]!.id;
  const skus = await sql<{
    id: string;
    price: string;
  }>`SELECT k.id, k.price FROM skus k JOIN products p ON p.id = k.product_id
    WHERE p.store_id = ${storeId} AND p.status = 'listed' AND k.stock > 0 AND k.price >= 2000 ORDER BY k.id LIMIT 20`.execute(
    db,
  );
  if (!skus.rows.length) return 'past campaign: no SKU to buy';
  const r = new Rng(2026, 12, 6, 1);
  const week = 7 * 86_400_000;
  const records: unknown[] = [];
  for (const u of users.rows) {
    if (!r.chance(DEMO_CAMPAIGN_UPLIFT)) continue;
    const at = new Date(Math.min(start.getTime() + 3_600_000 + r.next() * week, now.getTime() - 3_600_000));
    const sku = skus.rows[r.int(skus.rows.length)]!;
    const price = Number(sku.price);
    const oid = `ord_demo_push_${records.length}`;
    const paidAt = new Date(at.getTime() + 120_000).toISOString();
    records.push({
      id: oid,
      storeId,
      consumerId: u.consumer_id,
      status: 'paid',
      source: { scene: 'push', channel: 'organic' },
      lines: [{ lineNo: 1, skuId: sku.id, quantity: 1, unitPrice: price, discount: 1000 }],
      itemsAmount: price,
      discountAmount: 1000,
      shippingFee: 0,
      payAmount: price - 1000,
      payments: [{ id: `${oid}-pay`, kind: 'full', amount: price - 1000, paidAt }],
      createdAt: at.toISOString(),
      paidAt,
    });
  }
  const res = await ingestOrders({ db, timeZone: o.timeZone, maxBatch: 5000 }, records);
  return `past campaign: push to ${users.rows.length} treated users of ${audienceId} on ${shiftDay(o.endDay, -10)}, ${res.created} simulated repeat orders`;
}
