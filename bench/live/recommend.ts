/**
 * Part `recommend` of the live suite: creator recommendations for one merchant across 100,000 creators.
 * Target: p99 ≤ 100 ms per request.
 *
 * A synthetic marketplace is COPYed into the fresh database (options: --creators 100000, --consumers 300000,
 * --stores 2000, --follows-per-consumer 4, --orders 600000, --sessions 30000, --requests 1000, --seed 1):
 * creators with followers and declared categories, follows skewed toward popular creators, orders (a third
 * attributed to a creator, some in creator sessions), live_enter events of the sessions, word-of-mouth scores,
 * an open plan per merchant and a few exclusive ones. Then:
 *   - load: the matching index built from the database (time and sizes);
 *   - in-process: GET-equivalent service calls (store lookup + one pass over every creator + top 20, explained)
 *     for `requests` different stores, p50/p99; the anchor in the same run is a bare pass computing a dot
 *     product over 100,000 rows of six features and selecting the top 20 with the same heap;
 *   - http: the same requests through GET /v1/live/recommendations/creators on a real server, one at a time;
 *   - evaluation (--evaluate small|test|none, default small): bench/live/evaluate-match.ts in a second fresh
 *     database of the same kind — GMV per session of recommended vs other eligible pairs in the simulator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { createContext } from '../../src/core/context.ts';
import { buildApp } from '../../src/core/http.ts';
import { businessDay, shiftDay } from '../../src/core/time.ts';
import { bareTopK, WEIGHTS } from '../../src/modules/live/domain/match.ts';
import { creatorsForStore, Matcher } from '../../src/modules/live/match.service.ts';
import { MODULES } from '../../src/modules/registry.ts';
import { activeConfig } from '../../src/modules/scoring/index.ts';
import { rng } from '../lib/data.ts';
import { copyCsv, createPgDatabase, dropPgDatabase } from '../lib/db.ts';
import { evaluateMatch, MATCH_EVAL_SIZES, type MatchEvaluation } from './evaluate-match.ts';
import { type Database, openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';

const TZ = 'Asia/Shanghai';
const L1 = ['beauty', 'food', 'home', 'apparel', 'digital', 'baby', 'sports', 'pets'];

const csv = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return /[",\n\r{}]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** Rows produced by `each(push)` as CSV chunks of 20,000 lines. */
function chunks(each: (push: (...vals: unknown[]) => void) => void): string[] {
  const out: string[] = [];
  let s = '';
  let n = 0;
  each((...vals) => {
    s += `${vals.map(csv).join(',')}\n`;
    if (++n % 20_000 === 0) {
      out.push(s);
      s = '';
    }
  });
  if (s) out.push(s);
  return out;
}

const num = (a: Record<string, string | undefined>, k: string, d: number) => (a[k] ? Number(a[k]) : d);

