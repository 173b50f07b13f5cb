import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { mulDiv, splitByWeights, splitEvenly } from '../../core/money.ts';
import { spendInRange } from './domain/spread.ts';
import type { RoiKind, RoiReport } from './types.ts';

/**
 * ROI of marketing instruments over a day range: GMV of the paid orders each instrument touched against what it
 * cost, exact to the fen. Orders: paid_day in [from, to], not cancelled, the merchant's only when one is named;
 * GMV = Σ pay_amount (refunds are not deducted, as GMV is counted elsewhere). Rows of different kinds overlap (a
 * live-room order using a coupon counts in both rows): each row answers "what did this instrument cost for what it
 * touched", they are not to be added up.
 *
 * Where each cost comes from:
 * - promotion (pricing offer) and coupon (pricing coupon template): the orders with an allocation of the offer or
 *   of a coupon of the template (pricing_allocations, written when the order locked its quote); costs = those
 *   allocations by funder (platform_funded / merchant_funded, as apportioned by pricing).
 * - live (live session): the orders carrying live_session_id; discounts = every allocation on them by funder
 *   (offers, coupons, points: what buyers were given in the room), commission = Σ commission_lines.commission of
 *   the orders (creators', agencies', promoters' commission after refunds, the platform's service fee included),
 *   plus, for a session covered by a proxy-streaming contract (代播), its share of the contract: the fixed fee
 *   split evenly over the sessions the contract covers (fees) and the contract's commission (round half up of the
 *   covered sessions' all-time GMV × commission_bp) split over them by GMV (commission). Contract shares count on
 *   sessions started in the range.
 * - plan (distribution plan): orders with a commission line of the plan; commission = Σ of those lines'
 *   commission (after refunds, service fee included).
 * - program (traffic program): exposure cost = exposures delivered in the program's slots in the range
 *   (traffic_exposures, the merchant's stores only when one is named) × `exposureCpm` ÷ 1000, rounded half up. The
 *   traffic module counts a program's cost in exposures and records no price: the default price is the joint ad
 *   slot `feed_top` (¥12,000 for 800,000 exposures = 1,500 fen per thousand). GMV: orders of a store the program
 *   showed a product of the order (or the order's live room) on the payment day or the 7 days before
 *   (view-through by product: traffic logs no users).
 * - joint (joint campaign): the orders carrying campaign_id / ad_id or an allocation of the campaign's pricing
 *   offer or coupon templates; discounts of those allocations: platform-funded to platform, merchant-funded to the
 *   order's merchant, except in shares mode where other merchants' part of the order's discount (the order's
 *   merchant's negative transfer in joint_fundings, once settled) is `discountOther`; ad spend = the posted
 *   (funded, not refunded) contributions to the campaign's ad, the merchant's own when one is named, spread
 *   evenly over the ad's days (exact to the fen): a range is charged for the ad days it holds.
 * Costs the data does not record are not invented: transaction fees are a cost of every sale, not of an
 * instrument, and are left out; promotions, coupons and plans carry no fees or ad spend.
 */

export const DEFAULT_EXPOSURE_CPM = 1500;
/** Days before the payment day in which a program's exposure of a product still credits the order (view-through). */
export const VIEW_THROUGH_DAYS = 7;

export interface RoiQuery {
  merchantId: string | null;
  from: string;
  to: string;
  kind?: RoiKind;
  exposureCpm: number;
  timeZone: string;
}

type Row = RoiReport['rows'][number];
type Costs = Row['costs'];

const zero = (): Costs => ({
  discountMerchant: 0,
  discountPlatform: 0,
  discountOther: 0,
  commission: 0,
  fees: 0,
  adSpend: 0,
  exposureCost: 0,
});
const n = (v: unknown) => Number(v ?? 0);

interface Acc {
  kind: RoiKind;
  id: string;
  name: string;
  gmv: number;
  orders: number;
  buyers: number;
  costs: Costs;
}

