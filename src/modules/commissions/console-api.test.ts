import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { commissionWorld, creatorOrder, delivered, orders } from './commissions.fixture.ts';
import { settleMonth } from './index.ts';

/** The console's reads (issue 4): review reasons, the daily earnings series, operator-wide lists, names. */

let t: TestApp;
const op = () => t.keys.operator!;
const get = (token: string, url: string) => t.req(token, { method: 'GET', url });
const post = (token: string, url: string, payload: Record<string, unknown>) =>
  t.req(token, { method: 'POST', url, payload });
const drain = () => t.ctx.dispatcher.drain();
const DEC_21 = new Date('2026-12-21T00:00:00Z');
let cr1: string;
let cr2: string;
let m1: string;

beforeAll(async () => {
  t = await testApp();
  await commissionWorld(t);
  cr1 = await t.key('creator', 'cr1');
  cr2 = await t.key('creator', 'cr2');
  m1 = await t.key('merchant', 'm1');
  // u1 shops for cr1: its orders attributed to cr1 are self-purchases, held for review.
  await t.req(op(), {
    method: 'PUT',
    url: '/v1/commissions/shoppers',
    payload: { partyType: 'creator', partyId: 'cr1', consumerIds: ['u1'] },
  });
  const k2 = creatorOrder('k2', {}, { consumerId: 'u2' });
  const posted = await orders.post(t, [
    delivered(creatorOrder('k1', {}, { consumerId: 'u2' })),
    {
      ...k2,
      createdAt: at(60 * 24 * 3),
      paidAt: at(60 * 24 * 3 + 5),
      payments: [{ ...k2.payments[0], paidAt: at(60 * 24 * 3 + 5) }],
    },
    creatorOrder('k3'),
    creatorOrder('k4'),
    paidOrder('k5', { source: { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' } }),
  ]);
  if (posted.body.results.some((r: { outcome: string }) => r.outcome !== 'created'))
    throw new Error(JSON.stringify(posted.body));
  await drain();
});
afterAll(() => t.close());

describe('fraud review decisions carry a reason', () => {
  test('the queue names the merchant, product, store and party beside their ids', async () => {
    const q = await get(op(), '/v1/commissions/review');
    expect(q.status).toBe(200);
    const k3 = q.body.items.find((i: { orderId: string }) => i.orderId === 'k3');
    expect(k3).toMatchObject({
      merchantId: 'm1',
      merchantName: 'Hill Foods',
      productId: 'p1',
      productTitle: 'Roasted almonds 500g gift box',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
      partyType: 'creator',
      partyId: 'cr1',
      partyName: 'Lily Eats',
      reasons: ['self_purchase'],
      review: 'pending',
      decision: null,
    });
  });

  test('a decision without a reason, or with a blank or too long one, is a 422 naming `reason`', async () => {
    for (const payload of [
      { action: 'clear' },
      { action: 'clear', reason: '   ' },
      { action: 'confirm', reason: 'x'.repeat(501) },
    ]) {
      const r = await post(op(), '/v1/commissions/review/k3/1', payload);
      expect(r.status).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors[0].field).toBe('reason');
    }
    expect((await post(op(), '/v1/commissions/review/k3/1', { action: 'clear', reason: 7 })).status).toBe(
      400,
    );
    // nothing was decided
    expect((await get(op(), '/v1/commissions/review/k3/1')).body).toMatchObject({ review: 'pending' });
  });

  test('the reason, who decided and when are stored and returned by the detail and the decided list', async () => {
    const reason = 'buyer is the host’s assistant; purchase was for a giveaway — 已核实';
    const r = await post(op(), '/v1/commissions/review/k3/1', { action: 'clear', reason: `  ${reason} ` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      orderId: 'k3',
      lineNo: 1,
      review: 'cleared',
      replayed: false,
      decision: { action: 'clear', reason, decidedByRole: 'operator', decidedByName: 'test operator' },
    });
    expect(Date.parse(r.body.decision.decidedAt)).toBeGreaterThan(Date.now() - 60_000);
    const d = await get(op(), '/v1/commissions/review/k3/1');
    expect(d.body).toMatchObject({ review: 'cleared', partyName: 'Lily Eats', decision: { reason } });
    // the same decision again keeps the first reason
    const again = await post(op(), '/v1/commissions/review/k3/1', { action: 'clear', reason: 'other' });
    expect(again.body).toMatchObject({ replayed: true, decision: { reason } });
    const bad = 'confirmed: the consumer is the creator';
    expect((await post(op(), '/v1/commissions/review/k4/1', { action: 'confirm', reason: bad })).status).toBe(
      200,
    );
    const decided = await get(op(), '/v1/commissions/review?status=decided');
    expect(decided.body.items.map((i: { orderId: string }) => i.orderId)).toEqual(['k4', 'k3']);
    expect(decided.body.items[0]).toMatchObject({
      review: 'confirmed',
      status: 'invalid',
      decision: { action: 'confirm', reason: bad },
    });
    const pending = await get(op(), '/v1/commissions/review');
    expect(pending.body.items.map((i: { orderId: string }) => i.orderId)).not.toContain('k3');
  });

  test('only operators read or decide; unknown lines are 404, never-held lines too', async () => {
    expect((await get(cr1, '/v1/commissions/review/k3/1')).status).toBe(403);
    expect((await get(m1, '/v1/commissions/review?status=decided')).status).toBe(403);
    expect((await post(cr1, '/v1/commissions/review/k4/1', { action: 'clear', reason: 'x' })).status).toBe(
      403,
    );
    expect((await get(op(), '/v1/commissions/review/nope/1')).status).toBe(404);
    expect((await get(op(), '/v1/commissions/review/k1/1')).status).toBe(404);
    expect((await get(op(), '/v1/commissions/review/k1/0')).status).toBe(400);
  });
});

describe('daily earnings series', () => {
  const url = (q: string) => `/v1/commissions/earnings/daily?${q}`;

  test('estimated and settled share per business day, zero-filled, in fen', async () => {
    const r = await get(cr1, url('partyType=creator&partyId=cr1&from=2026-10-31&to=2026-11-05'));
    expect(r.status).toBe(200);
    expect(r.body.days.map((d: { day: string }) => d.day)).toEqual([
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    // 11-01: k1 (942, completed), k3 (942, cleared: still estimated); k4 confirmed fraud: invalid, not counted.
    // 11-04: k2 paid three days later (942).
    expect(r.body.days[1]).toEqual({ day: '2026-11-01', estimated: 1884, settled: 0, lines: 2 });
    expect(r.body.days[4]).toEqual({ day: '2026-11-04', estimated: 942, settled: 0, lines: 1 });
    expect(r.body.days[0]).toEqual({ day: '2026-10-31', estimated: 0, settled: 0, lines: 0 });
    expect(r.body.totals).toEqual({ estimated: 2826, settled: 0, lines: 3 });
    const agency = await get(
      await t.key('agency', 'ag1'),
      url('partyType=agency&partyId=ag1&from=2026-11-01&to=2026-11-01'),
    );
    expect(agency.body.days).toEqual([{ day: '2026-11-01', estimated: 808, settled: 0, lines: 2 }]);
  });

  test('settled shares move to `settled` once the month is settled', async () => {
    await settleMonth(t.ctx, '2026-11', DEC_21);
    const r = await get(op(), url('partyType=creator&partyId=cr1&from=2026-11-01&to=2026-11-01'));
    expect(r.body.days).toEqual([{ day: '2026-11-01', estimated: 942, settled: 942, lines: 2 }]);
  });

  test('another party’s series is 403; bad ranges are 4xx problem+json, never 500', async () => {
    expect((await get(cr2, url('partyType=creator&partyId=cr1&from=2026-11-01&to=2026-11-02'))).status).toBe(
      403,
    );
    expect((await get(m1, url('partyType=creator&partyId=cr1&from=2026-11-01&to=2026-11-02'))).status).toBe(
      403,
    );
    const long = await get(op(), url('partyType=creator&partyId=cr1&from=2025-01-01&to=2026-01-02'));
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({ field: 'to', code: 'range_too_long' });
    expect((await get(op(), url('partyType=creator&partyId=cr1&from=2025-01-01&to=2026-01-01'))).status).toBe(
      200,
    );
    expect((await get(op(), url('partyType=creator&partyId=cr1&from=2026-11-05&to=2026-11-01'))).status).toBe(
      422,
    );
    for (const q of [
      'partyType=creator&partyId=cr1&from=2026-02-30&to=2026-03-01',
      'partyType=creator&partyId=cr1&from=yesterday&to=2026-03-01',
      'partyType=merchant&partyId=m1&from=2026-11-01&to=2026-11-02',
      'partyType=creator&partyId=cr1&to=2026-11-02',
    ]) {
      const r = await get(op(), url(q));
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('operator-wide statements and settlement runs', () => {
  test("a month's statements across parties with names, paging and totals", async () => {
    const all = await get(op(), '/v1/commissions/statements/by-month?month=2026-11');
    expect(all.status).toBe(200);
    const parties = all.body.items.map(
      (s: { partyType: string; partyId: string }) => `${s.partyType}:${s.partyId}`,
    );
    expect(parties[0]).toBe('merchant:m1');
    expect(parties).toEqual(expect.arrayContaining(['creator:cr1', 'agency:ag1']));
    const cr = all.body.items.find((s: { partyId: string }) => s.partyId === 'cr1');
    expect(cr).toMatchObject({ partyName: 'Lily Eats', month: '2026-11', status: 'settled', amount: 942 });
    expect(all.body.items[0].partyName).toBe('Hill Foods');
    const sum = all.body.items.reduce((a: number, s: { amount: number }) => a + s.amount, 0);
    expect(all.body.totals).toMatchObject({ statements: all.body.total, amount: sum });
    expect(all.body.totals.byStatus.settled).toBe(all.body.total);
    const page = await get(op(), '/v1/commissions/statements/by-month?month=2026-11&limit=1&offset=1');
    expect(page.body).toMatchObject({ limit: 1, offset: 1, total: all.body.total });
    expect(page.body.items).toEqual([all.body.items[1]]);
    const creators = await get(op(), '/v1/commissions/statements/by-month?month=2026-11&partyType=creator');
    expect(creators.body.items.every((s: { partyType: string }) => s.partyType === 'creator')).toBe(true);
    // a party's own list names it too
    const own = await get(cr1, '/v1/commissions/statements?partyType=creator&partyId=cr1');
    expect(own.body.items[0].partyName).toBe('Lily Eats');
  });

  test('the settlement runs: month, cut-off, when, statements, lines, status', async () => {
    const r = await get(op(), '/v1/commissions/settlements');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    expect(r.body.items[0]).toMatchObject({
      month: '2026-11',
      status: 'finished',
      lines: 1, // k1, the one line completed in November
      openStatements: 0,
      finishedAt: DEC_21.toISOString(),
      stampedAt: DEC_21.toISOString(),
    });
    const stm = await get(op(), '/v1/commissions/statements/by-month?month=2026-11');
    expect(r.body.items[0].statements).toBe(stm.body.total);
  });

  test('parties and merchants cannot read the operator lists; bad months are 400', async () => {
    for (const token of [cr1, m1, await t.key('agency', 'ag1')]) {
      expect((await get(token, '/v1/commissions/statements/by-month?month=2026-11')).status).toBe(403);
      expect((await get(token, '/v1/commissions/settlements')).status).toBe(403);
    }
    for (const q of ['', '?month=2026-13', '?month=2026-11&limit=0', '?month=2026-11&status=lost']) {
      const r = await get(op(), `/v1/commissions/statements/by-month${q}`);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(op(), '/v1/commissions/settlements?limit=1000')).status).toBe(400);
  });
});

describe('names beside ids', () => {
  test('commission orders name the product, store, merchant and plan', async () => {
    const r = await get(cr1, '/v1/commissions/orders?partyType=creator&partyId=cr1');
    const k1 = r.body.items.find((i: { orderId: string }) => i.orderId === 'k1');
    expect(k1).toMatchObject({
      productId: 'p1',
      productTitle: 'Roasted almonds 500g gift box',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
      merchantId: 'm1',
      merchantName: 'Hill Foods',
      planId: 'open-m1',
      planName: 'open',
    });
    expect((await get(cr2, '/v1/commissions/orders?partyType=creator&partyId=cr1')).status).toBe(403);
  });

  test('share links name their party, store and product', async () => {
    const r = await get(op(), '/v1/distribution/links?partyType=promoter&partyId=pr1');
    expect(r.body.items[0]).toMatchObject({
      id: 'lnk1',
      partyName: 'Promoter Li',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
      productTitle: null,
    });
    const pr1 = await t.key('promoter', 'pr1');
    expect((await get(pr1, '/v1/distribution/links')).body.items[0].partyName).toBe('Promoter Li');
    expect((await get(cr1, '/v1/distribution/links?partyType=promoter&partyId=pr1')).status).toBe(403);
  });

  test('the merchant report names parties and products', async () => {
    const r = await get(m1, '/v1/commissions/merchant-report?merchantId=m1');
    expect(r.body.merchantName).toBe('Hill Foods');
    expect(r.body.byParty).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partyType: 'creator', partyId: 'cr1', partyName: 'Lily Eats' }),
        expect.objectContaining({ partyType: 'promoter', partyId: 'pr1', partyName: 'Promoter Li' }),
      ]),
    );
    expect(r.body.byProduct[0]).toMatchObject({
      productId: 'p1',
      productTitle: 'Roasted almonds 500g gift box',
    });
    expect((await get(m1, '/v1/commissions/merchant-report?merchantId=m2')).status).toBe(403);
  });
});
