/**
 * Part `metrics` of the live suite: live metrics of one session with 1,000,000 events.
 *
 * Data: one 4-hour session, ~25% live_enter (≈225k distinct users), a matching live_leave with its duration
 * for ~96% of them, clicks on 20 products and follows — plus 200k room events of other sessions in the same
 * table — loaded with raw COPY, then ANALYZE (as autovacuum would).
 * Measured:
 *   - recompute: recomputeSession from scratch, 3 runs (each and the median);
 *   - anchor (same run): one bare scan of the session's events
 *     `SELECT count(*), count(DISTINCT user_id), sum(duration_ms) FROM events WHERE live_session_id = $1`, 3 runs,
 *     and the ratio of the medians;
 *   - incremental: 200 batches of 1,000 new events through ingestEvents with the live hook, which adds the
 *     batch's deltas to the aggregates (ON CONFLICT … SET x = x + excluded.x) in one transaction; per-batch delta
 *     apply p50/p99 (the hook's `written`, timed around it) and the whole ingestion; every 20th batch is sent
 *     again (nothing may change); at the end the aggregates and the totals must equal those of a recompute from
 *     scratch.
 * Options: --events N (default 1000000), --batches N (200), --batch N (1000).
 */
import { sql } from 'kysely';
import { dayResolver } from '../../src/core/time.ts';
import { ensureEventPartitions, ingestEvents } from '../../src/modules/marketplace/index.ts';
import { liveEventsHook, recomputeSession, totalsOf } from '../../src/modules/live/index.ts';
import type { EventsWrittenHook } from '../../src/modules/marketplace/index.ts';
import { EVENT_COPY_COLUMNS, rng } from '../lib/data.ts';
import { copyCsv } from '../lib/db.ts';
import { fmt, percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';

const TZ = 'Asia/Shanghai';
const S = 'ls_bench';
const T0 = Date.parse('2026-11-20T11:00:00.000Z'); // 19:00 in Shanghai
const SPAN = 4 * 3_600_000;
const PRODUCTS = Array.from({ length: 20 }, (_, i) => `bp${i + 1}`);
const median = (xs: number[]) => percentile(xs, 50);

/** The session's events as CSV chunks in EVENT_COLUMNS order (ids e<n>), and how many distinct users entered. */
function sessionEvents(n: number) {
  const r = rng(7);
  const day = dayResolver(TZ);
  const chunks: string[] = [];
  let s = '';
  let rows = 0;
  let id = 0;
  const users = new Set<number>();
  let nextUser = 0;
  const push = (type: string, t: number, user: number, product = '', duration = '') => {
    const iso = new Date(t).toISOString();
    s += `e${(id++).toString(36)},${day(iso)},${iso},${type},u${user},${product},st1,live,self_live,,${S},,,${duration}\n`;
    if (++rows % 50_000 === 0) {
      chunks.push(s);
      s = '';
    }
  };
  // Each viewer: an enter, ~1.9 clicks, a follow now and then, and (96%) a leave.
  while (rows < n) {
    const user = r.chance(0.9) || nextUser === 0 ? nextUser++ : r.int(0, nextUser - 1);
    users.add(user);
    const enter = T0 + Math.floor(r.next() ** 0.8 * (SPAN - 60_000));
    const stay = Math.min(T0 + SPAN - enter, Math.floor(10_000 + -Math.log(1 - r.next()) * 600_000));
    push('live_enter', enter, user);
    const clicks = r.int(0, 3) + (r.chance(0.2) ? 1 : 0);
    for (let k = 0; k < clicks && rows < n; k++)
      push(
        'click',
        enter + Math.floor(r.next() * stay),
        user,
        PRODUCTS[Math.floor(r.next() ** 2 * PRODUCTS.length)]!,
      );
    if (r.chance(0.12) && rows < n) push('follow', enter + Math.floor(r.next() * stay), user);
    if (r.chance(0.96) && rows < n) push('live_leave', enter + stay, user, '', String(stay));
  }
  if (s) chunks.push(s);
  return { chunks, rows, users: users.size, nextUser };
}

/** Room events of 200 other sessions on the same evening (the index must pick this session's rows out). */
function otherEvents(n: number) {
  const r = rng(8);
  const day = dayResolver(TZ);
  let s = '';
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    const iso = new Date(T0 + Math.floor(r.next() * SPAN)).toISOString();
    const type = r.chance(0.5) ? 'live_enter' : 'click';
    s += `o${i.toString(36)},${day(iso)},${iso},${type},x${r.int(0, 99_999)},${type === 'click' ? 'bp1' : ''},st2,live,self_live,,ls_other${r.int(1, 200)},,,\n`;
    if ((i + 1) % 50_000 === 0) {
      chunks.push(s);
      s = '';
    }
  }
  if (s) chunks.push(s);
  return chunks;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await f();
  return [performance.now() - t, v];
}

