import { sql } from 'kysely';
import type { Tx } from '../../core/db.ts';
import type { FieldIssue } from '../../core/errors.ts';
import type { NewOrder, OrderCreateHook } from '../marketplace/index.ts';
import type { Allocation, ItemOffer, Offer, Quote, QuotedLine } from './domain/types.ts';
import type { QuoteContext } from './schemas.ts';
import type { QuoteRow, Snapshot } from './tables.ts';

/**
 * Pricing's part in creating an order that names a quote (`pricing.quoteId`), inside the order's transaction:
 * the order must be the quote's share for its store (same SKUs, quantities, unit prices, line discounts and
 * totals), for the quote's buyer and attribution, before the quote expired; its coupons, flash-sale units and
 * points must still be there. `prepare` locks and checks; `write` locks the snapshot, records allocations and
 * reserves the coupons, flash units and points.
 */

interface Plan {
  order: NewOrder;
  quoteId: string;
  snapshot: Snapshot;
  userId: string;
  allocations: (Allocation & { lineNo: number; templateId: string | null })[];
  flash: { offerId: string; units: number }[];
  points: number;
}

const FLASH = 'flash_sale';

function storeShare(result: Quote, storeId: string, lines: QuotedLine[]): Quote {
  const ids = new Set(lines.map((l) => l.lineId));
  const allocations = result.allocations.filter((a) => ids.has(a.lineId));
  const used = new Set(allocations.map((a) => `${a.sourceType}:${a.sourceId}`));
  const sum = (f: (l: QuotedLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    ...result,
    itemsAmount: sum((l) => l.amount),
    discountAmount: sum((l) => l.discount),
    payAmount: sum((l) => l.paid),
    pointsValue: allocations.filter((a) => a.sourceType === 'points').reduce((s, a) => s + a.amount, 0),
    stores: result.stores.filter((s) => s.storeId === storeId),
    lines,
    allocations,
    applied: result.applied.filter((a) => used.has(`${a.sourceType}:${a.id}`)),
    notUsed: [],
  };
}

/** Matches the order's lines to the quote's lines of its store by SKU; every difference is a field issue. */
function matchLines(o: NewOrder['order'], quoteId: string, quoted: QuotedLine[], issues: FieldIssue[]) {
  const free = [...quoted];
  const lineNos: Record<string, number> = {};
  o.lines.forEach((l, i) => {
    const at = free.findIndex((q) => q.skuId === l.skuId);
    if (at < 0) {
      issues.push({
        field: `lines.${i}.skuId`,
        reason: `sku ${l.skuId} is not (or not that often) in quote ${quoteId} for store ${o.storeId}`,
      });
      return;
    }
    const q = free.splice(at, 1)[0]!;
    lineNos[q.lineId] = l.lineNo;
    if (l.quantity !== q.quantity)
      issues.push({
        field: `lines.${i}.quantity`,
        reason: `is ${l.quantity} but quote ${quoteId} has ${q.quantity} of sku ${l.skuId}`,
      });
    if (l.unitPrice !== q.unitPrice)
      issues.push({
        field: `lines.${i}.unitPrice`,
        reason: `is ${l.unitPrice} but quote ${quoteId} prices sku ${l.skuId} at ${q.unitPrice}`,
      });
    if (l.discount !== q.discount)
      issues.push({
        field: `lines.${i}.discount`,
        reason: `is ${l.discount} but quote ${quoteId} apportions ${q.discount} to this line`,
      });
  });
  for (const q of free)
    issues.push({
      field: 'lines',
      reason: `quote ${quoteId} also has sku ${q.skuId} ×${q.quantity} for store ${o.storeId}, which the order lacks`,
    });
  return lineNos;
}

function checkTotals(
  o: NewOrder['order'],
  quoteId: string,
  share: Quote,
  quoted: QuotedLine[],
  issues: FieldIssue[],
) {
  if (o.itemsAmount !== share.itemsAmount)
    issues.push({
      field: 'itemsAmount',
      reason: `is ${o.itemsAmount} but quote ${quoteId} has ${share.itemsAmount} for store ${o.storeId}`,
    });
  if (o.discountAmount !== share.discountAmount)
    issues.push({
      field: 'discountAmount',
      reason: `is ${o.discountAmount} but quote ${quoteId} discounts store ${o.storeId} by ${share.discountAmount}`,
    });
  if (o.payAmount - o.shippingFee !== share.payAmount)
    issues.push({
      field: 'payAmount',
      reason: `is ${o.payAmount} but quote ${quoteId} charges ${share.payAmount} for store ${o.storeId} plus shipping ${o.shippingFee}`,
    });
  const deposit = quoted.reduce((s, l) => s + (l.presale?.deposit ?? 0), 0);
  if (deposit > 0 && o.presale?.depositAmount !== deposit)
    issues.push({
      field: 'presale.depositAmount',
      reason: `must be ${deposit}, the deposit quote ${quoteId} asks for store ${o.storeId}`,
    });
}

function checkQuote(o: NewOrder['order'], q: QuoteRow | undefined, issues: FieldIssue[]): q is QuoteRow {
  const id = o.pricing!.quoteId;
  if (!q) {
    issues.push({ field: 'pricing.quoteId', reason: `unknown quote ${id}` });
    return false;
  }
  if (Date.parse(o.createdAt) > new Date(q.expires_at).getTime())
    issues.push({
      field: 'pricing.quoteId',
      reason: `quote ${id} expired at ${new Date(q.expires_at).toISOString()}, before the order was created`,
    });
  if (q.user_id && q.user_id !== o.consumerId)
    issues.push({
      field: 'consumerId',
      reason: `is ${o.consumerId} but quote ${id} was made for consumer ${q.user_id}`,
    });
  const ctx = ((q.request as { context?: QuoteContext }).context ?? {}) as QuoteContext;
  for (const k of ['liveSessionId', 'creatorId', 'promoterId'] as const)
    if (ctx[k] && o.source[k] !== ctx[k])
      issues.push({
        field: `source.${k}`,
        reason: `is ${o.source[k] ?? 'absent'} but quote ${id} was priced for ${k} ${ctx[k]}`,
      });
  return true;
}

async function lockRows<T>(trx: Tx, q: ReturnType<typeof sql<T>>) {
  return (await q.execute(trx)).rows;
}

export function pricingOrderHook(): OrderCreateHook {
  return {
    name: 'pricing',
    wants: (o) => !!o.pricing?.quoteId,
    async prepare(trx, orders) {
      const issuesOf = new Map<number, FieldIssue[]>();
      const quoteIds = [...new Set(orders.map((o) => o.order.pricing!.quoteId))];
      const quotes = new Map(
        (
          await lockRows<QuoteRow>(
            trx,
            sql`SELECT * FROM pricing_quotes WHERE id = ANY(${quoteIds}::text[]) ORDER BY id FOR UPDATE`,
          )
        ).map((q) => [q.id, q]),
      );
      const locked = new Map(
        (
          await lockRows<{ order_id: string; quote_id: string; store_id: string }>(
            trx,
            sql`SELECT order_id, quote_id, store_id FROM pricing_order_snapshots WHERE quote_id = ANY(${quoteIds}::text[])`,
          )
        ).map((s) => [`${s.quote_id}|${s.store_id}`, s.order_id]),
      );

      // First pass: what each order would take, from its quote alone.
      const drafts: Plan[] = [];
      for (const n of orders) {
        const o = n.order;
        const issues: FieldIssue[] = [];
        const q = quotes.get(o.pricing!.quoteId);
        if (!checkQuote(o, q, issues)) {
          issuesOf.set(n.index, issues);
          continue;
        }
        const key = `${q.id}|${o.storeId}`;
        const holder = locked.get(key);
        if (holder === o.id) continue; // created concurrently by a retry of this order: its insert will conflict and re-plan
        if (holder)
          issues.push({
            field: 'pricing.quoteId',
            reason: `quote ${q.id}'s share for store ${o.storeId} is already locked by order ${holder}`,
          });
        const result = q.result;
        const quoted = result.lines.filter((l) => l.storeId === o.storeId);
        if (!quoted.length)
          issues.push({ field: 'storeId', reason: `quote ${q.id} has no lines of store ${o.storeId}` });
        const lineNos = matchLines(o, q.id, quoted, issues);
        const share = storeShare(result, o.storeId, quoted);
        checkTotals(o, q.id, share, quoted, issues);
        if (issues.length) {
          issuesOf.set(n.index, issues);
          continue;
        }
        locked.set(key, o.id);
        const offerKind = new Map(
          result.applied.filter((a) => a.sourceType === 'offer').map((a) => [a.id, a.kind]),
        );
        const templateOf = new Map(
          result.applied.filter((a) => a.sourceType === 'coupon').map((a) => [a.id, a.templateId ?? null]),
        );
        const flash = new Map<string, number>();
        for (const l of quoted)
          for (const p of l.parts)
            if (p.itemOfferId && offerKind.get(p.itemOfferId) === FLASH)
              flash.set(p.itemOfferId, (flash.get(p.itemOfferId) ?? 0) + p.quantity);
        const couponIds = [
          ...new Set(share.allocations.filter((a) => a.sourceType === 'coupon').map((a) => a.sourceId)),
        ].sort();
        drafts.push({
          order: n,
          quoteId: q.id,
          // The buyer: flash limits and holds count against the order's consumer even for an anonymous quote.
          userId: q.user_id ?? o.consumerId,
          snapshot: {
            quoteId: q.id,
            storeId: o.storeId,
            lineNos,
            quote: share,
            couponIds,
            flash: [...flash].map(([offerId, units]) => ({ offerId, units })),
          },
          allocations: share.allocations.map((a) => ({
            ...a,
            lineNo: lineNos[a.lineId]!,
            templateId: a.sourceType === 'coupon' ? (templateOf.get(a.sourceId) ?? null) : null,
          })),
          flash: [...flash].map(([offerId, units]) => ({ offerId, units })),
          points: result.pointsUsed,
        });
      }

      // Second pass: lock what the drafts take and check it is still there, counting earlier orders of the batch.
      const couponIds = [...new Set(drafts.flatMap((d) => d.snapshot.couponIds))].sort();
      const coupons = new Map(
        (
          await lockRows<{
            id: string;
            status: string;
            quote_id: string | null;
            order_id: string | null;
            user_id: string;
          }>(
            trx,
            sql`SELECT id, status, quote_id, order_id, user_id FROM pricing_coupons WHERE id = ANY(${couponIds}::text[]) ORDER BY id FOR UPDATE`,
          )
        ).map((c) => [c.id, c]),
      );
      const flashIds = [...new Set(drafts.flatMap((d) => d.flash.map((f) => f.offerId)))].sort();
      const stock = new Map(
        (
          await lockRows<{ offer_id: string; stock_left: number }>(
            trx,
            sql`SELECT offer_id, stock_left FROM pricing_flash_stock WHERE offer_id = ANY(${flashIds}::text[]) ORDER BY offer_id FOR UPDATE`,
          )
        ).map((r) => [r.offer_id, r.stock_left]),
      );
      const limits = new Map(
        (
          await lockRows<{ id: string; terms: Offer }>(
            trx,
            sql`SELECT id, terms FROM pricing_offers WHERE id = ANY(${flashIds}::text[])`,
          )
        ).map((r) => [r.id, (r.terms as ItemOffer).perUserLimit ?? Number.MAX_SAFE_INTEGER]),
      );
      const users = [...new Set(drafts.map((d) => d.userId))].sort();
      const bought = new Map(
        (
          await lockRows<{ offer_id: string; user_id: string; units: number }>(
            trx,
            sql`SELECT offer_id, user_id, units FROM pricing_flash_buyers WHERE offer_id = ANY(${flashIds}::text[])
              AND user_id = ANY(${users}::text[]) ORDER BY offer_id, user_id FOR UPDATE`,
          )
        ).map((r) => [`${r.offer_id}|${r.user_id}`, r.units]),
      );
      const pointQuotes = drafts.filter((d) => d.points > 0).map((d) => d.quoteId);
      const holds = new Set(
        (
          await lockRows<{ quote_id: string }>(
            trx,
            sql`SELECT quote_id FROM pricing_points_holds WHERE quote_id = ANY(${pointQuotes}::text[])`,
          )
        ).map((r) => r.quote_id),
      );
      const balances = new Map(
        (
          await lockRows<{ user_id: string; balance: number }>(
            trx,
            sql`SELECT user_id, balance FROM pricing_points WHERE user_id = ANY(${users}::text[]) ORDER BY user_id FOR UPDATE`,
          )
        ).map((r) => [r.user_id, r.balance]),
      );

      const plans: Plan[] = [];
      for (const d of drafts) {
        const o = d.order.order;
        const issues: FieldIssue[] = [];
        for (const id of d.snapshot.couponIds) {
          const c = coupons.get(id);
          if (!c)
            issues.push({
              field: 'pricing.quoteId',
              reason: `coupon ${id} of quote ${d.quoteId} no longer exists`,
            });
          else if (c.status === 'expired')
            issues.push({
              field: 'pricing.quoteId',
              reason: `coupon ${id} of quote ${d.quoteId} has expired`,
            });
          else if (c.status !== 'available' && c.quote_id !== d.quoteId)
            issues.push({
              field: 'pricing.quoteId',
              reason: `coupon ${id} is already ${c.status} by order ${c.order_id ?? '(unknown)'}; quote again without it`,
            });
        }
        for (const f of d.flash) {
          const left = stock.get(f.offerId) ?? 0;
          if (left < f.units)
            issues.push({
              field: 'lines',
              reason: `flash sale ${f.offerId} has ${left} units left at the flash price, the quote took ${f.units}; quote again`,
            });
          const k = `${f.offerId}|${d.userId}`;
          const had = bought.get(k) ?? 0;
          const limit = limits.get(f.offerId) ?? Number.MAX_SAFE_INTEGER;
          if (had + f.units > limit)
            issues.push({
              field: 'lines',
              reason: `consumer ${d.userId} already holds ${had} of the ${limit} units of flash sale ${f.offerId} one buyer may buy`,
            });
        }
        const needPoints = d.points > 0 && !holds.has(d.quoteId);
        const balance = balances.get(d.userId) ?? 0;
        if (needPoints && balance < d.points)
          issues.push({
            field: 'pricing.quoteId',
            reason: `quote ${d.quoteId} uses ${d.points} points but consumer ${d.userId} has ${balance}`,
          });
        if (issues.length) {
          issuesOf.set(d.order.index, issues);
          locked.delete(`${d.quoteId}|${o.storeId}`);
          continue;
        }
        for (const id of d.snapshot.couponIds) {
          const c = coupons.get(id)!;
          coupons.set(id, { ...c, status: 'reserved', quote_id: d.quoteId, order_id: c.order_id ?? o.id });
        }
        for (const f of d.flash) {
          stock.set(f.offerId, (stock.get(f.offerId) ?? 0) - f.units);
          const k = `${f.offerId}|${d.userId}`;
          bought.set(k, (bought.get(k) ?? 0) + f.units);
        }
        if (needPoints) {
          holds.add(d.quoteId);
          balances.set(d.userId, balance - d.points);
        } else d.points = 0;
        plans.push(d);
      }

      return {
        issues: issuesOf,
        async write(created) {
          const ids = new Set(created.map((c) => c.order.id));
          await writePlans(
            trx,
            plans.filter((p) => ids.has(p.order.order.id)),
          );
        },
      };
    },
  };
}

/**
 * Writes what the created orders locked, set-based (one statement per table for the whole batch): snapshots,
 * allocations, coupon reservations and quote locks; flash units and points (rare) order by order. A coupon
 * several store orders of one quote use is reserved by the first of them, as order-by-order writes would.
 */
async function writePlans(trx: Tx, plans: Plan[]) {
  if (!plans.length) return;
  const ord = (p: Plan) => p.order.order;
  await sql`INSERT INTO pricing_order_snapshots (order_id, quote_id, store_id, merchant_id, user_id, coupon_ids, snapshot, status)
    SELECT v.o, v.q, v.s, v.m, v.u, ARRAY(SELECT json_array_elements_text(v.c)), v.snap, 'held'
    FROM unnest(${plans.map((p) => ord(p).id)}::text[], ${plans.map((p) => p.quoteId)}::text[],
      ${plans.map((p) => ord(p).storeId)}::text[], ${plans.map((p) => p.order.merchantId)}::text[],
      ${plans.map((p) => p.userId)}::text[], ${plans.map((p) => JSON.stringify(p.snapshot.couponIds))}::json[],
      ${plans.map((p) => JSON.stringify(p.snapshot))}::jsonb[]) AS v(o, q, s, m, u, c, snap)`.execute(trx);
  // One row per order line and source (a source can reach a line through several parts).
  const rows = new Map<string, Plan['allocations'][number] & { orderId: string; storeId: string }>();
  for (const p of plans)
    for (const a of p.allocations) {
      const k = `${ord(p).id}|${a.lineNo}|${a.sourceType}|${a.sourceId}`;
      const prior = rows.get(k);
      rows.set(
        k,
        prior
          ? {
              ...prior,
              amount: prior.amount + a.amount,
              platformFunded: prior.platformFunded + a.platformFunded,
              merchantFunded: prior.merchantFunded + a.merchantFunded,
            }
          : { ...a, orderId: ord(p).id, storeId: ord(p).storeId },
      );
    }
  const list = [...rows.values()];
  if (list.length)
    await sql`INSERT INTO pricing_allocations (order_id, line_no, source_type, source_id, template_id, layer, amount,
        platform_funded, merchant_funded, merchant_id, store_id)
      SELECT * FROM unnest(${list.map((a) => a.orderId)}::text[], ${list.map((a) => a.lineNo)}::smallint[],
        ${list.map((a) => a.sourceType)}::text[], ${list.map((a) => a.sourceId)}::text[], ${list.map((a) => a.templateId)}::text[],
        ${list.map((a) => a.layer)}::text[], ${list.map((a) => a.amount)}::bigint[], ${list.map((a) => a.platformFunded)}::bigint[],
        ${list.map((a) => a.merchantFunded)}::bigint[], ${list.map((a) => a.merchantId)}::text[], ${list.map((a) => a.storeId)}::text[])`.execute(
      trx,
    );
  const reserve = new Map<string, Plan>();
  for (const p of plans) for (const c of p.snapshot.couponIds) if (!reserve.has(c)) reserve.set(c, p);
  if (reserve.size)
    await sql`UPDATE pricing_coupons c SET status = 'reserved', quote_id = v.q, order_id = v.o, reserved_at = now()
      FROM unnest(${[...reserve.keys()]}::text[], ${[...reserve.values()].map((p) => p.quoteId)}::text[],
        ${[...reserve.values()].map((p) => ord(p).id)}::text[]) AS v(id, q, o)
      WHERE c.id = v.id AND c.status = 'available'`.execute(trx);
  for (const p of plans) {
    const o = ord(p);
    for (const f of p.flash) {
      await sql`INSERT INTO pricing_flash_holds (order_id, offer_id, user_id, units, status)
        VALUES (${o.id}, ${f.offerId}, ${p.userId}, ${f.units}, 'held')`.execute(trx);
      await sql`UPDATE pricing_flash_stock SET stock_left = stock_left - ${f.units} WHERE offer_id = ${f.offerId}`.execute(
        trx,
      );
      await sql`INSERT INTO pricing_flash_buyers (offer_id, user_id, units) VALUES (${f.offerId}, ${p.userId}, ${f.units})
        ON CONFLICT (offer_id, user_id) DO UPDATE SET units = pricing_flash_buyers.units + ${f.units}`.execute(
        trx,
      );
    }
    if (p.points > 0) {
      await sql`INSERT INTO pricing_points_holds (quote_id, user_id, points, status) VALUES (${p.quoteId}, ${p.userId}, ${p.points}, 'held')`.execute(
        trx,
      );
      await sql`UPDATE pricing_points SET balance = balance - ${p.points}, updated_at = now() WHERE user_id = ${p.userId}`.execute(
        trx,
      );
    }
  }
  await sql`UPDATE pricing_quotes SET status = 'locked' WHERE id = ANY(${[...new Set(plans.map((p) => p.quoteId))]}::text[])`.execute(
    trx,
  );
}
