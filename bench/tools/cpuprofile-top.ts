/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by source bucket.
 * Usage: npx tsx bench/tools/cpuprofile-top.ts <file.cpuprofile> [top=40] [last seconds=all]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: cpuprofile-top <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 40) || 40;
const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
// Optional window: only the last N seconds of samples (the measured phase of a bench ends the profile).
const lastS = Number(process.argv[4] ?? 0);
const times: number[] = [];
let clock = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
  clock += p.timeDeltas[i] ?? 0;
  times.push(clock);
}
const from = lastS > 0 ? p.endTime - lastS * 1e6 : -Infinity;
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
const incl = new Map<string, number>();
for (let i = 0; i < p.samples.length; i++) {
  if (times[i]! < from) continue;
  const id = p.samples[i]!;
  const dt = p.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  // Inclusive time: each function on the stack once per sample.
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n)!.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + dt);
  }
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/builtin)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url;
  const s = /\/(src|bench|test)\/(.*)$/.exec(url);
  return s ? `${s[1]}/${s[2]}` : url;
}

const fnTime = new Map<string, number>();
const bucketTime = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  const { functionName, url, lineNumber } = n.callFrame;
  const b = bucket(url, functionName);
  const key = `${functionName || '(anonymous)'}  ${b}:${lineNumber + 1}`;
  fnTime.set(key, (fnTime.get(key) ?? 0) + t);
  bucketTime.set(b, (bucketTime.get(b) ?? 0) + t);
}
const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
process.stdout.write(`total sampled ${(total / 1e6).toFixed(2)} s\n\nby source:\n`);
for (const [b, t] of [...bucketTime].sort((a, b2) => b2[1] - a[1]).slice(0, 25))
  process.stdout.write(`${pct(t)}  ${b}\n`);
process.stdout.write('\nby function (self):\n');
for (const [k, t] of [...fnTime].sort((a, b2) => b2[1] - a[1]).slice(0, top))
  process.stdout.write(`${pct(t)}  ${k}\n`);
process.stdout.write('\nby function (inclusive, src and bench only):\n');
for (const [k, t] of [...incl]
  .filter(([k]) => /\b(src|bench)\//.test(k))
  .sort((a, b2) => b2[1] - a[1])
  .slice(0, top))
  process.stdout.write(`${pct(t)}  ${k}\n`);
