import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../core/auth.ts';
import { loadCatalog, T0 } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { orderFromQuote, paid } from '../../../test/pricing.ts';
import { createCampaign, respond } from './campaigns.service.ts';
import { settleAll } from './funding.service.ts';

/**
 * A running cross-store campaign (set up through the services with a clock two hours back): the detail-page
 * link, the shared decoration, the pool and its cart quote, paid orders settled by shares on the ledger, and
 * the shared dashboard.
 */
let t: TestApp;
let m1: string;
let m2: string;
let m3: string;
let m4: string;
const HOUR = 3_600_000;
const merchant = (id: string): Principal => ({
  role: 'merchant',
  partyId: id,
  subject: `t-${id}`,
  via: 'api_key',
});
const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.req(token, { method, url, ...(payload === undefined ? {} : { payload: payload as never }) });
const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  call(t.keys.integration!, method, url, payload);

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) => api('POST', url, payload));
  await api('POST', '/v1/catalog/merchants', {
    records: [
      { id: 'm3', name: 'Glass House', type: 'pop', onboardedAt: '2026-01-01' },
      { id: 'm4', name: 'Tiny Shop', type: 'pop', onboardedAt: '2026-01-01' },
    ],
  });
  await api('POST', '/v1/catalog/stores', {
    records: [
      {
        id: 's3',
        merchantId: 'm3',
        name: 'Glass House Store',
        mainCategoryId: 'c11',
        openedAt: '2026-01-02',
      },
      { id: 's4', merchantId: 'm4', name: 'Tiny Shop Store', openedAt: '2026-01-02' },
    ],
  });
  await api('POST', '/v1/catalog/products', {
    records: [
      {
        id: 'p3',
        storeId: 's3',
        categoryId: 'c111',
        title: 'Wine glasses',
        listedAt: T0,
        skus: [{ id: 'k4', price: 12000, stock: 20 }],
      },
      {
        id: 'p4',
        storeId: 's4',
        categoryId: 'c111',
        title: 'Spoon',
        listedAt: T0,
        skus: [{ id: 'k5', price: 900, stock: 20 }],
      },
    ],
  });
  [m1, m2, m3, m4] = (await Promise.all(['m1', 'm2', 'm3', 'm4'].map((m) => t.key('merchant', m)))) as [
    string,
    string,
    string,
    string,
  ];
  const past = new Date(Date.now() - 2 * HOUR);
  const db = t.ctx.db;
  const c = await createCampaign(
    db,
    merchant('m1'),
    {
      id: 'jc-run',
      type: 'cross_store_threshold',
      name: 'Nut and glass week',
      nameZh: '坚果酒杯周',
      storeId: 's1',
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString(),
      rules: { rule: { type: 'amount_tiers', tiers: [{ min: 10000, off: 2000 }] } },
      funding: { mode: 'shares', organiserShareBp: 5000 },
      decoration: {
        theme: 'autumn',
        bannerText: 'Autumn together',
        bannerTextZh: '秋日同行',
        color: '#aa5500',
        giftWrap: true,
        giftWrapFee: 0,
      },
      invite: ['s2', 's3'],
    },
    past,
  );
  expect(c.status).toBe(201);
  await respond(db, merchant('m2'), 'jc-run', 's2', 'accept', { shareBp: 3000 }, past);
  await respond(db, merchant('m3'), 'jc-run', 's3', 'accept', { shareBp: 2000 }, past);
}, 120_000);
afterAll(() => t?.close());