export async function roiReport(db: Db, q: RoiQuery): Promise<RoiReport> {
  const want = (k: RoiKind) => !q.kind || q.kind === k;
  const parts = await Promise.all([
    want('promotion') || want('coupon') ? pricingRows(db, q) : [],
    want('live') ? liveRows(db, q) : [],
    want('plan') ? planRows(db, q) : [],
    want('program') ? programRows(db, q) : [],
    want('joint') ? jointRows(db, q) : [],
  ]);
  const order: RoiKind[] = ['promotion', 'coupon', 'live', 'plan', 'program', 'joint'];
  const rows = parts
    .flat()
    .filter((r) => want(r.kind))
    .map((r): Row => {
      const c = r.costs;
      const totalCost =
        c.discountMerchant +
        c.discountPlatform +
        c.discountOther +
        c.commission +
        c.fees +
        c.adSpend +
        c.exposureCost;
      return {
        ...r,
        totalCost,
        roi: totalCost > 0 ? Math.round((r.gmv / totalCost) * 10_000) / 10_000 : null,
      };
    })
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.gmv - a.gmv || (a.id < b.id ? -1 : 1));
  return { merchantId: q.merchantId, from: q.from, to: q.to, rows };
}

/** The paid orders of the range (and merchant): every query starts here (orders_merchant_paid_day / orders_paid_day). */
const paidOrders = (q: RoiQuery) => sql`SELECT id, merchant_id, store_id, consumer_id, pay_amount, paid_day,
    live_session_id, campaign_id, ad_id FROM orders
  WHERE paid_day BETWEEN ${q.from}::date AND ${q.to}::date AND status <> 'cancelled'
    ${q.merchantId ? sql`AND merchant_id = ${q.merchantId}` : sql``}`;

async function pricingRows(db: Db, q: RoiQuery): Promise<Acc[]> {
  const r = await sql<{
    kind: 'promotion' | 'coupon';
    id: string;
    name: string | null;
    orders: number;
    buyers: number;
    gmv: string;
    pf: string;
    mf: string;
  }>`WITH o AS (${paidOrders(q)}),
    a AS (SELECT CASE a.source_type WHEN 'offer' THEN 'promotion' ELSE 'coupon' END AS kind,
        CASE a.source_type WHEN 'offer' THEN a.source_id ELSE a.template_id END AS id, a.order_id,
        sum(a.platform_funded) AS pf, sum(a.merchant_funded) AS mf
      FROM pricing_allocations a JOIN o ON o.id = a.order_id
      WHERE a.source_type = 'offer' OR (a.source_type = 'coupon' AND a.template_id IS NOT NULL)
      GROUP BY 1, 2, 3)
    SELECT a.kind, a.id, coalesce(po.name, pt.name) AS name, count(*)::int AS orders,
      count(DISTINCT o.consumer_id)::int AS buyers, sum(o.pay_amount)::text AS gmv, sum(a.pf)::text AS pf,
      sum(a.mf)::text AS mf
    FROM a JOIN o ON o.id = a.order_id
      LEFT JOIN pricing_offers po ON a.kind = 'promotion' AND po.id = a.id
      LEFT JOIN pricing_coupon_templates pt ON a.kind = 'coupon' AND pt.id = a.id
    GROUP BY a.kind, a.id, po.name, pt.name`.execute(db);
  return r.rows.map((x) => ({
    kind: x.kind,
    id: x.id,
    name: x.name ?? x.id,
    gmv: n(x.gmv),
    orders: x.orders,
    buyers: x.buyers,
    costs: { ...zero(), discountPlatform: n(x.pf), discountMerchant: n(x.mf) },
  }));
}

