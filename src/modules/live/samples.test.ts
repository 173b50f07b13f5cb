import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../core/auth.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { putScores } from '../../../test/scores.ts';
import * as samples from './samples.service.ts';

let t: TestApp;
let m1: string;
let m2: string;
let cr1: string;
let cr2: string;
let cr3: string;
let cr4: string;
let env: samples.Env;
type Method = 'GET' | 'POST' | 'PUT';
const as = (token: string, method: Method, url: string, payload?: unknown) =>
  t.req(token, { method, url, payload: payload as never });
const post = async (url: string, records: unknown[]) => {
  const r = await as(t.keys.integration!, 'POST', url, { records });
  if (r.status !== 200) throw new Error(`${url}: ${JSON.stringify(r.body)}`);
};
const creator = (id: string): Principal => ({
  role: 'creator',
  partyId: id,
  subject: 'test',
  via: 'api_key',
});
const today = () => businessDay(new Date(), t.ctx.cfg.timeZone);
const DAY = 86_400_000;

beforeAll(async () => {
  t = await testApp();
  env = { db: t.ctx.db.kysely, timeZone: t.ctx.cfg.timeZone };
  await loadCatalog((url, payload) => as(t.keys.integration!, 'POST', url, payload));
  await post('/v1/catalog/creators', [
    { id: 'cr2', name: 'New Face', followers: 900_000, joinedAt: '2026-03-01' },
    { id: 'cr3', name: 'Mixed Reviews', followers: 50_000, joinedAt: '2026-03-01' },
    { id: 'cr4', name: 'Small But Loved', followers: 5_000, joinedAt: '2026-03-01' },
  ]);
  // cr2's score is provisional (too little volume): it counts as no score.
  await putScores(t.ctx.db.kysely, 'creator', shiftDay(today(), -1), [
    { id: 'cr1', score: 4.5 },
    { id: 'cr2', score: 4.9, provisional: true },
    { id: 'cr3', score: 3.9 },
    { id: 'cr4', score: 4.8 },
  ]);
  const now = new Date();
  await post('/v1/live-sessions', [
    { id: 'ls-ok', storeId: 's1', hostType: 'creator', creatorId: 'cr1', startedAt: now.toISOString() },
    { id: 'ls-cr3', storeId: 's1', hostType: 'creator', creatorId: 'cr3', startedAt: now.toISOString() },
    { id: 'ls-s2', storeId: 's2', hostType: 'creator', creatorId: 'cr1', startedAt: now.toISOString() },
    { id: 'ls-later', storeId: 's1', hostType: 'creator', creatorId: 'cr1', scheduledAt: now.toISOString() },
  ]);
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
  cr1 = await t.key('creator', 'cr1');
  cr2 = await t.key('creator', 'cr2');
  cr3 = await t.key('creator', 'cr3');
  cr4 = await t.key('creator', 'cr4');
});
afterAll(() => t?.close());

