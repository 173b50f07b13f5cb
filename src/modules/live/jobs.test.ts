import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { businessDay, dayStart, shiftDay } from '../../core/time.ts';
import { loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';

let t: TestApp;
const k: Record<string, string> = {};
type Method = 'GET' | 'POST';
const as = (who: string, method: Method, url: string, payload?: unknown) =>
  t.req(k[who]!, { method, url, payload: payload as never });
const post = async (url: string, records: unknown[]) => {
  const r = await t.req(t.keys.integration!, { method: 'POST', url, payload: { records } as never });
  if (r.status !== 200 || r.body.rejected?.length) throw new Error(`${url}: ${JSON.stringify(r.body)}`);
};
const H = 3_600_000;
let D0: string;
let D9: string;
/** An instant `hours` after the start of the business day `day`. */
const at = (day: string, hours: number) => new Date(dayStart(day, t.ctx.cfg.timeZone).getTime() + hours * H);
const iso = (d: Date) => d.toISOString();

/** A one-line order of store s1 in a live session: qty × ¥39.90, paid unless `paid` is false. */
const liveOrder = (id: string, session: string, qty: number, when: Date, paid = true) =>
  paidOrder(id, {
    source: { scene: 'live', channel: 'self_live', liveSessionId: session },
    lines: [{ lineNo: 1, skuId: 'k1', quantity: qty, unitPrice: 3990, discount: 0 }],
    itemsAmount: qty * 3990,
    discountAmount: 0,
    payAmount: qty * 3990,
    createdAt: iso(when),
    ...(paid
      ? {
          paidAt: iso(when),
          payments: [{ id: `${id}-pay`, kind: 'full', amount: qty * 3990, paidAt: iso(when) }],
        }
      : { status: 'created', paidAt: undefined, payments: undefined }),
  });
const enter = (id: string, session: string, when: Date, type = 'live_enter') => ({
  id,
  type,
  occurredAt: iso(when),
  userId: 'u1',
  storeId: 's1',
  scene: 'live',
  channel: 'self_live',
  liveSessionId: session,
});

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  const today = businessDay(new Date(), t.ctx.cfg.timeZone);
  D0 = shiftDay(today, -12);
  D9 = shiftDay(D0, 9);
  await post('/v1/catalog/creators', [
    { id: 'cr2', name: 'Tiny Reach', followers: 900, joinedAt: '2026-01-01' },
    { id: 'cr3', name: 'Free Agent', followers: 60_000, joinedAt: '2026-01-01' },
  ]);
  await post('/v1/catalog/agencies', [
    {
      id: 'ag1',
      name: 'Star MCN',
      contracts: [
        { creatorId: 'cr1', splitBp: 3000, startsOn: '2026-01-01' },
        { creatorId: 'cr3', splitBp: 3000, startsOn: '2026-01-01', endsOn: '2026-02-01' },
      ],
    },
    { id: 'ag2', name: 'Other MCN' },
  ]);
  const s = (
    id: string,
    storeId: string,
    host: string,
    creatorId: string | null,
    start: Date,
    hours: number,
  ) => ({
    id,
    storeId,
    hostType: host,
    ...(creatorId ? { creatorId } : {}),
    ...(host === 'agency' ? { agencyId: 'ag1' } : {}),
    title: id,
    scheduledAt: iso(start),
    startedAt: iso(start),
    endedAt: iso(new Date(start.getTime() + hours * H)),
  });
  await post('/v1/live-sessions', [
    s('A', 's1', 'agency', 'cr1', at(shiftDay(D0, 1), 20), 2), // in
    s('B', 's1', 'creator', 'cr1', at(shiftDay(D0, 3), 19), 1.5), // in (the creator's own session)
    s('C', 's1', 'self', null, at(shiftDay(D0, 3), 10), 3), // the merchant's own stream
    s('D', 's1', 'agency', 'cr3', at(shiftDay(D0, 4), 20), 2), // another creator
    s('E', 's2', 'creator', 'cr1', at(shiftDay(D0, 4), 20), 2), // another store
    s('F', 's1', 'agency', 'cr1', at(shiftDay(D0, -1), 20), 2), // before the contract
    s('G', 's1', 'agency', 'cr1', at(shiftDay(D9, 1), 1), 2), // after it
    s('H', 's1', 'agency', 'cr1', at(D9, 23.5), 2), // last day, ends after midnight
  ]);
  await post('/v1/orders', [
    liveOrder('oA1', 'A', 1, at(shiftDay(D0, 1), 20.5)),
    liveOrder('oA2', 'A', 3, at(shiftDay(D0, 1), 21)),
    liveOrder('oA3', 'A', 5, at(shiftDay(D0, 1), 21), false), // never paid
    liveOrder('oB1', 'B', 2, at(shiftDay(D0, 3), 20)),
    liveOrder('oC1', 'C', 4, at(shiftDay(D0, 3), 11)),
    liveOrder('oD1', 'D', 4, at(shiftDay(D0, 4), 21)),
    liveOrder('oH1', 'H', 1, at(shiftDay(D9, 1), 0.5)),
  ]);
  await post('/v1/events', [
    enter('eA1', 'A', at(shiftDay(D0, 1), 20.1)),
    enter('eA2', 'A', at(shiftDay(D0, 1), 20.2)),
    enter('eA3', 'A', at(shiftDay(D0, 1), 20.3)),
    enter('eA4', 'A', at(shiftDay(D0, 1), 20.4), 'live_leave'),
    enter('eB1', 'B', at(shiftDay(D0, 3), 19.1)),
    enter('eB2', 'B', at(shiftDay(D0, 3), 19.2)),
    enter('eD1', 'D', at(shiftDay(D0, 4), 20.1)),
    enter('eH1', 'H', at(shiftDay(D9, 1), 0.25)), // the day after the contract's last day
  ]);
  for (const [name, role, id] of [
    ['m1', 'merchant', 'm1'],
    ['m2', 'merchant', 'm2'],
    ['ag1', 'agency', 'ag1'],
    ['ag2', 'agency', 'ag2'],
    ['cr1', 'creator', 'cr1'],
    ['cr2', 'creator', 'cr2'],
    ['cr3', 'creator', 'cr3'],
  ] as const)
    k[name] = await t.key(role, id);
  k.op = t.keys.operator!;
});
afterAll(() => t?.close());

