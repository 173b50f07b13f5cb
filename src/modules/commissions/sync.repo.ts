import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db.ts';
import type { FeePolicy } from './domain/fees.ts';
import { DEFAULT_SETTINGS, type Settings } from './domain/types.ts';

/** Thin queries the order-event handler runs once per batch (every one takes all the batch's ids). */

const rows = async <T>(q: { execute(db: Db | Tx): Promise<{ rows: T[] }> }, db: Db | Tx) =>
  (await q.execute(db)).rows;
const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

/** Serialises work on the same orders across concurrent handlers (advisory locks taken in one global order). */
export async function lockOrders(trx: Tx, ids: string[]) {
  if (!ids.length) return;
  await sql`SELECT pg_advisory_xact_lock(h) FROM (
      SELECT DISTINCT hashtextextended('commission:' || id, 0) AS h FROM unnest(${ids}::text[]) id ORDER BY 1) s`.execute(
    trx,
  );
}

export interface OrderFacts {
  id: string;
  consumerId: string;
  storeId: string;
  merchantId: string;
  merchantType: string;
  status: string;
  scene: string;
  channel: string;
  liveSessionId: string | null;
  creatorId: string | null;
  promoterId: string | null;
  shareCode: string | null;
  payAmount: number;
  presale: boolean;
  paidAt: number | null;
  deliveredAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  isParent: boolean;
}

export async function loadOrders(trx: Tx, ids: string[]): Promise<OrderFacts[]> {
  const r = await rows(
    sql<{
      id: string;
      consumer_id: string;
      store_id: string;
      merchant_id: string;
      merchant_type: string;
      status: string;
      scene: string;
      channel: string;
      live_session_id: string | null;
      creator_id: string | null;
      promoter_id: string | null;
      share_code: string | null;
      pay_amount: number;
      presale: boolean;
      paid_at: Date | null;
      delivered_at: Date | null;
      completed_at: Date | null;
      cancelled_at: Date | null;
      is_parent: boolean;
    }>`SELECT o.id, o.consumer_id, o.store_id, o.merchant_id, m.type AS merchant_type, o.status, o.scene, o.channel,
        o.live_session_id, o.creator_id, o.promoter_id, o.share_code, o.pay_amount, o.presale, o.paid_at,
        o.delivered_at, o.completed_at, o.cancelled_at,
        EXISTS (SELECT 1 FROM orders c WHERE c.parent_id = o.id) AS is_parent
      FROM orders o JOIN merchants m ON m.id = o.merchant_id WHERE o.id = ANY(${ids}::text[])`,
    trx,
  );
  return r.map((o) => ({
    id: o.id,
    consumerId: o.consumer_id,
    storeId: o.store_id,
    merchantId: o.merchant_id,
    merchantType: o.merchant_type,
    status: o.status,
    scene: o.scene,
    channel: o.channel,
    liveSessionId: o.live_session_id,
    creatorId: o.creator_id,
    promoterId: o.promoter_id,
    shareCode: o.share_code,
    payAmount: Number(o.pay_amount),
    presale: o.presale,
    paidAt: ms(o.paid_at),
    deliveredAt: ms(o.delivered_at),
    completedAt: ms(o.completed_at),
    cancelledAt: ms(o.cancelled_at),
    isParent: o.is_parent,
  }));
}

export interface OrderLineFacts {
  orderId: string;
  lineNo: number;
  productId: string;
  categoryId: string;
  quantity: number;
  paid: number;
}

export async function loadLines(trx: Tx, ids: string[]): Promise<OrderLineFacts[]> {
  const r = await rows(
    sql<{
      order_id: string;
      line_no: number;
      product_id: string;
      category_id: string;
      quantity: number;
      paid: number;
    }>`
      SELECT order_id, line_no, product_id, category_id, quantity, paid FROM order_lines
      WHERE order_id = ANY(${ids}::text[]) ORDER BY order_id, line_no`,
    trx,
  );
  return r.map((l) => ({
    orderId: l.order_id,
    lineNo: l.line_no,
    productId: l.product_id,
    categoryId: l.category_id,
    quantity: l.quantity,
    paid: Number(l.paid),
  }));
}

