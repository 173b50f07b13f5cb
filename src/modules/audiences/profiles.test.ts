import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { at, loadCatalog, paidOrder, T0 } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { Bitmap } from './bitmap.ts';
import { decayedAt } from './domain/profile.ts';
import { tagJobTick } from './profiles.hooks.ts';
import { drainEvents, queueStats } from './profiles.queue.ts';
import { rebuildProfiles } from './profiles.service.ts';
import { buildTags, consumersOf, idxOf, loadBuild, tagIndex } from './tags.store.ts';

/** Profiles follow events (hook deltas) and orders (outbox), tags are built from them and persisted. */
let t: TestApp;
/** Ingests, then waits for the profile deltas queued behind ingestion to be applied. */
const post = async (url: string, payload: unknown) => {
  const r = await t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
  await drainEvents(t.ctx.db.kysely);
  return r;
};
const db = () => t.ctx.db.kysely;
const DAY = 86_400_000;
const NOW = new Date(Date.parse(T0) + DAY);

const ev = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'view',
  occurredAt: at(1),
  userId: 'u1',
  productId: 'p1',
  storeId: 's1',
  scene: 'feed',
  ...extra,
});

async function rows<T>(q: string): Promise<T[]> {
  return (await sql<T>`${sql.raw(q)}`.execute(db())).rows;
}
const snapshot = async () => ({
  cats: await rows(`SELECT u.consumer_id, category_id, round(aff_ev::numeric, 6)::text AS aff_ev,
      round(aff_ord::numeric, 6)::text AS aff_ord, views, carts, favorites, last_seen, last_intent, last_bought
    FROM aud_profile_categories p JOIN aud_users u USING (idx) ORDER BY 1, 2`),
  brands: await rows(`SELECT u.consumer_id, brand_id, round(aff_ev::numeric, 6)::text AS aff_ev,
      round(aff_ord::numeric, 6)::text AS aff_ord FROM aud_profile_brands p JOIN aud_users u USING (idx) ORDER BY 1, 2`),
  channels: await rows(`SELECT u.consumer_id, channel, clicks, orders, last_at
    FROM aud_profile_channels p JOIN aud_users u USING (idx) ORDER BY 1, 2`),
  orders:
    await rows(`SELECT u.consumer_id, paid_orders, social_orders, first_paid_at, last_paid_at, orders_365,
      monetary_365, discounted_365, items_365, discount_365, units_365, paid_lines_365
    FROM aud_profile_orders p JOIN aud_users u USING (idx) ORDER BY 1`),
});

beforeAll(async () => {
  t = await testApp();
  await loadCatalog(post);
}, 60_000);
afterAll(() => t?.close());

describe('event deltas (EVENTS_WRITTEN hook)', () => {
  test('views, carts, favorites and clicks add up per level-1 category, brand and channel', async () => {
    const r = await post('/v1/events', {
      records: [
        ev('e1'),
        ev('e2', { type: 'cart', occurredAt: at(2) }),
        ev('e3', { type: 'favorite', occurredAt: at(3), scene: 'search' }),
        ev('e4', { type: 'click', occurredAt: at(4), scene: 'search' }),
        ev('e5', { type: 'exposure' }), // not behaviour
        ev('e6', { userId: undefined }), // anonymous
        ev('e7', {
          userId: 'u2',
          productId: 'p2',
          storeId: 's2',
          scene: 'live',
          liveSessionId: 'ls9',
          type: 'click',
        }),
      ],
    });
    expect(r.body).toMatchObject({ inserted: 7 });
    expect(r.status).toBe(200);
    const s = await snapshot();
    expect(s.cats).toHaveLength(2);
    const c1 = s.cats[0] as Record<string, unknown>;
    expect(c1).toMatchObject({ consumer_id: 'u1', category_id: 'c1', views: 1, carts: 1, favorites: 1 });
    // 1 + 3 + 2 points, all on T0 (+ minutes): read back at T0 they are ~6.
    const stored = await rows<{ aff_ev: number }>(`SELECT aff_ev FROM aud_profile_categories
      WHERE idx = (SELECT idx FROM aud_users WHERE consumer_id = 'u1')`);
    expect(decayedAt(stored[0]!.aff_ev, Date.parse(T0))).toBeCloseTo(6, 2);
    expect(new Date(c1.last_seen as string).toISOString()).toBe(at(4));
    expect(new Date(c1.last_intent as string).toISOString()).toBe(at(2));
    expect(s.cats[1]).toMatchObject({ consumer_id: 'u2', category_id: 'c1', views: 0 });
    expect(s.brands).toHaveLength(1); // p2 has no brand; u1's points go to b1
    expect(
      s.channels.map((c) => [
        (c as { consumer_id: string }).consumer_id,
        (c as { channel: string }).channel,
        (c as { clicks: number }).clicks,
      ]),
    ).toEqual([
      ['u1', 'feed', 0],
      ['u1', 'search', 1],
      ['u2', 'live', 1],
    ]);
  });

  test('deltas are applied behind ingestion: queued when the batch returns, applied shortly after', async () => {
    const before = queueStats(db()).applied;
    const r = await t.req(t.keys.integration!, {
      method: 'POST',
      url: '/v1/events',
      payload: { records: [ev('e20', { type: 'click', occurredAt: at(20) })] } as never,
    });
    expect(r.body).toMatchObject({ inserted: 1 });
    await expect.poll(() => queueStats(db()).applied, { timeout: 5_000 }).toBe(before + 1);
    expect(queueStats(db())).toMatchObject({ pending: 0, failed: 0 });
  });

  test('a batch sent again is not counted twice; only its new events are added', async () => {
    const before = await snapshot();
    const again = await post('/v1/events', {
      records: [ev('e1'), ev('e2', { type: 'cart', occurredAt: at(2) })],
    });
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(await snapshot()).toEqual(before);
    await post('/v1/events', { records: [ev('e1'), ev('e8', { occurredAt: at(9) })] });
    const after = await snapshot();
    expect((after.cats[0] as { views: number }).views).toBe(2);
  });
});

