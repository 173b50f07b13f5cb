import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import type { Database, Db, Tx } from '../../core/db.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { periodicJob } from '../../core/periodic.ts';
import { postBatch } from '../ledger/posting.service.ts';
import { assertParticipant } from './access.ts';
import * as repo from './campaigns.repo.ts';
import {
  apportion,
  type FundedLine,
  type MerchantFunding,
  type ShareHolder,
  sumFunding,
  transferEntries,
} from './domain/funding.ts';
import { afterCommit, syncFans } from './type-hooks.ts';
import type { CampaignRow } from './types.ts';

/**
 * Funding settlement: each paid order's campaign discount (pricing_allocations of the campaign's offer and
 * templates) re-apportioned by the agreed shares and settled between merchants on the ledger, once per order.
 */

interface OrderFunding {
  orderId: string;
  amount: number;
  platformFunded: number;
  lines: FundedLine[];
}

const sources = (c: CampaignRow) => ({
  offers: c.pricing.offerId ? [c.pricing.offerId] : [],
  templates: [c.pricing.templateId, c.pricing.fanTemplateId].filter((x): x is string => !!x),
});

/** The campaign's discount on paid orders (all, or only those not settled yet), per order and merchant. */
async function paidOrders(db: Db | Tx, c: CampaignRow, unsettledOnly: boolean): Promise<OrderFunding[]> {
  const { offers, templates } = sources(c);
  if (!offers.length && !templates.length) return [];
  const r = await sql<{
    order_id: string;
    merchant_id: string;
    amount: number;
    platform: number;
    merchant: number;
  }>`
    SELECT a.order_id, a.merchant_id, sum(a.amount)::bigint AS amount, sum(a.platform_funded)::bigint AS platform,
      sum(a.merchant_funded)::bigint AS merchant
    FROM pricing_allocations a JOIN pricing_order_snapshots s ON s.order_id = a.order_id AND s.status = 'paid'
    WHERE ((a.source_type = 'offer' AND a.source_id = ANY(${offers}::text[]))
        OR (a.source_type = 'coupon' AND a.template_id = ANY(${templates}::text[])))
      ${unsettledOnly ? sql`AND NOT EXISTS (SELECT 1 FROM joint_fundings f WHERE f.campaign_id = ${c.id} AND f.order_id = a.order_id)` : sql``}
    GROUP BY a.order_id, a.merchant_id ORDER BY a.order_id, a.merchant_id`.execute(db);
  const by = new Map<string, OrderFunding>();
  for (const x of r.rows) {
    let o = by.get(x.order_id);
    if (!o) {
      o = { orderId: x.order_id, amount: 0, platformFunded: 0, lines: [] };
      by.set(x.order_id, o);
    }
    o.amount += Number(x.amount);
    o.platformFunded += Number(x.platform);
    o.lines.push({ merchantId: x.merchant_id, merchantFunded: Number(x.merchant) });
  }
  return [...by.values()];
}

async function holdersOf(db: Db | Tx, id: string): Promise<ShareHolder[]> {
  const parts = (await repo.participantsOf(db, [id])).get(id) ?? [];
  return parts
    .filter((x) => x.status === 'accepted')
    .sort((a, b) => (a.storeId < b.storeId ? -1 : 1))
    .map((x) => ({ storeId: x.storeId, merchantId: x.merchantId, shareBp: x.shareBp }));
}

function summary(c: CampaignRow, orders: OrderFunding[], rows: MerchantFunding[][], settled: number) {
  return {
    campaignId: c.id,
    mode: c.funding.mode,
    orders: orders.length,
    settledOrders: settled,
    totalDiscount: orders.reduce((s, o) => s + o.amount, 0),
    platformFunded: orders.reduce((s, o) => s + o.platformFunded, 0),
    merchantFunded: orders.reduce((s, o) => s + o.lines.reduce((t, l) => t + l.merchantFunded, 0), 0),
    participants: sumFunding(rows),
  };
}

