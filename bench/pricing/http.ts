/**
 * HTTP figure of the pricing suite: POST /v1/pricing/quote through a real server on a seeded database
 * (catalog, store / cross-store / platform offers, item cuts, claimed coupons) against a trivial Fastify
 * JSON route that parses the same request bodies, both driven by the same keep-alive client in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { createContext } from '../../src/core/context.ts';
import { type Db, type DbKind, openDatabase } from '../../src/core/db.ts';
import { startServer } from '../../src/core/server.ts';
import { quote } from '../../src/modules/pricing/domain/index.ts';
import { quoteInput } from '../../src/modules/pricing/quote.service.ts';
import { MODULES } from '../../src/modules/registry.ts';
import { makeCatalog, rng } from '../lib/data.ts';
import { createPgDatabase, dropPgDatabase } from '../lib/db.ts';
import { cpuMeter } from '../lib/cpu.ts';
import { chunk, drive, ingestClient, jsonBody } from '../lib/http.ts';
import type { Figure } from './figures.ts';

const START = '2026-01-01T00:00:00.000Z';
const END = '2036-01-01T00:00:00.000Z';

async function trivialServer() {
  const app = Fastify({ logger: false });
  app.post('/trivial', async () => ({ ok: true }));
  const addr = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: addr };
}

export async function httpFigures(o: {
  db: DbKind;
  seconds: number;
  log: (s: string) => void;
}): Promise<Figure[]> {
  const cfg = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `bench_pricing_${Date.now()}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-pricing-'));
  const url = o.db === 'postgres' ? await createPgDatabase(baseUrl, dbName) : undefined;
  const db = await openDatabase({ databaseUrl: url, dataDir, poolSize: 8 });
  const ctx = await createContext({ ...cfg, databaseUrl: url }, { db, log: pino({ level: 'warn' }) });
  const server = await startServer({ ...cfg, databaseUrl: url }, MODULES, { ctx });
  const integration = (await ctx.auth.createApiKey('integration', null, 'bench')).token;
  const operator = (await ctx.auth.createApiKey('operator', null, 'bench')).token;
  try {
    // Catalog through the catalog endpoints.
    const cat = makeCatalog({ stores: 60, products: 3000, consumers: 500, seed: 7 });
    const ing = ingestClient(server.url, integration, 4);
    for (const kind of cat.kinds) {
      const r = await ing.postAll(`/v1/catalog/${kind}`, chunk(cat[kind], 2000).map(jsonBody));
      for (const x of r.replies)
        if (x.status >= 300) throw new Error(`catalog ${kind}: ${x.status} ${x.body.slice(0, 300)}`);
    }
    ing.close();
    // Offers and coupons through the pricing API, as an operator.
    const op = ingestClient(server.url, operator, 4);
    const post = async (route: string, body: unknown) => {
      const r = await op.post(route, JSON.stringify(body));
      if (r.status >= 300) throw new Error(`${route}: ${r.status} ${r.body.slice(0, 400)}`);
      return JSON.parse(r.body);
    };
    const stores = cat.sellingStores;
    for (const s of stores) {
      await post('/v1/pricing/offers', {
        name: `${s} 满199减20`,
        kind: 'store_threshold',
        merchantId: cat.storeMerchant.get(s),
        scope: { storeIds: [s] },
        startsAt: START,
        endsAt: END,
        rule: {
          type: 'amount_tiers',
          tiers: [
            { min: 19900, off: 2000 },
            { min: 29900, off: 4000 },
            { min: 59900, off: 9000 },
          ],
        },
      });
      const skus = cat.skusByStore.get(s)!.slice(0, 4);
      await post('/v1/pricing/offers', {
        name: `${s} 9折`,
        kind: 'price_cut',
        merchantId: cat.storeMerchant.get(s),
        scope: { storeIds: [s], skuIds: skus.map((k) => k.id) },
        startsAt: START,
        endsAt: END,
        rule: { type: 'rate', rateBp: 9000 },
      });
    }
    await post('/v1/pricing/offers', {
      name: '跨店每满300减40',
      kind: 'cross_store_threshold',
      scope: { storeIds: stores },
      startsAt: START,
      endsAt: END,
      rule: { type: 'amount_every', every: 30000, off: 4000, cap: 40000 },
    });
    const templates: string[] = [];
    for (const s of stores.slice(0, 30)) {
      const t = await post('/v1/pricing/coupon-templates', {
        name: `${s} 满100减10`,
        kind: 'store',
        merchantId: cat.storeMerchant.get(s),
        scope: { storeIds: [s] },
        rule: { type: 'amount', min: 10000, off: 1000 },
        totalQuantity: 100000,
        perUserLimit: 2,
        claimStartsAt: START,
        claimEndsAt: END,
        validity: { days: 30 },
      });
      templates.push(t.id);
    }
    const plat = await post('/v1/pricing/coupon-templates', {
      name: '平台满300减30',
      kind: 'platform',
      scope: {},
      rule: { type: 'amount', min: 30000, off: 3000 },
      platformFundedBp: 10000,
      totalQuantity: 100000,
      perUserLimit: 1,
      claimStartsAt: START,
      claimEndsAt: END,
      validity: { days: 30 },
    });
    templates.push(plat.id);
    const r = rng(11);
    const buyers = cat.consumerIds.slice(0, 200);
    for (const u of buyers)
      for (const t of [
        plat.id,
        ...Array.from({ length: 6 }, () => templates[Math.floor(r.next() * (templates.length - 1))]!),
      ])
        await op.post(`/v1/pricing/coupon-templates/${t}/claim`, JSON.stringify({ userId: u }));
    op.close();
    // Typical carts: 8 lines over 3 stores, a buyer with a wallet.
    const bodies = Array.from({ length: 500 }, (_, i) => {
      const cartStores = [0, 1, 2].map(() => stores[Math.floor(r.next() * stores.length)]!);
      const lines = Array.from({ length: 8 }, (_, k) => {
        const list = cat.skusByStore.get(cartStores[k % 3]!)!;
        return { skuId: list[Math.floor(r.next() * list.length)]!.id, quantity: r.next() < 0.8 ? 1 : 2 };
      });
      const unique = [...new Map(lines.map((l) => [l.skuId, l])).values()];
      return Buffer.from(JSON.stringify({ userId: buyers[i % buyers.length], lines: unique }));
    });
    const probe = await ingestClient(server.url, integration, 1).post('/v1/pricing/quote', bodies[0]!);
    if (probe.status !== 201) throw new Error(`quote probe: ${probe.status} ${probe.body.slice(0, 400)}`);
    const sample = JSON.parse(probe.body);
    o.log(
      `${o.db}: seeded; sample quote ${sample.itemsAmount} → ${sample.payAmount} fen, ${sample.applied.length} applied`,
    );

    const trivial = await trivialServer();
    const concurrency = 8;
    await drive(trivial.url, '', '/trivial', bodies, 2, concurrency); // warm-up
    await drive(server.url, integration, '/v1/pricing/quote', bodies, 2, concurrency);
    const tm = cpuMeter();
    const t = await drive(trivial.url, '', '/trivial', bodies, o.seconds, concurrency);
    const tc = tm.stop(t.n);
    const qm = cpuMeter();
    const q = await drive(server.url, integration, '/v1/pricing/quote', bodies, o.seconds, concurrency);
    const qc = qm.stop(q.n);
    const pgPart =
      o.db === 'postgres' && qc.postgresMs !== null ? ` + PostgreSQL ${qc.postgresMs.toFixed(2)} ms` : '';
    await trivial.app.close();
    o.log(`${o.db}: quote ${Math.round(q.rps)}/s p99 ${q.p99.toFixed(1)} ms; trivial ${Math.round(t.rps)}/s`);
    const floor = await engineFloor(ctx.db.kysely, bodies);
    // With no database and no storage at all, a quote request would still cost the trivial request plus
    // the engine and its JSON: the most the HTTP ratio could reach on this machine.
    const ceiling = tc.nodeMs / (tc.nodeMs + floor.usPerQuote / 1000);
    o.log(
      `${o.db}: engine + JSON ${floor.usPerQuote.toFixed(0)} µs per quote; ratio ceiling ${(ceiling * 100).toFixed(0)}%`,
    );
    return [
      {
        figure: `POST /v1/pricing/quote (8 lines, 3 stores, wallet of ~7 coupons), ${concurrency} in flight`,
        count: q.n,
        unit: 'requests',
        ms: q.ms,
        rate: q.rps,
        p50: q.p50,
        p99: q.p99,
        anchor: { name: 'trivial Fastify JSON route, same bodies', ms: t.ms, rate: t.rps },
        ratio: q.rps / t.rps,
        target: '≥ 50% of the trivial route',
        note: `${q.errors} errors (carts holding an out-of-stock SKU are answered 422); trivial route p99 ${t.p99.toFixed(2)} ms; CPU per request: quote ${qc.nodeMs.toFixed(2)} ms in Node (server and client)${pgPart}, trivial ${tc.nodeMs.toFixed(2)} ms; each quote reads SKUs, offers, wallet and buyer facts and stores the quote`,
      },
      {
        figure: 'the engine and its JSON alone on the same carts, in-process (no HTTP, no database)',
        count: floor.n,
        unit: 'quotes',
        ms: floor.ms,
        rate: (1000 * floor.n) / floor.ms,
        anchor: { name: 'trivial route, CPU per request', ms: tc.nodeMs, rate: 1000 / tc.nodeMs },
        ratio: ceiling,
        note: `quote() + JSON.stringify of the ${floor.n} carts' inputs read once from the database: ${floor.usPerQuote.toFixed(0)} µs per quote against ${(tc.nodeMs * 1000).toFixed(0)} µs of CPU for a whole trivial request; ratio = the HTTP ratio's ceiling if reading and storing cost nothing, trivial CPU ÷ (trivial CPU + engine and JSON)`,
      },
    ];
  } finally {
    await server.stop(); // closes the database too
    if (o.db === 'postgres') await dropPgDatabase(baseUrl, dbName).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** quote() and JSON.stringify, timed alone on the bodies' inputs (read once, outside the timing): best of 3 passes. */
async function engineFloor(db: Db, bodies: Buffer[]) {
  const now = new Date();
  const inputs: Awaited<ReturnType<typeof quoteInput>>[] = [];
  for (const b of bodies)
    try {
      inputs.push(await quoteInput(db, JSON.parse(b.toString()), now));
    } catch {
      // a cart holding an out-of-stock SKU: answered 422 over HTTP too
    }
  let best = Infinity;
  let sink = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (const { input, opts } of inputs) sink += JSON.stringify(quote(input, opts)).length;
    best = Math.min(best, performance.now() - t0);
  }
  if (!sink) throw new Error('engine floor: no quote was produced');
  return { n: inputs.length, ms: best, usPerQuote: (1000 * best) / inputs.length };
}