describe('order-derived stats (outbox)', () => {
  test('paid orders are recomputed for the touched consumers; cancelled ones drop out', async () => {
    await post('/v1/orders', {
      records: [
        paidOrder('o1'),
        paidOrder('o2', {
          source: { scene: 'share', channel: 'promoter', promoterId: 'pr1', shareCode: 'sh1' },
          discountAmount: 0,
          payAmount: 7980,
          lines: [{ lineNo: 1, skuId: 'k1', quantity: 2, unitPrice: 3990, discount: 0 }],
          payments: [{ id: 'o2-pay', kind: 'full', amount: 7980, paidAt: at(5) }],
        }),
        paidOrder('o3', { status: 'created', paidAt: undefined, payments: [] }),
      ],
    });
    await t.ctx.dispatcher.drain();
    let s = await snapshot();
    expect(s.orders).toHaveLength(1);
    expect(s.orders[0]).toMatchObject({
      consumer_id: 'u1',
      paid_orders: 2,
      social_orders: 1,
      orders_365: 2,
      monetary_365: 7480 + 7980,
      discounted_365: 1,
      items_365: 15960,
      discount_365: 500,
      units_365: 4,
    });
    const cat = s.cats[0] as { aff_ord: string; last_bought: unknown };
    expect(Number(cat.aff_ord)).toBeGreaterThan(0);
    expect(new Date(cat.last_bought as string).toISOString()).toBe(at(5));
    expect(s.channels.filter((c) => (c as { orders: number }).orders > 0)).toEqual([
      expect.objectContaining({ consumer_id: 'u1', channel: 'search', orders: 1 }),
      expect.objectContaining({ consumer_id: 'u1', channel: 'social', orders: 1 }),
    ]);
    const cancel = await post('/v1/orders', {
      records: [
        paidOrder('o2', {
          status: 'cancelled',
          cancelledAt: at(50),
          source: { scene: 'share', channel: 'promoter', promoterId: 'pr1', shareCode: 'sh1' },
          discountAmount: 0,
          payAmount: 7980,
          lines: [{ lineNo: 1, skuId: 'k1', quantity: 2, unitPrice: 3990, discount: 0 }],
          payments: [{ id: 'o2-pay', kind: 'full', amount: 7980, paidAt: at(5) }],
        }),
      ],
    });
    expect(cancel.status).toBe(200);
    await t.ctx.dispatcher.drain();
    s = await snapshot();
    expect(s.orders[0]).toMatchObject({ paid_orders: 1, social_orders: 0, monetary_365: 7480 });
    expect(s.channels.filter((c) => (c as { orders: number }).orders > 0)).toHaveLength(1);
  });

  test('the rebuild from scratch gives the same profiles as the increments', async () => {
    const inc = await snapshot();
    const r = await rebuildProfiles(db());
    expect(r.users).toBeGreaterThanOrEqual(2);
    expect(await snapshot()).toEqual(inc);
  });
});