const job = () => ({
  id: 'job-1',
  storeId: 's1',
  title: 'Almond week',
  categoryId: 'c111',
  startsOn: D0,
  endsOn: D9,
  sessions: 4,
  hoursPerSession: 2,
  fixedFee: 500_000,
  commissionBp: 1000,
  minFollowers: 50_000,
});

describe('posting a job', () => {
  test('a merchant posts for its own store, idempotently by id; mistakes are 422, another merchant 403', async () => {
    const r = await as('m1', 'POST', '/v1/proxy-jobs', job());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      ...job(),
      merchantId: 'm1',
      merchantName: 'Hill Foods',
      storeName: 'Hill Foods Flagship',
      categoryName: 'Nuts',
      status: 'open',
      quoteCount: 0,
      quotes: [],
      contract: null,
      results: null,
    });
    expect((await as('m1', 'POST', '/v1/proxy-jobs', job())).status).toBe(200);
    expect((await as('m1', 'POST', '/v1/proxy-jobs', { ...job(), fixedFee: 1 })).status).toBe(409);
    expect((await as('m2', 'POST', '/v1/proxy-jobs', { ...job(), id: 'x' })).status).toBe(403);
    expect((await as('cr1', 'POST', '/v1/proxy-jobs', { ...job(), id: 'x' })).status).toBe(403);
    const bad = await as('m1', 'POST', '/v1/proxy-jobs', {
      ...job(),
      id: 'x',
      endsOn: shiftDay(D0, -1),
      categoryId: 'nope',
      commissionBp: 20_000,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'categoryId',
      'commissionBp',
      'endsOn',
    ]);
  });
});