export const run: PartRun = async ({ db, kind, args, log }) => {
  const k = db.kysely;
  const nEvents = Number(args.events ?? 1_000_000);
  const nBatches = Number(args.batches ?? 200);
  const batchSize = Number(args.batch ?? 1000);
  await ensureEventPartitions(k, '2026-11-01', '2026-12-31');

  const gen = sessionEvents(nEvents);
  log(`generated ${gen.rows} events (${gen.users} distinct viewers)`);
  const [loadMs] = await timed(async () => {
    await copyCsv(db, 'events', EVENT_COPY_COLUMNS, gen.chunks);
    await copyCsv(db, 'events', EVENT_COPY_COLUMNS, otherEvents(200_000));
    await sql`ANALYZE events`.execute(k);
  });
  log(`loaded with COPY in ${fmt(loadMs)} ms`);

  const recompute: number[] = [];
  const anchor: number[] = [];
  for (let i = 0; i < 3; i++) {
    recompute.push((await timed(() => recomputeSession(k, S)))[0]);
    anchor.push(
      (
        await timed(() =>
          sql`SELECT count(*), count(DISTINCT user_id), sum(duration_ms) FROM events WHERE live_session_id = ${S}`.execute(
            k,
          ),
        )
      )[0],
    );
    log(`recompute ${fmt(recompute[i]!)} ms, anchor scan ${fmt(anchor[i]!)} ms`);
  }
  const first = (await totalsOf(k, [S])).get(S)!;

  // Incremental: batches of new events at the live edge (2% arrive late, up to 5 minutes back).
  const r = rng(9);
  const apply: number[] = [];
  const timedHook: EventsWrittenHook = {
    ...liveEventsHook,
    async written(d, stored, before) {
      const t = performance.now();
      await liveEventsHook.written(d, stored, before);
      apply.push(performance.now() - t);
    },
  };
  const env = { db: k, database: db, timeZone: TZ, maxBatch: 10_000, eventHooks: [timedHook] };
  let resentStored = 0;
  const ingest: number[] = [];
  let now = T0 + SPAN;
  let nextUser = gen.nextUser;
  let id = 0;
  for (let b = 0; b < nBatches; b++) {
    const recs: Record<string, unknown>[] = [];
    for (let i = 0; i < batchSize; i++) {
      now += 3;
      const t = r.chance(0.02) ? now - r.int(0, 300_000) : now;
      const type = r.chance(0.25)
        ? 'live_enter'
        : r.chance(0.32)
          ? 'live_leave'
          : r.chance(0.95)
            ? 'click'
            : 'follow';
      const user = type === 'live_enter' && r.chance(0.9) ? nextUser++ : r.int(0, nextUser - 1);
      recs.push({
        id: `n${(id++).toString(36)}`,
        type,
        occurredAt: new Date(t).toISOString(),
        userId: `u${user}`,
        scene: 'live',
        channel: 'self_live',
        storeId: 'st1',
        liveSessionId: S,
        ...(type === 'click' ? { productId: PRODUCTS[r.int(0, PRODUCTS.length - 1)] } : {}),
        ...(type === 'live_leave' ? { durationMs: r.int(10_000, 1_800_000) } : {}),
      });
    }
    ingest.push((await timed(() => ingestEvents(env, recs)))[0]);
    // A batch sent again (a lost answer): nothing is newly stored, so nothing is added.
    if (b % 20 === 19) resentStored += (await ingestEvents(env, recs)).inserted;
  }
  const snapshot = async () => {
    const q = async (s: ReturnType<typeof sql>) => JSON.stringify((await s.execute(k)).rows);
    return [
      await q(
        sql`SELECT minute, enters, leaves, watch_ms::text, clicks, follows FROM live_minutes WHERE session_id = ${S} ORDER BY minute`,
      ),
      await q(
        sql`SELECT product_id, minute, clicks FROM live_product_minutes WHERE session_id = ${S} ORDER BY 1, 2`,
      ),
      await q(
        sql`SELECT count(*)::int AS n, md5(string_agg(user_id || first_at::text, ',' ORDER BY user_id)) AS h FROM live_viewers WHERE session_id = ${S}`,
      ),
    ].join('|');
  };
  const incTotals = (await totalsOf(k, [S])).get(S)!;
  const incSnap = await snapshot();
  const [finalMs] = await timed(() => recomputeSession(k, S));
  const recTotals = (await totalsOf(k, [S])).get(S)!;
  const equal =
    resentStored === 0 &&
    incSnap === (await snapshot()) &&
    JSON.stringify(incTotals) === JSON.stringify(recTotals);
  log(
    `incremental: delta apply p50 ${fmt(median(apply))} ms, p99 ${fmt(percentile(apply, 99))} ms; equal to recompute: ${equal}`,
  );

  const recMed = median(recompute);
  const ancMed = median(anchor);
  const figures = {
    events: gen.rows,
    otherEvents: 200_000,
    viewers: first.uniqueViewers,
    views: first.views,
    productClicks: first.productClicks,
    loadMs: Math.round(loadMs),
    recomputeMs: recompute.map((x) => Math.round(x)),
    recomputeMedianMs: Math.round(recMed),
    anchorMs: anchor.map((x) => Math.round(x)),
    anchorMedianMs: Math.round(ancMed),
    ratio: Number((recMed / ancMed).toFixed(2)),
    targetMs: 2000,
    met: kind === 'postgres' ? recMed < 2000 : null,
    incremental: {
      batches: nBatches,
      batchSize,
      applies: apply.length,
      applyP50Ms: Number(median(apply).toFixed(2)),
      applyP99Ms: Number(percentile(apply, 99).toFixed(2)),
      applyMaxMs: Number(Math.max(...apply).toFixed(2)),
      ingestP50Ms: Number(median(ingest).toFixed(2)),
      ingestP99Ms: Number(percentile(ingest, 99).toFixed(2)),
      resentStored,
      finalRecomputeMs: Math.round(finalMs),
      equalToRecompute: equal,
      totals: recTotals,
    },
  };
  const db_ = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  return {
    figures,
    lines: [
      `Live metrics of one session with ${gen.rows.toLocaleString('en-US')} events (${first.uniqueViewers.toLocaleString('en-US')} unique viewers, ${first.views.toLocaleString('en-US')} views, 20 products) plus 200,000 events of other sessions, on ${db_}.`,
      '',
      '| measure | runs (ms) | median (ms) |',
      '|---|---|---|',
      `| recomputeSession from scratch | ${recompute.map((x) => fmt(x)).join(', ')} | ${fmt(recMed)} |`,
      `| anchor: one bare scan of the session's events (count, distinct users, sum of durations) | ${anchor.map((x) => fmt(x)).join(', ')} | ${fmt(ancMed)} |`,
      '',
      `Recompute / anchor: **${figures.ratio}×**. Target (PostgreSQL): under 2,000 ms — ${kind === 'postgres' ? (figures.met ? 'met' : 'NOT met') : 'not applicable (PGlite)'}.`,
      '',
      `Incremental while live: ${nBatches} batches of ${batchSize.toLocaleString('en-US')} events through ingestEvents (2% late by up to 5 min), the live hook adding each batch's deltas in one transaction: delta apply p50 ${fmt(median(apply))} ms, p99 ${fmt(percentile(apply, 99))} ms; whole ingestion (COPY + deltas) p50 ${fmt(median(ingest))} ms, p99 ${fmt(percentile(ingest, 99))} ms. Every 20th batch sent again stored ${resentStored} events. Aggregates and totals after the last batch equal a recompute from scratch: **${equal ? 'yes' : 'NO'}**.`,
    ],
  };
};