describe('tags', () => {
  test('built from the profiles, persisted, and read back identically', async () => {
    const stats = await buildTags(db(), { timeZone: t.ctx.cfg.timeZone, now: NOW });
    expect(stats).toMatchObject({ asOf: '2026-11-02', users: expect.any(Number) });
    expect(stats.build).toBeGreaterThan(0);
    const idx = await tagIndex(db(), { fresh: true });
    expect(idx.build).toBe(stats.build);
    const ids = await idxOf(db(), ['u1', 'u2']);
    const u1 = ids.get('u1')!;
    const u2 = ids.get('u2')!;
    const has = (k: string) => idx.tag(k)?.toArray() ?? null;
    expect(has('age:25-29')).toEqual([u1]);
    expect(has('gender:f')).toEqual([u1]);
    expect(has('region:Zhejiang')).toEqual([u1]);
    expect(has('city_tier:2')).toEqual([u1]);
    expect(has('bought:c1')).toEqual([u1]);
    expect(has('affinity:c1')).toEqual([u1]); // u2: one click, no points
    expect(has('brand:b1')).toEqual([u1]);
    expect(has('channel:live')).toEqual([u2]);
    expect(has('lifecycle:new')).toEqual([u1, u2].sort((a, b) => a - b)); // registered at T0, ≤ 1 paid order
    expect(has('rfm:new')).toEqual([u1]);
    expect(has('price_band:low')).toEqual([u1]); // ¥37.40 a unit
    expect(has('intent:c1')).toEqual([]); // u1 bought it the same day
    expect(has('social:guidable')).toEqual([]);
    expect(idx.tag('age:nope')).toBeUndefined();
    expect(idx.tag('gender:m')?.size).toBe(0);
    expect(idx.universe.toArray()).toEqual([u1, u2].sort((a, b) => a - b));
    // Persisted: a fresh load of the build gives the same bitmaps.
    const loaded = await loadBuild(db(), stats.build);
    expect(loaded.keys().sort()).toEqual(idx.keys().sort());
    for (const k of idx.keys()) expect(loaded.tag(k)!.isEqual(idx.tag(k)!)).toBe(true);
    expect(await consumersOf(db(), new Bitmap([u2, u1]))).toEqual(u1 < u2 ? ['u1', 'u2'] : ['u2', 'u1']);
  });

  test('only the last two builds are kept; the cached index follows a newer build', async () => {
    const a = await buildTags(db(), { timeZone: t.ctx.cfg.timeZone, now: NOW });
    const b = await buildTags(db(), { timeZone: t.ctx.cfg.timeZone, now: NOW });
    const builds = await rows<{ id: number }>('SELECT id FROM aud_tag_builds ORDER BY id');
    expect(builds.map((x) => x.id)).toEqual([a.build, b.build]);
    const bm = await rows<{ build: number }>('SELECT DISTINCT build FROM aud_tag_bitmaps ORDER BY build');
    expect(bm.map((x) => x.build)).toEqual([a.build, b.build]);
    expect((await tagIndex(db())).build).toBe(b.build);
  });

  test('idxOf assigns dense indexes to new consumers once', async () => {
    const a = await idxOf(db(), ['zz1', 'zz2', 'zz1']);
    const b = await idxOf(db(), ['zz2', 'zz1']);
    expect(a.size).toBe(2);
    expect([...b].sort()).toEqual([...a].sort());
    expect(a.get('zz2')).toBe(a.get('zz1')! + 1);
  });

  test('the periodic job builds when the last build is old, not again right after one', async () => {
    const count = async () => (await rows<{ id: number }>('SELECT max(id) AS id FROM aud_tag_builds'))[0]!.id;
    const before = await count();
    // The builds above are of "now" (wall clock): recent, so no new build.
    await buildTags(db(), { timeZone: t.ctx.cfg.timeZone });
    const recent = await count();
    await tagJobTick(t.ctx, false);
    expect(await count()).toBe(recent);
    await sql`UPDATE aud_tag_builds SET built_at = now() - interval '11 minutes'`.execute(db());
    await tagJobTick(t.ctx, false);
    expect(await count()).toBe(recent + 1);
    expect(recent).toBe(before + 1);
  });
});
