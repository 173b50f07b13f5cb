import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { cancelled, orderFromQuote, paid, storeOffer, storeTemplate } from '../../../test/pricing.ts';
import { sweepNow } from './index.ts';

let t: TestApp;
const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.req(t.keys.integration!, { method, url, payload: payload as never });
const op = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.req(t.keys.operator!, { method, url, payload: payload as never });
const orders = (...records: unknown[]) => api('POST', '/v1/orders', { records });
const couponStatus = async (id: string) =>
  (
    await sql<{ status: string }>`SELECT status FROM pricing_coupons WHERE id = ${id}`.execute(
      t.ctx.db.kysely,
    )
  ).rows[0]!.status;
const snapshotStatus = async (orderId: string) =>
  (
    await sql<{
      status: string;
    }>`SELECT status FROM pricing_order_snapshots WHERE order_id = ${orderId}`.execute(t.ctx.db.kysely)
  ).rows[0]?.status;
const claim = async (tpl: string, userId: string) =>
  (await api('POST', `/v1/pricing/coupon-templates/${tpl}/claim`, { userId })).body.couponId as string;
const quote = async (userId: string, lines: { skuId: string; quantity: number }[], extra = {}) => {
  const r = await api('POST', '/v1/pricing/quote', { userId, lines, ...extra });
  if (r.status !== 201) throw new Error(`quote failed: ${JSON.stringify(r.body)}`);
  return r.body;
};

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  expect((await op('POST', '/v1/pricing/offers', storeOffer({ id: 'off-s1' }))).status).toBe(201);
  expect(
    (await op('POST', '/v1/pricing/coupon-templates', storeTemplate({ id: 'tpl-s1', perUserLimit: 10 })))
      .status,
  ).toBe(201);
});
afterAll(() => t.close());

describe('quote', () => {
  test('the best price with the store threshold and the coupon; kept 30 minutes', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [
      { skuId: 'k1', quantity: 2 },
      { skuId: 'k2', quantity: 1 },
    ]);
    expect(q.quoteId).toMatch(/^qte_/);
    expect(Date.parse(q.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(q.itemsAmount).toBe(2 * 3990 + 5990);
    // s1: 7980 reaches 满70减10 → 6980, then the ¥10-off-¥60 coupon → 5980; s2 pays its 5990 in full.
    expect(q.stores).toEqual(
      expect.arrayContaining([
        { storeId: 's1', amount: 7980, discount: 2000, paid: 5980 },
        { storeId: 's2', amount: 5990, discount: 0, paid: 5990 },
      ]),
    );
    expect(q.applied.map((a: { id: string }) => a.id).sort()).toEqual([c, 'off-s1'].sort());
    const row = await sql<{
      status: string;
    }>`SELECT status FROM pricing_quotes WHERE id = ${q.quoteId}`.execute(t.ctx.db.kysely);
    expect(row.rows[0]!.status).toBe('open');
  });

  test('the answer explains what was not used; the stored quote keeps only what locking needs', async () => {
    await claim('tpl-s1', 'u1');
    // k1 × 1 = ¥39.90: short of the store threshold and of the coupon's minimum.
    const q = await quote('u1', [{ skuId: 'k1', quantity: 1 }]);
    expect(q.notUsed.length).toBeGreaterThan(0);
    expect(q.notUsed.map((n: { id: string }) => n.id)).toContain('off-s1');
    const stored = (
      await sql<{
        result: Record<string, unknown>;
      }>`SELECT result FROM pricing_quotes WHERE id = ${q.quoteId}`.execute(t.ctx.db.kysely)
    ).rows[0]!.result;
    expect(stored).toEqual({ ...q, quoteId: undefined, expiresAt: undefined, notUsed: [] });
  });

  test('unknown SKUs, foreign coupons and anonymous coupons are 422 naming the field', async () => {
    const r = await api('POST', '/v1/pricing/quote', {
      userId: 'u1',
      lines: [
        { skuId: 'k1', quantity: 1 },
        { skuId: 'nope', quantity: 1 },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ field: 'lines.1.skuId', reason: 'unknown sku nope' }]);
    const foreign = await api('POST', '/v1/pricing/quote', {
      userId: 'u2',
      lines: [{ skuId: 'k1', quantity: 1 }],
      couponIds: ['cpn_x'],
    });
    expect(foreign.body.errors[0].field).toBe('couponIds.0');
    const anon = await api('POST', '/v1/pricing/quote', {
      lines: [{ skuId: 'k1', quantity: 1 }],
      usePoints: true,
    });
    expect(anon.body.errors[0].field).toBe('usePoints');
  });
});

