import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { monthPartition, monthsCovering, parseBound } from './domain/partitions.ts';
import { ensureEventPartitions, listEventPartitions, rollingWindow } from './partitions.service.ts';

describe('month partitions (pure)', () => {
  test('names and bounds, across a year end', () => {
    expect(monthPartition('2026-12-31')).toEqual({
      name: 'events_2026_12',
      from: '2026-12-01',
      to: '2027-01-01',
    });
    expect(monthPartition('2026-01-15', -1)).toEqual({
      name: 'events_2025_12',
      from: '2025-12-01',
      to: '2026-01-01',
    });
    expect(monthsCovering('2026-11-30', '2027-01-01').map((p) => p.name)).toEqual([
      'events_2026_11',
      'events_2026_12',
      'events_2027_01',
    ]);
    expect(monthsCovering('2026-12-02', '2026-12-01')).toEqual([]);
    expect(() => monthPartition('2026-1-1')).toThrow(RangeError);
  });
  test('bounds read back as PostgreSQL prints them', () => {
    expect(parseBound("FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')")).toEqual({
      from: '2026-11-01',
      to: '2026-12-01',
    });
    expect(parseBound('DEFAULT')).toBeNull();
  });
  test('the server window runs from last month to two months ahead, in the business time zone', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai.
    expect(rollingWindow(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toEqual({
      from: '2026-11-01',
      to: '2027-02-01',
    });
  });
});

describe('event partitions', () => {
  let t: TestApp;
  const post = (url: string, payload: unknown) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
  const ev = (id: string, occurredAt: string) => ({
    id,
    type: 'view',
    occurredAt,
    userId: 'u1',
    productId: 'p1',
    storeId: 's1',
    scene: 'feed',
  });
  /** Partition of each event id. */
  const where = async () =>
    Object.fromEntries(
      (
        await sql<{
          id: string;
          part: string;
        }>`SELECT id, tableoid::regclass::text AS part FROM events`.execute(t.ctx.db.kysely)
      ).rows.map((r) => [r.id, r.part.replace(/^.*\./, '')]),
    );

  beforeAll(async () => {
    t = await testApp();
    await loadCatalog(post);
  });
  afterAll(() => t.close());

  test('months attach empty, months holding rows move only when asked, and repeating changes nothing', async () => {
    const db = t.ctx.db.kysely;
    const r0 = await post('/v1/events', {
      records: [ev('oct', '2026-10-20T02:00:00Z'), ev('nov', '2026-11-05T02:00:00Z')],
    });
    expect(r0.body).toMatchObject({ inserted: 2 });
    expect(await where()).toEqual({ oct: 'events_default', nov: 'events_default' });

    const first = await ensureEventPartitions(db, '2026-11-01', '2026-12-31');
    expect(first).toEqual({ created: ['events_2026_12'], moved: {}, skipped: ['events_2026_11'] });

    const moved = await ensureEventPartitions(db, '2026-11-01', '2026-12-31', { moveDefault: true });
    expect(moved).toEqual({ created: ['events_2026_11'], moved: { events_2026_11: 1 }, skipped: [] });
    expect(await where()).toEqual({ oct: 'events_default', nov: 'events_2026_11' });
    expect(await ensureEventPartitions(db, '2026-11-01', '2026-12-31', { moveDefault: true })).toEqual({
      created: [],
      moved: {},
      skipped: [],
    });

    // New events go to their month; a resent event is still a duplicate; reads span partitions.
    const r1 = await post('/v1/events', {
      records: [ev('dec', '2026-12-01T02:00:00Z'), ev('nov', '2026-11-05T02:00:00Z')],
    });
    expect(r1.body).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(await where()).toEqual({ oct: 'events_default', nov: 'events_2026_11', dec: 'events_2026_12' });
    const parts = await listEventPartitions(db);
    expect(parts.map((p) => [p.name, p.from, p.to])).toEqual([
      ['events_2026_11', '2026-11-01', '2026-12-01'],
      ['events_2026_12', '2026-12-01', '2027-01-01'],
      ['events_default', null, null],
    ]);
  });

  test('two processes attaching the same months at once create each partition once', async () => {
    const db = t.ctx.db.kysely;
    const [a, b] = await Promise.all([
      ensureEventPartitions(db, '2027-01-01', '2027-03-31'),
      ensureEventPartitions(db, '2027-01-01', '2027-03-31'),
    ]);
    expect([...a.created, ...b.created].sort()).toEqual([
      'events_2027_01',
      'events_2027_02',
      'events_2027_03',
    ]);
  });
});
