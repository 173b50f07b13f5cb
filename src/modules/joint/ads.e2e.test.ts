import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { checkBalances } from '../ledger/index.ts';

/**
 * Ad crowdfunding through the public API end to end: create (POST /v1/joint/campaigns, type ad_crowdfunding),
 * join, remove, cancel, the campaign view's `ad`, the deadline sweep, with the real clock (dates ahead of it).
 */
let t: TestApp;
let operator: string;
const M = ['jxm1', 'jxm2', 'jxm3', 'jxm4'];
const S = M.map((m) => `${m}-s`);
const keys: Record<string, string> = {};
const DAY = 86_400_000;
const base = Math.ceil(Date.now() / DAY) * DAY; // a UTC midnight ahead
const DEADLINE = new Date(base + 3 * DAY).toISOString();
const STARTS = new Date(base + 10 * DAY).toISOString();
const ENDS = new Date(base + 17 * DAY).toISOString();

const post = (who: string, url: string, payload: object = {}) =>
  t.req(who, { method: 'POST', url, payload: payload as never });
const createAd = (who: string, id: string, store: string, ad: Record<string, unknown>) =>
  post(who, '/v1/joint/campaigns', {
    id,
    type: 'ad_crowdfunding',
    name: `Ad ${id}`,
    storeId: store,
    startsAt: STARTS,
    endsAt: ENDS,
    rules: { ad: { slot: 'feed_top', deadline: DEADLINE, ...ad } },
  });

