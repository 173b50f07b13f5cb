/** Monthly partitions of the `events` table: names and bounds, computed from business days (pure). */

export interface MonthPartition {
  /** Table name, e.g. events_2026_11. */
  name: string;
  /** First day of the month (inclusive bound). */
  from: string;
  /** First day of the next month (exclusive bound). */
  to: string;
}

function monthStart(day: string): [number, number] {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(day);
  if (!m) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month partition holding `day`, shifted by `offset` months. */
export function monthPartition(day: string, offset = 0): MonthPartition {
  const [y0, m0] = monthStart(day);
  const i = y0 * 12 + (m0 - 1) + offset;
  const y = Math.floor(i / 12);
  const m = (i % 12) + 1;
  const n = i + 1;
  return {
    name: `events_${y}_${pad(m)}`,
    from: `${y}-${pad(m)}-01`,
    to: `${Math.floor(n / 12)}-${pad((n % 12) + 1)}-01`,
  };
}

/** Every month partition that days from..to (inclusive) fall in, in order. */
export function monthsCovering(from: string, to: string): MonthPartition[] {
  if (from > to) return [];
  const out: MonthPartition[] = [];
  for (let k = 0; ; k++) {
    const p = monthPartition(from, k);
    if (p.from > to) return out;
    out.push(p);
  }
}

/** Reads a partition bound as PostgreSQL prints it: FOR VALUES FROM ('2026-11-01') TO ('2026-12-01'). */
export function parseBound(expr: string): { from: string; to: string } | null {
  const m = /FROM \('(\d{4}-\d{2}-\d{2})'\) TO \('(\d{4}-\d{2}-\d{2})'\)/.exec(expr);
  return m ? { from: m[1]!, to: m[2]! } : null;
}
