/**
 * `tributary import <kind> <file.csv>`: streams a CSV file with a header row into the ingestion services
 * (the same validation and writes as the HTTP batch endpoints, without HTTP), in batches, with progress.
 *
 * Column mapping (documented in docs/ingestion.md):
 *   - a column per record field, named as in the JSON record (`storeId`; `store_id` is accepted too);
 *   - nested objects through dotted headers: `source.scene`, `presale.depositAmount`, `shipment.carrier`,
 *     map fields by key: `attributes.color`; array elements by position: `payments.0.id`;
 *   - arrays and objects may also be given whole as one JSON cell (`payments`, `images`, `attributes`);
 *     arrays of ids/strings also as `a|b|c`;
 *   - kinds with child rows take one CSV row per child, the record's own columns repeated on each row and
 *     consecutive rows with the same id grouped into one record: orders → `lines.*` (one row per order line),
 *     products → `skus.*` (one row per SKU), agencies → `contracts.*` (one row per contract); on the following
 *     rows of a record its own columns may be repeated (they must then agree) or left empty;
 *   - integer fields are parsed as integers, booleans from true/false/1/0/yes/no; an empty cell means absent.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { TSchema } from 'typebox';
import type { Config } from '../core/config.ts';
import { type Database, openDatabase } from '../core/db.ts';
import { type FieldIssue, Problem } from '../core/errors.ts';
import { migrate } from '../core/migrate.ts';
import {
  type BatchOptions,
  type IngestEnv,
  ingestAfterSales,
  ingestCatalog,
  ingestEvents,
  ingestLiveSessions,
  ingestOrders,
  ingestReviews,
  ingestServiceSessions,
  schemas,
} from '../modules/marketplace/index.ts';
import { progressReporter } from './progress.ts';

export interface ImportOptions {
  /** Records per batch (for kinds with child rows: records, not rows). */
  batch: number;
  /** true: a batch with any bad record writes nothing. false: valid records are written, the rest reported. */
  atomic: boolean;
  /** An already open (and migrated) database; default: open the one the configuration names. */
  db?: Database;
  /** Where the summary goes (default stdout). */
  out?: (text: string) => void;
  /** Progress on stderr (default true). */
  progress?: boolean;
  /** Most rejected rows listed in the summary (default 100). */
  maxListed?: number;
  /** Receives the summary (tests, callers that want the numbers). */
  onSummary?: (s: ImportSummary) => void;
}

export interface ImportSummary {
  kind: string;
  rows: number;
  records: number;
  batches: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Valid records not written because their batch had a rejected record (atomic mode). */
  notWritten: number;
  problems: RowProblem[];
}

export interface RowProblem {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  id?: string;
  /** CSV column (or record field) the problem is about. */
  field: string;
  reason: string;
}

type Ingest = (
  env: IngestEnv,
  records: unknown[],
  opts: BatchOptions,
) => Promise<{
  created: number;
  updated: number;
  unchanged: number;
  rejected: { index: number; id?: string; errors: FieldIssue[] }[];
}>;

interface KindDef {
  schema: TSchema;
  /** The array field whose elements come one per CSV row. */
  childRows?: string;
  /** The record's identity, for grouping child rows and for messages. */
  idOf: (r: Record<string, unknown>) => string | undefined;
  ingest: Ingest;
}

const byId = (r: Record<string, unknown>) => (typeof r.id === 'string' ? r.id : undefined);
const catalog =
  (kind: schemas.CatalogKind): Ingest =>
  (env, recs, o) =>
    ingestCatalog(env, kind, recs, o);

