import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { ingestEvents } from '../marketplace/index.ts';
import { liveEventsHook, recomputeEnded, recomputeSession, recomputeSessions } from './aggregates.service.ts';

/**
 * The incremental live aggregates: deltas of newly stored events only (a duplicate, through the COPY fast path or
 * the idempotent insert, adds nothing), late events in their own minute, any interleaving of batches (concurrent
 * ones and recomputes among them) equal to a recompute from scratch, and the recompute as the repair when a
 * session ends, from the repair job and from the operator route.
 */
let t: TestApp;
const T = Date.parse('2026-11-02T12:00:00.000Z');
const at = (min: number, sec = 0) => new Date(T + min * 60_000 + sec * 1000).toISOString();

type Type = 'live_enter' | 'live_leave' | 'click' | 'follow' | 'view';
interface Ev {
  id: string;
  session: string;
  type: Type;
  min: number;
  sec: number;
  user: string;
  product?: string;
  durationMs?: number;
}
const record = (e: Ev) => ({
  id: e.id,
  type: e.type,
  occurredAt: at(e.min, e.sec),
  userId: e.user,
  scene: 'live',
  channel: 'self_live',
  storeId: 's1',
  liveSessionId: e.session,
  ...(e.type === 'click' || e.type === 'view' ? { productId: e.product ?? 'p1' } : {}),
  ...(e.type === 'live_leave' ? { durationMs: e.durationMs ?? 60_000 } : {}),
});

/** The ingestion with the live hook: `copy` takes the COPY fast path, otherwise the idempotent insert. */
const ingest = (evs: Ev[], copy: boolean) =>
  ingestEvents(
    {
      db: t.ctx.db.kysely,
      ...(copy ? { database: t.ctx.db } : {}),
      timeZone: t.ctx.cfg.timeZone,
      maxBatch: 1000,
      eventHooks: [liveEventsHook],
    },
    evs.map(record),
  );

const snapshot = async (s: string) => {
  const q = async (x: ReturnType<typeof sql>) => (await x.execute(t.ctx.db.kysely)).rows;
  return {
    minutes: await q(sql`SELECT minute, enters, leaves, watch_ms::text AS watch, clicks, follows
      FROM live_minutes WHERE session_id = ${s} ORDER BY minute`),
    products: await q(sql`SELECT product_id, minute, clicks FROM live_product_minutes
      WHERE session_id = ${s} ORDER BY 1, 2`),
    viewers: await q(sql`SELECT user_id, first_at FROM live_viewers WHERE session_id = ${s} ORDER BY 1`),
  };
};

/** The per-minute rows expected from a set of events, computed here by the definitions (minute index from T). */
function expectedMinutes(evs: Ev[]) {
  const by = new Map<
    number,
    { enters: number; leaves: number; watch: number; clicks: number; follows: number }
  >();
  for (const e of evs) {
    if (e.type === 'view') continue;
    const r = by.get(e.min) ?? { enters: 0, leaves: 0, watch: 0, clicks: 0, follows: 0 };
    if (e.type === 'live_enter') r.enters++;
    if (e.type === 'live_leave') {
      r.leaves++;
      r.watch += e.durationMs ?? 60_000;
    }
    if (e.type === 'click') r.clicks++;
    if (e.type === 'follow') r.follows++;
    by.set(e.min, r);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([m, r]) => ({ minute: at(m), ...r, watch: String(r.watch) }));
}
const minutesOf = async (s: string) =>
  (await snapshot(s)).minutes.map((r) => {
    const x = r as Record<string, unknown>;
    return { ...x, minute: new Date(x.minute as string).toISOString() };
  });

let n = 0;
const ev = (session: string, type: Type, min: number, user: string, o: Partial<Ev> = {}): Ev => ({
  id: `a${++n}`,
  session,
  type,
  min,
  sec: 7,
  user,
  ...o,
});

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, payload) =>
    t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never }),
  );
}, 60_000);
afterAll(() => t?.close());

