/** Figures of the traffic suite and traffic-latest.md (files and machine details: ../lib/results.ts). */
import { fmt } from '../lib/results.ts';
import type { Evaluation } from './evaluate.ts';

/** Latencies of one measured series, ms. */
export interface Latency {
  n: number;
  ms: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RankFigure {
  figure: string;
  latency: Latency;
  anchor: { name: string; latency: Latency };
  /** rank p99 ÷ anchor p99, rank p50 ÷ anchor p50. */
  ratioP99: number;
  ratioP50: number;
  target: string;
  met: boolean;
  /** Share of the program slots (4 a page by default) that carried a program item. */
  slotFill?: number;
  /** CPU time of this process (all its threads) per measured rank, ms, background work between ranks included. */
  cpuMs?: number;
  /** Latency of requests whose user's affinity was cached vs read from the database (first request of a user). */
  cachedUser?: Latency;
  firstUser?: Latency;
  note?: string;
}

export interface HttpFigure {
  figure: string;
  concurrency: number;
  n: number;
  ms: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU per request, ms: this process (server and client; on PGlite also the database) and PostgreSQL. */
  nodeMs: number;
  pgMs: number | null;
  anchor: { name: string; rate: number; p50: number; p99: number; nodeMs: number };
  /** rate ÷ anchor rate. */
  ratio: number;
  target: string;
  met: boolean;
  note?: string;
}

export interface ParticipantLine {
  storeId: string;
  target: number;
  /** After the load, while both rankers still hold their unspent leases. */
  leasedHeld: number;
  /** After both rankers returned their unspent leases. */
  leased: number;
  delivered: number;
  overshoot: number;
}

export interface ConcurrencyResult {
  day: string;
  programId: string;
  pool: number;
  stores: number;
  http: {
    requests: number;
    concurrency: number;
    ms: number;
    rate: number;
    p50: number;
    p99: number;
    errors: number;
    programItems: number;
  };
  inProcess: { requests: number; workers: number; programItems: number };
  lines: ParticipantLine[];
  target: number;
  delivered: number;
  deliveryRatio: number;
  maxOvershoot: number;
  itemsReturned: number;
  itemsMatchDelivered: boolean;
  /** delivered ≤ target + one page on every line. */
  met: boolean;
  note?: string;
}

export interface Run {
  suite: 'traffic';
  part: string;
  startedAt: string;
  machine: Record<string, unknown>;
  params: Record<string, unknown>;
  rank?: RankFigure[];
  http?: HttpFigure[];
  concurrency?: ConcurrencyResult;
  evaluation?: Evaluation;
}

export const PARTS = ['rank', 'http', 'concurrency', 'evaluate'] as const;
export type Part = (typeof PARTS)[number];

const f2 = (n: number) => n.toFixed(2);
/** A count: whole, with thousands separators. */
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const f3 = (n: number) => n.toFixed(3);
const ratio = (r: number) => (r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(1)}×`);
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const pct2 = (r: number) => `${(r * 100).toFixed(2)}%`;
const yes = (b: boolean) => (b ? 'yes' : '**no**');
const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '/');

function header(out: string[], r: Run) {
  const m = r.machine;
  out.push(`## ${r.part} — ${r.startedAt}`, '');
  out.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}; load average at start ${m.load}${m.loadEnd ? `, at end ${m.loadEnd}` : ''}; database: ${m.database ?? '—'}.`,
    '',
  );
  out.push(
    `Parameters: ${Object.entries(r.params)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join(', ')}.`,
    '',
  );
}

function rankSection(out: string[], fs: RankFigure[]) {
  out.push(
    '| figure | ranks | ranks/s | p50 ms | p95 ms | p99 ms | max ms | anchor p50 ms | anchor p99 ms | p99 ratio | p50 ratio | target | met | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
  );
  for (const f of fs) {
    const l = f.latency;
    const a = f.anchor.latency;
    const extra = [
      f.slotFill !== undefined ? `program slots filled ${pct(f.slotFill)}` : '',
      f.cpuMs !== undefined
        ? `CPU of this process per rank ${f3(f.cpuMs)} ms (lease refills and exposure-log flushes between ranks included)`
        : '',
      f.cachedUser
        ? `user affinity cached: p50 ${f3(f.cachedUser.p50)} / p99 ${f3(f.cachedUser.p99)} ms (${int(f.cachedUser.n)})`
        : '',
      f.firstUser
        ? `first request of a user (affinity read from the database): p50 ${f3(f.firstUser.p50)} / p99 ${f3(f.firstUser.p99)} ms (${int(f.firstUser.n)})`
        : '',
      f.note ?? '',
    ].filter(Boolean);
    out.push(
      `| ${f.figure} | ${int(l.n)} | ${fmt(l.rate)} | ${f3(l.p50)} | ${f3(l.p95)} | ${f3(l.p99)} | ${f2(l.max)} | ${f3(a.p50)} | ${f3(a.p99)} | ${ratio(f.ratioP99)} | ${ratio(f.ratioP50)} | ${f.target} | ${yes(f.met)} | ${cell(extra.join('; '))} |`,
    );
  }
  out.push('', `Anchor: ${fs[0]?.anchor.name ?? '—'}.`, '');
}

function httpSection(out: string[], fs: HttpFigure[]) {
  out.push(
    '| figure | in flight | requests | req/s | p50 ms | p99 ms | errors | CPU node ms/req | CPU PG ms/req | anchor req/s | anchor p50 / p99 ms | ratio | target | met | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
  );
  for (const f of fs)
    out.push(
      `| ${f.figure} | ${f.concurrency} | ${int(f.n)} | ${fmt(f.rate)} | ${f2(f.p50)} | ${f2(f.p99)} | ${f.errors} | ${f3(f.nodeMs)} | ${f.pgMs === null ? '—' : f3(f.pgMs)} | ${fmt(f.anchor.rate)} | ${f2(f.anchor.p50)} / ${f2(f.anchor.p99)} | ${pct(f.ratio)} | ${f.target} | ${yes(f.met)} | ${cell(`anchor: ${f.anchor.name} (CPU ${f3(f.anchor.nodeMs)} ms/req)${f.note ? `; ${f.note}` : ''}`)} |`,
    );
  out.push('');
}

function concurrencySection(out: string[], c: ConcurrencyResult) {
  const h = c.http;
  out.push(
    `Budget program \`${c.programId}\` on ${c.day}: pool ${int(c.pool)} exposures, ${c.stores} enrolled stores; ` +
      `${int(h.requests)} POST /v1/traffic/rank with \`at\` sweeping the day in order, ${h.concurrency} in flight ` +
      `(${fmt(h.rate)} req/s, p50 ${f2(h.p50)} ms, p99 ${f2(h.p99)} ms, ${h.errors} errors), while a second Ranker in ` +
      `the bench process (${c.inProcess.workers} at a time) ranked ${int(c.inProcess.requests)} pages along the same sweep.`,
    '',
  );
  out.push(
    `- delivered ${int(c.delivered)} of ${int(c.target)} (delivery ratio ${pct(c.deliveryRatio)}); max overshoot ` +
      `${c.maxOvershoot} (limit 20 = one page; expected 0): ${yes(c.met)}`,
    `- program items in responses: ${int(h.programItems)} from the server + ${int(c.inProcess.programItems)} from ` +
      `the second ranker = ${int(c.itemsReturned)}; equal to the delivered total: ${yes(c.itemsMatchDelivered)}`,
    ...(c.note ? [`- ${c.note}`] : []),
    '',
  );
  out.push(
    '| store | target | leased (held at end of load) | leased (after leases returned) | delivered | delivered − target |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const l of c.lines)
    out.push(
      `| ${l.storeId} | ${int(l.target)} | ${int(l.leasedHeld)} | ${int(l.leased)} | ${int(l.delivered)} | ${l.overshoot} |`,
    );
  out.push('');
}

