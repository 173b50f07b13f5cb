import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../core/db.ts';
import { type FieldIssue, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { candidateSkus, type SkuFacts, toFacts } from './catalog.repo.ts';
import * as coupons from './coupons.repo.ts';
import { addOnSuggestions, listingPrices, type QuoteInput, quote, refundFor } from './domain/index.ts';
import type {
  BuyerContext,
  CartLine,
  PointsPolicy,
  Quote,
  QuoteOptions,
  WalletCoupon,
} from './domain/types.ts';
import { liveOffers, offersForStores } from './offer-cache.ts';
import { type CartFacts, cartFacts, writeQuote } from './quote.repo.ts';
import type { AddOnBody, ListingBody, QuoteBody, QuoteContext, RefundPreviewBody } from './schemas.ts';
import type { Snapshot } from './tables.ts';

/** Quotes, listing prices, add-on suggestions and refund previews: load what the engine needs, call it, keep quotes. */

/** A quote stays lockable by an order this long. */
export const QUOTE_TTL_MS = 30 * 60_000;
/** 100 points = ¥1; points pay at most half of what is due after coupons. */
export const POINTS_POLICY: PointsPolicy = { pointsPerYuan: 100, capBp: 5000 };
/** Add-on candidates per store in the cart (in-stock, listed, cheapest first). */
const CANDIDATES_PER_STORE = 300;

const fail = (issues: FieldIssue[]) => unprocessable(issues.map((i) => i.reason).join('; '), issues);

/** The live offers and, in one round trip, the SKUs and the buyer's facts; an unknown buyer is refused. */
async function load(db: Db, q: { skuIds: string[]; userId?: string; now: Date }, pool?: pg.Pool) {
  const live = await liveOffers(db);
  const facts = await cartFacts(db, { ...q, flashIds: live.flashIds, coupons: !!q.userId }, pool);
  if (q.userId && !facts.known) throw fail([{ field: 'userId', reason: `unknown consumer ${q.userId}` }]);
  return { live, facts, skus: new Map(facts.skus.map((r) => [r.sku_id, toFacts(r)])) };
}

/** The buyer context: follows, past purchases, audiences, flash units held; the attribution of the order. */
function buyerContext(
  userId: string | undefined,
  facts: CartFacts,
  context: QuoteContext | undefined,
  now: Date,
): BuyerContext {
  const ctx: BuyerContext = { now: now.toISOString(), ...(context ?? {}) };
  if (!userId) return ctx;
  return {
    ...ctx,
    userId,
    followedStoreIds: facts.followedStoreIds,
    purchasedStoreIds: facts.purchasedStoreIds,
    newToPlatform: facts.newToPlatform,
    audienceIds: facts.audienceIds,
    flashBought: facts.flashBought,
  };
}

/** Cart lines from SKU ids: unknown, delisted and out-of-stock SKUs are refused naming the line. */
function cartLines(facts: Map<string, SkuFacts>, lines: { skuId: string; quantity: number }[]) {
  const issues: FieldIssue[] = [];
  const cart: CartLine[] = [];
  lines.forEach((l, i) => {
    const f = facts.get(l.skuId);
    if (!f) issues.push({ field: `lines.${i}.skuId`, reason: `unknown sku ${l.skuId}` });
    else if (!f.listed)
      issues.push({ field: `lines.${i}.skuId`, reason: `sku ${l.skuId} belongs to a delisted product` });
    else if (l.quantity > f.stock)
      issues.push({
        field: `lines.${i}.quantity`,
        reason: `only ${f.stock} of sku ${l.skuId} are in stock, not ${l.quantity}`,
      });
    else cart.push({ ...f.item, lineId: `l${i + 1}`, quantity: l.quantity });
  });
  if (issues.length) throw fail(issues);
  return cart;
}

/** Everything quote() needs for this request, read at `now`. */
export async function quoteInput(
  db: Db,
  body: QuoteBody | AddOnBody,
  now: Date,
  pool?: pg.Pool,
): Promise<{ input: QuoteInput; opts: QuoteOptions }> {
  const b = body as QuoteBody;
  const issues: FieldIssue[] = [];
  if (!b.userId && b.couponIds?.length)
    issues.push({ field: 'couponIds', reason: 'coupons need a userId: they are the buyer’s' });
  if (!b.userId && b.usePoints)
    issues.push({ field: 'usePoints', reason: 'points need a userId: they are the buyer’s' });
  if (issues.length) throw fail(issues);
  const { live, facts, skus } = await load(
    db,
    {
      skuIds: [...new Set(b.lines.map((l) => l.skuId))],
      userId: b.userId,
      now,
    },
    pool,
  );
  const lines = cartLines(skus, b.lines);
  const storeIds = [...new Set(lines.map((l) => l.storeId))];
  const offers = offersForStores(live, storeIds, now, facts.flashStock);
  let held = facts.coupons;
  if (b.couponIds) {
    const byId = new Set(held.map((c) => c.couponId));
    b.couponIds.forEach((id, i) => {
      if (!byId.has(id))
        issues.push({
          field: `couponIds.${i}`,
          reason: `coupon ${id} is not an available coupon of consumer ${b.userId}`,
        });
    });
    if (issues.length) throw fail(issues);
    const wanted = new Set(b.couponIds);
    held = held.filter((c) => wanted.has(c.couponId));
  }
  const points = b.usePoints ? facts.points : 0;
  return {
    input: {
      lines,
      ctx: buyerContext(b.userId, facts, b.context, now),
      offers,
      wallet: { coupons: held, ...(points > 0 ? { points } : {}) },
    },
    opts: b.usePoints ? { points: POINTS_POLICY } : {},
  };
}

/** The stored quote ends with this: what locking needs, without the explanations of what was not used. */
const STORED_TAIL = ',"notUsed":[]}';

/**
 * Quotes a cart for a buyer and keeps the quote (30 minutes) so an order can lock it. Returns the response
 * body as JSON text: the stored result and the response share one serialization of a quote of ~10 KB, the
 * response adding the quote id, expiry and the explanations (`notUsed`).
 */
export async function createQuote(db: Db, body: QuoteBody, now: Date, pool?: pg.Pool) {
  const { input, opts } = await quoteInput(db, body, now, pool);
  const { notUsed, ...kept } = quote(input, opts);
  const q = { ...kept, notUsed: [] };
  const result = JSON.stringify(q);
  const id = newId('qte');
  const expiresAt = new Date(now.getTime() + QUOTE_TTL_MS);
  await writeQuote(db, {
    id,
    userId: body.userId ?? null,
    createdAt: now,
    expiresAt,
    request: JSON.stringify({ ...body, now: now.toISOString() }),
    result,
    payAmount: q.payAmount,
  });
  return `{"quoteId":"${id}","expiresAt":"${expiresAt.toISOString()}",${result.slice(1, -STORED_TAIL.length)},"notUsed":${JSON.stringify(notUsed)}}`;
}

/** Best single-unit prices (券后价) for listing pages: public offers, the buyer's coupons and claimable templates. */
export async function listingPricesFor(db: Db, body: ListingBody, now: Date, pool?: pg.Pool) {
  const { live, facts, skus } = await load(
    db,
    {
      skuIds: [...new Set(body.skuIds)],
      userId: body.userId,
      now,
    },
    pool,
  );
  const issues: FieldIssue[] = [];
  body.skuIds.forEach((id, i) => {
    if (!skus.has(id)) issues.push({ field: `skuIds.${i}`, reason: `unknown sku ${id}` });
  });
  if (issues.length) throw fail(issues);
  const items = body.skuIds.map((id) => skus.get(id)!.item);
  const storeIds = [...new Set(items.map((i) => i.storeId))];
  const offers = offersForStores(live, storeIds, now, facts.flashStock);
  const claimable = await coupons.claimableTemplates(db, storeIds, body.userId, now);
  const fromTemplates: WalletCoupon[] = claimable.map((t) => ({
    couponId: `template:${t.id}`,
    validFrom: (t.valid_from && t.valid_from > now ? t.valid_from : now).toISOString(),
    validTo: (t.valid_to ?? new Date(now.getTime() + (t.valid_days ?? 1) * 86_400_000)).toISOString(),
    terms: t.terms,
  }));
  const all = [...facts.coupons, ...fromTemplates];
  return { items: listingPrices(items, buyerContext(body.userId, facts, undefined, now), offers, all) };
}

/** How much more reaches each next tier, with in-stock SKUs of the cart's stores that fill the gap closest. */
export async function addOnsFor(db: Db, body: AddOnBody, now: Date, pool?: pg.Pool) {
  const { input, opts } = await quoteInput(db, body, now, pool);
  const q = quote(input, opts);
  const storeIds = [...new Set(input.lines.map((l) => l.storeId))];
  const candidates: SkuFacts[] = await candidateSkus(
    db,
    storeIds,
    input.lines.map((l) => l.skuId),
    CANDIDATES_PER_STORE,
  );
  return {
    payAmount: q.payAmount,
    suggestions: addOnSuggestions(
      input,
      q,
      candidates.map((c) => c.item),
    ),
  };
}

/** What refunding these units of a priced order would return, from the snapshot locked at its creation. */
export async function refundPreview(db: Db, body: RefundPreviewBody, canSee: (merchantId: string) => void) {
  const row = (
    await sql<{
      snapshot: Snapshot;
      merchant_id: string;
    }>`SELECT snapshot, merchant_id FROM pricing_order_snapshots
      WHERE order_id = ${body.orderId}`.execute(db)
  ).rows[0];
  if (!row) throw notFound(`no price snapshot for order ${body.orderId}: it was not created with a quote`);
  canSee(row.merchant_id);
  const snap = row.snapshot;
  const byNo = new Map(Object.entries(snap.lineNos).map(([lineId, no]) => [no, lineId]));
  const issues: FieldIssue[] = [];
  const units = body.lines.flatMap((l, i) => {
    const lineId = byNo.get(l.lineNo);
    if (!lineId) {
      issues.push({
        field: `lines.${i}.lineNo`,
        reason: `order ${body.orderId} has no priced line ${l.lineNo}`,
      });
      return [];
    }
    const qty = snap.quote.lines.find((x) => x.lineId === lineId)!.quantity;
    l.units.forEach((u, j) => {
      if (u >= qty)
        issues.push({
          field: `lines.${i}.units.${j}`,
          reason: `line ${l.lineNo} has ${qty} units (0..${qty - 1}), not unit ${u}`,
        });
    });
    if (new Set(l.units).size !== l.units.length)
      issues.push({ field: `lines.${i}.units`, reason: 'lists a unit twice' });
    return [{ lineId, units: l.units }];
  });
  if (issues.length) throw fail(issues);
  const r = refundFor(snap.quote as Quote, units);
  const lineNo = (id: string) => snap.lineNos[id];
  return {
    orderId: body.orderId,
    amount: r.amount,
    bySource: r.bySource.map((a) => ({ ...a, lineNo: lineNo(a.lineId) })),
  };
}
