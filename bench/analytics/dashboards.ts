/**
 * Part `dashboards`: the merchant and operator dashboards over a synthetic marketplace (default 10M orders and
 * 100M events over 90 days, 5,000 stores) read through the rollups, each against the same figures computed from
 * the raw tables in the same run (the anchor); the rollup batch's time; and the freshness of the real-time indices:
 * orders posted through the API while events stream in, timed until the real-time endpoint shows them.
 * Options: --stores --consumers --orders --events --days --merchants (sampled per query) --range (days).
 */
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { createContext } from '../../src/core/context.ts';
import type { Db } from '../../src/core/db.ts';
import { buildApp } from '../../src/core/http.ts';
import { shiftDay } from '../../src/core/time.ts';
import {
  funnel,
  overview,
  peers,
  products,
  realtime,
  sources,
} from '../../src/modules/analytics/dashboards.service.ts';
import { allDomain } from '../../src/modules/analytics/domains.service.ts';
import { domainSql, sourceSql } from '../../src/modules/analytics/domain/sources.ts';
import { health } from '../../src/modules/analytics/health.service.ts';
import { JOBS } from '../../src/modules/analytics/jobs.ts';
import { CHUNK_MS, speedLayerOf } from '../../src/modules/analytics/realtime.service.ts';
import { rebuildRollups } from '../../src/modules/analytics/rollups.service.ts';
import { MODULES } from '../../src/modules/registry.ts';
import { fmt, percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';
import { generateWorld, TZ } from './world.ts';

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));