beforeAll(async () => {
  t = await testApp();
  operator = t.keys.operator!;
  const k = t.ctx.db.kysely;
  for (const [i, m] of M.entries()) {
    await sql`INSERT INTO merchants (id, name, type, onboarded_at) VALUES (${m}, ${`Merchant ${i}`}, 'pop', '2024-01-01')`.execute(
      k,
    );
    await sql`INSERT INTO stores (id, merchant_id, name, opened_at) VALUES (${S[i]}, ${m}, ${`Store ${i}`}, '2024-01-01')`.execute(
      k,
    );
    keys[m] = await t.key('merchant', m);
  }
  for (const m of M.slice(0, 3))
    expect(
      (await t.req(operator, { method: 'PUT', url: `/v1/joint/whitelist/${m}`, payload: {} })).status,
    ).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('ad crowdfunding over the API', () => {
  test('initiating needs the whitelist (403 not_whitelisted, nothing written)', async () => {
    const r = await createAd(keys[M[3]!]!, 'jx-nw', S[3]!, { split: 'equal', seats: 2 });
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors[0]).toMatchObject({ code: 'not_whitelisted' });
    expect((await t.req(operator, { method: 'GET', url: '/v1/joint/campaigns/jx-nw' })).status).toBe(404);
  });

  test('bad ad rules are a 422 naming rules.ad fields', async () => {
    const r = await createAd(keys[M[0]!]!, 'jx-bad', S[0]!, { split: 'equal', seats: 30, slot: 'nope' });
    expect(r.status).toBe(422);
    const fields = r.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['rules.ad.seats', 'rules.ad.slot']));
  });

  test('create, join, remove, join until funded: into a traffic program; the campaign view carries the ad', async () => {
    const r = await createAd(keys[M[0]!]!, 'jx-eq', S[0]!, { split: 'equal', seats: 3, price: 1_200_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.ad).toMatchObject({ fundingStatus: 'open', raised: 400_000, remaining: 800_000 });
    const again = await createAd(keys[M[0]!]!, 'jx-eq', S[0]!, {
      split: 'equal',
      seats: 3,
      price: 1_200_000,
    });
    expect(again.status).toBe(200);
    expect(again.body.ad.contributions).toHaveLength(1);

    const off = await post(keys[M[3]!]!, '/v1/joint/campaigns/jx-eq/join', { storeId: S[3] });
    expect(off.status).toBe(403);
    expect(off.body.errors[0].code).toBe('not_whitelisted');

    expect((await post(keys[M[1]!]!, '/v1/joint/campaigns/jx-eq/join', { storeId: S[1] })).status).toBe(200);
    const rm = await post(keys[M[0]!]!, `/v1/joint/campaigns/jx-eq/participants/${S[1]}/remove`, {});
    expect(rm.status, JSON.stringify(rm.body)).toBe(200);
    expect(rm.body.ad.contributions.map((c: { status: string }) => c.status)).toEqual(['held', 'voided']);

    expect((await post(keys[M[2]!]!, '/v1/joint/campaigns/jx-eq/join', { storeId: S[2] })).status).toBe(200);
    // M4, refused above, joins once the operator whitelists it: its seat completes the price.
    await t.req(operator, { method: 'PUT', url: `/v1/joint/whitelist/${M[3]}`, payload: {} });
    const fin = await post(keys[M[3]!]!, '/v1/joint/campaigns/jx-eq/join', { storeId: S[3] });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    expect(fin.body.ad).toMatchObject({ fundingStatus: 'funded', raised: 1_200_000, remaining: 0 });
    expect(fin.body.ad.programId).toBeTruthy();
    const ad = await t.req(keys[M[2]!]!, { method: 'GET', url: '/v1/joint/campaigns/jx-eq/ad' });
    expect(ad.body.contributions.filter((c: { status: string }) => c.status === 'posted')).toHaveLength(3);
    expect(ad.body.delivery.byParticipant.map((x: { storeId: string }) => x.storeId)).toEqual([
      S[0],
      S[2],
      S[3],
    ]);
    const prog = await t.req(operator, {
      method: 'GET',
      url: `/v1/traffic/programs/${ad.body.programId}/participants`,
    });
    expect(prog.status).toBe(200);
    expect(prog.body.items ?? prog.body).toHaveLength(3);

    // Funded: nobody else joins (the removed store stays out), nobody leaves.
    const late = await post(keys[M[1]!]!, '/v1/joint/campaigns/jx-eq/join', { storeId: S[1] });
    expect(late.status).toBeGreaterThanOrEqual(400);
    const rm2 = await post(keys[M[0]!]!, `/v1/joint/campaigns/jx-eq/participants/${S[2]}/remove`, {});
    expect(rm2.status).toBe(409);
    expect(rm2.body.errors[0].code).toBe('ad_funded');
  });

  test('shares, then the deadline sweep refunds what is unfunded; cancel voids holds', async () => {
    const r = await createAd(keys[M[0]!]!, 'jx-sh', S[0]!, { split: 'shares', shareBp: 4000 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const j = await post(keys[M[1]!]!, '/v1/joint/campaigns/jx-sh/join', { storeId: S[1], shareBp: 2500 });
    expect(j.status, JSON.stringify(j.body)).toBe(200);
    expect(j.body.ad.contributions.map((c: { amount: number }) => c.amount)).toEqual([480_000, 300_000]);
    // The hold is placed at join: a different share is refused, the same one is a retry.
    const change = await post(keys[M[1]!]!, '/v1/joint/campaigns/jx-sh/join', {
      storeId: S[1],
      shareBp: 3000,
    });
    expect(change.status).toBe(409);
    expect(change.body.errors[0].code).toBe('share_locked');
    const again = await post(keys[M[1]!]!, '/v1/joint/campaigns/jx-sh/join', {
      storeId: S[1],
      shareBp: 2500,
    });
    expect(again.body.ad.raised).toBe(780_000);
    const open = await t.req(keys[M[2]!]!, { method: 'GET', url: '/v1/joint/ads?status=open' });
    expect(open.body.items.map((x: { id: string }) => x.id)).toEqual(['jx-sh']);

    const c = await createAd(keys[M[2]!]!, 'jx-cx', S[2]!, { split: 'equal', seats: 4 });
    expect(c.status).toBe(201);
    const x = await post(keys[M[2]!]!, '/v1/joint/campaigns/jx-cx/cancel', {});
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body.ad).toMatchObject({ fundingStatus: 'cancelled', raised: 0 });
    expect(x.body.status).toBe('cancelled');

    const sw = await post(operator, '/v1/joint/ads/sweep', { now: DEADLINE });
    expect(sw.body.refunded).toEqual(['jx-sh']);
    const v = await t.req(operator, { method: 'GET', url: '/v1/joint/campaigns/jx-sh/ad' });
    expect(v.body).toMatchObject({ fundingStatus: 'refunded', raised: 0 });
    const camp = await t.req(operator, { method: 'GET', url: '/v1/joint/campaigns/jx-sh' });
    expect(camp.body.status).toBe('cancelled');
    const chk = await checkBalances(t.ctx.db.kysely);
    expect(chk.ok).toBe(true);
    expect(chk.totals).toEqual({ posted: 0, pending: 0 });
  });
});