function evaluationSection(out: string[], e: Evaluation) {
  const p = e.pacing;
  const pr = e.protection;
  out.push(
    `Simulated traffic days ${e.days.join(', ')}: ${int(e.pages)} pages, ${int(e.items)} items ranked in ${e.wallSeconds.toFixed(1)} s.`,
    '',
    `- Pacing (budget participant-days): ${p.within2pct}/${p.participantDays} within 2% of target; worst error ${pct(p.worstError)}; delivered ${int(p.delivered)} of ${int(p.target)}; max overshoot over all lines ${p.overshoot}.`,
    `- New-streamer protection: ${pr.participantDays} participant-days, ${pr.onAir} on air, ${pr.metOnAir} met the guarantee; lowest ratio on air ${pr.minRatioOnAir === null ? '—' : pr.minRatioOnAir.toFixed(3)}; ${pr.unmet.length} room-days under 98%${pr.unmet.length ? ` (${pr.unmet.map((u) => `${u.storeId} ${u.day} ${pct(u.ratio)}, session ${u.sessionMinutes} min`).join('; ')})` : ''}.`,
    `- Chuanliu: ${int(e.chuanliu.earned)} exposures earned, ${int(e.chuanliu.delivered)} delivered over ${e.chuanliu.lines} quota lines.`,
    `- Horse race: ${e.race.winners} winners, ${int(e.race.delivered)} of ${int(e.race.target)} prize exposures delivered in the traffic days.`,
    '',
    "Clicks, orders, refunds and GMV are the simulated users' drawn responses; GMV per thousand exposures and the refund rate " +
      "are the response model's expected values of what each arm was shown, as evaluateTraffic reports them (users are the " +
      'independent units of the 95% intervals).',
    '',
    '| arm | users | exposures | clicks | orders | refunds | GMV ¥ (drawn) | expected GMV ¥ per 1,000 exposures (95% CI) | expected refund rate (95% CI) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  );
  for (const a of [e.ab.score, e.ab.holdout])
    out.push(
      `| ${a.arm} | ${int(a.users)} | ${int(a.exposures)} | ${int(a.clicks)} | ${int(a.orders)} | ${int(a.refunds)} | ${int(a.gmv / 100)} | ${f2(a.gmvPerMille / 100)} (${f2(a.gmvPerMilleCi[0] / 100)} – ${f2(a.gmvPerMilleCi[1] / 100)}) | ${pct2(a.refundRate)} (${pct2(a.refundRateCi[0])} – ${pct2(a.refundRateCi[1])}) |`,
    );
  out.push(
    '',
    `GMV per thousand exposures, score arm vs holdout: lift ${(e.ab.gmvLift * 100).toFixed(1)}%, z = ${f2(e.ab.gmvLiftZ)}; refund rate difference z = ${f2(e.ab.refundDiffZ)} (negative: fewer refunds with score multipliers).`,
    '',
  );
}

export function markdown(runs: Run[]): string {
  const out = [
    '# Traffic benchmark — latest results',
    '',
    'Generated by `npm run bench -- traffic`. Each figure is compared with an anchor measured in the same run and ' +
      'process: for in-process ranking, the bare work of ranking (a precomputed value per candidate id looked up in a ' +
      'Map, the 1,000 scores sorted, the top 20 taken) on the same candidate sets; for HTTP, a trivial Fastify JSON ' +
      'route driven by the same keep-alive client with the same bodies and concurrency. The client runs in the same ' +
      'Node process as the server (as in the pricing suite), and the machine is shared: CPU per request is steadier ' +
      'than wall time.',
    '',
  ];
  for (const r of runs) {
    header(out, r);
    if (r.rank) rankSection(out, r.rank);
    if (r.http) httpSection(out, r.http);
    if (r.concurrency) concurrencySection(out, r.concurrency);
    if (r.evaluation) evaluationSection(out, r.evaluation);
  }
  return out.join('\n');
}
