/**
 * The rank part: `Ranker.rank` in process — 1,000 supplied candidates (a different random 1,000 of the catalog
 * each request) to a page of 20 for a feed user, counted as shown — with no program active and with a campaign
 * budget filling the program slots, against the bare work of ranking on the same candidate sets: a
 * precomputed value per id looked up in a Map, the 1,000 scores sorted, the top 20 taken.
 */
import type { Database } from '../../src/core/db.ts';
import { dayStart, shiftDay } from '../../src/core/time.ts';
import { Ranker } from '../../src/modules/traffic/index.ts';
import { rng } from '../lib/data.ts';
import type { Latency, RankFigure } from './figures.ts';
import { budgetForDay, type Market } from './market.ts';

export const RANK_TARGET_MS = 10;
const CANDIDATES = 1000;
const PAGE = 20;
/** Program slots of a 20-item page under the default settings. */
const SLOTS = 4;

export function latency(lat: readonly number[], ms: number): Latency {
  const s = Float64Array.from(lat).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return {
    n: lat.length,
    ms,
    rate: ms > 0 ? (1000 * lat.length) / ms : 0,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s[s.length - 1] ?? 0,
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export interface RankOptions {
  requests: number;
  warmup: number;
  /** Distinct candidate sets (cycled). */
  sets: number;
  seed: number;
  timeZone: string;
  /** Days for the runs without and with a program (fresh: nobody planned them yet). */
  plainDay: string;
  programDay: string;
  /** Budget pool per enrolled store for the program day, and how many stores enrol. */
  poolPerStore: number;
  programStores: number;
  log: (s: string) => void;
}

export async function rankFigures(db: Database, m: Market, o: RankOptions): Promise<RankFigure[]> {
  const ranker = new Ranker(db, o.timeZone);
  await ranker.init();
  const c = await ranker.refresh(m.endDay);
  ranker.start();
  try {
    if (c.n < CANDIDATES)
      throw new Error(`the catalog holds ${c.n} listed products: at least ${CANDIDATES} needed`);
    const r = rng(o.seed);
    // Random 1,000 of the catalog per set (partial Fisher–Yates over the catalog's ids).
    const ids = [...c.ids];
    const sets: string[][] = Array.from({ length: o.sets }, () => {
      for (let j = 0; j < CANDIDATES; j++) {
        const k = j + Math.floor(r.next() * (ids.length - j));
        [ids[j], ids[k]] = [ids[k]!, ids[j]!];
      }
      return ids.slice(0, CANDIDATES);
    });
    const users = Array.from({ length: o.warmup + o.requests }, () => r.pick(m.users));
    o.log(
      `rank: catalog as of ${m.endDay}: ${c.n} listed products, ${c.stores.length} stores; ${sets.length} candidate sets`,
    );

    // Anchor: the same candidate sets, each id's value from a Map, sorted, top 20.
    const precomputed = new Map<string, number>(
      c.ids.map((id, i) => [id, c.value[i]! * c.productMult[i]! * c.storeMult[i]!]),
    );
    let sink = 0;
    const bare = (set: readonly string[]) => {
      const score = new Float64Array(set.length);
      for (let j = 0; j < set.length; j++) score[j] = precomputed.get(set[j]!) ?? 0;
      const order = Array.from({ length: set.length }, (_, j) => j);
      order.sort((a, b) => score[b]! - score[a]! || a - b);
      const top = order.slice(0, PAGE);
      sink += top[0]!;
      return top;
    };
    const anchorRun = async () => {
      await ranker.log.flush();
      await ranker.book.sync();
      const lat: number[] = [];
      for (let i = 0; i < o.warmup + o.requests; i++) {
        const set = sets[i % sets.length]!;
        const s = performance.now();
        bare(set);
        const e = performance.now() - s;
        if (i >= o.warmup) lat.push(e);
        if (i % 50 === 0) await tick();
      }
      return latency(
        lat,
        lat.reduce((a, b) => a + b, 0),
      );
    };

    const seen = new Set<string>();
    const run = async (day: string, programId: string | null) => {
      // 20:30 local: the evening peak, most of the day's plan already due.
      const at = dayStart(day, o.timeZone).getTime() + 20.5 * 3_600_000;
      await ranker.rank({ scene: 'feed', candidateIds: sets[0], pageSize: PAGE, at, log: false }); // loads the day
      // Quiet start: what the previous run logged and leased is written back first.
      await ranker.log.flush();
      await ranker.book.sync();
      const lat: number[] = [];
      const cached: number[] = [];
      const first: number[] = [];
      let programItems = 0;
      let short = 0;
      let busy = 0;
      let cpu0 = process.cpuUsage();
      for (let i = 0; i < o.warmup + o.requests; i++) {
        const set = sets[i % sets.length]!;
        const userId = users[i]!;
        const known = seen.has(userId);
        seen.add(userId);
        if (i === o.warmup) cpu0 = process.cpuUsage();
        const s = performance.now();
        const res = await ranker.rank({
          scene: 'feed',
          userId,
          candidateIds: set,
          pageSize: PAGE,
          at,
          log: true,
        });
        const e = performance.now() - s;
        if (i >= o.warmup) {
          lat.push(e);
          (known ? cached : first).push(e);
          busy += e;
          if (res.items.length < PAGE) short++;
          if (programId) for (const it of res.items) if (it.programId === programId) programItems++;
        }
        // Between requests the event loop runs (lease refills, exposure-log flushes), as between a server's requests.
        await tick();
      }
      return {
        latency: latency(lat, busy),
        cpuMs: (() => {
          const u = process.cpuUsage(cpu0);
          return (u.user + u.system) / 1000 / o.requests;
        })(),
        cached: latency(
          cached,
          cached.reduce((a, b) => a + b, 0),
        ),
        first: latency(
          first,
          first.reduce((a, b) => a + b, 0),
        ),
        programItems,
        short,
      };
    };

    const anchorName = `bare ranking: ${CANDIDATES} values looked up in a Map by id, sorted, top ${PAGE} taken (same candidate sets)`;
    const figure = (
      name: string,
      x: Awaited<ReturnType<typeof run>>,
      a: Latency,
      slotFill?: number,
      note?: string,
    ): RankFigure => ({
      figure: name,
      latency: x.latency,
      anchor: { name: anchorName, latency: a },
      ratioP99: x.latency.p99 / a.p99,
      ratioP50: x.latency.p50 / a.p50,
      target: `p99 ≤ ${RANK_TARGET_MS} ms`,
      met: x.latency.p99 <= RANK_TARGET_MS,
      slotFill,
      cpuMs: x.cpuMs,
      cachedUser: x.cached,
      firstUser: x.first.n ? x.first : undefined,
      note:
        [x.short ? `${x.short} pages short of ${PAGE}` : '', note ?? ''].filter(Boolean).join('; ') ||
        undefined,
    });

    const out: RankFigure[] = [];
    const a1 = await anchorRun();
    o.log(`rank: anchor p50 ${a1.p50.toFixed(4)} ms p99 ${a1.p99.toFixed(4)} ms`);
    const plain = await run(o.plainDay, null);
    o.log(
      `rank: no program: p50 ${plain.latency.p50.toFixed(3)} p99 ${plain.latency.p99.toFixed(3)} max ${plain.latency.max.toFixed(1)} ms, ${Math.round(plain.latency.rate)} ranks/s`,
    );
    out.push(
      figure(
        `rank 1,000 supplied candidates → page of 20 (feed, user affinity, logged), no program active`,
        plain,
        a1,
        undefined,
        `at ${o.plainDay} 20:30 ${o.timeZone}`,
      ),
    );

    const stores = m.storesByGmv.slice(0, o.programStores);
    const lines = await budgetForDay(db, {
      id: 'bench-rank-budget',
      day: o.programDay,
      pool: o.poolPerStore * stores.length,
      stores,
      timeZone: o.timeZone,
    });
    const a2 = await anchorRun();
    const prog = await run(o.programDay, 'bench-rank-budget');
    const fill = prog.programItems / (o.requests * SLOTS);
    o.log(
      `rank: budget active: p50 ${prog.latency.p50.toFixed(3)} p99 ${prog.latency.p99.toFixed(3)} max ${prog.latency.max.toFixed(1)} ms, slots filled ${(fill * 100).toFixed(1)}%`,
    );
    out.push(
      figure(
        `rank 1,000 supplied candidates → page of 20 (feed, user affinity, logged), campaign budget active`,
        prog,
        a2,
        fill,
        `budget of ${lines.length} stores, ${lines.reduce((s, l) => s + l.target, 0).toLocaleString('en-US')} exposures on ${o.programDay}, ranked at 20:30; ${prog.programItems} program items`,
      ),
    );
    if (sink < 0) o.log('unreachable');
    return out;
  } finally {
    await ranker.stop();
  }
}

/** Days the suite uses after the market's last day, each fresh (never planned before it is used). */
export function benchDays(endDay: string) {
  return {
    plain: shiftDay(endDay, 20),
    program: shiftDay(endDay, 21),
    concurrency: shiftDay(endDay, 22),
  };
}
