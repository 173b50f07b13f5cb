/**
 * Part `refresh` of the audiences suite: does incremental profile refresh keep up with the simulator at
 * --scale large? Its measured large run (docs/simulator.md, "Measured") wrote 5.3M events in 591 s of simulation
 * (≈ 9,000 events/s) and 648k orders with 238k order updates (≈ 1,500 order records/s); a live marketplace of
 * that size sends ≈ 2.5M events and ≈ 330k orders a day (≈ 29 events/s, ≈ 4 orders/s).
 *
 * Options: --stores 2000, --products 50000, --consumers 200000, --events 300000, --orders 60000, --batch 5000,
 * --consumer-batch 500. A synthetic catalog is ingested, then:
 *   - events: the same number of events ingested in batches without hooks (the anchor: ingestion alone) and with
 *     the audiences EVENTS_WRITTEN hook (deltas queued behind ingestion, profiles.queue.ts) → events/s of the
 *     ingestion, events/s until the queue is drained (profiles caught up), and the deltas' own throughput
 *     N / (t_caught_up − t_without);
 *   - orders: orders ingested, then `refreshProfiles` (the outbox handler's work) over their consumers in batches
 *     → orders/s and consumers/s of the order-derived refresh.
 */
import type { IngestEnv } from '../../src/modules/marketplace/index.ts';
import { ingestCatalog, ingestEvents, ingestOrders } from '../../src/modules/marketplace/index.ts';
import { profileEventsHook, refreshProfiles } from '../../src/modules/audiences/profiles.hooks.ts';
import { drainEvents } from '../../src/modules/audiences/profiles.queue.ts';
import { makeCatalog, makeEvents, makeOrders } from '../lib/data.ts';
import { fmt } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';

const TZ = 'Asia/Shanghai';
const SIM_LARGE = { eventsPerS: 5_300_000 / 591, ordersPerS: (648_000 + 238_000) / 591 };

export const run: PartRun = async ({ db, args, log }) => {
  const n = (k: string, d: number) => Number(args[k] ?? d);
  const events = n('events', 300_000);
  const orders = n('orders', 60_000);
  const batch = n('batch', 5000);
  const consumerBatch = n('consumer-batch', 500);
  const env: IngestEnv = { db: db.kysely, database: db, timeZone: TZ, maxBatch: 10_000 };
  const cat = makeCatalog({
    stores: n('stores', 2000),
    products: n('products', 50_000),
    consumers: n('consumers', 200_000),
  });
  for (const kind of cat.kinds) {
    const recs = cat[kind];
    for (let i = 0; i < recs.length; i += 5000) {
      const r = await ingestCatalog(env, kind as never, recs.slice(i, i + 5000));
      if (r.rejected.length) throw new Error(`catalog ${kind}: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
  }
  log(`catalog: ${cat.products.length} products, ${cat.consumerIds.length} consumers`);

  const ingest = async (prefix: string, hooks: boolean) => {
    const evs = makeEvents(events, cat, { prefix, seed: prefix === 'a_' ? 11 : 12 });
    const e = hooks ? { ...env, eventHooks: [profileEventsHook(db.kysely)] } : env;
    const t = performance.now();
    for (let i = 0; i < evs.length; i += batch) {
      const r = await ingestEvents(e, evs.slice(i, i + batch));
      if (r.rejected.length) throw new Error(`events: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
    const ingested = performance.now() - t;
    await drainEvents(db.kysely);
    return { ingested, caughtUp: performance.now() - t };
  };
  const without = (await ingest('a_', false)).ingested;
  log(`events without the hook: ${fmt((events / without) * 1000)}/s`);
  const hooked = await ingest('b_', true);
  const withHook = hooked.caughtUp;
  log(
    `events with the hook: ${fmt((events / hooked.ingested) * 1000)}/s ingested, profiles caught up at ${fmt((events / withHook) * 1000)}/s`,
  );
  const hookPerS = withHook > without ? (events / (withHook - without)) * 1000 : Number.POSITIVE_INFINITY;

  const ords = makeOrders(orders, cat, { seed: 5 });
  for (let i = 0; i < ords.length; i += 2000) {
    const r = await ingestOrders(env, ords.slice(i, i + 2000));
    if (r.rejected.length) throw new Error(`orders: ${JSON.stringify(r.rejected.slice(0, 2))}`);
  }
  const consumers = [...new Set(ords.map((o) => o.consumerId))];
  const t = performance.now();
  for (let i = 0; i < consumers.length; i += consumerBatch)
    await refreshProfiles(db.kysely, consumers.slice(i, i + consumerBatch));
  const refreshMs = performance.now() - t;
  log(`order refresh: ${consumers.length} consumers in ${fmt(refreshMs)} ms`);
  const ordersPerS = (orders / refreshMs) * 1000;
  const lines = [
    `${events.toLocaleString('en-US')} events in batches of ${batch} through \`ingestEvents\`, with and without the audiences hook (anchor: ingestion alone, same run); ${orders.toLocaleString('en-US')} orders of ${consumers.length.toLocaleString('en-US')} consumers refreshed by \`refreshProfiles\` (the outbox handler's work) ${consumerBatch} consumers at a time. Needed at --scale large: the simulator's measured ${fmt(SIM_LARGE.eventsPerS)} events/s and ${fmt(SIM_LARGE.ordersPerS)} order records/s while it simulates (docs/simulator.md), ≈ 29 events/s and ≈ 4 orders/s in real time.`,
    '',
    '| measure | throughput | needed (simulator, large) | headroom |',
    '|---|---|---|---|',
    `| ingestion alone (anchor) | ${fmt((events / without) * 1000)} events/s | | |`,
    `| ingestion with the profile hook (deltas queued) | ${fmt((events / hooked.ingested) * 1000)} events/s (${fmt(hooked.ingested / without)}× the anchor's time) | | |`,
    `| … until the profiles caught up (queue drained) | ${fmt((events / withHook) * 1000)} events/s (${fmt(withHook / without)}× the anchor's time) | ${fmt(SIM_LARGE.eventsPerS)} events/s | ${fmt(((events / withHook) * 1000) / SIM_LARGE.eventsPerS)}× |`,
    `| profile deltas alone | ${Number.isFinite(hookPerS) ? `${fmt(hookPerS)} events/s` : 'below the noise'} | | |`,
    `| order-derived refresh | ${fmt(ordersPerS)} orders/s (${fmt((consumers.length / refreshMs) * 1000)} consumers/s) | ${fmt(SIM_LARGE.ordersPerS)} order records/s | ${fmt(ordersPerS / SIM_LARGE.ordersPerS)}× |`,
  ];
  return {
    figures: {
      events,
      orders,
      consumers: consumers.length,
      without,
      withHook,
      hookPerS,
      refreshMs,
      ordersPerS,
    },
    lines,
  };
};