async function liveRows(db: Db, q: RoiQuery): Promise<Acc[]> {
  const tz = q.timeZone;
  const [sales, started] = await Promise.all([
    sql<{
      id: string;
      orders: number;
      buyers: number;
      gmv: string;
      pf: string;
      mf: string;
      commission: string;
    }>`
      WITH o AS (${paidOrders(q)})
      SELECT o.live_session_id AS id, count(*)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers,
        sum(o.pay_amount)::text AS gmv,
        sum((SELECT coalesce(sum(platform_funded), 0) FROM pricing_allocations a WHERE a.order_id = o.id))::text AS pf,
        sum((SELECT coalesce(sum(merchant_funded), 0) FROM pricing_allocations a WHERE a.order_id = o.id))::text AS mf,
        sum((SELECT coalesce(sum(commission), 0) FROM commission_lines c WHERE c.order_id = o.id))::text AS commission
      FROM o WHERE o.live_session_id IS NOT NULL GROUP BY o.live_session_id`.execute(db),
    // Sessions started in the range that a proxy contract covers, with every session of those contracts (the
    // fee and commission are split over all of them) and each one's all-time GMV.
    sql<{
      contract_id: string;
      fixed_fee: string;
      commission_bp: number;
      session_id: string;
      in_range: boolean;
      gmv: string;
    }>`
      WITH cov AS (
        SELECT c.id AS contract_id, c.fixed_fee, c.commission_bp, s.id AS session_id, s.started_at, s.merchant_id
        FROM proxy_contracts c JOIN proxy_jobs j ON j.id = c.job_id
          JOIN live_sessions s ON s.store_id = j.store_id AND s.creator_id = c.creator_id
            AND s.host_type IN ('agency', 'creator')
            AND s.started_at >= (c.starts_on::timestamp AT TIME ZONE ${tz})
            AND s.started_at < ((c.ends_on + 1)::timestamp AT TIME ZONE ${tz})),
      hit AS (SELECT DISTINCT contract_id FROM cov
        WHERE (started_at AT TIME ZONE ${tz})::date BETWEEN ${q.from}::date AND ${q.to}::date
          ${q.merchantId ? sql`AND merchant_id = ${q.merchantId}` : sql``})
      SELECT cov.contract_id, cov.fixed_fee::text, cov.commission_bp, cov.session_id,
        (cov.started_at AT TIME ZONE ${tz})::date BETWEEN ${q.from}::date AND ${q.to}::date AS in_range,
        (SELECT coalesce(sum(o.pay_amount), 0) FROM orders o WHERE o.live_session_id = cov.session_id
          AND o.paid_at IS NOT NULL AND o.status <> 'cancelled')::text AS gmv
      FROM cov JOIN hit USING (contract_id) ORDER BY cov.contract_id, cov.started_at, cov.session_id`.execute(
      db,
    ),
  ]);
  const by = new Map<string, Acc>();
  for (const x of sales.rows)
    by.set(x.id, {
      kind: 'live',
      id: x.id,
      name: x.id,
      gmv: n(x.gmv),
      orders: x.orders,
      buyers: x.buyers,
      costs: { ...zero(), discountPlatform: n(x.pf), discountMerchant: n(x.mf), commission: n(x.commission) },
    });
  const contracts = new Map<string, typeof started.rows>();
  for (const x of started.rows) {
    const list = contracts.get(x.contract_id) ?? [];
    list.push(x);
    contracts.set(x.contract_id, list);
  }
  for (const list of contracts.values()) {
    const fees = splitEvenly(n(list[0]!.fixed_fee), list.length);
    const total = list.reduce((s, x) => s + n(x.gmv), 0);
    const commissions = splitByWeights(
      mulDiv(total, list[0]!.commission_bp, 10_000),
      list.map((x) => n(x.gmv)),
    );
    list.forEach((x, i) => {
      if (!x.in_range) return;
      let acc = by.get(x.session_id);
      if (!acc) {
        acc = {
          kind: 'live',
          id: x.session_id,
          name: x.session_id,
          gmv: 0,
          orders: 0,
          buyers: 0,
          costs: zero(),
        };
        by.set(x.session_id, acc);
      }
      acc.costs.fees += fees[i]!;
      acc.costs.commission += commissions[i]!;
    });
  }
  const ids = [...by.keys()];
  if (ids.length) {
    const names = await sql<{ id: string; title: string | null }>`SELECT id, title FROM live_sessions
      WHERE id = ANY(${ids}::text[])`.execute(db);
    for (const x of names.rows) if (x.title) by.get(x.id)!.name = x.title;
  }
  return [...by.values()];
}

