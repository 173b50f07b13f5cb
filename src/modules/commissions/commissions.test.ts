import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { balances } from '../ledger/index.ts';
import { commissionWorld, creatorOrder, delivered, orders, refund } from './commissions.fixture.ts';
import { settleDue, settleMonth } from './index.ts';
import { processOrderEvents } from './run.ts';

let t: TestApp;
const db = () => t.ctx.db.kysely;
const drain = () => t.ctx.dispatcher.drain();
const op = () => t.keys.operator!;
const get = (token: string, url: string) => t.req(token, { method: 'GET', url });
const lines = async (orderId: string) =>
  (
    await sql<
      Record<string, unknown>
    >`SELECT * FROM commission_lines WHERE order_id = ${orderId} ORDER BY line_no`.execute(db())
  ).rows;
const recon = async (orderId: string) =>
  (await get(op(), `/v1/commissions/reconciliation?orderId=${orderId}`)).body;
const DEC_21 = new Date('2026-12-21T00:00:00Z');

beforeAll(async () => {
  t = await testApp();
  await commissionWorld(t);
});
afterAll(() => t.close());

describe('estimate at payment', () => {
  test('a live-session order goes to its host; agency and fees split the line exactly; pending in the ledger', async () => {
    expect((await orders.post(t, [creatorOrder('o1')])).status).toBe(200);
    await drain();
    const [l] = await lines('o1');
    // 7480 × 20% = 1496; service fee 10% = 150; net 1346 → agency 30% 404 (largest remainder), creator 942;
    // transaction fee 5% of 7480 = 374; merchant 7480 − 1496 − 374 = 5610.
    expect(l).toMatchObject({
      party_type: 'creator',
      party_id: 'cr1',
      agency_id: 'ag1',
      plan_id: 'open-m1',
      rate_bp: 2000,
      status: 'estimated',
      estimated_commission: 1496,
      commission: 1496,
      service_fee: 150,
      agency_amount: 404,
      party_amount: 942,
      transaction_fee: 374,
      merchant_amount: 5610,
    });
    const o = (
      await sql<
        Record<string, unknown>
      >`SELECT source, cross_store, ledger_state FROM commission_orders WHERE order_id = 'o1'`.execute(db())
    ).rows[0];
    expect(o).toEqual({ source: 'live_host', cross_store: false, ledger_state: 'pending' });
    const b = await balances(db(), ['creator:cr1:pending', 'agency:ag1:pending', 'merchant:m1:payable']);
    expect(b.get('creator:cr1:pending')).toEqual({ posted: 0, pending: -942 });
    expect(b.get('agency:ag1:pending')).toEqual({ posted: 0, pending: -404 });
    const r = await recon('o1');
    expect(r).toMatchObject({
      buyerPaid: 7480,
      merchant: 5610,
      creator: 942,
      agency: 404,
      balanced: true,
      ledgerMatches: true,
    });
    expect(r.platform).toEqual({ serviceFee: 150, transactionFee: 374, subsidy: 0, net: 524 });
  });

  test('the same order events delivered three times post once', async () => {
    const ev = { id: 1, topic: 'order.created', aggregateId: 'o1', payload: {}, createdAt: new Date() };
    for (let i = 0; i < 3; i++) await processOrderEvents(db(), [ev, ev]);
    expect((await recon('o1')).transactions).toEqual([
      { key: 'commission:estimate:o1:v1', kind: 'commission.estimate', pending: true, resolution: null },
    ]);
    const b = await balances(db(), ['creator:cr1:pending']);
    expect(b.get('creator:cr1:pending')).toEqual({ posted: 0, pending: -942 });
  });

  test('a share code attributes to its promoter, with the team leader override out of the net commission', async () => {
    await orders.post(t, [
      paidOrder('o2', { source: { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' } }),
    ]);
    await drain();
    const [l] = await lines('o2');
    // net 1346 → leader 10% = 135 (largest remainder of 134.6), promoter 1211
    expect(l).toMatchObject({
      party_type: 'promoter',
      party_id: 'pr1',
      leader_id: 'pl1',
      leader_amount: 135,
      party_amount: 1211,
    });
    expect((await recon('o2')).balanced).toBe(true);
  });

  test('the last click within the window attributes; a click one second before payment is held for review', async () => {
    await sql`INSERT INTO share_clicks (link_id, code, party_type, party_id, consumer_id, store_id, clicked_at)
      VALUES ('lnk1', 'PR1CODE', 'promoter', 'pr1', 'u2', 's1', ${new Date(Date.parse(at(5)) - 1000)})`.execute(
      db(),
    );
    const o = {
      ...paidOrder('o3', {
        consumerId: 'u2',
        storeId: 's2',
        source: { scene: 'search', channel: 'organic' },
      }),
      lines: [{ lineNo: 1, skuId: 'k2', quantity: 1, unitPrice: 5990, discount: 0 }],
      itemsAmount: 5990,
      discountAmount: 0,
      payAmount: 5990,
      payments: [{ id: 'o3-pay', kind: 'full', amount: 5990, paidAt: at(5) }],
    };
    expect((await orders.post(t, [o])).body.results[0].outcome).toBe('created');
    await drain();
    const c = (
      await sql<
        Record<string, unknown>
      >`SELECT source, cross_store FROM commission_orders WHERE order_id = 'o3'`.execute(db())
    ).rows[0];
    expect(c).toEqual({ source: 'last_click', cross_store: true });
    const [l] = await lines('o3');
    expect(l).toMatchObject({ party_id: 'pr1', review: 'pending', review_reasons: ['abnormal_clicks'] });
    const q = await get(op(), '/v1/commissions/review');
    expect(q.body.items.map((i: { orderId: string }) => i.orderId)).toContain('o3');
    // self-service key of a creator cannot see the queue
    expect((await get(await t.key('creator', 'cr1'), '/v1/commissions/review')).status).toBe(403);
  });

  test('confirming the fraud invalidates the commission and gives it back to the merchant in the ledger', async () => {
    const r = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/review/o3/1',
      payload: { action: 'confirm', reason: 'the click came a second before payment' },
    });
    expect(r.status).toBe(200);
    const [l] = await lines('o3');
    expect(l).toMatchObject({
      status: 'invalid',
      invalid_reason: 'abnormal_clicks',
      commission: 0,
      party_amount: 0,
      review: 'confirmed',
    });
    expect(await recon('o3')).toMatchObject({ balanced: true, ledgerMatches: true, promoter: 0 });
    const again = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/review/o3/1',
      payload: { action: 'clear', reason: 'checked with the buyer' },
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });
});

describe('refunds, cancellation and completion', () => {
  test('a refund before completion voids the estimate and reposts it reduced', async () => {
    await orders.post(t, [creatorOrder('o4')]);
    await drain();
    expect((await orders.afterSale(t, [refund('rf4', 'o4', 2480, 1)])).status).toBe(200);
    await drain();
    const [l] = await lines('o4');
    // base 5000 → commission 1000, service fee 100, net 900 → agency 270, creator 630
    expect(l).toMatchObject({
      refunded: 2480,
      estimated_commission: 1496,
      commission: 1000,
      party_amount: 630,
      agency_amount: 270,
    });
    expect((await recon('o4')).transactions).toEqual([
      { key: 'commission:estimate:o4:v1', kind: 'commission.estimate', pending: true, resolution: 'void' },
      { key: 'commission:estimate:o4:v2', kind: 'commission.estimate', pending: true, resolution: null },
    ]);
    const v = await sql<{
      version: number;
    }>`SELECT version FROM commission_orders WHERE order_id = 'o4'`.execute(db());
    expect(v.rows[0]!.version).toBe(2);
    expect(await recon('o4')).toMatchObject({
      buyerPaid: 7480,
      refunds: 2480,
      balanced: true,
      ledgerMatches: true,
    });
  });

  test('a cancelled order voids its estimate; its lines are invalid (cancelled)', async () => {
    await orders.post(t, [creatorOrder('o5')]);
    await drain();
    await orders.post(t, [
      { ...creatorOrder('o5'), status: 'cancelled', cancelledAt: at(30), cancelReason: 'buyer' },
    ]);
    await drain();
    const [l] = await lines('o5');
    expect(l).toMatchObject({
      status: 'invalid',
      invalid_reason: 'cancelled',
      commission: 0,
      merchant_amount: 0,
    });
    expect(await recon('o5')).toMatchObject({
      ledger: [],
      ledgerState: 'voided',
      refunds: 7480,
      balanced: true,
      ledgerMatches: true,
    });
  });

  test('delivery confirmation completes: the estimate is posted and the line becomes settleable after the hold', async () => {
    await orders.post(t, [
      delivered(creatorOrder('o1')),
      delivered(paidOrder('o2', { source: { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' } })),
    ]);
    await drain();
    const [l] = await lines('o1');
    expect(l).toMatchObject({ status: 'completed' });
    expect(new Date(l!.settleable_at as string).toISOString()).toBe(
      new Date(Date.parse(at(60 * 24 * 2)) + 15 * 86_400_000).toISOString(),
    );
    const b = await balances(db(), ['creator:cr1:pending']);
    expect(b.get('creator:cr1:pending')!.posted).toBe(-942);
    const cr1 = await t.key('creator', 'cr1');
    const mine = await get(cr1, '/v1/commissions/orders?partyType=creator&partyId=cr1');
    expect(mine.status).toBe(200);
    const o1 = mine.body.items.find((i: { orderId: string }) => i.orderId === 'o1');
    expect(o1).toMatchObject({ status: 'settleable', statusCode: 18, share: 942, estimatedCommission: 1496 });
    expect(mine.body.totals.estimated).toBe(942 + 630);
    expect((await get(cr1, '/v1/commissions/orders?partyType=creator&partyId=cr2')).status).toBe(403);
    const ag = await get(await t.key('agency', 'ag1'), '/v1/commissions/orders?partyType=agency&partyId=ag1');
    expect(ag.body.items.map((i: { share: number }) => i.share).sort()).toEqual([0, 270, 404]);
  });
});

describe('settlement', () => {
  test('refuses before the settlement day; statements per recipient; payout; rerun is a no-op', async () => {
    const early = await settleMonth(t.ctx, '2026-11', new Date('2026-12-10T00:00:00Z')).catch((e) => e);
    expect(early.status).toBe(409);
    const r = await settleMonth(t.ctx, '2026-11', DEC_21);
    expect(r.lines).toBe(2);
    const st = await get(
      await t.key('creator', 'cr1'),
      '/v1/commissions/statements?partyType=creator&partyId=cr1',
    );
    expect(st.body.items).toEqual([
      expect.objectContaining({ month: '2026-11', amount: 942, status: 'settled', lines: 1 }),
    ]);
    const b = await balances(db(), [
      'creator:cr1:pending',
      'creator:cr1:available',
      'promoter:pl1:available',
    ]);
    expect(b.get('creator:cr1:available')!.posted).toBe(-942);
    expect(b.get('creator:cr1:pending')!.posted).toBe(0);
    expect(b.get('promoter:pl1:available')!.posted).toBe(-135);
    expect((await settleMonth(t.ctx, '2026-11', DEC_21)).settledNow).toBe(0);
    const id = st.body.items[0].id;
    const paid = await t.req(op(), { method: 'POST', url: `/v1/commissions/statements/${id}/payout` });
    expect(paid.body).toMatchObject({ status: 'paid', amount: 942 });
    expect(
      (await t.req(op(), { method: 'POST', url: `/v1/commissions/statements/${id}/payout` })).body.replayed,
    ).toBe(true);
    expect((await balances(db(), ['creator:cr1:available'])).get('creator:cr1:available')!.posted).toBe(0);
    expect((await lines('o1'))[0]).toMatchObject({ status: 'paid', settle_month: '2026-11' });
    const csv = await get(await t.key('creator', 'cr1'), `/v1/commissions/statements/${id}/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('line,2026-11,o1,1,p1');
    expect(csv.body.trim().split('\n').at(-1)).toBe('total,2026-11,,,,,,,,942,');
    expect(
      (await get(await t.key('creator', 'cr2'), `/v1/commissions/statements/${id}/export.csv`)).status,
    ).toBe(403);
  });

  test('a refund after settlement posts a correcting adjustment carried into the next statement', async () => {
    await orders.afterSale(t, [refund('rf1', 'o1', 1480, 1, 60 * 24 * 40)]);
    await drain();
    const adj = await sql<{
      party_type: string;
      party_id: string;
      amount: number;
    }>`SELECT party_type, party_id, amount
      FROM commission_adjustments WHERE order_id = 'o1' ORDER BY party_type`.execute(db());
    // base 6000 → commission 1200, fee 120, net 1080 → agency 324, creator 756; tx fee 300; merchant 4500
    expect(adj.rows).toEqual([
      { party_type: 'agency', party_id: 'ag1', amount: 324 - 404 },
      { party_type: 'creator', party_id: 'cr1', amount: 756 - 942 },
      { party_type: 'merchant', party_id: 'm1', amount: 4500 - 5610 },
    ]);
    expect(await recon('o1')).toMatchObject({
      refunds: 1480,
      creator: 756,
      balanced: true,
      ledgerMatches: true,
    });
    const b = await balances(db(), ['creator:cr1:pending']);
    expect(b.get('creator:cr1:pending')!.posted).toBe(186);
    // the server's timer: nothing due before the settlement day, then the previous month
    expect(await settleDue(t.ctx, new Date('2027-01-05T00:00:00Z'))).toBeNull();
    expect((await settleDue(t.ctx, new Date('2027-01-21T00:00:00Z')))?.month).toBe('2026-12');
    expect(await settleDue(t.ctx, new Date('2027-01-22T00:00:00Z'))).toBeNull();
    const st = await get(op(), '/v1/commissions/statements?partyType=creator&partyId=cr1&month=2026-12');
    expect(st.body.items[0]).toMatchObject({ amount: -186, adjustments: -186, lines: 0 });
    const csv = await get(op(), `/v1/commissions/statements/${st.body.items[0].id}/export.csv`);
    expect(csv.body).toContain(',-186,refund:rf1');
    expect((await balances(db(), ['creator:cr1:pending'])).get('creator:cr1:pending')!.posted).toBe(0);
  });
});

describe('operator routes', () => {
  test('fee policies: create, version on change, end; schema and rule errors name the field; merchants cannot write', async () => {
    const body = {
      id: 'pop-live',
      name: 'POP live 1%',
      kind: 'transaction',
      defaultBp: 100,
      merchantTypes: ['pop'],
      scenes: ['live'],
      priority: 10,
      startsAt: '2026-11-01T00:00:00Z',
      endsAt: '2026-12-01T00:00:00Z',
    };
    const c = await t.req(op(), { method: 'POST', url: '/v1/commissions/fee-policies', payload: body });
    expect(c.status).toBe(201);
    expect(
      (await t.req(op(), { method: 'POST', url: '/v1/commissions/fee-policies', payload: body })).status,
    ).toBe(200);
    const bad = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/fee-policies',
      payload: { ...body, id: 'x', endsAt: '2026-10-01T00:00:00Z' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('endsAt');
    const schema = await t.req(op(), {
      method: 'POST',
      url: '/v1/commissions/fee-policies',
      payload: { ...body, id: 'y', defaultBp: 99999 },
    });
    expect(schema.status).toBe(400);
    const m1 = await t.key('merchant', 'm1');
    expect(
      (
        await t.req(m1, {
          method: 'POST',
          url: '/v1/commissions/fee-policies',
          payload: { ...body, id: 'z' },
        })
      ).status,
    ).toBe(403);
    const p = await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/fee-policies/pop-live',
      payload: { defaultBp: 80 },
    });
    expect(p.body).toMatchObject({ version: 2, defaultBp: 80 });
    // a POP live order paid now uses the policy
    await orders.post(t, [
      creatorOrder(
        'o6',
        {},
        { paidAt: at(10), payments: [{ id: 'o6-pay', kind: 'full', amount: 7480, paidAt: at(10) }] },
      ),
    ]);
    await drain();
    expect((await lines('o6'))[0]).toMatchObject({ transaction_fee_bp: 80, transaction_fee: 60 });
    const e = await t.req(op(), { method: 'POST', url: '/v1/commissions/fee-policies/pop-live/end' });
    expect(e.body).toMatchObject({ version: 3, status: 'ended' });
    expect((await get(op(), '/v1/commissions/fee-policies/pop-live')).body.versions).toHaveLength(3);
  });

  test('settings change with field errors; merchant report by party and product, scoped to the merchant', async () => {
    const s = await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { holdDays: 7, selfPurchasePolicy: 'forbid' },
    });
    expect(s.body).toMatchObject({ holdDays: 7, selfPurchasePolicy: 'forbid', attributionWindowDays: 7 });
    const bad = await t.req(op(), {
      method: 'PATCH',
      url: '/v1/commissions/settings',
      payload: { settlementDay: 31 },
    });
    expect(bad.status).toBe(400);
    const m1 = await t.key('merchant', 'm1');
    const r = await get(m1, '/v1/commissions/merchant-report?merchantId=m1');
    expect(r.status).toBe(200);
    expect(r.body.byParty.map((p: { partyId: string }) => p.partyId)).toEqual(['cr1', 'pr1']);
    expect(r.body.byProduct[0].productId).toBe('p1');
    expect((await get(m1, '/v1/commissions/merchant-report?merchantId=m2')).status).toBe(403);
  });
});