/** The raw-table versions of the dashboard figures: the anchor every rollup query is compared with. */
const raw = {
  overview: (db: Db, m: string, from: string, to: string) =>
    sql`SELECT d.day, d.gmv, d.orders, d.buyers, coalesce(v.visitors, 0) AS visitors FROM (
        SELECT paid_day AS day, sum(pay_amount) AS gmv, count(*) AS orders, count(DISTINCT consumer_id) AS buyers
        FROM orders WHERE merchant_id = ${m} AND paid_day BETWEEN ${from}::date AND ${to}::date GROUP BY paid_day) d
      LEFT JOIN (SELECT day, count(DISTINCT (store_id, user_id)) AS visitors FROM events
        WHERE store_id IN (SELECT id FROM stores WHERE merchant_id = ${m}) AND day BETWEEN ${from}::date AND ${to}::date
          AND type <> 'exposure' GROUP BY day) v ON v.day = d.day`.execute(db),
  // GMV, orders and buyers by source and day (with the previous range's GMV), and the events' visitors, exposures,
  // clicks and views by source and day: what the rollup query returns.
  sources: (db: Db, m: string, from: string, to: string) =>
    sql`SELECT * FROM (
        SELECT paid_day AS day, ${sql.raw(sourceSql())} AS source, sum(pay_amount) AS gmv, count(*) AS orders,
          count(DISTINCT consumer_id) AS buyers
        FROM orders WHERE merchant_id = ${m} AND paid_day BETWEEN ${from}::date - (${to}::date - ${from}::date + 1)
          AND ${to}::date GROUP BY 1, 2) o
      FULL JOIN (
        SELECT day, ${sql.raw(sourceSql())} AS source, count(DISTINCT user_id) FILTER (WHERE type <> 'exposure') AS visitors,
          count(*) FILTER (WHERE type = 'exposure') AS exposures, count(*) FILTER (WHERE type = 'click') AS clicks,
          count(*) FILTER (WHERE type = 'view') AS views
        FROM events WHERE store_id IN (SELECT id FROM stores WHERE merchant_id = ${m})
          AND day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2) e USING (day, source)`.execute(db),
  // Distinct users per step and day: behaviour steps from events, order and pay steps from orders.
  funnel: async (db: Db, m: string, from: string, to: string) => {
    await sql`SELECT type, count(DISTINCT (day, store_id, user_id)) FROM events
      WHERE store_id IN (SELECT id FROM stores WHERE merchant_id = ${m}) AND day BETWEEN ${from}::date AND ${to}::date
      GROUP BY type`.execute(db);
    return sql`SELECT count(DISTINCT (paid_day, store_id, consumer_id)) FROM orders
      WHERE merchant_id = ${m} AND paid_day BETWEEN ${from}::date AND ${to}::date`.execute(db);
  },
  products: (db: Db, m: string, from: string, to: string) =>
    sql`SELECT l.product_id, sum(l.paid) AS gmv, sum(l.quantity) FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.merchant_id = ${m} AND o.paid_day BETWEEN ${from}::date AND ${to}::date
      GROUP BY l.product_id ORDER BY gmv DESC LIMIT 50`.execute(db),
  // GMV by day and domain, follows by domain, and each order's previous order in the store for the flows and the
  // new buyers (a window over the merchant's paid orders up to the range's end).
  allDomain: async (db: Db, m: string, from: string, to: string) => {
    await sql`SELECT paid_day, ${sql.raw(domainSql())} AS domain, sum(pay_amount), count(*), count(DISTINCT consumer_id)
      FROM orders WHERE merchant_id = ${m} AND paid_day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2`.execute(
      db,
    );
    await sql`SELECT ${sql.raw(domainSql())} AS domain, count(*) FROM events
      WHERE store_id IN (SELECT id FROM stores WHERE merchant_id = ${m}) AND day BETWEEN ${from}::date AND ${to}::date
        AND type = 'follow' GROUP BY 1`.execute(db);
    return sql`SELECT coalesce(prev, 'new') AS from_domain, domain, count(*), sum(pay_amount) FROM (
        SELECT paid_day, pay_amount, ${sql.raw(domainSql())} AS domain,
          lag(${sql.raw(domainSql())}) OVER (PARTITION BY store_id, consumer_id ORDER BY paid_at, id) AS prev
        FROM orders WHERE merchant_id = ${m} AND paid_at IS NOT NULL AND paid_day <= ${to}::date) o
      WHERE paid_day >= ${from}::date GROUP BY 1, 2`.execute(db);
  },
  // The operator's figures: GMV and orders by day and source, refunds by day, merchants and stores that sold in the
  // range (distinct), and daily visitors.
  health: async (db: Db, from: string, to: string) => {
    await sql`SELECT paid_day, ${sql.raw(sourceSql())} AS source, sum(pay_amount), count(*)
      FROM orders WHERE paid_day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2`.execute(db);
    await sql`SELECT count(DISTINCT merchant_id), count(DISTINCT store_id) FROM orders
      WHERE paid_day BETWEEN ${from}::date AND ${to}::date`.execute(db);
    await sql`SELECT refunded_at::date, sum(amount) FROM after_sales WHERE status = 'refunded'
      AND refunded_at >= ${from}::date AND refunded_at < ${to}::date + 1 GROUP BY 1`.execute(db);
    return sql`SELECT day, count(DISTINCT (store_id, user_id)) FROM events
      WHERE day BETWEEN ${from}::date AND ${to}::date AND type <> 'exposure' GROUP BY day`.execute(db);
  },
};

