import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog, T0 } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { putScores } from '../../../test/scores.ts';

/**
 * Campaign lifecycle through the API on the tiny fixture marketplace plus two more merchants: creation and its
 * idempotency, refusals (403 / 409 / 422) that leave nothing written, requirements, and the pricing terms that
 * follow the accepted stores.
 */
let t: TestApp;
let m1: string;
let m2: string;
let m3: string;
let m4: string;
let creator: string;
const HOUR = 3_600_000;
const ahead = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const call = (
  token: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) =>
  t.req(token, {
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as never }),
    ...(headers ? { headers } : {}),
  });
const count = async (table: string) =>
  (await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.table(table)}`))[0]!.n;

const threshold = (o: Record<string, unknown> = {}) => ({
  type: 'cross_store_threshold',
  name: 'Autumn cross-store',
  nameZh: '秋季跨店满减',
  storeId: 's1',
  startsAt: ahead(24),
  endsAt: ahead(24 * 8),
  rules: { rule: { type: 'amount_tiers', tiers: [{ min: 19900, off: 10000 }] } },
  ...o,
});

async function extraStores(t: TestApp) {
  const post = (url: string, records: unknown[]) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: { records } as never });
  await post('/v1/catalog/merchants', [
    { id: 'm3', name: 'Glass House', type: 'pop', onboardedAt: '2026-01-01' },
    { id: 'm4', name: 'Tiny Shop', type: 'pop', onboardedAt: '2026-01-01' },
  ]);
  await post('/v1/catalog/stores', [
    { id: 's3', merchantId: 'm3', name: 'Glass House Store', mainCategoryId: 'c11', openedAt: '2026-01-02' },
    { id: 's4', merchantId: 'm4', name: 'Tiny Shop Store', mainCategoryId: 'c1', openedAt: '2026-01-02' },
  ]);
  await post('/v1/catalog/products', [
    {
      id: 'p3',
      storeId: 's3',
      categoryId: 'c111',
      title: 'Wine glasses, set of 2',
      listedAt: T0,
      skus: [{ id: 'k4', price: 12000, stock: 20 }],
    },
  ]);
  await putScores(t.ctx.db.kysely, 'store', '2026-10-31', [
    { id: 's1', score: 90 },
    { id: 's2', score: 85 },
    { id: 's3', score: 88 },
    { id: 's4', score: 40 },
  ]);
}

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await extraStores(t);
  [m1, m2, m3, m4] = (await Promise.all(['m1', 'm2', 'm3', 'm4'].map((m) => t.key('merchant', m)))) as [
    string,
    string,
    string,
    string,
  ];
  creator = await t.key('creator', 'cr1');
  await q(
    sql`INSERT INTO follows (consumer_id, target_type, target_id, followed_at) VALUES ('u1', 'store', 's2', ${at(0)})`,
  );
}, 120_000);
afterAll(() => t?.close());

describe('create', () => {
  test('a merchant organises with its store; the same id again replays, another body is 409 id_taken', async () => {
    const body = threshold({ id: 'jc-a', invite: ['s2', 's3'] });
    const r = await call(m1, 'POST', '/v1/joint/campaigns', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      id: 'jc-a',
      type: 'cross_store_threshold',
      status: 'inviting',
      organiser: {
        merchantId: 'm1',
        merchantName: 'Hill Foods',
        storeId: 's1',
        storeName: 'Hill Foods Flagship',
      },
      requirements: { minStoreScore: null, categoryIds: [] },
      funding: { mode: 'own_lines', platformFundedBp: 0 },
      counts: { invited: 2, accepted: 1, declined: 0, removed: 0 },
      pricing: { offerId: null, templateId: null, fanTemplateId: null },
      ad: null,
      version: 1,
    });
    expect(
      r.body.participants.map((p: { storeId: string; role: string; status: string }) => [
        p.storeId,
        p.role,
        p.status,
      ]),
    ).toEqual([
      ['s1', 'organiser', 'accepted'],
      ['s2', 'participant', 'invited'],
      ['s3', 'participant', 'invited'],
    ]);
    const again = await call(m1, 'POST', '/v1/joint/campaigns', { ...body, invite: ['s2', 's3'] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe('jc-a');
    const other = await call(m1, 'POST', '/v1/joint/campaigns', { ...body, name: 'Other' });
    expect(other.status).toBe(409);
    expect(other.body.errors[0]).toMatchObject({ field: 'id', code: 'id_taken' });
  });

  test('refusals write nothing: roles, foreign stores, platform funding, bad rules, unknown stores', async () => {
    const before = [await count('joint_campaigns'), await count('joint_participants')];
    expect((await call(creator, 'POST', '/v1/joint/campaigns', threshold())).status).toBe(403);
    expect((await call(t.keys.integration!, 'POST', '/v1/joint/campaigns', threshold())).status).toBe(403);
    expect((await call(m2, 'POST', '/v1/joint/campaigns', threshold())).status).toBe(403);
    const funded = await call(
      m1,
      'POST',
      '/v1/joint/campaigns',
      threshold({ funding: { mode: 'own_lines', platformFundedBp: 500 } }),
    );
    expect(funded.status).toBe(422);
    expect(funded.body.errors).toEqual([
      expect.objectContaining({ field: 'funding.platformFundedBp', code: 'merchant_cannot_fund' }),
    ]);
    const bad = await call(
      m1,
      'POST',
      '/v1/joint/campaigns',
      threshold({
        rules: { rule: { type: 'amount_tiers', tiers: [{ min: 5000, off: 6000 }] } },
        invite: ['s2', 'nope'],
      }),
    );
    expect(bad.status).toBe(422);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('invite.1');
    expect(fields.some((f: string) => f.startsWith('rules.rule.tiers'))).toBe(true);
    const pct = await call(
      m1,
      'POST',
      '/v1/joint/campaigns',
      threshold({ rules: { rule: { type: 'percent_tiers', tiers: [] } } }),
    );
    expect(pct.body.errors[0]).toMatchObject({ field: 'rules.rule.type', code: 'unsupported_rule' });
    const dates = await call(m1, 'POST', '/v1/joint/campaigns', threshold({ endsAt: ahead(1) }));
    expect(dates.status).toBe(422);
    expect(dates.body.errors[0]).toMatchObject({ field: 'endsAt', code: 'end_before_start' });
    const schema = await call(m1, 'POST', '/v1/joint/campaigns', threshold({ surprise: 1 }));
    expect(schema.status).toBe(400);
    expect([await count('joint_campaigns'), await count('joint_participants')]).toEqual(before);
  });

  test('an Idempotency-Key replays a create without an id', async () => {
    const h = { 'idempotency-key': 'create-1' };
    const body = threshold({ name: 'Keyed' });
    const a = await call(m1, 'POST', '/v1/joint/campaigns', body, h);
    const b = await call(m1, 'POST', '/v1/joint/campaigns', body, h);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.id).toBe(a.body.id);
  });
});

describe('participants', () => {
  test('reading is for the involved merchants and operators', async () => {
    expect((await call(m2, 'GET', '/v1/joint/campaigns/jc-a')).status).toBe(200);
    expect((await call(m4, 'GET', '/v1/joint/campaigns/jc-a')).status).toBe(403);
    expect((await call(creator, 'GET', '/v1/joint/campaigns/jc-a')).status).toBe(403);
    expect((await call(t.keys.operator!, 'GET', '/v1/joint/campaigns/jc-a')).status).toBe(200);
    expect((await call(m1, 'GET', '/v1/joint/campaigns/none')).status).toBe(404);
  });

  test('accepting creates the platform cross-store offer over the accepted stores; the scope follows', async () => {
    expect((await call(m1, 'POST', '/v1/joint/campaigns/jc-a/participants/s2/accept', {})).status).toBe(403);
    const a = await call(m2, 'POST', '/v1/joint/campaigns/jc-a/participants/s2/accept', {});
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.pricing.offerId).toBe('jnt-off-jc-a');
    const offer = async () =>
      (
        await q<{ status: string; store_ids: string[]; merchant_id: string | null; kind: string }>(
          sql`SELECT status, store_ids, merchant_id, kind FROM pricing_offers WHERE id = 'jnt-off-jc-a'`,
        )
      )[0]!;
    expect(await offer()).toEqual({
      status: 'active',
      store_ids: ['s1', 's2'],
      merchant_id: null,
      kind: 'cross_store_threshold',
    });
    // A retried accept changes nothing.
    const v = a.body.version;
    expect((await call(m2, 'POST', '/v1/joint/campaigns/jc-a/participants/s2/accept', {})).body.version).toBe(
      v,
    );
    await call(m3, 'POST', '/v1/joint/campaigns/jc-a/participants/s3/accept', {});
    expect((await offer()).store_ids).toEqual(['s1', 's2', 's3']);
    // The organiser removes s3: the scope shrinks; a participant cannot remove others.
    expect((await call(m2, 'POST', '/v1/joint/campaigns/jc-a/participants/s3/remove', {})).status).toBe(403);
    const r = await call(m1, 'POST', '/v1/joint/campaigns/jc-a/participants/s3/remove', {
      note: 'assortment overlap',
    });
    expect(r.body.participants.find((p: { storeId: string }) => p.storeId === 's3')).toMatchObject({
      status: 'removed',
      note: 'assortment overlap',
    });
    expect((await offer()).store_ids).toEqual(['s1', 's2']);
    // A removed store cannot accept again; s2 withdrawing leaves one store: the offer pauses.
    expect((await call(m3, 'POST', '/v1/joint/campaigns/jc-a/participants/s3/accept', {})).status).toBe(409);
    await call(m2, 'POST', '/v1/joint/campaigns/jc-a/participants/s2/decline', { note: 'stock' });
    expect((await offer()).status).toBe('paused');
    await call(m2, 'POST', '/v1/joint/campaigns/jc-a/participants/s2/accept', {});
    expect(await offer()).toMatchObject({ status: 'active', store_ids: ['s1', 's2'] });
    expect((await call(m1, 'POST', '/v1/joint/campaigns/jc-a/participants/s1/remove', {})).status).toBe(409);
  });

  test('invitations: organiser or operator only; unknown stores are 422 without partial writes', async () => {
    expect(
      (await call(m2, 'POST', '/v1/joint/campaigns/jc-a/invitations', { storeIds: ['s4'] })).status,
    ).toBe(403);
    const before = await count('joint_participants');
    const bad = await call(m1, 'POST', '/v1/joint/campaigns/jc-a/invitations', { storeIds: ['s4', 'zz'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'storeIds.1', code: 'unknown_store' }),
    ]);
    expect(await count('joint_participants')).toBe(before);
    const ok = await call(t.keys.operator!, 'POST', '/v1/joint/campaigns/jc-a/invitations', {
      storeIds: ['s4', 's3'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.counts).toEqual({ invited: 2, accepted: 2, declined: 0, removed: 0 });
  });

  test('requirements: a low score or another category is 422 requirement_not_met naming both', async () => {
    const c = await call(
      m1,
      'POST',
      '/v1/joint/campaigns',
      threshold({
        id: 'jc-req',
        requirements: { minStoreScore: 80, categoryIds: ['c1'] },
        invite: ['s2', 's3', 's4'],
      }),
    );
    expect(c.status).toBe(201);
    const low = await call(m4, 'POST', '/v1/joint/campaigns/jc-req/participants/s4/accept', {});
    expect(low.status).toBe(422);
    expect(low.body.type).toBe('urn:tributary:joint:requirement_not_met');
    expect(low.body.errors).toEqual([
      expect.objectContaining({
        field: 'requirements.minStoreScore',
        code: 'requirement_not_met',
        params: expect.objectContaining({ score: 40, min: 80 }),
      }),
    ]);
    const nocat = await call(m2, 'POST', '/v1/joint/campaigns/jc-req/participants/s2/accept', {});
    expect(nocat.body.errors.map((e: { field: string }) => e.field)).toEqual(['requirements.categoryIds']);
    // s3's main category c11 is under c1: it qualifies.
    expect((await call(m3, 'POST', '/v1/joint/campaigns/jc-req/participants/s3/accept', {})).status).toBe(
      200,
    );
    const v = (await call(m1, 'GET', '/v1/joint/campaigns/jc-req')).body;
    expect(v.counts).toEqual({ invited: 2, accepted: 2, declined: 0, removed: 0 });
  });

  test('shares: agreed shares cannot exceed 10000 bp', async () => {
    await call(
      m1,
      'POST',
      '/v1/joint/campaigns',
      threshold({ id: 'jc-sh', funding: { mode: 'shares', organiserShareBp: 6000 }, invite: ['s2', 's3'] }),
    );
    const over = await call(m2, 'POST', '/v1/joint/campaigns/jc-sh/participants/s2/accept', {
      shareBp: 5000,
    });
    expect(over.status).toBe(422);
    expect(over.body.errors[0]).toMatchObject({ field: 'shareBp', code: 'shares_exceed_total' });
    const ok = await call(m2, 'POST', '/v1/joint/campaigns/jc-sh/participants/s2/accept', { shareBp: 4000 });
    expect(ok.body.funding).toEqual({ mode: 'shares', platformFundedBp: 0, organiserShareBp: 6000 });
  });

  test('open join is for ad crowdfunding only', async () => {
    const r = await call(m4, 'POST', '/v1/joint/campaigns/jc-a/join', { storeId: 's4' });
    expect(r.status).toBe(409);
    expect(r.body.errors[0].code).toBe('invitation_required');
  });
});

describe('coupons and fans', () => {
  test('a cross-store coupon campaign with a fan offer: templates over accepted stores, fans of them in the audience', async () => {
    const r = await call(m1, 'POST', '/v1/joint/campaigns', {
      id: 'jc-cp',
      type: 'cross_store_coupon',
      name: 'Cross-store coupon',
      storeId: 's1',
      startsAt: ahead(2),
      endsAt: ahead(48),
      rules: { coupon: { type: 'amount', min: 9900, off: 1500 }, quantity: 1000, perUserLimit: 2 },
      fanOffer: { rule: { type: 'amount', min: 9900, off: 3000 }, quantity: 100 },
      invite: ['s2'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await call(m2, 'POST', '/v1/joint/campaigns/jc-cp/participants/s2/accept', {});
    expect(a.body.pricing).toEqual({
      offerId: null,
      templateId: 'jnt-tpl-jc-cp',
      fanTemplateId: 'jnt-fan-jc-cp',
    });
    const tpl = await q<{
      id: string;
      kind: string;
      store_ids: string[];
      audience_id: string | null;
      per_user_limit: number;
    }>(
      sql`SELECT id, kind, store_ids, audience_id, per_user_limit FROM pricing_coupon_templates WHERE id LIKE 'jnt-%-jc-cp' ORDER BY id`,
    );
    expect(tpl).toEqual([
      {
        id: 'jnt-fan-jc-cp',
        kind: 'cross_store',
        store_ids: ['s1', 's2'],
        audience_id: 'jnt-fans-jc-cp',
        per_user_limit: 1,
      },
      {
        id: 'jnt-tpl-jc-cp',
        kind: 'cross_store',
        store_ids: ['s1', 's2'],
        audience_id: null,
        per_user_limit: 2,
      },
    ]);
    const fans = await q<{ user_id: string }>(
      sql`SELECT user_id FROM pricing_audience_members WHERE audience_id = 'jnt-fans-jc-cp'`,
    );
    expect(fans).toEqual([{ user_id: 'u1' }]);
    // Cancel by the organiser ends the templates; again is a no-op; invitations after it are 409.
    const c = await call(m1, 'POST', '/v1/joint/campaigns/jc-cp/cancel');
    expect(c.body.status).toBe('cancelled');
    expect((await call(m1, 'POST', '/v1/joint/campaigns/jc-cp/cancel')).status).toBe(200);
    const st = await q<{ status: string }>(
      sql`SELECT DISTINCT status FROM pricing_coupon_templates WHERE id LIKE 'jnt-%-jc-cp'`,
    );
    expect(st).toEqual([{ status: 'ended' }]);
    const inv = await call(m1, 'POST', '/v1/joint/campaigns/jc-cp/invitations', { storeIds: ['s3'] });
    expect(inv.status).toBe(409);
    expect(inv.body.errors[0]).toMatchObject({ code: 'not_inviting', params: { status: 'cancelled' } });
  });
});

describe('lists', () => {
  test('a merchant lists its campaigns by role; operators see all', async () => {
    const invited = await call(m4, 'GET', '/v1/joint/campaigns?role=invited');
    expect(invited.body.items.map((c: { id: string }) => c.id).sort()).toEqual(['jc-a', 'jc-req']);
    const organised = await call(m1, 'GET', '/v1/joint/campaigns?role=organiser&type=cross_store_coupon');
    expect(organised.body).toMatchObject({ total: 1, items: [{ id: 'jc-cp', status: 'cancelled' }] });
    const cancelled = await call(m2, 'GET', '/v1/joint/campaigns?status=cancelled');
    expect(cancelled.body.items.map((c: { id: string }) => c.id)).toEqual(['jc-cp']);
    const all = await call(t.keys.operator!, 'GET', '/v1/joint/campaigns?limit=2');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(5);
    expect((await call(creator, 'GET', '/v1/joint/campaigns')).status).toBe(403);
  });
});