export async function settlementView(db: Database, p: Principal, id: string) {
  const c = await repo.getCampaign(db.kysely, id);
  if (!c) throw notFound(`campaign ${id}`);
  const parts = (await repo.participantsOf(db.kysely, [id])).get(id)!;
  assertParticipant(p, c, parts);
  const [orders, holders, settled] = await Promise.all([
    paidOrders(db.kysely, c, false),
    holdersOf(db.kysely, id),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM joint_fundings WHERE campaign_id = ${id}`.execute(
      db.kysely,
    ),
  ]);
  // Make sure every participant appears, with zeros when nothing was sold yet.
  const zero = holders.map((h) => ({ storeId: h.storeId, merchantId: h.merchantId, shareBp: h.shareBp }));
  const rows = [
    apportion([], zero, c.funding.mode),
    ...orders.map((o) => apportion(o.lines, holders, c.funding.mode)),
  ];
  return summary(c, orders, rows, settled.rows[0]!.n);
}

/** Settles the campaign's paid orders not settled yet: one ledger transaction per order, idempotent by key. */
export async function settleCampaign(db: Database, id: string, now: Date): Promise<{ settled: number }> {
  return db.kysely.transaction().execute(async (trx) => {
    const c = await repo.getCampaign(trx, id, true);
    if (!c) throw notFound(`campaign ${id}`);
    const orders = await paidOrders(trx, c, true);
    if (!orders.length) return { settled: 0 };
    const holders = await holdersOf(trx, id);
    const txs = [];
    for (const o of orders) {
      const rows = apportion(o.lines, holders, c.funding.mode);
      const entries = transferEntries(rows);
      const key = entries.length ? `joint.funding:${id}:${o.orderId}` : null;
      if (key)
        txs.push({
          key,
          kind: 'joint.funding',
          refType: 'joint_campaign',
          refId: id,
          at: now,
          entries,
          memo: `joint campaign ${id}: order ${o.orderId} discount by shares`,
        });
      await sql`INSERT INTO joint_fundings (campaign_id, order_id, merchant_funded, transfers, ledger_key, settled_at)
        VALUES (${id}, ${o.orderId}, ${o.lines.reduce((s, l) => s + l.merchantFunded, 0)}, ${JSON.stringify(rows)}::jsonb,
          ${key}, ${now.toISOString()}::timestamptz) ON CONFLICT DO NOTHING`.execute(trx);
    }
    await postBatch(trx, { txs });
    return { settled: orders.length };
  });
}

export async function settleRoute(db: Database, p: Principal, id: string, now: Date) {
  if (p.role !== 'operator') throw forbidden('settling joint campaign funding is for operators');
  await settleCampaign(db, id, now);
  return settlementView(db, p, id);
}

/** Campaigns that can still get paid orders (running, or ended within 30 days: late payments and settlements). */
async function liveCampaigns(db: Db, now: Date) {
  const r = await sql<{ id: string }>`SELECT id FROM joint_campaigns WHERE NOT cancelled
    AND ends_at > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz ORDER BY id`.execute(
    db,
  );
  return r.rows.map((x) => x.id);
}

/** The periodic pass: settle paid orders, refresh fan audiences (new followers get the fan offer). */
export async function settleAll(db: Database, now = new Date()) {
  let settled = 0;
  for (const id of await liveCampaigns(db.kysely, now)) {
    settled += (await settleCampaign(db, id, now)).settled;
    const c = await repo.getCampaign(db.kysely, id);
    if (c?.fanOffer && now < new Date(c.endsAt))
      await db.kysely.transaction().execute((trx) => syncFans(trx, c));
  }
  afterCommit(db.kysely);
  return { settled };
}

/** Wire into jobs.ts: every 10 minutes. */
export const fundingJob = periodicJob('joint funding settlement', 10 * 60_000, (ctx: AppContext) =>
  settleAll(ctx.db),
);
