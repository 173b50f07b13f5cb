/**
 * Part `size` of the audiences suite: the instant size of 5-clause audience expressions over 10M users and 500
 * tags. Target: ≤ 50 ms, and ≥ 100× faster than the same count by SQL on PostgreSQL in the same run.
 *
 * Options: --users 10000000, --tags 500, --repeat 30, --seed 1. A synthetic population (bench/audiences/
 * synthetic.ts) is stored as a tag build in aud_tag_bitmaps; then
 *   - load: the server's tag index reads the build (cold, once);
 *   - size: `sizeOf` — the service behind POST /v1/audiences/size: validation against the catalog, leaf
 *     resolution and Roaring evaluation — `repeat` times per expression, p50 / p99;
 *   - anchor: the same count by SQL over a (tag, user) membership table of the expression's tags (bench/
 *     audiences/sql-anchor.ts, two formulations, the faster one), 3 runs, median. Counts must agree.
 */
import type { Principal } from '../../src/core/auth.ts';
import { businessDay } from '../../src/core/time.ts';
import { sizeOf } from '../../src/modules/audiences/audiences.service.ts';
import { tagIndex } from '../../src/modules/audiences/tags.store.ts';
import { exec } from '../lib/db.ts';
import { fmt, percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';
import { groupSql, type Leafy, loadMemberships, setsSql } from './sql-anchor.ts';
import { population, storeBuild } from './synthetic.ts';

const TZ = 'Asia/Shanghai';
const operator: Principal = { role: 'operator', partyId: null, subject: 'bench', via: 'api_key' };

/** Women 25–34 with a beauty affinity who have not churned; and a brand-led one over the long tail. */
const EXPRESSIONS: Record<string, Leafy> = {
  demographic: {
    op: 'and',
    args: [
      { tag: 'gender:f' },
      { op: 'or', args: [{ tag: 'age:25-29' }, { tag: 'age:30-34' }] },
      { op: 'not', arg: { tag: 'lifecycle:churned' } },
      { tag: 'affinity:c00' },
    ],
  },
  brands: {
    op: 'and',
    args: [
      { op: 'or', args: [{ tag: 'brand:b0000' }, { tag: 'brand:b0003' }, { tag: 'brand:b0010' }] },
      { tag: 'city_tier:1' },
      { op: 'not', arg: { tag: 'price_sensitivity:high' } },
    ],
  },
};

function tagsOf(e: Leafy, out = new Set<string>()): Set<string> {
  if ('tag' in e) out.add(e.tag);
  else if (e.op === 'not') tagsOf(e.arg, out);
  else for (const a of e.args) tagsOf(a, out);
  return out;
}

export const run: PartRun = async ({ db, kind, args, log }) => {
  const users = Number(args.users ?? 10_000_000);
  const tags = Number(args.tags ?? 500);
  const repeat = Number(args.repeat ?? 30);
  const seed = Number(args.seed ?? 1);
  const k = db.kysely;

  let t = performance.now();
  const pop = population(users, tags, seed);
  const genMs = performance.now() - t;
  log(`population of ${users} users, ${pop.tags.size} tags in ${fmt(genMs)} ms`);
  t = performance.now();
  const stored = await storeBuild(k, pop, businessDay(Date.now(), TZ));
  log(`stored build ${stored.build} (${fmt(stored.bytes / 1e6)} MB) in ${fmt(performance.now() - t)} ms`);

  t = performance.now();
  const index = await tagIndex(k, { fresh: true });
  const loadMs = performance.now() - t;
  if (index.build !== stored.build || index.universe.size !== users)
    throw new Error('the index did not load the build');

  const env = { db: k, timeZone: TZ };
  const measured: Record<string, { size: number; p50: number; p99: number; sql: number; sqlKind: string }> =
    {};
  // SQL memberships of every tag the expressions use, numbered.
  const used = [...new Set(Object.values(EXPRESSIONS).flatMap((e) => [...tagsOf(e)]))];
  const id = (tag: string) => used.indexOf(tag);
  t = performance.now();
  const rows = await loadMemberships(
    db,
    used.map((tag, i) => ({ id: i, members: pop.tags.get(tag)!.toUint32Array() })),
  );
  log(`membership table: ${rows} rows in ${fmt(performance.now() - t)} ms`);

  for (const [name, e] of Object.entries(EXPRESSIONS)) {
    const times: number[] = [];
    let size = -1;
    for (let i = 0; i < repeat + 3; i++) {
      const s = performance.now();
      const r = await sizeOf(env, operator, { merchantId: 'm_bench', expression: e });
      if (i >= 3) times.push(performance.now() - s); // three warm-up calls
      size = r.size;
    }
    const sqlTimes: Record<string, number[]> = { sets: [], group: [] };
    for (const [f, text] of [
      ['sets', setsSql(e, id, users)],
      ['group', groupSql(e, id)],
    ] as const)
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        const r = await exec(db, text);
        sqlTimes[f]!.push(performance.now() - s);
        if (r.rows[0].n !== size)
          throw new Error(`${name}: SQL ${f} counted ${r.rows[0].n}, bitmaps ${size}`);
      }
    const med = (xs: number[]) => percentile(xs, 50);
    const sqlKind = med(sqlTimes.sets!) <= med(sqlTimes.group!) ? 'sets' : 'group';
    measured[name] = {
      size,
      p50: med(times),
      p99: percentile(times, 99),
      sql: med(sqlTimes[sqlKind]!),
      sqlKind,
    };
    log(
      `${name}: ${size} users, p50 ${fmt(measured[name].p50)} ms, SQL ${sqlKind} ${fmt(measured[name].sql)} ms`,
    );
  }

  const lines = [
    `${users.toLocaleString('en-US')} users, ${pop.tags.size} tags (${fmt(stored.bytes / 1e6)} MB of bitmaps); index load ${fmt(loadMs)} ms (cold, once). Sizes through \`sizeOf\` (POST /v1/audiences/size's service), ${repeat} calls each after 3 warm-ups; anchor: the same count by SQL on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} over a ${rows.toLocaleString('en-US')}-row (tag, user) table, the faster of two formulations, median of 3. Counts agree.`,
    '',
    '| expression (5 clauses) | users | size p50 (ms) | p99 (ms) | SQL (ms) | SQL ÷ bitmaps (p50) | target |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(measured).map(
      ([n, m]) =>
        `| ${n} | ${m.size.toLocaleString('en-US')} | ${fmt(m.p50)} | ${fmt(m.p99)} | ${fmt(m.sql)} (${m.sqlKind}) | ${fmt(m.sql / m.p50)}× | ≤ 50 ms, ≥ 100× |`,
    ),
  ];
  return {
    figures: { users, tags: pop.tags.size, bytes: stored.bytes, genMs, loadMs, rows, measured },
    lines,
  };
};
