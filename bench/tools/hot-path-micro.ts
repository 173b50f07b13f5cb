/**
 * Micro-benchmarks and equivalence checks behind the patches in this folder (hot spots of POST /v1/events and
 * /v1/orders found with `npm run bench -- ingest --only events --cpu-prof DIR`).
 * Run: npx tsx bench/tools/hot-path-micro.ts
 */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { businessDay, dayResolver } from '../../src/core/time.ts';
import { EventRecord } from '../../src/modules/marketplace/domain/schemas.ts';
import { EVENT_COLUMNS, eventRow } from '../../src/modules/marketplace/index.ts';
import { makeCatalog, makeEvents, rng } from '../lib/data.ts';
import { arrayLiteral } from '../../src/core/bulk.ts';
import { isDate, isDateTime } from '../../src/core/validate.ts';

/** One column as a PostgreSQL array literal, through the serializer the ingestion path uses. */
const pgArrayLiteral = (values: readonly unknown[]) =>
  arrayLiteral(
    values.map((v) => [v]),
    0,
  );

const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
const addFormats = addFormatsModule as unknown as { default: (a: Ajv, o?: unknown) => void };
const { fullFormats } = require('ajv-formats/dist/formats') as {
  fullFormats: Record<string, { validate: (s: string) => boolean } | ((s: string) => boolean)>;
};

function time(name: string, reps: number, fn: () => void) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  process.stdout.write(`${name.padEnd(48)} ${ms.toFixed(2).padStart(8)} ms per 5,000 records\n`);
  return ms;
}

const cat = makeCatalog({ stores: 100, products: 2000, consumers: 5000 });
const events = makeEvents(5000, cat);
const tz = 'Asia/Shanghai';
const rows = events.map((e) => eventRow(e, tz));
const cols = EVENT_COLUMNS.map((_, i) => rows.map((r) => r[i] ?? null));

// 1. Array literals: byte-identical to pg's on the timed columns (tricky text is covered by src/core/bulk.test.ts).
for (const c of cols) {
  const a = prepareValue(c);
  const b = pgArrayLiteral(c);
  if (a !== b) throw new Error(`array literal differs:\n${String(a).slice(0, 300)}\n${b.slice(0, 300)}`);
}

// 2. date-time / date: the same verdict as ajv-formats' full formats on valid and mutated inputs.
const fullDateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };
const fd = fullFormats.date!;
const fullDate = (s: string) => (typeof fd === 'function' ? fd(s) : fd.validate(s));
const r = rng(3);
const samples: string[] = [
  '2026-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-12-31T23:59:60Z',
  '2026-12-31T23:59:60+01:00',
  '2027-01-01T00:59:60+01:00',
  '2026-11-01 02:00:00z',
  '2026-11-01T02:00:00',
  '2026-11-01T02:00:00+0800',
  '2026-11-01T02:00:00+08',
  '2026-11-01T24:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-31T00:00:00Z',
  '2026-11-01T02:00:00.123456Z',
  '2026-11-01t02:00:00Z',
  '2026-11-01T02:00:00+24:00',
  '2026-11-01T02:00:00+08:60',
];
const alphabet = '0123456789-:T tZz+.';
for (const e of events.slice(0, 500)) {
  samples.push(e.occurredAt);
  for (let k = 0; k < 20; k++) {
    const s = e.occurredAt.split('');
    s[r.int(0, s.length - 1)] = alphabet[r.int(0, alphabet.length - 1)]!;
    samples.push(s.join(''));
  }
}
for (const s of samples) {
  if (isDateTime(s) !== fullDateTime.validate(s)) throw new Error(`date-time differs on ${s}`);
  const d = s.slice(0, 10);
  if (isDate(d) !== fullDate(d)) throw new Error(`date differs on ${d}`);
}
process.stdout.write(
  `equivalence: array literals (${cols.length + 1} columns) and ${samples.length} date-time strings agree\n\n`,
);

time('pg prepareValue(array) × 14 event columns', 20, () => {
  for (const c of cols) prepareValue(c);
});
time('pgArrayLiteral × 14 event columns', 20, () => {
  for (const c of cols) pgArrayLiteral(c);
});
const day = dayResolver(tz);
time('businessDay (date-fns TZDate + format)', 3, () => {
  for (const e of events) businessDay(e.occurredAt, tz);
});
time('dayResolver (cached quarter hours)', 20, () => {
  for (const e of events) day(e.occurredAt);
});

for (const mode of ['full', 'fast'] as const) {
  const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false });
  addFormats.default(ajv, { mode });
  const v = ajv.compile(EventRecord);
  time(`ajv EventRecord, ajv-formats ${mode}`, 20, () => {
    for (const e of events) v(e);
  });
}
{
  const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false });
  addFormats.default(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isDate });
  const v = ajv.compile(EventRecord);
  time('ajv EventRecord, proposed exact one-pass formats', 20, () => {
    for (const e of events) v(e);
  });
}
const text = JSON.stringify({ records: events });
time('JSON.parse of the batch body (for scale)', 20, () => JSON.parse(text));