const KINDS: Record<string, KindDef> = {
  categories: { schema: schemas.CategoryRecord, idOf: byId, ingest: catalog('categories') },
  brands: { schema: schemas.BrandRecord, idOf: byId, ingest: catalog('brands') },
  merchants: { schema: schemas.MerchantRecord, idOf: byId, ingest: catalog('merchants') },
  stores: { schema: schemas.StoreRecord, idOf: byId, ingest: catalog('stores') },
  products: { schema: schemas.ProductRecord, childRows: 'skus', idOf: byId, ingest: catalog('products') },
  consumers: { schema: schemas.ConsumerRecord, idOf: byId, ingest: catalog('consumers') },
  creators: { schema: schemas.CreatorRecord, idOf: byId, ingest: catalog('creators') },
  agencies: { schema: schemas.AgencyRecord, childRows: 'contracts', idOf: byId, ingest: catalog('agencies') },
  promoters: { schema: schemas.PromoterRecord, idOf: byId, ingest: catalog('promoters') },
  follows: {
    schema: schemas.FollowRecord,
    idOf: (r) =>
      r.consumerId && r.targetType && r.targetId
        ? `${r.consumerId}:${r.targetType}:${r.targetId}`
        : undefined,
    ingest: catalog('follows'),
  },
  orders: { schema: schemas.OrderRecord, childRows: 'lines', idOf: byId, ingest: ingestOrders },
  'after-sales': { schema: schemas.AfterSaleRecord, idOf: byId, ingest: ingestAfterSales },
  reviews: { schema: schemas.ReviewRecord, idOf: byId, ingest: ingestReviews },
  'service-sessions': { schema: schemas.ServiceSessionRecord, idOf: byId, ingest: ingestServiceSessions },
  'live-sessions': { schema: schemas.LiveSessionRecord, idOf: byId, ingest: ingestLiveSessions },
  events: {
    schema: schemas.EventRecord,
    idOf: byId,
    ingest: async (env, recs, o) => {
      const r = await ingestEvents(env, recs, o);
      return { created: r.inserted, updated: 0, unchanged: r.duplicates, rejected: r.rejected };
    },
  },
};
export const IMPORT_KINDS = Object.keys(KINDS);

// ---- columns -------------------------------------------------------------------------------------------------

type Scalar = 'integer' | 'number' | 'boolean' | 'string' | 'json' | 'list';

/** Where a CSV column goes: a path into the record (numbers = array positions), whether per child row, and how to read it. */
interface Column {
  header: string;
  /** Normalized dotted name, e.g. `lines.skuId`, `payments.0.id`. */
  name: string;
  path: (string | number)[];
  child: boolean;
  scalar: Scalar;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  patternProperties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  required?: string[];
  enum?: unknown[];
}

function scalarOf(node: JsonSchemaNode): Scalar {
  if (node.type === 'integer') return 'integer';
  if (node.type === 'number') return 'number';
  if (node.type === 'boolean') return 'boolean';
  if (node.type === 'array') return node.items?.type === 'string' ? 'list' : 'json';
  if (node.type === 'object') return 'json';
  return 'string';
}

/** Resolves a header against the record schema; returns a reason when it names no field. */
function resolveColumn(header: string, def: KindDef): Column | string {
  const segs = header
    .trim()
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? s : camel(s)));
  if (!segs.length || segs.some((s) => s === '')) return 'is not a field name';
  let node = def.schema as unknown as JsonSchemaNode;
  const path: (string | number)[] = [];
  let child = false;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (node.type === 'array') {
      const items = node.items ?? {};
      if (/^\d+$/.test(seg)) {
        path.push(Number(seg));
        node = items;
        continue;
      }
      // `lines.skuId`: an element field of the kind's child-row array, one element per CSV row.
      if (i === 1 && def.childRows === path[0] && items.properties?.[seg]) {
        child = true;
        node = items.properties[seg]!;
        path.push(seg);
        continue;
      }
      return `${path.join('.')} is a list: use ${path.join('.')}.0.${seg}${def.childRows === path[0] ? ` or one row per element with ${path.join('.')}.${seg}` : ''}`;
    }
    if (node.type !== 'object') return `${path.join('.')} has no field ${seg}`;
    const next =
      node.properties?.[seg] ??
      (node.patternProperties ? Object.values(node.patternProperties)[0] : undefined);
    if (!next) return path.length ? `${path.join('.')} has no field ${seg}` : `records have no field ${seg}`;
    path.push(seg);
    node = next;
  }
  return { header, name: path.join('.'), path, child, scalar: scalarOf(node) };
}

