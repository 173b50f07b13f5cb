import { sql } from 'kysely';
import type { Principal } from '../core/auth.ts';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { businessDay, dayStart, shiftDay } from '../core/time.ts';
import {
  createSession,
  endSession,
  recomputeSessions,
  startExplanation,
  startSession,
} from '../modules/live/index.ts';
import { EVENTS_WRITTEN, ingestEvents, ingestOrders } from '../modules/marketplace/index.ts';

/** The demo's own hand on live sessions: an operator acting for the merchants. */
const DEMO: Principal = { role: 'operator', partyId: null, subject: 'demo', via: 'api_key' };

export interface LiveDemoParties {
  merchantId: string;
  creatorId: string;
  agencyId: string;
}

/**
 * Live demo data on a simulated marketplace: (a) the products each past session featured (the simulator's
 * truth, else the session's most clicked products) and a few explanation windows per session, (b) the metrics
 * of every past session in one set-based pass, (c) sessions of all three host types scheduled over the next 7
 * days for the demo merchant and for the 20 stores with the most live GMV. Returns a line for the console.
 */
export async function seedLiveDemo(
  ctx: AppContext,
  demo: LiveDemoParties,
  now = new Date(),
): Promise<string> {
  const db = ctx.db.kysely;
  await sql`INSERT INTO live_session_products (session_id, product_id, position)
    SELECT session_id, product_id, row_number() OVER (PARTITION BY session_id ORDER BY ord)
    FROM (SELECT s.session_id, f.p AS product_id, f.ord FROM sim_live_sessions s
          JOIN live_sessions l ON l.id = s.session_id
          CROSS JOIN LATERAL unnest(s.featured_products) WITH ORDINALITY AS f(p, ord)
          JOIN products p ON p.id = f.p) x
    ON CONFLICT DO NOTHING`.execute(db);
  // Sessions the simulator did not describe (imported ones): their ten most clicked products.
  await sql`INSERT INTO live_session_products (session_id, product_id, position)
    SELECT session_id, product_id, rk FROM (
      SELECT e.live_session_id AS session_id, e.product_id,
        row_number() OVER (PARTITION BY e.live_session_id ORDER BY count(*) DESC, e.product_id) AS rk
      FROM events e JOIN live_sessions l ON l.id = e.live_session_id JOIN products p ON p.id = e.product_id
      WHERE e.live_session_id IS NOT NULL AND e.type = 'click'
        AND NOT EXISTS (SELECT 1 FROM live_session_products sp WHERE sp.session_id = e.live_session_id)
      GROUP BY e.live_session_id, e.product_id) x
    WHERE rk <= 10 ON CONFLICT DO NOTHING`.execute(db);
  // Up to six 18-minute windows, one every 20 minutes, cycling through the listed products.
  await sql`INSERT INTO live_explanations (id, session_id, product_id, started_at, ended_at)
    SELECT l.id || '.x' || k, l.id, sp.product_id, l.started_at + k * interval '20 minutes',
      LEAST(l.started_at + k * interval '20 minutes' + interval '18 minutes', l.ended_at)
    FROM live_sessions l
    JOIN LATERAL (SELECT count(*)::int AS n FROM live_session_products WHERE session_id = l.id) c ON c.n > 0
    CROSS JOIN LATERAL generate_series(0, LEAST(5, floor(extract(epoch FROM l.ended_at - l.started_at) / 1200)::int - 1)) k
    JOIN live_session_products sp ON sp.session_id = l.id AND sp.position = k % c.n + 1
    WHERE l.ended_at IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(db);
  await recomputeSessions(db, 'all');

  const tz = ctx.cfg.timeZone;
  const today = businessDay(now, tz);
  const at = (days: number, hour: number) =>
    new Date(dayStart(shiftDay(today, days), tz).getTime() + hour * 3_600_000).toISOString();
  const contracted = (
    await sql<{
      creator_id: string;
    }>`SELECT creator_id FROM agency_contracts WHERE agency_id = ${demo.agencyId}
      ORDER BY starts_on, creator_id LIMIT 1`.execute(db)
  ).rows[0]?.creator_id;
  const store = (
    await sql<{ id: string }>`SELECT s.id FROM stores s WHERE s.merchant_id = ${demo.merchantId}
      AND EXISTS (SELECT 1 FROM products p WHERE p.store_id = s.id) ORDER BY s.id LIMIT 1`.execute(db)
  ).rows[0]?.id;
  const plans: {
    storeId: string;
    hostType: 'self' | 'agency' | 'creator';
    creatorId?: string;
    agencyId?: string;
  }[] = [];
  if (store) {
    plans.push({ storeId: store, hostType: 'self' });
    plans.push({ storeId: store, hostType: 'creator', creatorId: demo.creatorId });
    if (contracted)
      plans.push({ storeId: store, hostType: 'agency', creatorId: contracted, agencyId: demo.agencyId });
    plans.push({ storeId: store, hostType: 'self' });
  }
  const top = await sql<{
    store_id: string;
    host_type: 'self' | 'agency' | 'creator';
    creator_id: string | null;
    agency_id: string | null;
  }>`
    SELECT DISTINCT ON (l.store_id) l.store_id, l.host_type, l.creator_id, l.agency_id
    FROM live_sessions l JOIN (
      SELECT l2.store_id, sum(o.pay_amount) AS gmv FROM orders o JOIN live_sessions l2 ON l2.id = o.live_session_id
      WHERE o.paid_at IS NOT NULL AND o.status <> 'cancelled' GROUP BY 1 ORDER BY 2 DESC LIMIT 20) g ON g.store_id = l.store_id
    WHERE l.started_at IS NOT NULL AND l.store_id <> ${store ?? ''}
    ORDER BY l.store_id, l.started_at DESC`.execute(db);
  for (const r of top.rows)
    plans.push({
      storeId: r.store_id,
      hostType: r.host_type,
      ...(r.creator_id && r.host_type !== 'self' ? { creatorId: r.creator_id } : {}),
      ...(r.agency_id && r.host_type === 'agency' ? { agencyId: r.agency_id } : {}),
    });
  let scheduled = 0;
  for (const [i, p] of plans.entries()) {
    const products = await demoProducts(ctx, p.storeId, 6);
    try {
      await createSession(db, DEMO, {
        id: `ls_plan_${p.storeId}_${today.replaceAll('-', '')}_${i}`,
        ...p,
        title: `${p.hostType === 'self' ? 'Store live' : p.hostType === 'agency' ? 'Proxy stream' : 'Creator special'} #${i + 1}`,
        scheduledAt: at(1 + (i % 7), p.hostType === 'self' ? 19 : 20),
        products,
      });
      scheduled++;
    } catch (e) {
      // A plan that no longer holds (a creator gone, a product repriced) is left out of the demo.
      if (!(e instanceof Problem)) throw e;
    }
  }
  return `Live demo: featured products and explanation windows listed, metrics of past sessions computed, ${scheduled} sessions scheduled over the next 7 days`;
}