describe('deltas of newly stored events', () => {
  test('a batch sent again through the COPY path or the insert path changes nothing; a partly new one adds its new events', async () => {
    const S = 'la-dup';
    const b1 = [
      ev(S, 'live_enter', 0, 'u1'),
      ev(S, 'live_enter', 0, 'u2'),
      ev(S, 'click', 1, 'u1', { product: 'p1' }),
      ev(S, 'live_leave', 2, 'u1', { durationMs: 90_000 }),
      ev(S, 'follow', 2, 'u2'),
      ev(S, 'view', 2, 'u2'),
    ];
    expect(await ingest(b1, true)).toMatchObject({ inserted: 6, duplicates: 0 });
    const once = await snapshot(S);
    expect(await minutesOf(S)).toEqual(expectedMinutes(b1));
    // Again through the COPY path (which fails on the first stored key and falls back) and through the insert.
    expect(await ingest(b1, true)).toMatchObject({ inserted: 0, duplicates: 6 });
    expect(await snapshot(S)).toEqual(once);
    expect(await ingest(b1, false)).toMatchObject({ inserted: 0, duplicates: 6 });
    expect(await snapshot(S)).toEqual(once);
    // Half old, half new, on either path: only the new ones count.
    const b2 = [ev(S, 'live_enter', 1, 'u3'), ev(S, 'click', 2, 'u3', { product: 'p2' })];
    expect(await ingest([...b1.slice(0, 3), ...b2], true)).toMatchObject({ inserted: 2, duplicates: 3 });
    const b3 = [ev(S, 'live_leave', 3, 'u2', { durationMs: 200_000 })];
    expect(await ingest([...b3, ...b2, ...b1], false)).toMatchObject({ inserted: 1, duplicates: 8 });
    const all = [...b1, ...b2, ...b3];
    expect(await minutesOf(S)).toEqual(expectedMinutes(all));
    const incremental = await snapshot(S);
    await recomputeSession(t.ctx.db.kysely, S);
    expect(await snapshot(S)).toEqual(incremental);
  });

  test('late events add to their own minute; an earlier entry arriving late moves the first entry back', async () => {
    const S = 'la-late';
    const now = [ev(S, 'live_enter', 5, 'u1'), ev(S, 'click', 5, 'u1', { product: 'p1' })];
    await ingest(now, true);
    const late = [
      ev(S, 'live_enter', 1, 'u1', { sec: 3 }),
      ev(S, 'live_leave', 2, 'u1', { durationMs: 61_000 }),
      ev(S, 'click', 5, 'u2', { product: 'p1' }),
    ];
    await ingest(late, false);
    expect(await minutesOf(S)).toEqual(expectedMinutes([...now, ...late]));
    const s = await snapshot(S);
    expect(s.products).toEqual([{ product_id: 'p1', minute: new Date(at(5)), clicks: 2 }]);
    expect(s.viewers).toEqual([{ user_id: 'u1', first_at: new Date(at(1, 3)) }]);
    await recomputeSession(t.ctx.db.kysely, S);
    expect(await snapshot(S)).toEqual(s);
  });

  test('a batch stored while a recompute read the session is not counted twice', async () => {
    const S = 'la-race';
    await ingest([ev(S, 'live_enter', 0, 'u1')], true);
    const evs = [ev(S, 'live_enter', 1, 'u2'), ev(S, 'click', 1, 'u2', { product: 'p1' })];
    // The hook's two halves around a write that a recompute sees before the delta is applied.
    const db = t.ctx.db.kysely;
    const recs = evs.map(record) as never[];
    const before = await liveEventsHook.before!(db, recs);
    await ingestEvents({ db, timeZone: t.ctx.cfg.timeZone, maxBatch: 1000 }, recs);
    await recomputeSession(db, S);
    await liveEventsHook.written(db, recs, before);
    const all = [ev(S, 'live_enter', 0, 'u1'), ...evs];
    expect(await minutesOf(S)).toEqual(expectedMinutes(all));
  });

  test('any interleaving of batches, repeats, concurrent batches and recomputes equals a recompute from scratch', async () => {
    const arbEv = fc.record({
      type: fc.constantFrom<Type>(
        'live_enter',
        'live_enter',
        'live_leave',
        'click',
        'click',
        'follow',
        'view',
      ),
      min: fc.integer({ min: 0, max: 9 }),
      sec: fc.integer({ min: 0, max: 59 }),
      user: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5'),
      product: fc.constantFrom('p1', 'p2', 'p3'),
      durationMs: fc.integer({ min: 1000, max: 600_000 }),
    });
    // A step sends some batches at once (each by COPY or by insert, repeating earlier events or not), or
    // recomputes the session while they are in flight.
    const arbStep = fc.record({
      batches: fc.array(
        fc.record({
          size: fc.integer({ min: 1, max: 12 }),
          repeat: fc.integer({ min: 0, max: 4 }),
          copy: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      recompute: fc.boolean(),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbEv, { minLength: 1, maxLength: 60 }),
        fc.array(arbStep, { minLength: 1, maxLength: 6 }),
        async (raw, steps) => {
          const S = `la-p${++run}`;
          const evs: Ev[] = raw.map((e, i) => ({ ...e, id: `${S}.${i}`, session: S }));
          const sent: Ev[] = [];
          let next = 0;
          for (const step of steps) {
            const jobs: Promise<unknown>[] = [];
            for (const b of step.batches) {
              const fresh = evs.slice(next, next + b.size);
              next += fresh.length;
              const again = sent.slice(Math.max(0, sent.length - b.repeat));
              sent.push(...fresh);
              if (fresh.length + again.length) jobs.push(ingest([...again, ...fresh], b.copy));
            }
            if (step.recompute) jobs.push(recomputeSession(t.ctx.db.kysely, S));
            await Promise.all(jobs);
          }
          expect(await minutesOf(S)).toEqual(expectedMinutes(sent));
          const incremental = await snapshot(S);
          await recomputeSession(t.ctx.db.kysely, S);
          expect(await snapshot(S)).toEqual(incremental);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('the recompute as the repair', () => {
  const post = (url: string, payload: unknown, token = t.keys.integration!) =>
    t.req(token, { method: 'POST', url, payload: payload as never });
  /** Deltas lost after their events were stored (a crash between the two): the aggregates fall short. */
  const loseDeltas = (s: string) =>
    sql`DELETE FROM live_minutes WHERE session_id = ${s} AND minute > ${at(0)}`.execute(t.ctx.db.kysely);

  test('ending a session recomputes it', async () => {
    const S = 'la-end';
    const c = await post('/v1/live/sessions', {
      id: S,
      storeId: 's1',
      hostType: 'self',
      title: 'End repairs',
      scheduledAt: at(0),
    });
    expect(c.status).toBe(201);
    expect((await post(`/v1/live/sessions/${S}/start`, { at: at(0) })).status).toBe(200);
    const evs = [
      ev(S, 'live_enter', 0, 'u1'),
      ev(S, 'live_enter', 1, 'u2'),
      ev(S, 'live_leave', 3, 'u1', { durationMs: 180_000 }),
    ];
    await post('/v1/events', { records: evs.map(record) });
    await loseDeltas(S);
    expect((await minutesOf(S)).length).toBe(1);
    const end = await post(`/v1/live/sessions/${S}/end`, { at: at(4) });
    expect(end.status).toBe(200);
    expect(end.body.totals).toMatchObject({
      views: 2,
      uniqueViewers: 2,
      peakOnline: 2,
      avgWatchSeconds: 180,
    });
    expect(await minutesOf(S)).toEqual(expectedMinutes(evs));
    // Nothing left for the repair job: its end was seen by the recompute.
    expect(await recomputeEnded(t.ctx.db.kysely)).toBe(0);
  });

  test('an end reported by ingestion is repaired by the job', async () => {
    const S = 'la-ingested';
    const session = { id: S, storeId: 's1', hostType: 'self', scheduledAt: at(0), startedAt: at(0) };
    expect((await post('/v1/live-sessions', { records: [session] })).status).toBe(200);
    const evs = [ev(S, 'live_enter', 0, 'u1'), ev(S, 'follow', 2, 'u1'), ev(S, 'click', 3, 'u1')];
    await post('/v1/events', { records: evs.map(record) });
    await loseDeltas(S);
    expect(await recomputeEnded(t.ctx.db.kysely)).toBe(0); // still live
    expect((await post('/v1/live-sessions', { records: [{ ...session, endedAt: at(5) }] })).status).toBe(200);
    expect(await recomputeEnded(t.ctx.db.kysely)).toBe(1);
    expect(await minutesOf(S)).toEqual(expectedMinutes(evs));
    expect(await recomputeEnded(t.ctx.db.kysely)).toBe(0);
  });

  test('operators recompute any session on demand', async () => {
    const S = 'la-end';
    await loseDeltas(S);
    const merchant = await t.key('merchant', 'm1');
    expect((await post(`/v1/live/sessions/${S}/recompute`, null, merchant)).status).toBe(403);
    expect((await post('/v1/live/sessions/nope/recompute', null, t.keys.operator!)).status).toBe(404);
    const r = await post(`/v1/live/sessions/${S}/recompute`, null, t.keys.operator!);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sessionId: S, totals: { views: 2, uniqueViewers: 2, peakOnline: 2 } });
    expect((await minutesOf(S)).length).toBe(3);
  });

  test('recomputing every session gives the same aggregates as the deltas', async () => {
    const sessions = ['la-dup', 'la-late', 'la-race', 'la-p1'];
    const before = await Promise.all(sessions.map(snapshot));
    await recomputeSessions(t.ctx.db.kysely, 'all');
    expect(await Promise.all(sessions.map(snapshot))).toEqual(before);
  });
});
