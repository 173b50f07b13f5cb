import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { commissionWorld, creatorOrder, delivered, orders, refund } from './commissions.fixture.ts';
import { settleMonth } from './index.ts';

let t: TestApp;
const db = () => t.ctx.db.kysely;
const op = () => t.keys.operator!;
const line = async (orderId: string) =>
  (
    await sql<
      Record<string, unknown>
    >`SELECT * FROM commission_lines WHERE order_id = ${orderId} AND line_no = 1`.execute(db())
  ).rows[0]!;
const recon = async (orderId: string) =>
  (await t.req(op(), { method: 'GET', url: `/v1/commissions/reconciliation?orderId=${orderId}` })).body;
const ingest = async (recs: unknown[]) => {
  const r = await orders.post(t, recs);
  expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
  await t.ctx.dispatcher.drain();
};

beforeAll(async () => {
  t = await testApp();
  await commissionWorld(t);
});
afterAll(() => t.close());

describe('fraud rules and special orders', () => {
  test('self-purchase through a registered shopper account is invalid when the policy forbids it', async () => {
    await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { selfPurchasePolicy: 'forbid' },
    });
    const s = await t.req(op(), {
      method: 'PUT',
      url: '/v1/commissions/shoppers',
      payload: { partyType: 'creator', partyId: 'cr1', consumerIds: ['u2'] },
    });
    expect(s.body).toEqual({ partyType: 'creator', partyId: 'cr1', consumerIds: ['u2'] });
    await ingest([creatorOrder('sp1', {}, { consumerId: 'u2' })]);
    expect(await line('sp1')).toMatchObject({
      status: 'invalid',
      invalid_reason: 'self_purchase',
      commission: 0,
      review: null,
    });
    // the merchant keeps the commission; the platform still takes its transaction fee (5% of 7480)
    expect(await recon('sp1')).toMatchObject({
      merchant: 7480 - 374,
      creator: 0,
      balanced: true,
      ledgerMatches: true,
    });
    await t.req(op(), {
      method: 'PUT',
      url: '/v1/commissions/shoppers',
      payload: { partyType: 'creator', partyId: 'cr1', consumerIds: [] },
    });
    await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { selfPurchasePolicy: 'review' },
    });
  });

  test('more units than the category cap go to review; an operator clears them', async () => {
    await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { categoryCaps: { c1: 1 } },
    });
    await ingest([creatorOrder('qc1')]);
    expect(await line('qc1')).toMatchObject({
      status: 'estimated',
      review: 'pending',
      review_reasons: ['quantity_cap'],
    });
    const r = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/review/qc1/1',
      payload: { action: 'clear', reason: 'checked with the buyer' },
    });
    expect(r.body).toMatchObject({ review: 'cleared', replayed: false });
    expect(await line('qc1')).toMatchObject({ status: 'estimated', review: 'cleared', commission: 1496 });
    const bad = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/review/qc1/1',
      payload: { action: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.req(op(), {
          method: 'POST',
          url: '/v1/commissions/review/nope/1',
          payload: { action: 'clear', reason: 'checked with the buyer' },
        })
      ).status,
    ).toBe(404);
    await t.req(op(), { method: 'PATCH', url: '/v1/commissions/settings', payload: { categoryCaps: {} } });
  });

  test('a consumer with refunds piling up before the order is flagged for refund farming', async () => {
    const prior = ['rfa', 'rfb', 'rfc'].map((id) => paidOrder(id, { consumerId: 'u2' }));
    await ingest(prior);
    const r = await orders.afterSale(
      t,
      prior.map((o) => refund(`as-${o.id}`, o.id, 1000, 1, 30)),
    );
    expect(r.status).toBe(200);
    await ingest([
      creatorOrder(
        'rf4',
        {},
        {
          consumerId: 'u2',
          createdAt: at(60),
          paidAt: at(65),
          payments: [{ id: 'rf4-pay', kind: 'full', amount: 7480, paidAt: at(65) }],
        },
      ),
    ]);
    expect((await line('rf4')).review_reasons).toEqual(['refund_farming']);
    // the organic orders had no party: refunds reduce the merchant's share only, and every order still balances
    for (const o of prior)
      expect(await recon(o.id)).toMatchObject({ refunds: 1000, balanced: true, ledgerMatches: true });
  });

  test('an order that is the parent of split orders earns no commission (split_parent)', async () => {
    await ingest([creatorOrder('par1'), creatorOrder('kid1', {}, { parentId: 'par1' })]);
    expect(await line('par1')).toMatchObject({
      status: 'invalid',
      invalid_reason: 'split_parent',
      commission: 0,
    });
    expect(await line('kid1')).toMatchObject({ status: 'estimated', commission: 1496 });
  });

  test('a platform-funded discount is credited to the merchant and the order still balances', async () => {
    const o = creatorOrder('sub1');
    expect((await orders.post(t, [o])).status).toBe(200);
    await sql`INSERT INTO pricing_allocations (order_id, line_no, source_type, source_id, layer, amount, platform_funded,
        merchant_funded, merchant_id, store_id)
      VALUES ('sub1', 1, 'coupon', 'cp1', 'coupons', 500, 500, 0, 'm1', 's1')`.execute(db());
    await t.ctx.dispatcher.drain();
    // tx fee on sales incl. the subsidy: 5% of 7980 = 399; merchant 7480 + 500 − 1496 − 399
    expect(await line('sub1')).toMatchObject({ subsidy: 500, transaction_fee: 399, merchant_amount: 6085 });
    expect(await recon('sub1')).toMatchObject({
      buyerPaid: 7480,
      platform: { serviceFee: 150, transactionFee: 399, subsidy: 500, net: 49 },
      balanced: true,
      ledgerMatches: true,
    });
  });

  test('a team leader sees its override among its own commission lines; another promoter does not', async () => {
    await ingest([
      paidOrder('tl1', { source: { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' } }),
    ]);
    const pl1 = await t.key('promoter', 'pl1');
    const r = await t.req(pl1, {
      method: 'GET',
      url: '/v1/commissions/orders?partyType=promoter&partyId=pl1',
    });
    expect(r.body.items).toEqual([expect.objectContaining({ orderId: 'tl1', share: 135 })]);
    const pr1 = await t.key('promoter', 'pr1');
    expect(
      (await t.req(pr1, { method: 'GET', url: '/v1/commissions/orders?partyType=promoter&partyId=pl1' }))
        .status,
    ).toBe(403);
    const mine = await t.req(pr1, {
      method: 'GET',
      url: '/v1/commissions/orders?partyType=promoter&partyId=pr1&limit=1',
    });
    expect(mine.body.items).toEqual([expect.objectContaining({ orderId: 'tl1', share: 1211 })]);
  });

  test('invalid lines settle their merchant share; a line completed after a run settles in the next month', async () => {
    await ingest([delivered(creatorOrder('sp1', {}, { consumerId: 'u2' }))]);
    await settleMonth(t.ctx, '2026-11', new Date('2026-12-21T00:00:00Z'));
    expect(await line('sp1')).toMatchObject({
      status: 'invalid',
      settle_month: '2026-11',
      merchant_amount: 7480 - 374,
    });
    // delivered in November, but its completion reaches the engine only after November was settled
    await ingest([delivered(creatorOrder('late1'))]);
    const l = await line('late1');
    expect(l).toMatchObject({ status: 'completed', settle_month: null });
    // made settleable no earlier than November's cut-off, its settlement day
    expect(new Date(l.settleable_at as string).toISOString()).toBe('2026-12-19T16:00:00.000Z');
    await settleMonth(t.ctx, '2026-12', new Date('2027-01-21T00:00:00Z'));
    expect(await line('late1')).toMatchObject({ status: 'settled', settle_month: '2026-12' });
  });

  test('a free order (nothing paid, no platform money) has no ledger posting and still completes', async () => {
    const free = creatorOrder(
      'free1',
      {},
      {
        lines: [{ lineNo: 1, skuId: 'k1', quantity: 1, unitPrice: 3990, discount: 3990 }],
        itemsAmount: 3990,
        discountAmount: 3990,
        payAmount: 0,
        payments: [],
      },
    );
    await ingest([free]);
    await ingest([delivered(free)]);
    expect(await line('free1')).toMatchObject({ status: 'completed', commission: 0, merchant_amount: 0 });
    expect(await recon('free1')).toMatchObject({
      buyerPaid: 0,
      balanced: true,
      ledgerMatches: true,
      transactions: [],
    });
  });

  test('a share code that names no link falls back to the last click', async () => {
    await sql`INSERT INTO share_clicks (link_id, code, party_type, party_id, consumer_id, store_id, clicked_at)
      VALUES ('lnk1', 'PR1CODE', 'promoter', 'pr1', 'u1', 's1', ${new Date(Date.parse(at(5)) - 3_600_000)})`.execute(
      db(),
    );
    await ingest([
      paidOrder('nolink', { source: { scene: 'share', channel: 'organic', shareCode: 'NOPE' } }),
    ]);
    expect(await line('nolink')).toMatchObject({ party_type: 'promoter', party_id: 'pr1', review: null });
    const o = await sql<{
      source: string;
    }>`SELECT source FROM commission_orders WHERE order_id = 'nolink'`.execute(db());
    expect(o.rows[0]!.source).toBe('last_click');
  });
});