export async function loadSettings(db: Db | Tx): Promise<Settings> {
  const [s] = await rows(sql<Record<string, unknown>>`SELECT * FROM commission_settings WHERE id = 1`, db);
  if (!s) return DEFAULT_SETTINGS;
  return {
    attributionWindowDays: s.attribution_window_days as number,
    selfPurchasePolicy: s.self_purchase_policy as Settings['selfPurchasePolicy'],
    holdDays: s.hold_days as number,
    settlementDay: s.settlement_day as number,
    serviceFeeBp: s.service_fee_bp as number,
    transactionFeeBp: s.transaction_fee_bp as number,
    leaderOverrideBp: s.leader_override_bp as number,
    minClickGapSeconds: s.min_click_gap_seconds as number,
    refundFarmingCount: s.refund_farming_count as number,
    refundFarmingDays: s.refund_farming_days as number,
    categoryCaps: (s.category_caps ?? {}) as Record<string, number>,
  };
}

/** The latest version of every fee policy (the table is operator-sized: tens of rows). */
export async function loadPolicies(db: Db | Tx): Promise<FeePolicy[]> {
  const r = await rows(
    sql<{
      id: string;
      version: number;
      kind: FeePolicy['kind'];
      default_bp: number | null;
      category_bp: Record<string, number>;
      merchant_types: string[] | null;
      scenes: string[] | null;
      channels: string[] | null;
      priority: number;
      starts_at: Date;
      ends_at: Date | null;
      status: FeePolicy['status'];
    }>`SELECT DISTINCT ON (id) * FROM commission_fee_policies ORDER BY id, version DESC`,
    db,
  );
  return r.map((p) => ({
    id: p.id,
    version: p.version,
    kind: p.kind,
    defaultBp: p.default_bp,
    categoryBp: p.category_bp ?? {},
    merchantTypes: p.merchant_types,
    scenes: p.scenes,
    channels: p.channels,
    priority: p.priority,
    startsAt: new Date(p.starts_at).getTime(),
    endsAt: ms(p.ends_at),
    status: p.status,
  }));
}

/** Each category with its ancestors, leaf first. */
export async function categoryPaths(trx: Tx, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const r = await rows(
    sql<{ leaf: string; id: string; depth: number }>`
      WITH RECURSIVE up(leaf, id, parent_id, depth) AS (
        SELECT c.id, c.id, c.parent_id, 0 FROM categories c WHERE c.id = ANY(${ids}::text[])
        UNION ALL SELECT up.leaf, c.id, c.parent_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.parent_id
          WHERE up.depth < 5)
      SELECT leaf, id, depth FROM up ORDER BY leaf, depth`,
    trx,
  );
  for (const c of r) {
    const p = out.get(c.leaf) ?? [];
    p.push(c.id);
    out.set(c.leaf, p);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, [id]);
  return out;
}

export async function linksByCode(trx: Tx, codes: string[]) {
  const out = new Map<string, { partyType: string; partyId: string; storeId: string | null }>();
  if (!codes.length) return out;
  const r = await rows(
    sql<{ code: string; party_type: string; party_id: string; store_id: string | null }>`
      SELECT code, party_type, party_id, store_id FROM share_links WHERE code = ANY(${codes}::text[])`,
    trx,
  );
  for (const l of r) out.set(l.code, { partyType: l.party_type, partyId: l.party_id, storeId: l.store_id });
  return out;
}

/** Each order's consumer's last share click before payment within the window (one index probe per order). */
export async function lastClicks(
  trx: Tx,
  q: { orderId: string; consumerId: string; at: number }[],
  windowDays: number,
) {
  const out = new Map<
    string,
    { partyType: string; partyId: string; storeId: string | null; clickedAt: number }
  >();
  if (!q.length) return out;
  const r = await rows(
    sql<{
      order_id: string;
      party_type: string;
      party_id: string;
      store_id: string | null;
      clicked_at: Date;
    }>`
      SELECT q.order_id, c.party_type, c.party_id, c.store_id, c.clicked_at
      FROM unnest(${q.map((x) => x.orderId)}::text[], ${q.map((x) => x.consumerId)}::text[],
                  ${q.map((x) => new Date(x.at).toISOString())}::timestamptz[]) AS q(order_id, consumer_id, at)
      CROSS JOIN LATERAL (
        SELECT s.party_type, s.party_id, s.store_id, s.clicked_at FROM share_clicks s
        WHERE s.consumer_id = q.consumer_id AND s.clicked_at <= q.at
          AND s.clicked_at >= q.at - make_interval(days => ${windowDays}::int)
        ORDER BY s.clicked_at DESC LIMIT 1) c`,
    trx,
  );
  for (const c of r)
    out.set(c.order_id, {
      partyType: c.party_type,
      partyId: c.party_id,
      storeId: c.store_id,
      clickedAt: new Date(c.clicked_at).getTime(),
    });
  return out;
}