/** Runs `f` on a fresh migrated database of the kind (PostgreSQL: next to `url`; PGlite: a temporary folder). */
async function freshDb<T>(
  kind: 'postgres' | 'pglite',
  url: string,
  f: (db: Database) => Promise<T>,
): Promise<T> {
  const name = `bench_live_match_eval_${Date.now()}`;
  const dataDir =
    kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-match-eval-')) : undefined;
  const dbUrl = kind === 'postgres' ? await createPgDatabase(url, name) : undefined;
  const db = await openDatabase({ databaseUrl: dbUrl, dataDir, poolSize: 4 });
  try {
    await migrate(db);
    return await f(db);
  } finally {
    await db.close();
    if (kind === 'postgres') await dropPgDatabase(url, name);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const money = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export const run: PartRun = async ({ db, kind, url, args, log }) => {
  const N = num(args, 'creators', 100_000);
  const C = num(args, 'consumers', 300_000);
  const S = num(args, 'stores', 2_000);
  const F = num(args, 'follows-per-consumer', 4);
  const O = num(args, 'orders', 600_000);
  const SESS = num(args, 'sessions', 30_000);
  const REQ = num(args, 'requests', 1_000);
  const r = rng(num(args, 'seed', 1));
  const k = db.kysely;
  const today = businessDay(Date.now(), TZ);
  const dayMs = Date.parse(`${today}T00:00:00+08:00`);
  const at = (daysAgo: number) => new Date(dayMs - daysAgo * 86_400_000 + r.int(9, 22) * 3_600_000);
  const pad = (p: string, i: number) => `${p}${String(i).padStart(6, '0')}`;
  // Popularity: creator i's weight falls off like a Zipf law; a power of a uniform draw picks them so.
  const skewed = (n: number, a = 2.2) => Math.min(n - 1, Math.floor(n * r.next() ** a));

  const t0 = performance.now();
  log(`generating ${N} creators, ${C} consumers, ${S} stores, ${O} orders, ${SESS} sessions`);
  await copyCsv(
    db,
    'categories',
    ['id', 'parent_id', 'level', 'name'],
    chunks((push) => {
      for (const c of L1) push(c, null, 1, c);
      for (const c of L1) for (let j = 0; j < 3; j++) push(`${c}-${j}`, c, 2, `${c} ${j}`);
    }),
  );
  const storeL1 = Array.from({ length: S }, () => r.int(0, L1.length - 1));
  await copyCsv(
    db,
    'merchants',
    ['id', 'name', 'type', 'onboarded_at'],
    chunks((push) => {
      for (let s = 0; s < S; s++)
        push(pad('m', s), `Merchant ${s}`, r.chance(0.15) ? 'self' : 'pop', '2025-01-01');
    }),
  );
  await copyCsv(
    db,
    'stores',
    ['id', 'merchant_id', 'name', 'main_category_id', 'opened_at'],
    chunks((push) => {
      for (let s = 0; s < S; s++) push(pad('s', s), pad('m', s), `Store ${s}`, L1[storeL1[s]!], '2025-01-01');
    }),
  );
  await copyCsv(
    db,
    'products',
    ['id', 'store_id', 'merchant_id', 'category_id', 'title', 'listed_at'],
    chunks((push) => {
      for (let s = 0; s < S; s++)
        push(pad('p', s), pad('s', s), pad('m', s), `${L1[storeL1[s]!]}-${s % 3}`, `Product ${s}`, at(200));
    }),
  );
  await copyCsv(
    db,
    'skus',
    ['id', 'product_id', 'price', 'stock'],
    chunks((push) => {
      for (let s = 0; s < S; s++) push(pad('k', s), pad('p', s), r.int(990, 29_900), 1000);
    }),
  );
  await copyCsv(
    db,
    'consumers',
    ['id', 'registered_at'],
    chunks((push) => {
      for (let u = 0; u < C; u++) push(pad('u', u), at(400));
    }),
  );
  const creatorL1 = Array.from({ length: N }, () => r.int(0, L1.length - 1));
  await copyCsv(
    db,
    'creators',
    ['id', 'name', 'followers', 'categories', 'joined_at'],
    chunks((push) => {
      for (let c = 0; c < N; c++) {
        const cats = [L1[creatorL1[c]!]!];
        if (r.chance(0.3)) cats.push(L1[r.int(0, L1.length - 1)]!);
        push(
          pad('cr', c),
          `Creator ${c}`,
          Math.round(500 * Math.exp(r.next() * 8)),
          `{${[...new Set(cats)].join(',')}}`,
          '2025-01-01',
        );
      }
    }),
  );
  let follows = 0;
  await copyCsv(
    db,
    'follows',
    ['consumer_id', 'target_type', 'target_id', 'followed_at'],
    chunks((push) => {
      for (let u = 0; u < C; u++) {
        const n = r.int(0, 2 * F);
        const seen = new Set<number>();
        for (let j = 0; j < n; j++) seen.add(skewed(N));
        for (const c of seen) {
          push(pad('u', u), 'creator', pad('cr', c), at(r.int(1, 300)));
          follows++;
        }
      }
    }),
  );
  // Sessions: creators hosting for stores of their category.
  const sessStore = new Int32Array(SESS);
  const sessCreator = new Int32Array(SESS);
  const sessDay = new Int32Array(SESS);
  for (let i = 0; i < SESS; i++) {
    sessCreator[i] = skewed(N, 1.6);
    sessStore[i] = r.int(0, S - 1);
    sessDay[i] = r.int(1, 80);
  }
  await copyCsv(
    db,
    'live_sessions',
    ['id', 'store_id', 'merchant_id', 'host_type', 'creator_id', 'started_at', 'ended_at'],
    chunks((push) => {
      for (let i = 0; i < SESS; i++) {
        const st = new Date(dayMs - sessDay[i]! * 86_400_000 + 20 * 3_600_000);
        push(
          pad('ls', i),
          pad('s', sessStore[i]!),
          pad('m', sessStore[i]!),
          r.chance(0.2) ? 'agency' : 'creator',
          pad('cr', sessCreator[i]!),
          st,
          new Date(st.getTime() + 2 * 3_600_000),
        );
      }
    }),
  );
  let events = 0;
  await copyCsv(
    db,
    'events',
    ['id', 'day', 'occurred_at', 'type', 'store_id', 'scene', 'channel', 'live_session_id', 'creator_id'],
    chunks((push) => {
      for (let i = 0; i < SESS; i++) {
        const n = r.int(2, 18);
        const day = shiftDay(today, -sessDay[i]!);
        const t = new Date(dayMs - sessDay[i]! * 86_400_000 + 20 * 3_600_000);
        for (let j = 0; j < n; j++) {
          push(
            `e${i}.${j}`,
            day,
            t,
            'live_enter',
            pad('s', sessStore[i]!),
            'live',
            'creator',
            pad('ls', i),
            pad('cr', sessCreator[i]!),
          );
          events++;
        }
      }
    }),
  );
  const orderCols = [
    'id',
    'consumer_id',
    'store_id',
    'merchant_id',
    'status',
    'scene',
    'channel',
    'live_session_id',
    'creator_id',
    'items_amount',
    'discount_amount',
    'shipping_fee',
    'pay_amount',
    'created_at',
    'paid_at',
    'paid_day',
  ];
  const orderStore = new Int32Array(O);
  const orderPay = new Int32Array(O);
  await copyCsv(
    db,
    'orders',
    orderCols,
    chunks((push) => {
      for (let o = 0; o < O; o++) {
        const u = r.int(0, C - 1);
        let s = skewed(S, 1.8);
        let sess: number | null = null;
        let creator: number | null = null;
        const x = r.next();
        if (x < 0.15) {
          sess = r.int(0, SESS - 1);
          s = sessStore[sess]!;
          creator = sessCreator[sess]!;
        } else if (x < 0.33) creator = skewed(N);
        const daysAgo = sess !== null ? sessDay[sess]! : r.int(0, 80);
        const pay = r.int(990, 29_900);
        orderStore[o] = s;
        orderPay[o] = pay;
        const t = at(daysAgo);
        push(
          pad('o', o),
          pad('u', u),
          pad('s', s),
          pad('m', s),
          'paid',
          sess !== null ? 'live' : 'search',
          creator !== null ? 'creator' : 'organic',
          sess === null ? null : pad('ls', sess),
          creator === null ? null : pad('cr', creator),
          pay,
          0,
          0,
          pay,
          t,
          t,
          shiftDay(today, -daysAgo),
        );
      }
    }),
  );
  await copyCsv(
    db,
    'order_lines',
    [
      'order_id',
      'line_no',
      'sku_id',
      'product_id',
      'category_id',
      'quantity',
      'unit_price',
      'amount',
      'discount',
      'paid',
    ],
    chunks((push) => {
      for (let o = 0; o < O; o++) {
        const s = orderStore[o]!;
        push(
          pad('o', o),
          1,
          pad('k', s),
          pad('p', s),
          `${L1[storeL1[s]!]}-${s % 3}`,
          1,
          orderPay[o],
          orderPay[o],
          0,
          orderPay[o],
        );
      }
    }),
  );
  const { version } = await activeConfig(k);
  await copyCsv(
    db,
    'score_snapshots',
    [
      'kind',
      'day',
      'entity_id',
      'group_id',
      'score',
      'grade',
      'provisional',
      'volume',
      'dims',
      'vals',
      'pct',
      'config_version',
    ],
    chunks((push) => {
      for (let c = 0; c < N; c++)
        if (r.chance(0.8))
          push(
            'creator',
            shiftDay(today, -1),
            pad('cr', c),
            'all',
            (3 + 2 * r.next()).toFixed(2),
            'B',
            false,
            10,
            '[]',
            '[]',
            '[]',
            version,
          );
    }),
  );
  await copyCsv(
    db,
    'commission_plans',
    ['id', 'merchant_id', 'name', 'kind', 'default_rate_bp', 'starts_at', 'status'],
    chunks((push) => {
      for (let s = 0; s < S; s++)
        push(pad('plo', s), pad('m', s), 'Open', 'open', 500 * r.int(1, 6), at(100), 'active');
      for (let s = 0; s < S / 2; s++)
        push(pad('plx', s), pad('m', s), 'Exclusive', 'exclusive', 3000, at(100), 'active');
    }),
  );
  await copyCsv(
    db,
    'commission_plan_parties',
    ['plan_id', 'party_type', 'party_id'],
    chunks((push) => {
      for (let s = 0; s < S / 2; s++) push(pad('plx', s), 'creator', pad('cr', r.int(0, N - 1)));
    }),
  );
  await sql`ANALYZE`.execute(k);
  const generateMs = performance.now() - t0;
  log(`generated in ${(generateMs / 1000).toFixed(1)} s (${follows} follows, ${events} events)`);

  // ------------------------------------------------------------------ load
  const matcher = new Matcher(db, TZ, { refreshMs: 3_600_000 });
  const l0 = performance.now();
  const ix = await matcher.refresh(today);
  const loadMs = performance.now() - l0;
  const rss = process.memoryUsage().rss;
  log(
    `index loaded in ${(loadMs / 1000).toFixed(2)} s: ${ix.creators.ids.length} creators, ${ix.consumers} consumers, ${ix.audience.items.length} audience edges, ${ix.storeBuyers.items.length} store-buyer edges`,
  );

  // ------------------------------------------------------------------ in-process
  const op = { role: 'operator' as const, partyId: null, subject: 'bench', via: 'api_key' as const };
  const stores = Array.from({ length: REQ }, (_, i) => pad('s', i < 50 ? i : r.int(0, S - 1)));
  for (let i = 0; i < 50; i++) await creatorsForStore(matcher, op, { storeId: stores[i]!, limit: 20 });
  const lat: number[] = [];
  let evaluated = 0;
  for (const s of stores) {
    const a = performance.now();
    const res = await creatorsForStore(matcher, op, { storeId: s, limit: 20 });
    lat.push(performance.now() - a);
    evaluated += res.evaluated;
  }
  // The anchor: the same number of rows of six features (one per reason), a dot product each and the top 20.
  const feats = new Float32Array(N * 6);
  for (let i = 0; i < feats.length; i++) feats[i] = r.next();
  const w = Float32Array.from(Object.values(WEIGHTS));
  for (let i = 0; i < 50; i++) bareTopK(feats, w, 20);
  const anchor: number[] = [];
  for (let i = 0; i < REQ; i++) {
    const a = performance.now();
    bareTopK(feats, w, 20);
    anchor.push(performance.now() - a);
  }
  const p = (xs: number[], q: number) => Math.round(percentile(xs, q) * 1000) / 1000;
  const inproc = {
    n: lat.length,
    p50: p(lat, 50),
    p99: p(lat, 99),
    max: p(lat, 100),
    meanEvaluated: Math.round(evaluated / REQ),
  };
  const bare = { p50: p(anchor, 50), p99: p(anchor, 99) };
  log(`in-process: p50 ${inproc.p50} ms p99 ${inproc.p99} ms (anchor p50 ${bare.p50} p99 ${bare.p99})`);

  // ------------------------------------------------------------------ http
  const cfg = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const ctx = await createContext(cfg, { db, log: pino({ level: 'warn' }) });
  const app = await buildApp(ctx, MODULES);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = (await ctx.auth.createApiKey('operator', null, 'bench')).token;
  const hreq = async (s: string) => {
    const res = await fetch(`${base}/v1/live/recommendations/creators?storeId=${s}&limit=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${s}: ${res.status} ${body.slice(0, 200)}`);
  };
  // The first request builds the server's own index (its load time is the figure above).
  const h0 = performance.now();
  await hreq(stores[0]!);
  const httpFirstMs = performance.now() - h0;
  for (let i = 0; i < 50; i++) await hreq(stores[i]!);
  const hl: number[] = [];
  for (const s of stores) {
    const a = performance.now();
    await hreq(s);
    hl.push(performance.now() - a);
  }
  await app.close();
  const http = { n: hl.length, p50: p(hl, 50), p99: p(hl, 99), firstMs: Math.round(httpFirstMs) };
  log(`http: p50 ${http.p50} ms p99 ${http.p99} ms (first request with the index build ${http.firstMs} ms)`);

  const evalSize = args.evaluate ?? 'small';
  let ev: MatchEvaluation | null = null;
  if (evalSize !== 'none') {
    const o = MATCH_EVAL_SIZES[evalSize as 'small' | 'test'];
    if (!o) throw new Error('--evaluate must be small, test or none');
    ev = await freshDb(kind, url, (edb) => evaluateMatch(edb, { ...o, log: (s) => log(`evaluate: ${s}`) }));
  }
  const evLines = ev
    ? [
        '',
        `Evaluation in the simulator (${evalSize}: ${ev.creators} creators, ${ev.stores} stores; index as of ${ev.asOf}, test days ${ev.testDays[0]}..${ev.testDays.at(-1)}): creator and agency sessions whose creator was in the store's top ${MATCH_EVAL_SIZES[evalSize as 'small'].topN} vs other eligible pairs (${ev.sessions.ineligible} of ${ev.sessions.total} sessions had an ineligible creator).`,
        '',
        '| pairs | sessions | GMV per session | relative to the store mean |',
        '|---|---|---|---|',
        `| recommended (top ${MATCH_EVAL_SIZES[evalSize as 'small'].topN}) | ${ev.gmvPerSession.recommended.n} | ${money(ev.gmvPerSession.recommended.mean)} | ${ev.relativeGmv.recommended.mean.toFixed(2)} |`,
        `| other eligible | ${ev.gmvPerSession.other.n} | ${money(ev.gmvPerSession.other.mean)} | ${ev.relativeGmv.other.mean.toFixed(2)} |`,
        `| difference (Welch 95%) | | ${money(ev.gmvPerSession.diff)} [${money(ev.gmvPerSession.ci[0])}, ${money(ev.gmvPerSession.ci[1])}], lift ${ev.gmvPerSession.lift.toFixed(2)}× | ${ev.relativeGmv.diff.toFixed(2)} [${ev.relativeGmv.ci[0].toFixed(2)}, ${ev.relativeGmv.ci[1].toFixed(2)}] |`,
        ...Object.entries(ev.byHostType).map(
          ([h, c]) =>
            `| ${h} sessions only | ${c.recommended.n} vs ${c.other.n} | ${money(c.recommended.mean)} vs ${money(c.other.mean)}, diff [${money(c.ci[0])}, ${money(c.ci[1])}] | |`,
        ),
      ]
    : [];
  const db_ = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  return {
    figures: {
      sizes: { creators: N, consumers: C, stores: S, follows, orders: O, sessions: SESS, events },
      generateMs: Math.round(generateMs),
      load: {
        ms: Math.round(loadMs),
        audienceEdges: ix.audience.items.length,
        storeBuyerEdges: ix.storeBuyers.items.length,
        consumers: ix.consumers,
        rssMb: Math.round(rss / 1e6),
      },
      inProcess: inproc,
      anchor: bare,
      ratio: {
        p50: Math.round((inproc.p50 / bare.p50) * 10) / 10,
        p99: Math.round((inproc.p99 / bare.p99) * 10) / 10,
      },
      http,
      targetP99Ms: 100,
      evaluation: ev,
    },
    lines: [
      `Creator recommendations for one store across ${N.toLocaleString('en-US')} creators (${db_}; ${C.toLocaleString('en-US')} consumers, ${follows.toLocaleString('en-US')} follows, ${O.toLocaleString('en-US')} orders, ${SESS.toLocaleString('en-US')} sessions with ${events.toLocaleString('en-US')} live_enter events).`,
      '',
      '| measure | p50 ms | p99 ms | note |',
      '|---|---|---|---|',
      `| index load | ${Math.round(loadMs)} | | ${ix.audience.items.length.toLocaleString('en-US')} consumer → creator edges, ${ix.storeBuyers.items.length.toLocaleString('en-US')} store buyers |`,
      `| in-process request (${REQ} stores, top 20, explained) | ${inproc.p50} | ${inproc.p99} | ${inproc.meanEvaluated.toLocaleString('en-US')} eligible creators scored on average; target p99 ≤ 100 ms |`,
      `| anchor: bare dot product over ${N.toLocaleString('en-US')} × 6 features + top 20 | ${bare.p50} | ${bare.p99} | ratio ${(inproc.p50 / bare.p50).toFixed(1)}× (p50), ${(inproc.p99 / bare.p99).toFixed(1)}× (p99) |`,
      `| HTTP GET /v1/live/recommendations/creators, one at a time | ${http.p50} | ${http.p99} | |`,
      ...evLines,
    ],
  };
};