async function planRows(db: Db, q: RoiQuery): Promise<Acc[]> {
  const r = await sql<{
    id: string;
    name: string | null;
    orders: number;
    buyers: number;
    gmv: string;
    commission: string;
  }>`
    WITH o AS (${paidOrders(q)}),
    po AS (SELECT c.plan_id, c.order_id, sum(c.commission) AS commission
      FROM commission_lines c JOIN o ON o.id = c.order_id WHERE c.plan_id IS NOT NULL GROUP BY 1, 2)
    SELECT po.plan_id AS id, p.name, count(*)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers,
      sum(o.pay_amount)::text AS gmv, sum(po.commission)::text AS commission
    FROM po JOIN o ON o.id = po.order_id LEFT JOIN commission_plans p ON p.id = po.plan_id
    GROUP BY po.plan_id, p.name`.execute(db);
  return r.rows.map((x) => ({
    kind: 'plan',
    id: x.id,
    name: x.name ?? x.id,
    gmv: n(x.gmv),
    orders: x.orders,
    buyers: x.buyers,
    costs: { ...zero(), commission: n(x.commission) },
  }));
}

async function programRows(db: Db, q: RoiQuery): Promise<Acc[]> {
  const stores = q.merchantId
    ? sql`AND te.store_id IN (SELECT id FROM stores WHERE merchant_id = ${q.merchantId})`
    : sql``;
  const [exp, sales] = await Promise.all([
    sql<{ id: string; exposures: string }>`SELECT te.program_id AS id, sum(te.exposures)::text AS exposures
      FROM traffic_exposures te
      WHERE te.program_id <> '' AND te.day BETWEEN ${q.from}::date AND ${q.to}::date ${stores}
      GROUP BY te.program_id`.execute(db),
    sql<{ id: string; orders: number; buyers: number; gmv: string }>`WITH o AS (${paidOrders(q)}),
      shown AS (SELECT DISTINCT te.program_id, te.day, te.item_kind, te.item_id, te.store_id FROM traffic_exposures te
        WHERE te.program_id <> '' AND te.day BETWEEN ${q.from}::date - ${VIEW_THROUGH_DAYS}::int AND ${q.to}::date
          ${stores}),
      hit AS (
        SELECT DISTINCT s.program_id, o.id AS order_id FROM o JOIN order_lines l ON l.order_id = o.id
          JOIN shown s ON s.item_kind = 'product' AND s.item_id = l.product_id AND s.store_id = o.store_id
            AND s.day BETWEEN o.paid_day - ${VIEW_THROUGH_DAYS}::int AND o.paid_day
        UNION
        SELECT DISTINCT s.program_id, o.id FROM o
          JOIN shown s ON s.item_kind = 'live' AND s.item_id = o.live_session_id
            AND s.day BETWEEN o.paid_day - ${VIEW_THROUGH_DAYS}::int AND o.paid_day)
      SELECT hit.program_id AS id, count(*)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers,
        sum(o.pay_amount)::text AS gmv
      FROM hit JOIN o ON o.id = hit.order_id GROUP BY hit.program_id`.execute(db),
  ]);
  const by = new Map<string, Acc>();
  const of = (id: string) => {
    let a = by.get(id);
    if (!a) {
      a = { kind: 'program', id, name: id, gmv: 0, orders: 0, buyers: 0, costs: zero() };
      by.set(id, a);
    }
    return a;
  };
  for (const x of exp.rows) of(x.id).costs.exposureCost = mulDiv(n(x.exposures), q.exposureCpm, 1000);
  for (const x of sales.rows) Object.assign(of(x.id), { gmv: n(x.gmv), orders: x.orders, buyers: x.buyers });
  const ids = [...by.keys()];
  if (ids.length) {
    const names = await sql<{ id: string; name: string }>`SELECT id, name FROM traffic_programs
      WHERE id = ANY(${ids}::text[])`.execute(db);
    for (const x of names.rows) by.get(x.id)!.name = x.name;
  }
  return [...by.values()];
}