/** A store's first products with their cheapest SKU; the first two get a live price 10% below it. */
async function demoProducts(ctx: AppContext, storeId: string, n: number) {
  const { rows } = await sql<{ id: string; price: string }>`
    SELECT p.id, min(k.price) AS price FROM products p JOIN skus k ON k.product_id = p.id
    WHERE p.store_id = ${storeId} AND p.status = 'listed' GROUP BY p.id ORDER BY p.id LIMIT ${n}`.execute(
    ctx.db.kysely,
  );
  return rows.map((r, i) => {
    const live = Math.floor(Number(r.price) * 0.9);
    return i < 2 && live > 0 && live < Number(r.price)
      ? { productId: r.id, livePrice: live }
      : { productId: r.id };
  });
}

/**
 * Keeps one demo session live while the server runs: the demo merchant's store goes live (or a session left
 * live by an earlier run is picked up), and every `everyMs` simulated viewers enter, click the listed products,
 * follow, leave and now and then buy, through the same ingestion as the API (the live hook adds them to the metrics); the
 * explained product changes every few minutes. Returns the stop function, which ends the session.
 */
export function startDemoLive(ctx: AppContext, merchantId: string, everyMs = 3000): () => Promise<void> {
  const db = ctx.db.kysely;
  const env = {
    db,
    database: ctx.db,
    timeZone: ctx.cfg.timeZone,
    maxBatch: ctx.cfg.maxBatch,
    eventHooks: ctx.hooks.list(EVENTS_WRITTEN),
  };
  let state: {
    sessionId: string;
    storeId: string;
    products: { id: string; skuId: string; price: number }[];
    users: string[];
    inRoom: { user: string; since: number }[];
    tick: number;
  } | null = null;
  let seq = 0;
  const init = async () => {
    const store = (
      await sql<{ id: string }>`SELECT s.id FROM stores s WHERE s.merchant_id = ${merchantId}
        AND EXISTS (SELECT 1 FROM products p WHERE p.store_id = s.id) ORDER BY s.id LIMIT 1`.execute(db)
    ).rows[0];
    if (!store) return null;
    const live = (
      await sql<{
        id: string;
      }>`SELECT id FROM live_sessions WHERE store_id = ${store.id} AND id LIKE 'ls_demo_live_%'
        AND started_at IS NOT NULL AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1`.execute(db)
    ).rows[0];
    let sessionId = live?.id;
    if (!sessionId) {
      sessionId = `ls_demo_live_${Date.now().toString(36)}`;
      await createSession(db, DEMO, {
        id: sessionId,
        storeId: store.id,
        hostType: 'self',
        title: 'Live now: demo room',
        scheduledAt: new Date().toISOString(),
        products: await demoProducts(ctx, store.id, 6),
      });
      await startSession(db, DEMO, sessionId);
    }
    const products = (
      await sql<{ id: string; sku_id: string; price: string }>`
        SELECT DISTINCT ON (sp.product_id) sp.product_id AS id, k.id AS sku_id, COALESCE(sp.live_price, k.price) AS price
        FROM live_session_products sp JOIN skus k ON k.product_id = sp.product_id
        WHERE sp.session_id = ${sessionId} ORDER BY sp.product_id, k.price`.execute(db)
    ).rows.map((r) => ({ id: r.id, skuId: r.sku_id, price: Number(r.price) }));
    const users = (
      await sql<{ id: string }>`SELECT id FROM consumers ORDER BY id LIMIT 5000`.execute(db)
    ).rows.map((r) => r.id);
    return { sessionId, storeId: store.id, products, users, inRoom: [], tick: 0 };
  };

  const tick = async () => {
    state ??= await init();
    const s = state;
    if (!s || !s.products.length || !s.users.length) return;
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    const base = { scene: 'live', channel: 'self_live', storeId: s.storeId, liveSessionId: s.sessionId };
    const events: Record<string, unknown>[] = [];
    const id = () => `dl_${s.sessionId}_${(seq++).toString(36)}_${now.toString(36)}`;
    // A wave that rises and falls over ~10 minutes, so the online curve moves.
    const wave = 4 + Math.round(3 * Math.sin(s.tick / 30));
    for (let i = 0; i < wave; i++) {
      const user = s.users[(s.tick * 37 + i * 101 + seq) % s.users.length]!;
      events.push({ id: id(), type: 'live_enter', occurredAt: iso(now - i * 50), userId: user, ...base });
      s.inRoom.push({ user, since: now });
    }
    for (let i = 0; i < s.inRoom.length && i < 6; i++) {
      const v = s.inRoom[(s.tick * 13 + i * 7) % s.inRoom.length]!;
      const p = s.products[(s.tick + i) % s.products.length]!;
      events.push({
        id: id(),
        type: 'click',
        occurredAt: iso(now),
        userId: v.user,
        productId: p.id,
        ...base,
      });
    }
    if (s.tick % 4 === 0 && s.inRoom.length)
      events.push({ id: id(), type: 'follow', occurredAt: iso(now), userId: s.inRoom[0]!.user, ...base });
    // Viewers stay a few minutes: the room holds up to ~200, the oldest leave first.
    const leaving = Math.max(0, s.inRoom.length - 200) + (s.inRoom.length > 40 ? Math.floor(wave * 0.8) : 0);
    for (const v of s.inRoom.splice(0, leaving))
      events.push({
        id: id(),
        type: 'live_leave',
        occurredAt: iso(now),
        userId: v.user,
        durationMs: now - v.since,
        ...base,
      });
    await ingestEvents(env, events);
    if (s.tick % 10 === 2 && s.inRoom.length) {
      const p = s.products[s.tick % s.products.length]!;
      const orderId = `do_${s.sessionId}_${s.tick}_${now.toString(36)}`;
      const qty = 1 + (s.tick % 2);
      await ingestOrders(env, [
        {
          id: orderId,
          storeId: s.storeId,
          consumerId: s.inRoom[s.inRoom.length - 1]!.user,
          status: 'paid',
          source: { scene: 'live', channel: 'self_live', liveSessionId: s.sessionId },
          lines: [{ lineNo: 1, skuId: p.skuId, quantity: qty, unitPrice: p.price, discount: 0 }],
          itemsAmount: qty * p.price,
          discountAmount: 0,
          shippingFee: 0,
          payAmount: qty * p.price,
          payments: [{ id: `${orderId}-pay`, kind: 'full', amount: qty * p.price, paidAt: iso(now) }],
          createdAt: iso(now - 20_000),
          paidAt: iso(now),
        },
      ]);
    }
    // The host moves on to the next product every ~3 minutes.
    if (s.tick % Math.max(1, Math.round(180_000 / everyMs)) === 0) {
      const p =
        s.products[Math.floor(s.tick / Math.max(1, Math.round(180_000 / everyMs))) % s.products.length]!;
      await startExplanation(db, DEMO, s.sessionId, { productId: p.id });
    }
    s.tick++;
  };

  let busy: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (busy) return;
    busy = tick()
      .catch((err) => ctx.log.warn({ err }, 'demo live room failed (retried)'))
      .finally(() => {
        busy = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await busy;
    if (state) await endSession(db, DEMO, state.sessionId).catch(() => undefined);
  };
}