describe('quotes', () => {
  test('creators need the followers; agencies a creator under contract with them today; one pending each', async () => {
    const q = (who: string, body: Record<string, unknown>) =>
      as(who, 'POST', '/v1/proxy-jobs/job-1/quotes', body);
    const few = await q('cr2', { fixedFee: 1, commissionBp: 1 });
    expect(few.status).toBe(422);
    expect(few.body.errors).toEqual([
      expect.objectContaining({ field: 'creatorId', code: 'followers_below_minimum' }),
    ]);
    expect((await q('ag1', { fixedFee: 1, commissionBp: 1 })).status).toBe(422);
    const ended = await q('ag1', { creatorId: 'cr3', fixedFee: 1, commissionBp: 1 });
    expect(ended.body.errors[0].code).toBe('creator_not_contracted');
    expect((await q('ag2', { creatorId: 'cr1', fixedFee: 1, commissionBp: 1 })).body.errors[0].code).toBe(
      'creator_not_contracted',
    );
    expect((await q('cr3', { creatorId: 'cr1', fixedFee: 1, commissionBp: 1 })).status).toBe(403);
    expect((await q('m1', { fixedFee: 1, commissionBp: 1 })).status).toBe(403);

    const a = await q('ag1', {
      id: 'q-ag1',
      creatorId: 'cr1',
      fixedFee: 450_000,
      commissionBp: 1234,
      note: 'top host',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      id: 'q-ag1',
      jobId: 'job-1',
      bidderType: 'agency',
      bidderId: 'ag1',
      bidderName: 'Star MCN',
      creatorId: 'cr1',
      creatorName: 'Lily Eats',
      creatorFollowers: 120_000,
      creatorScore: null,
      fixedFee: 450_000,
      commissionBp: 1234,
      status: 'pending',
    });
    const again = await q('ag1', { creatorId: 'cr1', fixedFee: 400_000, commissionBp: 1234 });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('quote_already_pending');
    expect((await q('cr3', { id: 'q-cr3', fixedFee: 300_000, commissionBp: 1500 })).status).toBe(201);
    expect((await q('cr3', { id: 'q-cr3', fixedFee: 300_000, commissionBp: 1500 })).status).toBe(200);
    expect((await q('cr3', { id: 'q-cr3', fixedFee: 300_001, commissionBp: 1500 })).status).toBe(409);
  });

  test('the merchant sees every quote, a bidder its own; withdrawing frees the bidder to quote again', async () => {
    const m = await as('m1', 'GET', '/v1/proxy-jobs/job-1');
    expect(m.body.quotes.map((x: { id: string }) => x.id)).toEqual(['q-ag1', 'q-cr3']);
    expect(m.body.quoteCount).toBe(2);
    const c = await as('cr3', 'GET', '/v1/proxy-jobs/job-1');
    expect(c.body.quotes.map((x: { id: string }) => x.id)).toEqual(['q-cr3']);
    expect((await as('ag1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-cr3/withdraw')).status).toBe(403);
    expect((await as('cr3', 'POST', '/v1/proxy-jobs/job-1/quotes/q-cr3/withdraw')).body.status).toBe(
      'withdrawn',
    );
    expect((await as('cr3', 'POST', '/v1/proxy-jobs/job-1/quotes/q-cr3/withdraw')).status).toBe(200);
    const re = await as('cr3', 'POST', '/v1/proxy-jobs/job-1/quotes', {
      id: 'q-cr3b',
      fixedFee: 280_000,
      commissionBp: 1500,
    });
    expect(re.status).toBe(201);
    const mine = await as('ag1', 'GET', '/v1/proxy-jobs?mine=true');
    expect(mine.body.items.map((j: { id: string }) => j.id)).toEqual(['job-1']);
    expect(mine.body.items[0].quotes).toBe(2); // withdrawn quotes are not counted
    expect((await as('ag2', 'GET', '/v1/proxy-jobs?mine=true')).body.total).toBe(0);
    expect((await as('ag2', 'GET', '/v1/proxy-jobs')).body.total).toBe(1); // open jobs are visible to all bidders
  });
});