export const run: PartRun = async ({ db, kind, url, args, log }) => {
  const big = kind === 'postgres';
  const spec = {
    stores: num(args.stores, big ? 5000 : 1000),
    consumers: num(args.consumers, big ? 2_000_000 : 200_000),
    orders: num(args.orders, big ? 10_000_000 : 1_000_000),
    events: num(args.events, big ? 100_000_000 : 10_000_000),
    days: num(args.days, 90),
  };
  const sample = num(args.merchants, 60);
  const rangeDays = num(args.range, 30);
  const k = db.kysely;
  const world = await generateWorld(db, spec, log);

  // The batch: every rollup of every day.
  const rb0 = performance.now();
  await rebuildRollups(k, {
    from: world.from,
    to: world.to,
    timeZone: TZ,
    // Two days side by side on PostgreSQL (one per core); PGlite has one connection.
    parallel: kind === 'postgres' ? 2 : 1,
    onDay: (d) => {
      if (d.endsWith('0')) log(`rollups: ${d} (${((performance.now() - rb0) / 1000).toFixed(0)} s)`);
    },
  });
  const rebuildS = (performance.now() - rb0) / 1000;
  // What autovacuum does after a bulk write in a running database: statistics, and the visibility map that lets
  // the health query's distinct counts read the selling-rows index alone.
  await sql`VACUUM ANALYZE`.execute(k);
  log(
    `rollups of ${spec.days} days rebuilt in ${rebuildS.toFixed(0)} s (${kind === 'postgres' ? 2 : 1} at a time)`,
  );

  // Merchants: the 10 largest and a traffic-weighted sample of the rest (store k's share ∝ 1/√k).
  const merchants = [...Array.from({ length: 10 }, (_, i) => `m${i}`)];
  for (let i = 0; merchants.length < sample; i++)
    merchants.push(`m${Math.min(spec.stores - 1, Math.floor(spec.stores * ((i * 0.618034) % 1) ** 2))}`);
  const to = world.to;
  const from = shiftDay(to, -(rangeDays - 1));
  const r = { from, to, days: rangeDays };
  const storesOf = (m: string) => [`s${m.slice(1)}`];

  const timings: Record<string, { rollup: number[]; raw: number[] }> = {};
  const time = async (name: string, which: 'rollup' | 'raw', f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    const ms = performance.now() - t;
    timings[name] ??= { rollup: [], raw: [] };
    timings[name]![which].push(ms);
  };
  // Warm both paths once, then measure.
  for (const m of merchants.slice(0, 3)) {
    await overview(k, m, storesOf(m), r);
    await raw.overview(k, m, from, to);
  }
  for (const m of merchants) {
    const s = storesOf(m);
    await time('overview', 'rollup', () => overview(k, m, s, r));
    await time('overview', 'raw', () => raw.overview(k, m, from, to));
    await time('sources', 'rollup', () => sources(k, m, s, r));
    await time('sources', 'raw', () => raw.sources(k, m, from, to));
    await time('funnel', 'rollup', () => funnel(k, m, s, r));
    await time('funnel', 'raw', () => raw.funnel(k, m, from, to));
    await time('products', 'rollup', () => products(k, m, s, r, 'gmv', 50));
    await time('products', 'raw', () => raw.products(k, m, from, to));
    await time('peers', 'rollup', () => peers(k, m, s, r));
    await time('all-domain', 'rollup', () => allDomain(k, m, s, r));
    await time('all-domain', 'raw', () => raw.allDomain(k, m, from, to));
    await time('realtime', 'rollup', () => realtime(k, m, s, TZ, { lastFlushAt: null, lagMs: 0 }));
  }
  for (let i = 0; i < 10; i++) {
    await time('health', 'rollup', () => health(k, r));
    if (i < 2) await time('health', 'raw', () => raw.health(k, from, to));
  }
  const rows = Object.entries(timings).map(([name, t]) => {
    const p95 = percentile(t.rollup, 95);
    const rawP95 = t.raw.length ? percentile(t.raw, 95) : null;
    return {
      name,
      n: t.rollup.length,
      p50: percentile(t.rollup, 50),
      p95,
      rawP95,
      ratio: rawP95 ? rawP95 / p95 : null,
    };
  });
  for (const x of rows)
    log(
      `${x.name}: p50 ${fmt(x.p50)} ms p95 ${fmt(x.p95)} ms${x.rawP95 ? `; raw p95 ${fmt(x.rawP95)} ms (${fmt(x.ratio!)}×)` : ''}`,
    );

  // Freshness: the server's own path (outbox → speed layer flush every second) while events stream in.
  const fresh = await freshness(db, url, spec.stores, log);

  const worst = Math.max(...rows.map((x) => x.p95));
  return {
    figures: {
      spec,
      rangeDays,
      merchants: merchants.length,
      rebuildS,
      queries: rows,
      freshness: fresh,
      worstP95: worst,
    },
    lines: [
      `World: ${spec.orders.toLocaleString('en-US')} orders, ${spec.events.toLocaleString('en-US')} events, ${spec.stores.toLocaleString('en-US')} stores, ${spec.days} days; rollup batch of every day ${rebuildS.toFixed(0)} s (${kind === 'postgres' ? 'two days at a time' : 'one day at a time'}). Queries over ${rangeDays} days for ${merchants.length} merchants (10 largest + traffic-weighted sample); operator health 10×.`,
      '',
      '| query | n | p50 ms | p95 ms (target ≤ 200) | same figures from raw tables, p95 ms | raw / rollup |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (x) =>
          `| ${x.name} | ${x.n} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${x.rawP95 === null ? '—' : fmt(x.rawP95)} | ${x.ratio === null ? '—' : `${fmt(x.ratio)}×`} |`,
      ),
      '',
      `Freshness of the real-time indices (from the order's POST to visible in /v1/analytics/realtime), ${fresh.n} orders while ${fresh.eventsPerS} events/s stream in: p50 ${fmt(fresh.p50)} ms, p95 ${fmt(fresh.p95)} ms, max ${fmt(fresh.max)} ms (target ≤ 5,000 ms); a page view of a store outside the stream p50 ${fresh.viewP50 === null ? '—' : fmt(fresh.viewP50)} ms, p95 ${fresh.viewP95 === null ? '—' : fmt(fresh.viewP95)} ms. Of which: POST → outbox delivery to subscribers p50 ${fresh.dispatchP50 === null ? '—' : fmt(fresh.dispatchP50)} ms; speed-layer flush p50 ${fresh.flushP50 === null ? '—' : fmt(fresh.flushP50)} ms, p95 ${fresh.flushP95 === null ? '—' : fmt(fresh.flushP95)} ms (${fresh.storesPerFlush ?? '—'} stores per flush, sales first, behaviour in chunks sized to about ${CHUNK_MS} ms each; a flush starts every second unless one is running).`,
    ],
  };
};

