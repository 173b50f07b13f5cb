/**
 * Connections for the measured work: on PostgreSQL a pool of exactly `workers` connections that never idle out,
 * so the CPU of exactly those server backends can be read from /proc (the shared server also runs other
 * people's tests: the all-postgres figure of bench/lib/cpu.ts includes them); on PGlite the database's own
 * single connection.
 */
import fs from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../src/core/db.ts';

export interface Workers {
  db: Db;
  count: number;
  /** Backend process ids of the pool's connections (PostgreSQL). */
  pids: number[];
  /** CPU ms used so far by those backends; null on PGlite or without /proc. */
  backendCpuMs(): number | null;
  close(): Promise<void>;
}

function procCpuMs(pid: number): number | null {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

export async function openWorkers(db: Database, url: string | undefined, count: number): Promise<Workers> {
  if (db.kind === 'pglite' || !url)
    return { db: db.kysely, count: 1, pids: [], backendCpuMs: () => null, close: async () => {} };
  const pool = new pg.Pool({ connectionString: url, max: count, idleTimeoutMillis: 0 });
  pool.on('error', (err) => process.stderr.write(`[commissions] worker pool: ${err.message}\n`));
  const k: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  // Open every connection now (held at once, so they are distinct) and note their backends.
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  const pids: number[] = [];
  for (const c of clients) pids.push(Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p));
  for (const c of clients) c.release();
  const check = async () => {
    const r = await sql<{ p: number }>`SELECT pg_backend_pid() AS p`.execute(k);
    if (!pids.includes(Number(r.rows[0]!.p))) throw new Error('worker pool opened a new connection');
  };
  await check();
  return {
    db: k,
    count,
    pids,
    backendCpuMs() {
      let s = 0;
      for (const p of pids) {
        const v = procCpuMs(p);
        if (v === null) return null;
        s += v;
      }
      return s;
    },
    close: () => k.destroy(),
  };
}

/** Runs `jobs` with `n` concurrent workers taking the next job as they finish; returns each job's ms. */
export async function runQueue<T>(jobs: T[], n: number, fn: (job: T) => Promise<void>): Promise<number[]> {
  const ms: number[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, n) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= jobs.length) return;
        const t0 = performance.now();
        await fn(jobs[i]!);
        ms[i] = performance.now() - t0;
      }
    }),
  );
  return ms;
}

/** Runs `fn` under the V8 sampling profiler when `dir` is set, writing DIR/<name>.cpuprofile. */
export async function profiled<T>(dir: string | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const fs = await import('node:fs');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
    process.stderr.write(
      `[commissions] CPU profile ${dir}/${name}.cpuprofile (npx tsx bench/tools/cpuprofile-top.ts <file>)\n`,
    );
  }
}