class CellError extends Error {}

function readCell(raw: string, scalar: Scalar): unknown {
  switch (scalar) {
    case 'integer':
      if (!/^[+-]?\d+$/.test(raw)) throw new CellError(`"${raw}" is not an integer`);
      return Number(raw);
    case 'number':
      if (!Number.isFinite(Number(raw))) throw new CellError(`"${raw}" is not a number`);
      return Number(raw);
    case 'boolean': {
      const v = raw.toLowerCase();
      if (['true', '1', 'yes', 'y', 't'].includes(v)) return true;
      if (['false', '0', 'no', 'n', 'f'].includes(v)) return false;
      throw new CellError(`"${raw}" is not a boolean (true/false)`);
    }
    case 'list':
      if (raw.startsWith('[')) return json(raw);
      return raw.split('|').map((s) => s.trim());
    case 'json':
      return json(raw);
    default:
      return raw;
  }
}

function json(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new CellError(`is not valid JSON: ${(e as Error).message}`);
  }
}

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let cur: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const nextIsIndex = typeof path[i + 1] === 'number';
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = nextIsIndex ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

// ---- records ---------------------------------------------------------------------------------------------------

/** A record assembled from one or more CSV rows, with the line of each row (for messages). */
interface Pending {
  rec: Record<string, unknown>;
  id?: string;
  line: number;
  childLines: number[];
  /** Problems found while reading cells (the record is not sent). */
  issues: RowProblem[];
  /** Record-level cells of the first row, to check that repeated rows agree. */
  own: string[];
}

/** The CSV column a service field name refers to (`lines.2.skuId` → `lines.skuId` on the third line's row). */
function locate(p: Pending, field: string, childRows?: string): { line: number; field: string } {
  if (childRows) {
    const m = new RegExp(`^${childRows}\\.(\\d+)(?:\\.(.*))?$`).exec(field);
    if (m) {
      const i = Number(m[1]);
      const line = p.childLines[i];
      if (line !== undefined) return { line, field: m[2] ? `${childRows}.${m[2]}` : childRows };
    }
  }
  return { line: p.line, field };
}

export async function runImport(
  cfg: Config,
  kind: string,
  file: string,
  opts: ImportOptions,
): Promise<number> {
  const out = opts.out ?? ((s: string) => process.stdout.write(s));
  const err = opts.out ?? ((s: string) => process.stderr.write(s));
  const def = KINDS[kind];
  if (!def) {
    err(`unknown kind "${kind}": use one of ${IMPORT_KINDS.join(', ')}\n`);
    return 2;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    err(`no such file: ${file}\n`);
    return 2;
  }
  if (!Number.isInteger(opts.batch) || opts.batch < 1) {
    err('--batch must be a positive integer\n');
    return 2;
  }
  const db =
    opts.db ??
    (await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: cfg.poolSize }));
  try {
    await migrate(db);
    const env: IngestEnv = {
      db: db.kysely,
      timeZone: cfg.timeZone,
      maxBatch: Math.max(cfg.maxBatch, opts.batch),
    };
    const r = await importFile(env, def, kind, file, opts, err);
    if (typeof r === 'number') return r;
    opts.onSummary?.(r);
    printSummary(r, file, opts, out);
    return r.rejected > 0 || r.notWritten > 0 ? 1 : 0;
  } finally {
    if (!opts.db) await db.close();
  }
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const b = chunk as Buffer;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  }
  return n;
}