async function jointRows(db: Db, q: RoiQuery): Promise<Acc[]> {
  const [sales, ads] = await Promise.all([
    sql<{
      id: string;
      name: string;
      orders: number;
      buyers: number;
      gmv: string;
      pf: string;
      mf: string;
      other: string;
    }>`
      WITH o AS (${paidOrders(q)}),
      jc AS (SELECT id, name, pricing->>'offerId' AS off, pricing->>'templateId' AS tpl,
        pricing->>'fanTemplateId' AS fan FROM joint_campaigns),
      al AS (
        SELECT jc.id AS cid, a.order_id, a.platform_funded, a.merchant_funded FROM jc
          JOIN pricing_allocations a ON a.source_type = 'offer' AND a.source_id = jc.off
        UNION ALL
        SELECT jc.id, a.order_id, a.platform_funded, a.merchant_funded FROM jc
          JOIN pricing_allocations a ON a.source_type = 'coupon' AND a.template_id IN (jc.tpl, jc.fan)),
      ja AS (SELECT al.cid, al.order_id, sum(al.platform_funded) AS pf, sum(al.merchant_funded) AS mf
        FROM al JOIN o ON o.id = al.order_id GROUP BY 1, 2),
      jo AS (SELECT cid, order_id FROM ja
        UNION SELECT jc.id, o.id FROM jc JOIN o ON o.campaign_id = jc.id
        UNION SELECT jc.id, o.id FROM jc JOIN o ON o.ad_id = jc.id)
      SELECT jo.cid AS id, jc.name, count(*)::int AS orders, count(DISTINCT o.consumer_id)::int AS buyers,
        sum(o.pay_amount)::text AS gmv, coalesce(sum(ja.pf), 0)::text AS pf, coalesce(sum(ja.mf), 0)::text AS mf,
        coalesce(sum((SELECT -sum((t->>'transfer')::bigint) FROM jsonb_array_elements(f.transfers) t
          WHERE t->>'merchantId' = o.merchant_id AND (t->>'transfer')::bigint < 0)), 0)::text AS other
      FROM jo JOIN o ON o.id = jo.order_id JOIN jc ON jc.id = jo.cid
        LEFT JOIN ja ON ja.cid = jo.cid AND ja.order_id = jo.order_id
        LEFT JOIN joint_fundings f ON f.campaign_id = jo.cid AND f.order_id = jo.order_id
      GROUP BY jo.cid, jc.name`.execute(db),
    // Ads whose days overlap the range (their first and last business day), with each merchant's posted
    // contributions: spread per merchant, so the marketplace's figure is the sum of the merchants' to the fen.
    sql<{ id: string; name: string; spend: string; first: string; last: string }>`
      SELECT c.id, c.name, sum(k.amount)::text AS spend,
        (ad.starts_at AT TIME ZONE ${q.timeZone})::date::text AS first,
        ((ad.ends_at - interval '1 microsecond') AT TIME ZONE ${q.timeZone})::date::text AS last
      FROM joint_ads ad JOIN joint_campaigns c ON c.id = ad.campaign_id
        JOIN joint_ad_contributions k ON k.campaign_id = ad.campaign_id AND k.status = 'posted'
      WHERE (ad.starts_at AT TIME ZONE ${q.timeZone})::date <= ${q.to}::date
        AND ((ad.ends_at - interval '1 microsecond') AT TIME ZONE ${q.timeZone})::date >= ${q.from}::date
        ${q.merchantId ? sql`AND k.merchant_id = ${q.merchantId}` : sql``}
      GROUP BY c.id, c.name, k.merchant_id, ad.starts_at, ad.ends_at`.execute(db),
  ]);
  const by = new Map<string, Acc>();
  for (const x of sales.rows) {
    const other = n(x.other);
    by.set(x.id, {
      kind: 'joint',
      id: x.id,
      name: x.name,
      gmv: n(x.gmv),
      orders: x.orders,
      buyers: x.buyers,
      costs: {
        ...zero(),
        discountPlatform: n(x.pf),
        discountMerchant: n(x.mf) - other,
        discountOther: other,
      },
    });
  }
  for (const x of ads.rows) {
    const a = by.get(x.id) ?? {
      kind: 'joint' as const,
      id: x.id,
      name: x.name,
      gmv: 0,
      orders: 0,
      buyers: 0,
      costs: zero(),
    };
    a.costs.adSpend += spendInRange(n(x.spend), x.first, x.last, q.from, q.to);
    by.set(x.id, a);
  }
  return [...by.values()];
}