/** Agency contracts of these creators (all of them: the one in force at payment is picked in code). */
export async function agencyContracts(trx: Tx, creatorIds: string[]) {
  const out = new Map<
    string,
    { agencyId: string; splitBp: number; startsOn: string; endsOn: string | null }[]
  >();
  if (!creatorIds.length) return out;
  const r = await rows(
    sql<{
      agency_id: string;
      creator_id: string;
      split_bp: number;
      starts_on: string;
      ends_on: string | null;
    }>`
      SELECT agency_id, creator_id, split_bp, starts_on, ends_on FROM agency_contracts
      WHERE creator_id = ANY(${creatorIds}::text[]) ORDER BY starts_on DESC, agency_id`,
    trx,
  );
  for (const c of r) {
    const list = out.get(c.creator_id) ?? [];
    list.push({ agencyId: c.agency_id, splitBp: c.split_bp, startsOn: c.starts_on, endsOn: c.ends_on });
    out.set(c.creator_id, list);
  }
  return out;
}

export async function leaders(trx: Tx, promoterIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!promoterIds.length) return out;
  const r = await rows(
    sql<{ id: string; leader_id: string }>`SELECT id, leader_id FROM promoters
      WHERE id = ANY(${promoterIds}::text[]) AND leader_id IS NOT NULL AND leader_id <> id`,
    trx,
  );
  for (const p of r) out.set(p.id, p.leader_id);
  return out;
}

/** Party accounts registered as shoppers: `consumerId` → set of `type:id`. */
export async function partyConsumers(trx: Tx, consumerIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (!consumerIds.length) return out;
  const r = await rows(
    sql<{ consumer_id: string; party_type: string; party_id: string }>`
      SELECT consumer_id, party_type, party_id FROM commission_party_consumers
      WHERE consumer_id = ANY(${consumerIds}::text[])`,
    trx,
  );
  for (const p of r) {
    const s = out.get(p.consumer_id) ?? new Set<string>();
    s.add(`${p.party_type}:${p.party_id}`);
    out.set(p.consumer_id, s);
  }
  return out;
}

/**
 * Refunded after-sales of each order's consumer in the days before its payment: the consumers' refunds in the
 * batch's whole span are read once (through their orders), then counted per order.
 */
export async function consumerRefunds(
  trx: Tx,
  q: { orderId: string; consumerId: string; at: number }[],
  days: number,
) {
  const out = new Map<string, number>();
  if (!q.length) return out;
  const span = days * 86_400_000;
  const from = new Date(Math.min(...q.map((x) => x.at)) - span);
  const to = new Date(Math.max(...q.map((x) => x.at)));
  const r = await rows(
    sql<{ consumer_id: string; at: Date }>`SELECT o.consumer_id, a.refunded_at AS at
      FROM orders o JOIN after_sales a ON a.order_id = o.id
      WHERE o.consumer_id = ANY(${[...new Set(q.map((x) => x.consumerId))]}::text[]) AND a.status = 'refunded'
        AND a.refunded_at >= ${from} AND a.refunded_at <= ${to}`,
    trx,
  );
  const byConsumer = new Map<string, number[]>();
  for (const x of r) {
    const list = byConsumer.get(x.consumer_id);
    if (list) list.push(new Date(x.at).getTime());
    else byConsumer.set(x.consumer_id, [new Date(x.at).getTime()]);
  }
  for (const x of q) {
    const times = byConsumer.get(x.consumerId);
    out.set(x.orderId, times ? times.filter((t) => t >= x.at - span && t <= x.at).length : 0);
  }
  return out;
}

export interface RefundFacts {
  id: string;
  orderId: string;
  lineNo: number | null;
  amount: number;
  at: number;
}

/** Refunded after-sales of these orders not applied to commissions yet, oldest first. */
export async function pendingRefunds(trx: Tx, orderIds: string[]): Promise<RefundFacts[]> {
  if (!orderIds.length) return [];
  const r = await rows(
    sql<{ id: string; order_id: string; line_no: number | null; amount: number; at: Date }>`
      SELECT a.id, a.order_id, a.line_no, a.amount, coalesce(a.refunded_at, a.resolved_at, a.requested_at) AS at
      FROM after_sales a WHERE a.order_id = ANY(${orderIds}::text[]) AND a.status = 'refunded'
        AND NOT EXISTS (SELECT 1 FROM commission_refunds r WHERE r.after_sale_id = a.id)
      ORDER BY at, a.id`,
    trx,
  );
  return r.map((a) => ({
    id: a.id,
    orderId: a.order_id,
    lineNo: a.line_no,
    amount: Number(a.amount),
    at: new Date(a.at).getTime(),
  }));
}