/** Posts orders one at a time through the API and polls the real-time endpoint until each shows. */
export async function freshness(
  db: Parameters<PartRun>[0]['db'],
  url: string,
  stores: number,
  log: (s: string) => void,
) {
  const cfg = loadConfig({ ...process.env, LOG_LEVEL: 'warn', ...(url ? { DATABASE_URL: url } : {}) });
  const ctx = await createContext(cfg, { db, log: pino({ level: 'warn' }) });
  const app = await buildApp(ctx, MODULES);
  await app.ready();
  // Where the time goes: when the outbox hands each order to subscribers, and how long each flush takes.
  const dispatched = new Map<string, number>();
  ctx.dispatcher.subscribeBatch('bench freshness', ['order.created'], async (events) => {
    for (const e of events) dispatched.set(e.aggregateId, performance.now());
  });
  const layer = speedLayerOf(ctx);
  const flushes: { ms: number; stores: number }[] = [];
  const flush = layer.flush.bind(layer);
  layer.flush = async () => {
    const t = performance.now();
    const stores = await flush();
    if (stores) flushes.push({ ms: performance.now() - t, stores });
    return stores;
  };
  ctx.dispatcher.start();
  // Only the speed layer's flush (the nightly close and catch-up would rebuild days in the middle of it).
  JOBS[0]!.start(ctx);
  const token = (await ctx.auth.createApiKey('operator', null, 'bench')).token;
  const post = async (path: string, body: unknown) => {
    const res = await app.inject({
      method: 'POST',
      url: path,
      payload: body as object,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  // Ids of this run (a kept database may have been measured before).
  const tag = Date.now().toString(36);
  let streaming = true;
  let sent = 0;
  const t0 = performance.now();
  const stream = (async () => {
    let i = 0;
    while (streaming) {
      const now = new Date().toISOString();
      const records = Array.from({ length: 50 }, () => {
        i++;
        const st = i % Math.min(997, stores);
        return {
          id: `fe-${tag}-${i}`,
          type: 'view',
          occurredAt: now,
          userId: `u${i % 50_000}`,
          productId: `p${st}-${i % 40}`,
          storeId: `s${st}`,
          scene: 'feed',
          channel: 'organic',
        };
      });
      await post('/v1/events', { records });
      sent += records.length;
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  const lat: number[] = [];
  const viewLat: number[] = [];
  const toDispatch: number[] = [];
  for (let n = 0; n < 30; n++) {
    const st = (n * 37) % Math.min(200, stores);
    const m = `m${st}`;
    const now = new Date();
    const before = await realtime(db.kysely, m, [`s${st}`], TZ, { lastFlushAt: null, lagMs: 0 });
    const order = {
      id: `fresh-${tag}-${n}`,
      storeId: `s${st}`,
      consumerId: `u${n}`,
      status: 'paid',
      source: { scene: 'search', channel: 'organic' },
      lines: [{ lineNo: 1, skuId: `k${st}-0`, quantity: 1, unitPrice: 4990, discount: 0 }],
      itemsAmount: 4990,
      discountAmount: 0,
      shippingFee: 0,
      payAmount: 4990,
      payments: [{ id: `fresh-${tag}-${n}-p`, kind: 'full', amount: 4990, paidAt: now.toISOString() }],
      createdAt: now.toISOString(),
      paidAt: now.toISOString(),
    };
    const t = performance.now();
    await post('/v1/orders', { records: [order] });
    for (;;) {
      const r = await realtime(db.kysely, m, [`s${st}`], TZ, { lastFlushAt: null, lagMs: 0 });
      if (r.today.gmv - before.today.gmv >= 4990) break;
      if (performance.now() - t > 30_000) throw new Error(`order fresh-${tag}-${n} not visible after 30 s`);
      await new Promise((res) => setTimeout(res, 50));
    }
    lat.push(performance.now() - t);
    const d = dispatched.get(`fresh-${tag}-${n}`);
    if (d !== undefined) toDispatch.push(d - t);
    // A page view of a store outside the stream (nothing else moves its views), behind the stream's marks.
    if (stores > 997) {
      const vs = 997 + ((n * 7) % Math.min(200, stores - 997));
      const views = async () =>
        (await realtime(db.kysely, `m${vs}`, [`s${vs}`], TZ, { lastFlushAt: null, lagMs: 0 })).minutes.reduce(
          (a, m) => a + m.views,
          0,
        );
      const v0 = await views();
      const tv = performance.now();
      await post('/v1/events', {
        records: [
          {
            id: `fresh-view-${tag}-${n}`,
            type: 'view',
            occurredAt: new Date().toISOString(),
            userId: `fresh-viewer-${n}`,
            productId: `p${vs}-0`,
            storeId: `s${vs}`,
            scene: 'search',
            channel: 'organic',
          },
        ],
      });
      for (;;) {
        if ((await views()) > v0) break;
        if (performance.now() - tv > 30_000)
          throw new Error(`view fresh-view-${tag}-${n} not visible after 30 s`);
        await new Promise((res) => setTimeout(res, 50));
      }
      viewLat.push(performance.now() - tv);
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  streaming = false;
  await stream;
  const eventsPerS = Math.round(sent / ((performance.now() - t0) / 1000));
  await JOBS[0]!.stop(ctx);
  await ctx.dispatcher.stop();
  // The modules' own queues (audience profile deltas) finish before the database closes.
  for (const mod of MODULES) await mod.stop?.(ctx);
  await app.close();
  const out = {
    n: lat.length,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    max: Math.max(...lat),
    eventsPerS,
    viewP50: viewLat.length ? percentile(viewLat, 50) : null,
    viewP95: viewLat.length ? percentile(viewLat, 95) : null,
    dispatchP50: toDispatch.length ? percentile(toDispatch, 50) : null,
    flushP50: flushes.length
      ? percentile(
          flushes.map((f) => f.ms),
          50,
        )
      : null,
    flushP95: flushes.length
      ? percentile(
          flushes.map((f) => f.ms),
          95,
        )
      : null,
    storesPerFlush: flushes.length
      ? percentile(
          flushes.map((f) => f.stores),
          50,
        )
      : null,
  };
  log(
    `freshness: p50 ${fmt(out.p50)} ms p95 ${fmt(out.p95)} ms max ${fmt(out.max)} ms with ${eventsPerS} events/s; ` +
      `page views p50 ${out.viewP50 === null ? '—' : fmt(out.viewP50)} ms p95 ${out.viewP95 === null ? '—' : fmt(out.viewP95)} ms; ` +
      `post → outbox delivery p50 ${out.dispatchP50 === null ? '—' : fmt(out.dispatchP50)} ms (${toDispatch.length} seen), ` +
      `flush p50 ${out.flushP50 === null ? '—' : fmt(out.flushP50)} ms p95 ${out.flushP95 === null ? '—' : fmt(out.flushP95)} ms, ${out.storesPerFlush ?? '—'} stores per flush`,
  );
  return out;
}