async function importFile(
  env: IngestEnv,
  def: KindDef,
  kind: string,
  file: string,
  opts: ImportOptions,
  err: (s: string) => void,
): Promise<ImportSummary | number> {
  const sum: ImportSummary = {
    kind,
    rows: 0,
    records: 0,
    batches: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    notWritten: 0,
    problems: [],
  };
  const total = Math.max(1, (await countLines(file)) - 1);
  const reporter = opts.progress === false ? null : progressReporter();
  let shown = -1;
  const bar = reporter && {
    update(p: { phase: string; done: number; total: number }) {
      if (p.done === shown) return;
      shown = p.done;
      reporter.update(p);
    },
    stop: () => reporter.stop(),
  };
  const phase = `import ${kind}`;

  let columns: Column[] | null = null;
  let ownIdx: number[] = [];
  let idCol = -1;
  let batch: Pending[] = [];
  let current: Pending | null = null;

  const reject = (problems: RowProblem[]) => {
    sum.rejected++;
    sum.problems.push(...problems);
  };

  const flush = async () => {
    if (!batch.length) return;
    const items = batch;
    batch = [];
    sum.batches++;
    const good = items.filter((p) => !p.issues.length);
    for (const p of items) if (p.issues.length) reject(p.issues);
    const localBad = items.length - good.length;
    if (opts.atomic && localBad) {
      sum.notWritten += good.length;
      return;
    }
    if (!good.length) return;
    const problemsOf = (p: Pending, errors: FieldIssue[]): RowProblem[] =>
      errors.map((e) => {
        const at = locate(p, e.field, def.childRows);
        return { line: at.line, ...(p.id ? { id: p.id } : {}), field: at.field, reason: e.reason };
      });
    try {
      const r = await def.ingest(
        env,
        good.map((p) => p.rec),
        { atomic: opts.atomic },
      );
      sum.created += r.created;
      sum.updated += r.updated;
      sum.unchanged += r.unchanged;
      for (const x of r.rejected) reject(problemsOf(good[x.index]!, x.errors));
    } catch (e) {
      if (!(e instanceof Problem) || e.status >= 500) throw e;
      // Atomic batch refused: every record it names is rejected, the others were not written.
      const byIndex = new Map<number, FieldIssue[]>();
      for (const issue of e.errors ?? []) {
        if (issue.index === undefined) continue;
        byIndex.set(issue.index, [...(byIndex.get(issue.index) ?? []), issue]);
      }
      if (!byIndex.size) {
        // A batch-level refusal (e.g. too large): report it on the batch's first row.
        reject([{ line: good[0]!.line, field: '(batch)', reason: e.detail ?? e.title }]);
        sum.notWritten += good.length - 1;
        return;
      }
      for (const [i, errors] of byIndex) reject(problemsOf(good[i]!, errors));
      sum.notWritten += good.length - byIndex.size;
    }
    bar?.update({ phase, done: Math.min(sum.rows, total), total });
  };

  const finishRecord = async () => {
    if (!current) return;
    batch.push(current);
    sum.records++;
    current = null;
    if (batch.length >= opts.batch) await flush();
  };

  const parser = fs
    .createReadStream(file)
    .pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      if (!columns) {
        const cols: Column[] = [];
        const problems: string[] = [];
        record.forEach((h) => {
          const c = resolveColumn(h, def);
          if (typeof c === 'string') problems.push(`column "${h}": ${c}`);
          else cols.push(c);
        });
        const names = cols.map((c) => c.name);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) problems.push(`column ${dup} appears twice`);
        const required = ((def.schema as unknown as JsonSchemaNode).required ?? []).filter(
          (f) => !names.some((n) => n === f || n.startsWith(`${f}.`)),
        );
        for (const f of required) problems.push(`missing column ${f}`);
        if (problems.length) {
          bar?.stop();
          err(
            `${file}: the header does not fit ${kind} records:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
          );
          return 2;
        }
        columns = cols;
        ownIdx = cols.map((c, i) => (c.child ? -1 : i)).filter((i) => i >= 0);
        idCol = cols.findIndex((c) => c.name === 'id');
        continue;
      }
      sum.rows++;
      const issues: RowProblem[] = [];
      if (record.length !== columns.length) {
        issues.push({
          line,
          field: '(row)',
          reason: `has ${record.length} cells but the header has ${columns.length}`,
        });
      }
      const idCell = idCol >= 0 ? (record[idCol] ?? '') : '';
      // Child rows: consecutive rows with the same id make one record.
      const cont = def.childRows && current && idCell !== '' && (current as Pending).id === idCell;
      if (!cont) {
        await finishRecord();
        current = { rec: {}, line, childLines: [], issues: [], own: ownIdx.map((i) => record[i] ?? '') };
        if (idCell) current.id = idCell;
      }
      const p = current!;
      if (cont) {
        ownIdx.forEach((ci, k) => {
          const v = record[ci] ?? '';
          if (v !== '' && v !== p.own[k])
            issues.push({
              line,
              ...(p.id ? { id: p.id } : {}),
              field: columns![ci]!.header,
              reason: `differs from line ${p.line} of the same record ("${record[ci] ?? ''}" vs "${p.own[k]}")`,
            });
        });
      }
      const child: Record<string, unknown> = {};
      let childCells = 0;
      columns.forEach((c, i) => {
        const raw = record[i] ?? '';
        if (raw === '') return;
        if (cont && !c.child) return;
        let v: unknown;
        try {
          v = readCell(raw, c.scalar);
        } catch (e) {
          if (!(e instanceof CellError)) throw e;
          issues.push({ line, ...(p.id ? { id: p.id } : {}), field: c.header, reason: e.message });
          return;
        }
        if (c.child) {
          setPath(child, c.path.slice(1), v);
          childCells++;
        } else setPath(p.rec, c.path, v);
      });
      if (def.childRows && childCells > 0) {
        const arr = (p.rec[def.childRows] as unknown[] | undefined) ?? [];
        arr.push(child);
        p.rec[def.childRows] = arr;
        p.childLines.push(line);
      }
      if (p.id === undefined) {
        const id = def.idOf(p.rec);
        if (id) p.id = id;
      }
      p.issues.push(...issues);
      if (sum.rows % 1000 === 0) bar?.update({ phase, done: Math.min(sum.rows, total), total });
    }
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('CSV_')) {
      await finishRecord();
      await flush();
      bar?.stop();
      const at = (e as { lines?: number }).lines;
      sum.problems.push({
        line: at ?? 0,
        field: '(file)',
        reason: `CSV error, the rest of the file was not read: ${(e as Error).message}`,
      });
      sum.rejected++;
      return sum;
    }
    throw e;
  }
  if (!columns) {
    bar?.stop();
    err(`${file}: empty file (a header row is required)\n`);
    return 2;
  }
  await finishRecord();
  await flush();
  bar?.update({ phase, done: total, total });
  bar?.stop();
  return sum;
}

function printSummary(s: ImportSummary, file: string, opts: ImportOptions, out: (s: string) => void) {
  const lines = [
    `imported ${s.kind} from ${file}: ${s.rows} rows, ${s.records} records in ${s.batches} batch${s.batches === 1 ? '' : 'es'} (${opts.atomic ? 'atomic' : 'partial'})`,
    `  created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}${s.notWritten ? `, not written ${s.notWritten} (valid, in a batch with rejected records; rerun after fixing, or use --partial)` : ''}`,
  ];
  const max = opts.maxListed ?? 100;
  const sorted = [...s.problems].sort((a, b) => a.line - b.line);
  for (const p of sorted.slice(0, max))
    lines.push(`  line ${p.line}${p.id ? ` (${p.id})` : ''}: ${p.field}: ${p.reason}`);
  if (sorted.length > max) lines.push(`  … and ${sorted.length - max} more problems`);
  out(`${lines.join('\n')}\n`);
}