describe('orders created with a quote', () => {
  test('quote → order locks the store share and reserves the coupon → paid redeems it; stats count it', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const o = orderFromQuote('po-1', q, 's1', 'u1');
    const r = await orders(o);
    expect(r.status).toBe(200);
    expect(r.body.created).toBe(1);
    expect(await couponStatus(c)).toBe('reserved');
    expect(await snapshotStatus('po-1')).toBe('held');
    const wallet = await api('GET', '/v1/pricing/wallet/u1');
    expect(wallet.body.reserved.map((x: { couponId: string }) => x.couponId)).toEqual([c]);

    expect((await orders(paid(o))).body.updated).toBe(1);
    await t.ctx.dispatcher.drain();
    expect(await couponStatus(c)).toBe('redeemed');
    expect(await snapshotStatus('po-1')).toBe('paid');

    const offer = await op('GET', '/v1/pricing/offers/off-s1/stats');
    expect(offer.body).toMatchObject({
      orders: 1,
      units: 2,
      discount: 1000,
      merchantFunded: 1000,
      gmv: 5980,
    });
    const tpl = await op('GET', '/v1/pricing/coupon-templates/tpl-s1/stats');
    expect(tpl.body).toMatchObject({ redeemed: 1, orders: 1, discount: 1000, gmv: 5980 });
  });

  test('each store order of a checkout locks its own share of one quote; a share locks once', async () => {
    const q = await quote('u2', [
      { skuId: 'k1', quantity: 1 },
      { skuId: 'k2', quantity: 1 },
    ]);
    const a = orderFromQuote('po-2a', q, 's1', 'u2');
    const b = orderFromQuote('po-2b', q, 's2', 'u2');
    expect((await orders(a, b)).body.created).toBe(2);
    const again = await orders({ ...a, id: 'po-2c' });
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({
      id: 'po-2c',
      field: 'pricing.quoteId',
      reason: expect.stringContaining('already locked by order po-2a'),
    });
  });

  test('an order that does not match its quote is rejected with the precise field; nothing is locked', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const good = orderFromQuote('po-3', q, 's1', 'u1');
    const wrongDiscount = {
      ...good,
      lines: [{ ...good.lines[0]!, discount: good.lines[0]!.discount - 100 }],
      discountAmount: good.discountAmount - 100,
      payAmount: good.payAmount + 100,
    };
    const r = await orders(wrongDiscount);
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'discountAmount',
      'lines.0.discount',
      'payAmount',
    ]);
    const wrongBuyer = await orders({ ...good, consumerId: 'u2' });
    expect(wrongBuyer.body.errors).toEqual([
      expect.objectContaining({
        field: 'consumerId',
        reason: expect.stringContaining('made for consumer u1'),
      }),
    ]);
    const qty = await orders({
      ...good,
      lines: [{ ...good.lines[0]!, quantity: 3, discount: 0 }],
      itemsAmount: 3 * 3990,
      discountAmount: 0,
      payAmount: 3 * 3990,
    });
    expect(qty.body.errors.map((e: { field: string }) => e.field)).toContain('lines.0.quantity');
    const late = await orders({ ...good, createdAt: new Date(Date.now() + 31 * 60_000).toISOString() });
    expect(late.body.errors[0]).toMatchObject({
      field: 'pricing.quoteId',
      reason: expect.stringContaining('expired'),
    });
    const unknown = await orders({ ...good, pricing: { quoteId: 'qte_nope' } });
    expect(unknown.body.errors[0]).toMatchObject({
      field: 'pricing.quoteId',
      reason: 'unknown quote qte_nope',
    });
    expect(await couponStatus(c)).toBe('available');
    expect(await snapshotStatus('po-3')).toBeUndefined();
    const none = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE id = 'po-3'`.execute(
      t.ctx.db.kysely,
    );
    expect(none.rows[0]!.n).toBe(0);
  });

  test('a coupon already reserved by another order rejects the second order', async () => {
    const c = await claim('tpl-s1', 'u1');
    const first = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const second = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    expect((await orders(orderFromQuote('po-4a', first, 's1', 'u1'))).status).toBe(200);
    const r = await orders(orderFromQuote('po-4b', second, 's1', 'u1'));
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toMatchObject({
      id: 'po-4b',
      field: 'pricing.quoteId',
      reason: expect.stringContaining(`coupon ${c} is already reserved by order po-4a`),
    });
  });

  test('cancel releases the coupon; it can be used again', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const o = orderFromQuote('po-5', q, 's1', 'u1');
    await orders(o);
    expect(await couponStatus(c)).toBe('reserved');
    await orders(cancelled(o));
    await t.ctx.dispatcher.drain();
    expect(await couponStatus(c)).toBe('available');
    expect(await snapshotStatus('po-5')).toBe('cancelled');
    const again = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    expect((await orders(orderFromQuote('po-5b', again, 's1', 'u1'))).status).toBe(200);
    expect(await couponStatus(c)).toBe('reserved');
  });

  test('the sweeper releases reservations of orders unpaid after the timeout; a late payment takes them again', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const o = orderFromQuote('po-6', q, 's1', 'u1');
    await orders(o);
    expect((await sweepNow(t.ctx)).released).toBe(0);
    const swept = await sweepNow(t.ctx, new Date(Date.now() + 31 * 60_000));
    expect(swept.released).toBeGreaterThanOrEqual(1);
    expect(await couponStatus(c)).toBe('available');
    expect(await snapshotStatus('po-6')).toBe('expired');
    await orders(paid(o));
    await t.ctx.dispatcher.drain();
    expect(await couponStatus(c)).toBe('redeemed');
    expect(await snapshotStatus('po-6')).toBe('paid');
  });

  test('a full refund returns the coupon while it is still valid; refunds preview from the snapshot', async () => {
    const c = await claim('tpl-s1', 'u1');
    const q = await quote('u1', [{ skuId: 'k1', quantity: 2 }], { couponIds: [c] });
    const o = paid(orderFromQuote('po-7', q, 's1', 'u1'));
    expect((await orders(o)).body.created).toBe(1);
    await t.ctx.dispatcher.drain();
    expect(await couponStatus(c)).toBe('redeemed');

    const preview = await api('POST', '/v1/pricing/refunds/preview', {
      orderId: 'po-7',
      lines: [{ lineNo: 1, units: [0] }],
    });
    expect(preview.status).toBe(200);
    expect(preview.body.amount).toBe(o.payAmount / 2);
    const bad = await api('POST', '/v1/pricing/refunds/preview', {
      orderId: 'po-7',
      lines: [{ lineNo: 1, units: [2] }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('lines.0.units.0');

    const at = new Date(Date.parse(o.paidAt) + 60_000).toISOString();
    const refund = {
      id: 'as-7',
      orderId: 'po-7',
      type: 'refund_only',
      reasonCode: 'changed_mind',
      amount: o.payAmount,
      status: 'refunded',
      requestedAt: at,
      resolvedAt: at,
      refundedAt: at,
    };
    expect((await api('POST', '/v1/after-sales', { records: [refund] })).status).toBe(200);
    await t.ctx.dispatcher.drain();
    expect(await couponStatus(c)).toBe('available');
    expect(await snapshotStatus('po-7')).toBe('refunded');
    const tpl = await op('GET', '/v1/pricing/coupon-templates/tpl-s1/stats');
    expect(tpl.body.returned).toBe(1);
  });

  test('a merchant cannot preview refunds of another merchant’s order', async () => {
    const m2 = await t.key('merchant', 'm2');
    const r = await t.req(m2, {
      method: 'POST',
      url: '/v1/pricing/refunds/preview',
      payload: { orderId: 'po-7', lines: [{ lineNo: 1, units: [0] }] } as never,
    });
    expect(r.status).toBe(403);
  });
});

describe('listing prices and add-ons', () => {
  beforeAll(async () => {
    const product = {
      id: 'p3',
      storeId: 's1',
      categoryId: 'c111',
      title: 'Cashews 200g',
      listedAt: new Date().toISOString(),
      skus: [{ id: 'k4', price: 1200, stock: 10 }],
    };
    expect((await api('POST', '/v1/catalog/products', { records: [product] })).status).toBe(200);
    const cut = storeOffer({
      id: 'off-k2',
      merchantId: 'm2',
      kind: 'price_cut',
      scope: { storeIds: ['s2'], skuIds: ['k2'] },
      rule: { type: 'off', off: 500 },
    });
    expect((await op('POST', '/v1/pricing/offers', cut)).status).toBe(201);
    const noThreshold = storeTemplate({
      id: 'tpl-s2',
      merchantId: 'm2',
      scope: { storeIds: ['s2'] },
      rule: { type: 'amount', min: 0, off: 300 },
    });
    expect((await op('POST', '/v1/pricing/coupon-templates', noThreshold)).status).toBe(201);
  });

  test('券后价 for an anonymous buyer: item offers and claimable coupons, in batch', async () => {
    const r = await api('POST', '/v1/pricing/listing-prices', { skuIds: ['k2', 'k3'] });
    expect(r.status).toBe(200);
    const [k2, k3] = r.body.items;
    expect(k2).toMatchObject({ skuId: 'k2', itemPrice: 5490, price: 5190, offerIds: ['off-k2'] });
    expect(k2.couponIds).toEqual(['template:tpl-s2']);
    expect(k3).toMatchObject({ skuId: 'k3', itemPrice: 9900, price: 9600 });
    const bad = await api('POST', '/v1/pricing/listing-prices', { skuIds: ['k2', 'zz'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('skuIds.1');
  });

  test('凑单: the gap to the next tier with SKUs of the store that fill it', async () => {
    const r = await api('POST', '/v1/pricing/add-ons', { lines: [{ skuId: 'k1', quantity: 1 }] });
    expect(r.status).toBe(200);
    const s = r.body.suggestions.find((x: { id: string }) => x.id === 'off-s1');
    expect(s).toMatchObject({ sourceType: 'offer', basis: 3990, nextMin: 5000, gap: 1010 });
    expect(s.items.map((i: { skuId: string }) => i.skuId)).toContain('k4');
  });

  test('a merchant may simulate prices for an anonymous buyer only', async () => {
    const m1 = await t.key('merchant', 'm1');
    const anon = await t.req(m1, {
      method: 'POST',
      url: '/v1/pricing/quote',
      payload: { lines: [{ skuId: 'k1', quantity: 2 }] } as never,
    });
    expect(anon.status).toBe(201);
    const named = await t.req(m1, {
      method: 'POST',
      url: '/v1/pricing/quote',
      payload: { userId: 'u1', lines: [{ skuId: 'k1', quantity: 2 }] } as never,
    });
    expect(named.status).toBe(403);
  });
});

describe('flash sales through orders', () => {
  test('an order holds its flash units, payment sells them, a cancel puts them back; limits hold', async () => {
    const flash = storeOffer({
      id: 'off-flash-k3',
      merchantId: 'm2',
      kind: 'flash_sale',
      scope: { storeIds: ['s2'], skuIds: ['k3'] },
      rule: { type: 'price', price: 4900 },
      stockLeft: 3,
      perUserLimit: 2,
    });
    expect((await op('POST', '/v1/pricing/offers', flash)).status).toBe(201);
    const stock = async () => {
      const o = (await op('GET', '/v1/pricing/offers/off-flash-k3')).body;
      return { left: o.stockLeft, sold: o.sold };
    };
    const q1 = await quote('u1', [{ skuId: 'k3', quantity: 2 }]);
    expect(q1.lines[0].parts).toEqual([
      expect.objectContaining({ quantity: 2, itemOfferId: 'off-flash-k3' }),
    ]);
    const o1 = orderFromQuote('pf-1', q1, 's2', 'u1');
    expect((await orders(o1)).status).toBe(200);
    expect(await stock()).toEqual({ left: 1, sold: 0 });
    // u1 holds their 2 allowed units: a new quote prices no unit at the flash price.
    const again = await quote('u1', [{ skuId: 'k3', quantity: 1 }]);
    expect(
      again.lines[0].parts.every((p: { itemOfferId?: string }) => p.itemOfferId !== 'off-flash-k3'),
    ).toBe(true);
    // u2 quotes while one unit is left, u1's order is paid, u2 orders the last unit.
    const q2 = await quote('u2', [{ skuId: 'k3', quantity: 1 }]);
    const q3 = await quote('u2', [{ skuId: 'k3', quantity: 1 }]);
    await orders(paid(o1));
    await t.ctx.dispatcher.drain();
    expect(await stock()).toEqual({ left: 1, sold: 2 });
    const o2 = orderFromQuote('pf-2', q2, 's2', 'u2');
    expect((await orders(o2)).status).toBe(200);
    expect(await stock()).toEqual({ left: 0, sold: 2 });
    // A second quote taken while stock was left cannot be ordered once it is gone.
    const late = await orders(orderFromQuote('pf-3', q3, 's2', 'u2'));
    expect(late.status).toBe(422);
    expect(late.body.errors[0].reason).toContain('flash sale off-flash-k3 has 0 units left');
    expect((await orders(cancelled(o2))).status).toBe(200);
    await t.ctx.dispatcher.drain();
    expect(await stock()).toEqual({ left: 1, sold: 2 });
  });
});
