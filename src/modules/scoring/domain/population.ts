import { METRICS, type ScoreKind } from './metrics.ts';
import type { MetricColumns, Population } from './score.ts';

/**
 * Raw aggregation rows (`<metric>_a`, `<metric>_b`, plus id, group_id, volume) into the columnar population
 * the score math takes, with the product metrics that need the whole category first: sales velocity, brand
 * strength (the brand's GMV in the category) and the price index (price ÷ the category's median price).
 */

export type RawRow = Record<string, string | number | null>;

const num = (v: string | number | null | undefined) => (v == null ? 0 : Number(v));

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

export function toPopulation(kind: ScoreKind, rows: readonly RawRow[], windowDays: number): Population {
  const n = rows.length;
  const ids = new Array<string>(n);
  const group = new Int32Array(n);
  const groupNames: string[] = [];
  const groupIndex = new Map<string, number>();
  const volume = new Float64Array(n);
  const metrics: Record<string, MetricColumns> = {};
  const defs = METRICS[kind];
  for (const d of defs) metrics[d.id] = { a: new Float64Array(n), b: new Float64Array(n) };
  const sql = defs.filter((d) => `${d.id}_a` in (rows[0] ?? {}));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    ids[i] = String(r.id);
    const g = String(r.group_id ?? '-');
    let gi = groupIndex.get(g);
    if (gi === undefined) {
      gi = groupNames.length;
      groupNames.push(g);
      groupIndex.set(g, gi);
    }
    group[i] = gi;
    volume[i] = num(r.volume);
    for (const d of sql) {
      metrics[d.id]!.a[i] = num(r[`${d.id}_a`]);
      metrics[d.id]!.b[i] = num(r[`${d.id}_b`]);
    }
  }
  if (kind === 'product') deriveProductMetrics(rows, group, groupNames.length, volume, windowDays, metrics);
  return { ids, group, groupNames, volume, metrics };
}

function deriveProductMetrics(
  rows: readonly RawRow[],
  group: Int32Array,
  groups: number,
  volume: Float64Array,
  windowDays: number,
  metrics: Record<string, MetricColumns>,
) {
  const n = rows.length;
  const velocity = metrics.sales_velocity!;
  const brand = metrics.brand_strength!;
  const price = metrics.price_index!;
  const brandGmv = new Map<string, number>();
  const prices: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < n; i++) {
    velocity.a[i] = volume[i]! / windowDays;
    velocity.b[i] = 1;
    const r = rows[i]!;
    if (r.brand_id != null) {
      const k = `${group[i]}\u0000${r.brand_id}`;
      brandGmv.set(k, (brandGmv.get(k) ?? 0) + num(r.gmv));
    }
    if (r.price != null) prices[group[i]!]!.push(num(r.price));
  }
  const medians = prices.map((p) => (p.length ? median(p) : 0));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    brand.a[i] = r.brand_id == null ? 0 : brandGmv.get(`${group[i]}\u0000${r.brand_id}`)!;
    brand.b[i] = 1;
    const m = medians[group[i]!]!;
    if (r.price != null && m > 0) {
      price.a[i] = num(r.price) / m;
      price.b[i] = 1;
    }
  }
}