describe('a running campaign', () => {
  test('is running; participants can no longer change and the organiser cannot cancel', async () => {
    const v = await call(m1, 'GET', '/v1/joint/campaigns/jc-run');
    expect(v.body).toMatchObject({
      status: 'running',
      counts: { accepted: 3 },
      pricing: { offerId: 'jnt-off-jc-run' },
    });
    const rm = await call(m1, 'POST', '/v1/joint/campaigns/jc-run/participants/s3/remove', {});
    expect(rm.status).toBe(409);
    expect(rm.body.errors[0]).toMatchObject({ code: 'not_inviting', params: { status: 'running' } });
    const cancel = await call(m1, 'POST', '/v1/joint/campaigns/jc-run/cancel');
    expect(cancel.status).toBe(409);
    expect(cancel.body.errors[0].code).toBe('already_started');
  });

  test('detail-page link and shared decoration of participating products and stores', async () => {
    const link = await api('GET', '/v1/joint/products/p3/link');
    expect(link.body).toEqual({
      link: {
        campaignId: 'jc-run',
        type: 'cross_store_threshold',
        name: 'Nut and glass week',
        nameZh: '坚果酒杯周',
        headline: '¥20 off ¥100 across stores',
        headlineZh: '跨店满100减20',
        endsAt: expect.any(String),
        poolPath: '/v1/joint/campaigns/jc-run/pool',
      },
    });
    expect((await api('GET', '/v1/joint/products/p4/link')).body).toEqual({ link: null });
    expect((await api('GET', '/v1/joint/products/nope/link')).status).toBe(404);
    const deco = await call(m2, 'GET', '/v1/joint/stores/s2/decoration');
    expect(deco.body.decoration).toMatchObject({
      campaignId: 'jc-run',
      theme: 'autumn',
      giftWrap: true,
      bannerTextZh: '秋日同行',
    });
    expect((await api('GET', '/v1/joint/stores/s4/decoration')).body).toEqual({ decoration: null });
  });

  test('the pool lists the accepted stores’ products with prices; its cart quote applies the cross-store threshold', async () => {
    const pool = await api('GET', '/v1/joint/campaigns/jc-run/pool?userId=u1');
    expect(pool.status, JSON.stringify(pool.body)).toBe(200);
    expect(['traffic', 'popularity']).toContain(pool.body.ranking);
    expect(pool.body.items.map((i: { productId: string }) => i.productId).sort()).toEqual(['p1', 'p2', 'p3']);
    const p3 = pool.body.items.find((i: { productId: string }) => i.productId === 'p3');
    expect(p3).toMatchObject({
      storeId: 's3',
      storeName: 'Glass House Store',
      listPrice: 12000,
      categoryId: 'c111',
    });
    expect(p3.price).toBeLessThanOrEqual(12000);
    expect((await call(m4, 'GET', '/v1/joint/campaigns/jc-run/pool')).status).toBe(403);
    expect((await call(m2, 'GET', '/v1/joint/campaigns/jc-run/pool?userId=u1')).status).toBe(200);

    const outside = await api('POST', '/v1/joint/campaigns/jc-run/cart-quote', {
      userId: 'u1',
      lines: [
        { skuId: 'k1', quantity: 1 },
        { skuId: 'k5', quantity: 1 },
        { skuId: 'kx', quantity: 1 },
      ],
    });
    expect(outside.status).toBe(422);
    expect(outside.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'lines.1.skuId:not_in_pool',
      'lines.2.skuId:unknown_sku',
    ]);
    const quote = await api('POST', '/v1/joint/campaigns/jc-run/cart-quote', {
      userId: 'u1',
      lines: [
        { skuId: 'k1', quantity: 2 },
        { skuId: 'k2', quantity: 1 },
      ],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    expect(quote.body.itemsAmount).toBe(2 * 3990 + 5990);
    expect(quote.body.payAmount).toBe(2 * 3990 + 5990 - 2000);
  });

  test('paid orders are settled by shares on the ledger, once, exact to the fen', async () => {
    const quote = (
      await api('POST', '/v1/pricing/quote', {
        userId: 'u1',
        lines: [
          { skuId: 'k1', quantity: 2 },
          { skuId: 'k2', quantity: 1 },
        ],
      })
    ).body;
    const createdAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const orders = ['s1', 's2'].map((s) => orderFromQuote(`jo-${s}`, quote, s, 'u1', { createdAt }));
    expect((await api('POST', '/v1/orders', { records: orders })).status).toBe(200);
    expect((await api('POST', '/v1/orders', { records: orders.map(paid) })).body.updated).toBe(2);
    await t.ctx.dispatcher.drain();

    const s = await call(m2, 'GET', '/v1/joint/campaigns/jc-run/settlement');
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({
      mode: 'shares',
      orders: 2,
      settledOrders: 0,
      totalDiscount: 2000,
      merchantFunded: 2000,
    });
    const parts = s.body.participants as {
      merchantId: string;
      fundedByLines: number;
      owedByShare: number;
      transfer: number;
    }[];
    expect(parts.map((p) => p.merchantId)).toEqual(['m1', 'm2', 'm3']);
    expect(parts.reduce((a, p) => a + p.transfer, 0)).toBe(0);
    expect(parts.reduce((a, p) => a + p.owedByShare, 0)).toBe(2000);
    for (const [i, p] of parts.entries())
      expect(Math.abs(p.owedByShare - [1000, 600, 400][i]!)).toBeLessThanOrEqual(1);
    expect(parts[2]).toMatchObject({ fundedByLines: 0, transfer: parts[2]!.owedByShare });

    expect((await call(m1, 'POST', '/v1/joint/campaigns/jc-run/settle')).status).toBe(403);
    expect((await call(m4, 'GET', '/v1/joint/campaigns/jc-run/settlement')).status).toBe(403);
    const settled = await call(t.keys.operator!, 'POST', '/v1/joint/campaigns/jc-run/settle');
    expect(settled.body.settledOrders).toBe(2);
    expect(settled.body.participants).toEqual(parts);
    await settleAll(t.ctx.db);
    await call(t.keys.operator!, 'POST', '/v1/joint/campaigns/jc-run/settle');
    const txs = await q<{ key: string; n: number; total: number }>(sql`SELECT t.key, count(e.*)::int AS n,
        sum(e.amount)::bigint AS total FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id
      WHERE t.kind = 'joint.funding' GROUP BY t.key ORDER BY t.key`);
    expect(txs.map((x) => [x.key, x.n, Number(x.total)])).toEqual([
      ['joint.funding:jc-run:jo-s1', 3, 0],
      ['joint.funding:jc-run:jo-s2', 3, 0],
    ]);
    // What the ledger moved per merchant is the settlement's transfer.
    const per = await q<{
      account: string;
      amount: number;
    }>(sql`SELECT a.name AS account, sum(e.amount)::bigint AS amount
      FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN ledger_transactions t ON t.id = e.tx_id
      WHERE t.kind = 'joint.funding' GROUP BY a.name ORDER BY a.name`);
    expect(per.map((r) => Number(r.amount))).toEqual(parts.map((p) => p.transfer));
  });

  test('the dashboard shows each participant’s aggregates, no user ids', async () => {
    const d = await call(m3, 'GET', '/v1/joint/campaigns/jc-run/dashboard');
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.totals).toMatchObject({
      orders: 2,
      buyers: 1,
      discount: 2000,
      gmv: 2 * 3990 + 5990 - 2000,
    });
    const by = Object.fromEntries(d.body.participants.map((p: { storeId: string }) => [p.storeId, p]));
    expect(by.s1).toMatchObject({ orders: 1, buyers: 1, merchantId: 'm1', storeName: 'Hill Foods Flagship' });
    expect(by.s3).toMatchObject({ orders: 0, gmv: 0, discount: 0 });
    expect(d.body.daily.reduce((a: number, x: { orders: number }) => a + x.orders, 0)).toBe(2);
    expect(JSON.stringify(d.body)).not.toContain('u1');
    expect((await call(m4, 'GET', '/v1/joint/campaigns/jc-run/dashboard')).status).toBe(403);
  });
});