describe('bidders, invitations, my quote', () => {
  test('an agency quotes with its creators under contract today; a creator with itself', async () => {
    expect((await as('ag1', 'GET', '/v1/proxy-jobs/bidders')).body.items).toEqual([
      { creatorId: 'cr1', name: 'Lily Eats', followers: 120_000, score: null },
    ]);
    expect((await as('ag2', 'GET', '/v1/proxy-jobs/bidders')).body.items).toEqual([]);
    expect(
      (await as('cr3', 'GET', '/v1/proxy-jobs/bidders')).body.items.map(
        (c: { creatorId: string }) => c.creatorId,
      ),
    ).toEqual(['cr3']);
    expect((await as('op', 'GET', '/v1/proxy-jobs/bidders')).status).toBe(422);
    expect((await as('op', 'GET', '/v1/proxy-jobs/bidders?agencyId=ag1')).body.items).toHaveLength(1);
    expect((await as('ag1', 'GET', '/v1/proxy-jobs/bidders?agencyId=ag2')).status).toBe(403);
    expect((await as('m1', 'GET', '/v1/proxy-jobs/bidders')).status).toBe(403);
  });

  test('the merchant invites creators; the job market flags them (and their agency) and shows each bidder its latest quote', async () => {
    const inv = await as('m1', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'cr3' });
    expect(inv.status).toBe(201);
    const again = await as('m1', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'cr3' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(inv.body);
    expect((await as('m2', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'cr3' })).status).toBe(403);
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'nope' })).status).toBe(422);
    const item = async (who: string) => (await as(who, 'GET', '/v1/proxy-jobs')).body.items[0];
    expect(await item('cr3')).toMatchObject({
      id: 'job-1',
      invited: true,
      myQuote: { id: 'q-cr3b', status: 'pending', fixedFee: 280_000, commissionBp: 1500, creatorId: 'cr3' },
    });
    // cr3's contract with ag1 has ended: ag1 is not flagged for it, only once its own creator is invited.
    expect(await item('ag1')).toMatchObject({ invited: false, myQuote: { id: 'q-ag1', creatorId: 'cr1' } });
    await as('m1', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'cr1' });
    expect((await item('ag1')).invited).toBe(true);
    expect(await item('cr2')).toMatchObject({ invited: false, myQuote: null });
    expect(await item('m1')).toMatchObject({ invited: null, myQuote: null });
    expect((await as('cr3', 'GET', '/v1/proxy-jobs/job-1')).body).toMatchObject({
      invited: true,
      myQuote: { id: 'q-cr3b' },
    });
  });
});

