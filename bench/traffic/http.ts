/**
 * The http part: the whole app on the market's database (a real server, as in the pricing suite), POST
 * /v1/traffic/rank for a feed user with the server generating candidates (maxCandidates 1,000 by default), and
 * with 1,000 candidate ids in the body, against a trivial Fastify JSON route in the same process parsing the
 * same bodies, all driven by the same keep-alive client at the same concurrency.
 */
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { createContext } from '../../src/core/context.ts';
import type { Database } from '../../src/core/db.ts';
import { type Running, startServer } from '../../src/core/server.ts';
import { MODULES } from '../../src/modules/registry.ts';
import { cpuMeter } from '../lib/cpu.ts';
import { rng } from '../lib/data.ts';
import { drive, ingestClient } from '../lib/http.ts';
import type { HttpFigure } from './figures.ts';
import type { Market } from './market.ts';

export const HTTP_TARGET_RPS = 2000;
export const RANK_ROUTE = '/v1/traffic/rank';

/** The whole app on `db` (closed by `stop`), with an integration API key. */
export async function startApp(db: Database): Promise<{ server: Running; token: string }> {
  const cfg = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const ctx = await createContext(cfg, { db, log: pino({ level: 'warn' }) });
  const server = await startServer(cfg, MODULES, { ctx });
  const token = (await ctx.auth.createApiKey('integration', null, 'bench')).token;
  return { server, token };
}

async function trivialServer() {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.post('/trivial', async () => ({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

export interface HttpOptions {
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  seed: number;
  /** PostgreSQL: the CPU of the machine's postgres processes is read too (PGlite runs inside this process). */
  postgres: boolean;
  log: (s: string) => void;
}

export async function httpFigures(
  app: { server: Running; token: string },
  m: Market,
  candidateIds: readonly string[],
  o: HttpOptions,
): Promise<HttpFigure[]> {
  const r = rng(o.seed);
  const users = Array.from({ length: 2000 }, () => r.pick(m.users));
  const feed = users.map((userId) => Buffer.from(JSON.stringify({ scene: 'feed', userId, pageSize: 20 })));
  const ids = [...candidateIds];
  const supplied = users.slice(0, 300).map((userId) => {
    for (let j = 0; j < 1000; j++) {
      const k = j + Math.floor(r.next() * (ids.length - j));
      [ids[j], ids[k]] = [ids[k]!, ids[j]!];
    }
    return Buffer.from(
      JSON.stringify({ scene: 'feed', userId, pageSize: 20, candidateIds: ids.slice(0, 1000) }),
    );
  });
  const url = app.server.url;
  const probe = await ingestClient(url, app.token, 1).post(RANK_ROUTE, feed[0]!);
  if (probe.status >= 300) throw new Error(`rank probe: ${probe.status} ${probe.body.slice(0, 400)}`);
  const sample = JSON.parse(probe.body) as { candidates: number; items: unknown[]; day: string; arm: string };
  o.log(
    `http: probe ranked ${sample.candidates} candidates to ${sample.items.length} items (day ${sample.day})`,
  );

  // Every tenth reply is read back (the client shares this process: parsing them all would cost the server).
  let short = 0;
  let candidatesSeen = 0;
  let replies = 0;
  let seen = 0;
  const check = (body: string) => {
    if (seen++ % 10) return;
    const x = JSON.parse(body) as { items: unknown[]; candidates: number };
    if (x.items.length < 20) short++;
    candidatesSeen += x.candidates;
    replies++;
  };

  const trivial = await trivialServer();
  try {
    const measure = async (route: 'trivial' | 'rank', bodies: Buffer[], chk?: (b: string) => void) => {
      const target = route === 'trivial' ? trivial.url : url;
      const path = route === 'trivial' ? '/trivial' : RANK_ROUTE;
      await drive(target, app.token, path, bodies, o.warmupSeconds, o.concurrency);
      const meter = cpuMeter();
      const d = await drive(target, app.token, path, bodies, o.seconds, o.concurrency, chk);
      const cpu = meter.stop(Math.max(1, d.n));
      return { ...d, cpu };
    };
    const out: HttpFigure[] = [];
    const variants = [
      {
        name: 'POST /v1/traffic/rank {scene: feed, userId, pageSize: 20}: the server generates up to 1,000 candidates',
        bodies: feed,
        chk: check,
      },
      {
        name: `POST /v1/traffic/rank with 1,000 candidateIds in the body (~${Math.round(supplied.reduce((s, b) => s + b.length, 0) / supplied.length / 1000)} KB), page of 20`,
        bodies: supplied,
        chk: check,
      },
    ];
    for (const v of variants) {
      short = 0;
      candidatesSeen = 0;
      replies = 0;
      seen = 0;
      const t = await measure('trivial', v.bodies);
      const q = await measure('rank', v.bodies, v.chk);
      o.log(
        `http: ${v.bodies === feed ? 'feed' : 'candidateIds'}: ${Math.round(q.rps)}/s p50 ${q.p50.toFixed(1)} p99 ${q.p99.toFixed(1)} ms, ${q.errors} errors, CPU ${q.cpu.nodeMs.toFixed(2)} ms/req node${o.postgres && q.cpu.postgresMs !== null ? ` + ${q.cpu.postgresMs.toFixed(2)} PG` : ''}; trivial ${Math.round(t.rps)}/s`,
      );
      const avgBody = Math.round(v.bodies.reduce((s, b) => s + b.length, 0) / v.bodies.length);
      out.push({
        figure: v.name,
        concurrency: o.concurrency,
        n: q.n,
        ms: q.ms,
        rate: q.rps,
        p50: q.p50,
        p99: q.p99,
        errors: q.errors,
        nodeMs: q.cpu.nodeMs,
        pgMs: o.postgres ? q.cpu.postgresMs : null,
        anchor: {
          name: 'trivial Fastify JSON route, same bodies and client',
          rate: t.rps,
          p50: t.p50,
          p99: t.p99,
          nodeMs: t.cpu.nodeMs,
        },
        ratio: q.rps / t.rps,
        target: `≥ ${HTTP_TARGET_RPS.toLocaleString('en-US')} requests/s`,
        met: q.rps >= HTTP_TARGET_RPS && q.errors === 0,
        note: [
          `bodies ~${avgBody} bytes`,
          replies ? `${(candidatesSeen / replies).toFixed(0)} candidates a request on average` : '',
          short ? `${short} of ${replies} sampled pages short of 20` : '',
          q.samples.length ? `errors: ${q.samples.join(' / ')}` : '',
          o.postgres ? 'PG CPU counts every postgres process on the (shared) machine' : '',
        ]
          .filter(Boolean)
          .join('; '),
      });
    }
    return out;
  } finally {
    await trivial.app.close();
  }
}
