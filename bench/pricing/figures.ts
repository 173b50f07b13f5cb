/** Figures of the pricing suite and its latest.md summary (files and machine details: ../lib/results.ts). */
import { fmt } from '../lib/results.ts';

export { latestRuns, machine, percentile, stamp, writeRun } from '../lib/results.ts';

export interface Figure {
  figure: string;
  count: number;
  unit: string;
  ms: number;
  rate: number;
  p50?: number;
  p99?: number;
  anchor?: { name: string; ms: number; rate: number };
  /** rate ÷ anchor rate (or as the note says). */
  ratio?: number;
  target?: string;
  note?: string;
}

export interface Run {
  suite: string;
  part: string;
  startedAt: string;
  machine: Record<string, unknown>;
  figures: Figure[];
}

const ms = (n?: number) => (n === undefined ? '—' : n.toFixed(3));
const pct = (r?: number) =>
  r === undefined ? '—' : r >= 10 ? `${r.toFixed(1)}×` : `${(r * 100).toFixed(0)}%`;

export function markdown(title: string, intro: string, runs: Run[]): string {
  const out = [`# ${title}`, '', intro, ''];
  for (const r of runs) {
    const m = r.machine;
    out.push(`## ${r.part} — ${r.startedAt}`, '');
    out.push(
      `Machine: ${m.cores} cores (${m.cpu}), Node ${m.node}, load ${m.load}${m.database ? `; database: ${m.database}` : ''}.`,
      '',
    );
    out.push(
      '| figure | count | rate /s | p50 ms | p99 ms | anchor | anchor /s | ratio | target | notes |',
      '|---|---:|---:|---:|---:|---|---:|---:|---|---|',
    );
    for (const f of r.figures)
      out.push(
        `| ${f.figure} | ${fmt(f.count)} ${f.unit} | ${fmt(f.rate)} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.anchor?.name ?? '—'} | ${f.anchor ? fmt(f.anchor.rate) : '—'} | ${pct(f.ratio)} | ${f.target ?? ''} | ${(f.note ?? '').replace(/\|/g, '/')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}
