import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { ago, ahead, DAY, storeTemplate } from '../../../test/pricing.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { rateFor } from './domain/plans.ts';
import { loadPlans } from './plans.repo.ts';

let t: TestApp;
let m1: string;
let m2: string;
let cr1: string;
let cr2: string;
const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.req(token, { method, url, payload: payload as never });
const count = async (table: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.ctx.db.kysely))
    .rows[0]!.n;

const openPlan = (o: Record<string, unknown> = {}) => ({
  name: 'Hill Foods open plan',
  kind: 'open',
  defaultRateBp: 1000,
  startsAt: ago(DAY),
  ...o,
});

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
  await t.req(t.keys.integration!, {
    method: 'POST',
    url: '/v1/catalog/creators',
    payload: { records: [{ id: 'cr2', name: 'Sam Cooks', followers: 900, joinedAt: '2026-03-01' }] } as never,
  });
  m1 = await t.key('merchant', 'm1');
  m2 = await t.key('merchant', 'm2');
  cr1 = await t.key('creator', 'cr1');
  cr2 = await t.key('creator', 'cr2');
});
afterAll(() => t.close());

describe('plans: create and read', () => {
  test('a merchant creates a plan for itself with product rates and a boost; retrying is a no-op', async () => {
    const body = openPlan({
      id: 'cpl-open',
      products: [{ productId: 'p1', rateBp: 1500 }],
      boosts: [{ name: '11.11 招商', extraBp: 500, startsAt: ago(DAY / 2), endsAt: ahead(DAY) }],
    });
    const r = await as(m1, 'POST', '/v1/distribution/plans', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: 'cpl-open',
      merchantId: 'm1',
      kind: 'open',
      status: 'active',
      endsAt: null,
      products: [{ productId: 'p1', rateBp: 1500 }],
      parties: [],
      boosts: [{ id: 'cpl-open-b1', name: '11.11 招商', extraBp: 500 }],
    });
    const again = await as(m1, 'POST', '/v1/distribution/plans', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(r.body);
    const changed = await as(m1, 'POST', '/v1/distribution/plans', { ...body, defaultRateBp: 999 });
    expect(changed.status).toBe(409);
    expect(await count('commission_plans')).toBe(1);
  });

  test('loadPlans returns the plan facts that rateFor prices with', async () => {
    const plans = await loadPlans(t.ctx.db.kysely, ['m1', 'm2']);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      id: 'cpl-open',
      defaultRateBp: 1000,
      presaleRateBp: null,
      status: 'active',
    });
    expect(plans[0]!.boosts[0]!.startsAt).toMatch(/Z$/);
    const q = {
      productId: 'p1',
      merchantId: 'm1',
      party: { type: 'creator', id: 'cr1' } as const,
      presale: false,
    };
    expect(rateFor(plans, { ...q, at: new Date().toISOString() })).toEqual({
      planId: 'cpl-open',
      rateBp: 2000,
      boostBp: 500,
    });
    expect(await loadPlans(t.ctx.db.kysely, [])).toEqual([]);
  });

  test('an operator names the merchant; a merchant cannot write for another', async () => {
    const op = await as(
      t.keys.operator!,
      'POST',
      '/v1/distribution/plans',
      openPlan({ id: 'cpl-m2', merchantId: 'm2' }),
    );
    expect(op.status).toBe(201);
    const none = await as(t.keys.operator!, 'POST', '/v1/distribution/plans', openPlan());
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([{ field: 'merchantId', reason: expect.any(String) }]);
    expect((await as(m1, 'POST', '/v1/distribution/plans', openPlan({ merchantId: 'm2' }))).status).toBe(403);
    expect((await as(cr1, 'POST', '/v1/distribution/plans', openPlan())).status).toBe(403);
  });

  test("a merchant cannot read, list or change another merchant's plans", async () => {
    expect((await as(m2, 'GET', '/v1/distribution/plans/cpl-open')).status).toBe(403);
    expect((await as(m2, 'PATCH', '/v1/distribution/plans/cpl-open', { name: 'mine' })).status).toBe(403);
    expect((await as(m2, 'POST', '/v1/distribution/plans/cpl-open/pause')).status).toBe(403);
    expect(
      (
        await as(m2, 'POST', '/v1/distribution/plans/cpl-open/boosts', {
          name: 'x',
          extraBp: 1,
          startsAt: ago(1000),
          endsAt: ahead(1000),
        })
      ).status,
    ).toBe(403);
    expect((await as(m2, 'GET', '/v1/distribution/plans?merchantId=m1')).status).toBe(403);
    const own = await as(m2, 'GET', '/v1/distribution/plans');
    expect(own.body.items.map((p: { id: string }) => p.id)).toEqual(['cpl-m2']);
    const all = await as(t.keys.operator!, 'GET', '/v1/distribution/plans');
    expect(all.body.total).toBe(2);
    expect((await as(m1, 'GET', '/v1/distribution/plans/cpl-open')).status).toBe(200);
  });
});