describe('award and results', () => {
  test('accepting one quote signs its contract and declines the others; repeat is the same, others 409', async () => {
    expect((await as('cr1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-ag1/accept')).status).toBe(403);
    expect((await as('m2', 'POST', '/v1/proxy-jobs/job-1/quotes/q-ag1/accept')).status).toBe(403);
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-cr3/accept')).status).toBe(409); // withdrawn
    const r = await as('m1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-ag1/accept');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('awarded');
    expect(r.body.contract).toMatchObject({
      jobId: 'job-1',
      quoteId: 'q-ag1',
      agencyId: 'ag1',
      creatorId: 'cr1',
      fixedFee: 450_000,
      commissionBp: 1234,
      startsOn: D0,
      endsOn: D9,
    });
    expect(r.body.quotes.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([
      ['q-ag1', 'accepted'],
      ['q-cr3', 'withdrawn'],
      ['q-cr3b', 'declined'],
    ]);
    const again = await as('m1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-ag1/accept');
    expect(again.status).toBe(200);
    expect(again.body.contract.id).toBe(r.body.contract.id);
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/quotes/q-cr3b/accept')).status).toBe(409);
    const late = await as('cr3', 'POST', '/v1/proxy-jobs/job-1/quotes', { fixedFee: 1, commissionBp: 1 });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('awarded');
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/invites', { creatorId: 'cr2' })).status).toBe(409);
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/cancel')).status).toBe(409);
  });

  test('results: the contract creator’s sessions of the store within the dates, with paid GMV and live views', async () => {
    const r = await as('m1', 'GET', '/v1/proxy-jobs/job-1');
    const res = r.body.results;
    // Sessions A, B, H qualify; their paid orders: A 1 + 3 units, B 2, H 1 (oA3 unpaid); views: A 3, B 2, H 1.
    const gmv = (1 + 3 + 2 + 1) * 3990;
    const commission = Math.floor((gmv * 1234) / 10_000 + 0.5);
    expect(res.sessions.map((s: { id: string }) => s.id)).toEqual(['A', 'B', 'H']);
    expect(
      res.sessions.map((s: { gmv: number; orders: number; views: number; hours: number }) => [
        s.gmv,
        s.orders,
        s.views,
        s.hours,
      ]),
    ).toEqual([
      [4 * 3990, 2, 3, 2],
      [2 * 3990, 1, 2, 1.5],
      [3990, 1, 1, 2],
    ]);
    expect(res).toMatchObject({
      sessionsDone: 3,
      sessionsAgreed: 4,
      hours: 5.5,
      gmv,
      orders: 4,
      views: 6,
      commission,
      fee: 450_000,
      total: 450_000 + commission,
      gpm: Math.floor((gmv * 1000) / 6 + 0.5),
      onTrack: false, // the period is over with 3 of 4 sessions
    });
    expect(commission).toBe(3447); // 27930 × 12.34% = 3446.562
    // The creator hosting under the contract sees the job; a bidder who never quoted does not.
    expect((await as('cr1', 'GET', '/v1/proxy-jobs/job-1')).body.results.gmv).toBe(gmv);
    expect((await as('cr2', 'GET', '/v1/proxy-jobs/job-1')).status).toBe(403);
    expect((await as('m2', 'GET', '/v1/proxy-jobs/job-1')).status).toBe(403);
  });

  test('close an awarded job, cancel an open one (its quotes declined); lists by status', async () => {
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/close')).body.status).toBe('closed');
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-1/close')).status).toBe(200);
    expect(
      (await as('m1', 'POST', '/v1/proxy-jobs', { ...job(), id: 'job-2', minFollowers: 0 })).status,
    ).toBe(201);
    expect(
      (await as('cr2', 'POST', '/v1/proxy-jobs/job-2/quotes', { id: 'q2', fixedFee: 1, commissionBp: 0 }))
        .status,
    ).toBe(201);
    expect((await as('m1', 'POST', '/v1/proxy-jobs/job-2/close')).status).toBe(409);
    expect((await as('m2', 'POST', '/v1/proxy-jobs/job-2/cancel')).status).toBe(403);
    const c = await as('m1', 'POST', '/v1/proxy-jobs/job-2/cancel');
    expect(c.body.status).toBe('cancelled');
    expect(c.body.quotes[0].status).toBe('declined');
    const closed = await as('m1', 'GET', '/v1/proxy-jobs?status=closed');
    expect(closed.body.items.map((j: { id: string }) => j.id)).toEqual(['job-1']);
    expect(closed.body.items[0].contract.creatorId).toBe('cr1');
    expect((await as('op', 'GET', '/v1/proxy-jobs')).body.total).toBe(2);
    expect((await as('m2', 'GET', '/v1/proxy-jobs')).body.total).toBe(0);
    // cr2 quoted on job-2: it stays in its list after the cancellation.
    expect((await as('cr2', 'GET', '/v1/proxy-jobs')).body.items.map((j: { id: string }) => j.id)).toEqual([
      'job-2',
    ]);
  });
});