describe('sample policy', () => {
  test('defaults until set; a merchant sets its own, partially; mistakes are 422, others 403', async () => {
    const d = await as(m1, 'GET', '/v1/samples/policy');
    expect(d.body).toEqual({
      merchantId: 'm1',
      minCreatorScore: 0,
      minFollowers: 0,
      autoApprove: false,
      contentDays: 14,
      requireReturn: false,
      updatedAt: null,
    });
    const put = await as(m1, 'PUT', '/v1/samples/policy', {
      minCreatorScore: 4.2,
      minFollowers: 10_000,
      contentDays: 7,
    });
    expect(put.status).toBe(200);
    const again = await as(m1, 'PUT', '/v1/samples/policy', { requireReturn: true });
    expect(again.body).toMatchObject({
      minCreatorScore: 4.2,
      minFollowers: 10_000,
      contentDays: 7,
      requireReturn: true,
    });
    expect((await as(cr1, 'GET', '/v1/samples/policy?merchantId=m1')).body.minFollowers).toBe(10_000);
    expect((await as(m2, 'PUT', '/v1/samples/policy', { merchantId: 'm1', minFollowers: 0 })).status).toBe(
      403,
    );
    expect((await as(m2, 'GET', '/v1/samples/policy?merchantId=m1')).status).toBe(403);
    expect((await as(t.keys.operator!, 'PUT', '/v1/samples/policy', { minFollowers: 1 })).status).toBe(422);
    const bad = await as(m1, 'PUT', '/v1/samples/policy', { minCreatorScore: 2.5 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('minCreatorScore');
    expect((await as(cr1, 'PUT', '/v1/samples/policy', { merchantId: 'm1', minFollowers: 0 })).status).toBe(
      403,
    );
  });
});

describe('requesting a sample under the policy', () => {
  test('below the score minimum, without a settled score, or below followers: rejected at once with the code', async () => {
    const low = await as(cr3, 'POST', '/v1/samples', { productId: 'p1' });
    expect(low.status).toBe(201);
    expect(low.body).toMatchObject({
      productId: 'p1',
      productTitle: 'Roasted almonds 500g gift box',
      storeId: 's1',
      storeName: 'Hill Foods Flagship',
      merchantId: 'm1',
      creatorId: 'cr3',
      creatorName: 'Mixed Reviews',
      creatorFollowers: 50_000,
      creatorScore: 3.9,
      status: 'rejected',
      reasonCode: 'creator_score_below_minimum',
      contentDays: 7,
      requireReturn: true,
    });
    expect(low.body.reason).toContain('3.90');
    expect(low.body.history.map((h: { status: string; by: string }) => [h.status, h.by])).toEqual([
      ['requested', 'creator:cr3'],
      ['rejected', 'policy'],
    ]);
    const none = await as(cr2, 'POST', '/v1/samples', { productId: 'p1' });
    expect(none.body).toMatchObject({
      status: 'rejected',
      reasonCode: 'creator_score_below_minimum',
      creatorScore: null,
    });
    const few = await as(cr4, 'POST', '/v1/samples', { productId: 'p1' });
    expect(few.body).toMatchObject({ status: 'rejected', reasonCode: 'followers_below_minimum' });
    // A rejected request is not open: asking again is allowed (and rejected again).
    expect((await as(cr4, 'POST', '/v1/samples', { productId: 'p1' })).status).toBe(201);
  });

  test('meeting the rules leaves it to the merchant; autoApprove approves; one open request per product', async () => {
    const r = await as(cr1, 'POST', '/v1/samples', { id: 'smp-a', productId: 'p1', note: 'for Friday' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: 'smp-a', status: 'requested', reasonCode: null, decidedAt: null });
    const replay = await as(cr1, 'POST', '/v1/samples', { id: 'smp-a', productId: 'p1', note: 'for Friday' });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(r.body);
    expect((await as(cr1, 'POST', '/v1/samples', { id: 'smp-a', productId: 'p1' })).status).toBe(409);
    const dup = await as(cr1, 'POST', '/v1/samples', { productId: 'p1' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ field: 'productId', code: 'sample_already_open' });

    expect((await as(m2, 'PUT', '/v1/samples/policy', { autoApprove: true })).status).toBe(200);
    const auto = await as(cr3, 'POST', '/v1/samples', { productId: 'p2' });
    expect(auto.body).toMatchObject({
      status: 'approved',
      merchantId: 'm2',
      contentDays: 14,
      requireReturn: false,
    });
    expect(auto.body.history.map((h: { status: string; by: string }) => [h.status, h.by])).toEqual([
      ['requested', 'creator:cr3'],
      ['approved', 'policy'],
    ]);
  });

  test('bad input: unknown product 422; operators name the creator; merchants cannot ask', async () => {
    expect((await as(cr1, 'POST', '/v1/samples', { productId: 'nope' })).status).toBe(422);
    expect((await as(t.keys.operator!, 'POST', '/v1/samples', { productId: 'p1' })).status).toBe(422);
    expect((await as(m1, 'POST', '/v1/samples', { productId: 'p1' })).status).toBe(403);
    expect((await as(cr1, 'POST', '/v1/samples', { productId: 'p1', creatorId: 'cr3' })).status).toBe(403);
  });
});

describe('the life of a sample', () => {
  test('approve → ship → receive → fulfil (live session) → return, each step recorded; wrong steps 409/403/422', async () => {
    const id = 'smp-a';
    expect((await as(m2, 'POST', `/v1/samples/${id}/approve`)).status).toBe(403);
    expect((await as(cr1, 'POST', `/v1/samples/${id}/approve`)).status).toBe(403);
    const early = await as(m1, 'POST', `/v1/samples/${id}/ship`, { carrier: 'SF', trackingNo: 'SF1' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('is requested');
    expect(early.body.errors).toEqual([{ field: 'status', reason: 'is requested', code: 'wrong_status' }]);
    expect((await as(m1, 'POST', `/v1/samples/${id}/approve`)).body.status).toBe('approved');
    expect((await as(m1, 'POST', `/v1/samples/${id}/approve`)).status).toBe(409);
    expect((await as(m1, 'POST', `/v1/samples/${id}/ship`, { carrier: 'SF' })).status).toBe(400);
    const shipped = await as(m1, 'POST', `/v1/samples/${id}/ship`, { carrier: 'SF', trackingNo: 'SF1' });
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'SF', trackingNo: 'SF1' });
    expect((await as(m1, 'POST', `/v1/samples/${id}/receive`)).status).toBe(403);
    const received = await as(cr1, 'POST', `/v1/samples/${id}/receive`);
    expect(received.body).toMatchObject({ status: 'received', contentDueOn: shiftDay(today(), 7) });
    expect(
      (await as(cr1, 'POST', `/v1/samples/${id}/return`, { carrier: 'SF', trackingNo: 'R1' })).status,
    ).toBe(409);
    const fulfil = (sessionId: string) =>
      as(cr1, 'POST', `/v1/samples/${id}/fulfil`, { type: 'live', sessionId });
    for (const [sid, code] of [
      ['nope', 'session_not_found'],
      ['ls-cr3', 'session_not_hosted_by_creator'],
      ['ls-s2', 'session_other_store'],
      ['ls-later', 'session_not_started'],
    ]) {
      const r = await fulfil(sid!);
      expect(r.status).toBe(422);
      expect(r.body.errors[0]).toMatchObject({ field: 'sessionId', code });
    }
    expect((await as(cr1, 'POST', `/v1/samples/${id}/fulfil`, { type: 'video' })).status).toBe(422);
    const done = await fulfil('ls-ok');
    expect(done.body).toMatchObject({
      status: 'fulfilled',
      fulfilledLate: false,
      content: { type: 'live', sessionId: 'ls-ok', url: null },
    });
    const back = await as(cr1, 'POST', `/v1/samples/${id}/return`, { carrier: 'YTO', trackingNo: 'R1' });
    expect(back.body).toMatchObject({ status: 'returned', returnCarrier: 'YTO', returnTrackingNo: 'R1' });
    expect(back.body.history.map((h: { status: string; by: string }) => [h.status, h.by])).toEqual([
      ['requested', 'creator:cr1'],
      ['approved', 'merchant:m1'],
      ['shipped', 'merchant:m1'],
      ['received', 'creator:cr1'],
      ['fulfilled', 'creator:cr1'],
      ['returned', 'creator:cr1'],
    ]);
    expect(back.body.returnedAt).not.toBeNull();
  });

  test('overdue once past the due day; a late fulfil still fulfils, flagged; return only when the policy asked', async () => {
    // m2's sample of cr3 (auto-approved, no return asked): shipped now, received 20 days ago by the clock.
    const list = await as(cr3, 'GET', '/v1/samples?productId=p2');
    const id = list.body.items[0].id as string;
    expect((await as(m2, 'POST', `/v1/samples/${id}/ship`, { carrier: 'SF', trackingNo: 'S2' })).status).toBe(
      200,
    );
    const then = new Date(Date.now() - 20 * DAY);
    const received = await samples.act(env, creator('cr3'), id, 'receive', {}, then);
    const due = shiftDay(businessDay(then, env.timeZone), 14);
    expect(received).toMatchObject({ status: 'received', contentDueOn: due });
    const seen = await as(cr3, 'GET', `/v1/samples/${id}`);
    expect(seen.body).toMatchObject({ status: 'overdue', contentDueOn: due });
    const overdue = await as(m2, 'GET', '/v1/samples?status=overdue');
    expect(overdue.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(overdue.body.counts).toEqual({ overdue: 1 });
    expect((await as(m2, 'GET', '/v1/samples?status=received')).body.total).toBe(0);
    const late = await as(cr3, 'POST', `/v1/samples/${id}/fulfil`, {
      type: 'video',
      url: 'https://v.example/1',
    });
    expect(late.body).toMatchObject({
      status: 'fulfilled',
      fulfilledLate: true,
      content: { type: 'video', sessionId: null, url: 'https://v.example/1' },
    });
    const ret = await as(cr3, 'POST', `/v1/samples/${id}/return`, { carrier: 'SF', trackingNo: 'R2' });
    expect(ret.status).toBe(409);
    expect(ret.body.detail).toContain('need not be returned');
  });

  test('an overdue sample can be returned without content when the policy asks for returns', async () => {
    const r = await as(cr1, 'POST', '/v1/samples', { productId: 'p1' });
    expect(r.body.status).toBe('requested');
    await as(m1, 'POST', `/v1/samples/${r.body.id}/approve`);
    await as(m1, 'POST', `/v1/samples/${r.body.id}/ship`, { carrier: 'SF', trackingNo: 'S3' });
    await samples.act(env, creator('cr1'), r.body.id, 'receive', {}, new Date(Date.now() - 30 * DAY));
    const ret = await as(cr1, 'POST', `/v1/samples/${r.body.id}/return`, { carrier: 'SF', trackingNo: 'R3' });
    expect(ret.body).toMatchObject({ status: 'returned', content: null, fulfilledAt: null });
  });

  test('merchant rejection with a reason', async () => {
    await as(m1, 'PUT', '/v1/samples/policy', { minCreatorScore: 0, minFollowers: 0 });
    const r = await as(cr4, 'POST', '/v1/samples', { productId: 'p1' });
    expect(r.body.status).toBe('requested');
    expect((await as(m1, 'POST', `/v1/samples/${r.body.id}/reject`, {})).status).toBe(400);
    const no = await as(m1, 'POST', `/v1/samples/${r.body.id}/reject`, { reason: 'out of stock' });
    expect(no.body).toMatchObject({
      status: 'rejected',
      reasonCode: 'merchant_rejected',
      reason: 'out of stock',
    });
  });
});

describe('who sees what', () => {
  test('a creator its own, a merchant its products’, operators all, with counts by status', async () => {
    const mine = await as(cr1, 'GET', '/v1/samples');
    expect(mine.body.items.every((s: { creatorId: string }) => s.creatorId === 'cr1')).toBe(true);
    expect(mine.body.counts).toEqual({ returned: 2 });
    const m = await as(m1, 'GET', '/v1/samples');
    expect(m.body.items.every((s: { merchantId: string }) => s.merchantId === 'm1')).toBe(true);
    // cr3, cr2, cr4 ×2 rejected by policy, cr4 rejected by m1; cr1 two returned.
    expect(m.body.counts).toEqual({ rejected: 5, returned: 2 });
    expect(m.body.total).toBe(7);
    const all = await as(t.keys.operator!, 'GET', '/v1/samples?limit=2');
    expect(all.body).toMatchObject({ total: 8, limit: 2 });
    expect(all.body.items).toHaveLength(2);
    const other = mine.body.items[0].id;
    expect((await as(cr3, 'GET', `/v1/samples/${other}`)).status).toBe(403);
    expect((await as(m2, 'GET', `/v1/samples/${other}`)).status).toBe(403);
    expect((await as(m2, 'GET', '/v1/samples?merchantId=m1')).status).toBe(403);
    expect((await as(cr3, 'GET', '/v1/samples?creatorId=cr1')).status).toBe(403);
    expect((await as(await t.key('agency', 'ag1'), 'GET', '/v1/samples')).status).toBe(403);
    expect((await as(cr1, 'GET', '/v1/samples/nope')).status).toBe(404);
  });
});