describe('plans: validation explains every mistake as 422 naming the field, writing nothing', () => {
  test('rates out of range, an end before the start', async () => {
    const before = await count('commission_plans');
    const r = await as(
      m1,
      'POST',
      '/v1/distribution/plans',
      openPlan({
        defaultRateBp: 9500,
        presaleRateBp: -5,
        startsAt: ahead(DAY),
        endsAt: ago(DAY),
        products: [{ productId: 'p1', rateBp: 10001 }],
      }),
    );
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'defaultRateBp',
      'presaleRateBp',
      'products.0.rateBp',
      'endsAt',
    ]);
    expect(await count('commission_plans')).toBe(before);
  });

  test('a targeted plan without parties; a product of another merchant or none at all', async () => {
    const r = await as(
      m1,
      'POST',
      '/v1/distribution/plans',
      openPlan({ kind: 'targeted', products: [{ productId: 'p2' }, { productId: 'nope' }] }),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { field: 'parties', reason: expect.stringContaining('needs at least one party') },
      { field: 'products.0.productId', reason: 'product p2 is not a product of merchant m1.' },
      { field: 'products.1.productId', reason: 'there is no product nope.' },
    ]);
  });

  test('unknown parties and boost ids taken by another plan or listed twice', async () => {
    const r = await as(
      m1,
      'POST',
      '/v1/distribution/plans',
      openPlan({
        kind: 'targeted',
        parties: [
          { type: 'creator', id: 'ghost' },
          { type: 'promoter', id: 'cr1' },
          { type: 'promoter', id: 'pr1' },
        ],
        boosts: [
          { id: 'cpl-open-b1', name: 'x', extraBp: 10, startsAt: ahead(1000), endsAt: ahead(2000) },
          { id: 'dup', name: 'y', extraBp: 10, startsAt: ahead(1000), endsAt: ahead(2000) },
          { id: 'dup', name: 'z', extraBp: 10, startsAt: ahead(1000), endsAt: ahead(2000) },
        ],
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { field: 'boosts.2.id', reason: 'boost dup is listed twice.' },
      { field: 'parties.0', reason: 'there is no creator ghost.' },
      { field: 'parties.1', reason: 'there is no promoter cr1.' },
      { field: 'boosts.0.id', reason: 'boost id cpl-open-b1 is used by another plan.' },
    ]);
  });

  test('schema problems are 400 with the field', async () => {
    const r = await as(m1, 'POST', '/v1/distribution/plans', openPlan({ kind: 'secret', colour: 'red' }));
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'kind']);
  });

  test('overlapping exclusive plans for the same product and party are refused', async () => {
    const ex = {
      name: 'cr1 exclusive',
      kind: 'exclusive',
      defaultRateBp: 2000,
      startsAt: ago(DAY),
      endsAt: ahead(10 * DAY),
      products: [{ productId: 'p1' }],
      parties: [{ type: 'creator', id: 'cr1' }],
    };
    expect((await as(m1, 'POST', '/v1/distribution/plans', { ...ex, id: 'cpl-ex' })).status).toBe(201);
    const clash = await as(m1, 'POST', '/v1/distribution/plans', {
      ...ex,
      startsAt: ahead(5 * DAY),
      endsAt: null,
    });
    expect(clash.status).toBe(422);
    expect(clash.body.errors).toEqual([{ field: 'parties.0', reason: expect.stringContaining('cpl-ex') }]);
    // After the first ends, the window is free.
    const after = await as(m1, 'POST', '/v1/distribution/plans', {
      ...ex,
      startsAt: ahead(10 * DAY),
      endsAt: null,
    });
    expect(after.status).toBe(201);
    // Widening the second into the first is refused too.
    const widen = await as(m1, 'PATCH', `/v1/distribution/plans/${after.body.id}`, {
      startsAt: ahead(9 * DAY),
    });
    expect(widen.status).toBe(422);
    expect(widen.body.errors[0].field).toBe('parties.0');
  });

  test('an exclusive channel coupon must be a channel coupon of the merchant for a party of the plan', async () => {
    const tpl = (id: string, o: Record<string, unknown>) =>
      as(m1, 'POST', '/v1/pricing/coupon-templates', storeTemplate({ id, ...o }));
    expect((await tpl('tpl-ch-cr1', { kind: 'channel', channel: { creatorId: 'cr1' } })).status).toBe(201);
    expect((await tpl('tpl-ch-pr1', { kind: 'channel', channel: { promoterId: 'pr1' } })).status).toBe(201);
    expect((await tpl('tpl-store', {})).status).toBe(201);
    const plan = (couponTemplateId: string) => ({
      name: 'cr2 targeted',
      kind: 'targeted',
      defaultRateBp: 1200,
      startsAt: ago(DAY),
      parties: [{ type: 'creator', id: 'cr1' }],
      couponTemplateId,
    });
    const reason = async (id: string) => {
      const r = await as(m1, 'POST', '/v1/distribution/plans', plan(id));
      expect(r.status).toBe(422);
      expect(r.body.errors[0].field).toBe('couponTemplateId');
      return r.body.errors[0].reason as string;
    };
    expect(await reason('tpl-missing')).toContain('no coupon template');
    expect(await reason('tpl-store')).toContain('must be of kind channel');
    expect(await reason('tpl-ch-pr1')).toContain('promoter pr1, who is not a party');
    const ok = await as(m1, 'POST', '/v1/distribution/plans', plan('tpl-ch-cr1'));
    expect(ok.status).toBe(201);
    expect(ok.body.couponTemplateId).toBe('tpl-ch-cr1');
  });
});

