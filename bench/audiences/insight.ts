/**
 * Part `insight` of the audiences suite: the 10-dimension insight report (age, gender, region, city tier,
 * category affinity, price band, channel, lifecycle, RFM, price sensitivity; counts, shares and TGI against the
 * platform, cells under the privacy minimum suppressed) of a saved audience of about 1M users among 10M.
 * Target: ≤ 500 ms.
 *
 * Options: --users 10000000, --tags 500, --repeat 20, --seed 1. The synthetic population (synthetic.ts) is stored
 * as a tag build; the audience (men in tier-1 cities who are not dormant) is saved through `createAudience`
 * (which takes its snapshot); then `audienceInsight` — the service behind GET /v1/audiences/:id/insight — runs
 * `repeat` times after 2 warm-ups (p50 / p99). Anchor in the same run: the same counts by a columnar scan — each
 * member's value looked up in per-dimension typed arrays — the obvious way without bitmaps. Counts must agree.
 */
import type { Principal } from '../../src/core/auth.ts';
import { businessDay } from '../../src/core/time.ts';
import { createAudience } from '../../src/modules/audiences/audiences.service.ts';
import { audienceInsight } from '../../src/modules/audiences/insight.service.ts';
import { latestSnapshot } from '../../src/modules/audiences/leaves.service.ts';
import { tagIndex } from '../../src/modules/audiences/tags.store.ts';
import { fmt, percentile } from '../lib/results.ts';
import type { PartRun } from '../lib/suite.ts';
import { CATEGORIES, type Population, population, SINGLE, storeBuild } from './synthetic.ts';

const TZ = 'Asia/Shanghai';
const operator: Principal = { role: 'operator', partyId: null, subject: 'bench', via: 'api_key' };
const AUDIENCE = {
  op: 'and',
  args: [{ tag: 'gender:m' }, { tag: 'city_tier:1' }, { op: 'not', arg: { tag: 'lifecycle:dormant' } }],
};

/** The anchor: counts per dimension value by scanning the members against typed columns. */
function columnar(pop: Population, members: Uint32Array): Map<string, number> {
  const out = new Map<string, number>();
  for (const [dim, values] of Object.entries(SINGLE)) {
    const col = pop.columns.get(dim)!;
    const counts = new Uint32Array(values.length);
    for (let i = 0; i < members.length; i++) counts[col[members[i]!]!]!++;
    values.forEach((v, i) => {
      out.set(`${dim}:${v}`, counts[i]!);
    });
  }
  const cat = new Uint32Array(CATEGORIES.length);
  for (let i = 0; i < members.length; i++)
    for (let c = 0, bits = pop.affinity[members[i]!]!; bits; c++, bits >>>= 1) if (bits & 1) cat[c]!++;
  CATEGORIES.forEach((c, i) => {
    out.set(`affinity:${c}`, cat[i]!);
  });
  return out;
}

export const run: PartRun = async ({ db, args, log }) => {
  const users = Number(args.users ?? 10_000_000);
  const tags = Number(args.tags ?? 500);
  const repeat = Number(args.repeat ?? 20);
  const k = db.kysely;
  const pop = population(users, tags, Number(args.seed ?? 1));
  await storeBuild(k, pop, businessDay(Date.now(), TZ));
  await tagIndex(k, { fresh: true });
  const env = { db: k, timeZone: TZ };
  const created = await createAudience(env, operator, {
    id: 'aud_bench',
    merchantId: 'm_bench',
    name: 'Men in tier-1 cities, not dormant',
    expression: AUDIENCE,
    refresh: 'manual',
  });
  const size = created.body.size as number;
  log(`audience of ${size} users`);

  const times: number[] = [];
  let report: Awaited<ReturnType<typeof audienceInsight>> | undefined;
  for (let i = 0; i < repeat + 2; i++) {
    const t = performance.now();
    report = await audienceInsight(env, operator, 'aud_bench', 'platform');
    if (i >= 2) times.push(performance.now() - t);
  }
  const members = (await latestSnapshot(k, 'aud_bench'))!.bitmap.toUint32Array();
  const anchorTimes: number[] = [];
  let expected = new Map<string, number>();
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    expected = columnar(pop, members);
    anchorTimes.push(performance.now() - t);
  }
  let cells = 0;
  let suppressed = 0;
  for (const d of report!.dimensions)
    for (const v of d.values) {
      cells++;
      if (v.suppressed) suppressed++;
      const want = expected.get(v.key);
      if (want === undefined) throw new Error(`insight cell ${v.key} is not in the population`);
      if (!v.suppressed && v.count !== want)
        throw new Error(`${v.key}: insight ${v.count}, columnar scan ${want}`);
    }
  const p50 = percentile(times, 50);
  const anchor = percentile(anchorTimes, 50);
  const lines = [
    `${users.toLocaleString('en-US')} users, ${pop.tags.size} tags; audience of ${size.toLocaleString('en-US')} users (saved, snapshot); ${report!.dimensions.length} dimensions, ${cells} cells (${suppressed} suppressed under ${report!.minCell}), base = platform. \`audienceInsight\` (GET /v1/audiences/:id/insight's service: snapshot read, base, counts, TGI), ${repeat} calls after 2 warm-ups; anchor: the same counts by a columnar scan of the members over typed arrays, median of 5. Counts agree.`,
    '',
    '| measure | p50 (ms) | p99 (ms) | anchor (ms) | anchor ÷ insight | target |',
    '|---|---|---|---|---|---|',
    `| insight, 10 dimensions | ${fmt(p50)} | ${fmt(percentile(times, 99))} | ${fmt(anchor)} | ${fmt(anchor / p50)}× | ≤ 500 ms |`,
  ];
  return { figures: { users, size, cells, suppressed, p50, p99: percentile(times, 99), anchor }, lines };
};