describe('plans: change, boosts, status', () => {
  test('PATCH replaces the lists it is given and re-validates', async () => {
    const r = await as(m1, 'PATCH', '/v1/distribution/plans/cpl-open', {
      defaultRateBp: 800,
      products: [{ productId: 'p1', rateBp: 2500 }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ defaultRateBp: 800, products: [{ productId: 'p1', rateBp: 2500 }] });
    expect(r.body.boosts).toHaveLength(1);
    const bad = await as(m1, 'PATCH', '/v1/distribution/plans/cpl-open', { endsAt: ago(2 * DAY) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('endsAt');
  });

  test('boosts are added idempotently by id, refused outside the window, and removed', async () => {
    const b = { id: 'bst-x', name: 'category week', extraBp: 300, startsAt: ago(1000), endsAt: ahead(DAY) };
    const r = await as(m1, 'POST', '/v1/distribution/plans/cpl-open/boosts', b);
    expect(r.status).toBe(201);
    expect(r.body.boosts.map((x: { id: string }) => x.id).sort()).toEqual(['bst-x', 'cpl-open-b1']);
    expect((await as(m1, 'POST', '/v1/distribution/plans/cpl-open/boosts', b)).status).toBe(200);
    expect(
      (await as(m1, 'POST', '/v1/distribution/plans/cpl-open/boosts', { ...b, extraBp: 1 })).status,
    ).toBe(409);
    const early = await as(m1, 'POST', '/v1/distribution/plans/cpl-open/boosts', {
      ...b,
      id: 'bst-early',
      startsAt: ago(3 * DAY),
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].field).toMatch(/^boosts\.\d\.startsAt$/);
    const del = await as(m1, 'DELETE', '/v1/distribution/plans/cpl-open/boosts/bst-x');
    expect(del.status).toBe(200);
    expect(del.body.boosts.map((x: { id: string }) => x.id)).toEqual(['cpl-open-b1']);
    expect((await as(m1, 'DELETE', '/v1/distribution/plans/cpl-open/boosts/bst-x')).status).toBe(404);
  });

  test('pause, resume, end; an ended plan closes its window and cannot change', async () => {
    expect((await as(m1, 'POST', '/v1/distribution/plans/cpl-m2/pause')).status).toBe(403);
    expect((await as(m2, 'POST', '/v1/distribution/plans/cpl-m2/pause')).body.status).toBe('paused');
    expect((await as(m2, 'POST', '/v1/distribution/plans/cpl-m2/pause')).status).toBe(409);
    expect((await as(m2, 'POST', '/v1/distribution/plans/cpl-m2/resume')).body.status).toBe('active');
    const ended = await as(m2, 'POST', '/v1/distribution/plans/cpl-m2/end');
    expect(ended.body.status).toBe('ended');
    expect(Date.parse(ended.body.endsAt)).toBeLessThanOrEqual(Date.now());
    expect((await as(m2, 'PATCH', '/v1/distribution/plans/cpl-m2', { name: 'again' })).status).toBe(409);
    expect((await loadPlans(t.ctx.db.kysely, ['m2'])).length).toBe(0);
  });
});

describe('plans: what creators see', () => {
  test('the products a plan covers with base, presale and boosted rates', async () => {
    const r = await as(m1, 'GET', '/v1/distribution/plans/cpl-open/products');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      planId: 'cpl-open',
      boostBp: 500,
      items: [
        {
          productId: 'p1',
          title: 'Roasted almonds 500g gift box',
          status: 'listed',
          price: 3990,
          baseRateBp: 2500,
          presaleRateBp: 2500,
          rateBp: 3000,
        },
      ],
      total: 1,
      limit: 50,
      offset: 0,
    });
    // A plan without products covers the merchant's catalog at its default rate.
    const all = await as(t.keys.operator!, 'GET', '/v1/distribution/plans/cpl-m2/products');
    expect(all.body.items).toEqual([
      expect.objectContaining({ productId: 'p2', price: 5990, baseRateBp: 1000 }),
    ]);
    expect(all.body.total).toBe(1);
    expect((await as(m2, 'GET', '/v1/distribution/plans/cpl-open/products')).status).toBe(403);
    expect((await as(cr1, 'GET', '/v1/distribution/plans/cpl-open/products')).status).toBe(200);
  });

  test('creators see open plans and targeted ones naming them, without the party lists', async () => {
    const mine = await as(cr1, 'GET', '/v1/distribution/plans');
    expect(mine.status).toBe(200);
    const ids = mine.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain('cpl-open');
    expect(ids).toContain('cpl-ex');
    expect(mine.body.items.every((p: object) => !('parties' in p))).toBe(true);
    const other = await as(cr2, 'GET', '/v1/distribution/plans');
    const otherIds = other.body.items.map((p: { id: string }) => p.id);
    expect(otherIds).toContain('cpl-open');
    expect(otherIds).not.toContain('cpl-ex');
    expect((await as(cr2, 'GET', '/v1/distribution/plans/cpl-ex')).status).toBe(403);
    expect((await as(cr1, 'GET', '/v1/distribution/plans/cpl-ex')).status).toBe(200);
    expect((await as(cr1, 'GET', '/v1/distribution/plans/cpl-m2')).status).toBe(403);
  });
});

describe('plans: concurrency and API description', () => {
  test('two concurrent clashing exclusive plans: one is created, the other refused', async () => {
    const ex = (id: string) => ({
      id,
      name: 'race',
      kind: 'exclusive',
      defaultRateBp: 1000,
      startsAt: ahead(100 * DAY),
      endsAt: ahead(101 * DAY),
      products: [{ productId: 'p1' }],
      parties: [{ type: 'promoter', id: 'pr1' }],
    });
    const rs = await Promise.all(
      ['race-a', 'race-b', 'race-c'].map((id) => as(m1, 'POST', '/v1/distribution/plans', ex(id))),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([201, 422, 422]);
  });

  test('the OpenAPI document describes the distribution routes', async () => {
    const r = await t.req(null, { method: 'GET', url: '/openapi.json' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/distribution/plans',
        '/v1/distribution/links',
        '/v1/distribution/products',
        '/c/{code}',
      ]),
    );
  });
});
