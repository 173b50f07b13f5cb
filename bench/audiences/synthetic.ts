/**
 * A synthetic tagged population for the audiences suite: `users` dense user indexes, each with one value in each
 * of the catalog's single-valued insight dimensions (age, gender, region, city tier, price band, channel,
 * lifecycle, RFM segment, price sensitivity; skewed weights), one to three level-1 category affinities, and a long
 * tail of brand tags up to `tags` tags in all (Zipf-like densities from 8% down to a few in ten thousand).
 * Seeded: the same options give the same population.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/core/db.ts';
import { Bitmap, toBytes } from '../../src/modules/audiences/index.ts';
import { CATALOG_VERSION } from '../../src/modules/audiences/domain/catalog.ts';
import { rng } from '../lib/data.ts';

const ages = ['<18', '18-24', '25-29', '30-34', '35-39', '40-49', '50+'];
const seq = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
/** Single-valued dimensions: values with relative weights (the first is the most common). */
export const SINGLE: Record<string, string[]> = {
  age: ages,
  gender: ['f', 'm'],
  region: seq(31, (i) => `R${String(i).padStart(2, '0')}`),
  city_tier: ['1', '2', '3', '4', '5'],
  price_band: ['low', 'mid', 'high', 'premium'],
  channel: ['feed', 'search', 'live', 'social', 'other'],
  lifecycle: ['active', 'dormant', 'new', 'churned'],
  rfm: ['potential', 'new', 'loyal', 'at_risk', 'hibernating', 'champion', 'lost'],
  price_sensitivity: ['medium', 'high', 'low'],
};
export const CATEGORIES = seq(20, (i) => `c${String(i).padStart(2, '0')}`);

export interface Population {
  users: number;
  universe: Bitmap;
  tags: Map<string, Bitmap>;
  /** Per dimension, each user's value index (the columnar anchor of the insight part reads these). */
  columns: Map<string, Uint8Array>;
  /** Per user, a bit set of its affinity categories (bit i = CATEGORIES[i]). */
  affinity: Uint32Array;
}

/** Cumulative weights 1, 1/2, 1/3 … (a value's share falls with its rank). */
function cumulative(n: number): Float64Array {
  const c = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) c[i] = s += 1 / (i + 1);
  for (let i = 0; i < n; i++) c[i]! /= s;
  return c;
}

function pick(cum: Float64Array, u: number): number {
  let i = 0;
  while (i < cum.length - 1 && u > cum[i]!) i++;
  return i;
}

/** Members of a brand tag of the given density by geometric skips (one draw per member, not per user). */
function sparse(users: number, p: number, next: () => number): Uint32Array {
  const logq = Math.log(1 - p);
  const out: number[] = [];
  for (let i = -1; ; ) {
    i += 1 + Math.floor(Math.log(1 - next()) / logq);
    if (i >= users) break;
    out.push(i);
  }
  return Uint32Array.from(out);
}

/** The users of each value of a column, as sorted index arrays (count, then fill). */
function byValue(col: Uint8Array, values: number): Uint32Array[] {
  const counts = new Uint32Array(values);
  for (let u = 0; u < col.length; u++) counts[col[u]!]!++;
  const lists = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(values);
  for (let u = 0; u < col.length; u++) {
    const v = col[u]!;
    lists[v]![fill[v]!++] = u;
  }
  return lists;
}

export function population(users: number, tags: number, seed = 1): Population {
  const r = rng(seed);
  const next = r.next;
  const out = new Map<string, Bitmap>();
  const columns = new Map<string, Uint8Array>();
  for (const [dim, values] of Object.entries(SINGLE)) {
    const cum = cumulative(values.length);
    const col = new Uint8Array(users);
    for (let u = 0; u < users; u++) col[u] = pick(cum, next());
    columns.set(dim, col);
    const lists = byValue(col, values.length);
    for (let i = 0; i < values.length; i++) out.set(`${dim}:${values[i]}`, new Bitmap(lists[i]!));
  }
  const catCum = cumulative(CATEGORIES.length);
  const affinity = new Uint32Array(users);
  const counts = new Uint32Array(CATEGORIES.length);
  for (let u = 0; u < users; u++) {
    const n = 1 + Math.floor(next() * 3);
    let bits = 0;
    for (let k = 0; k < n; k++) bits |= 1 << pick(catCum, next());
    affinity[u] = bits;
    for (let c = 0; c < CATEGORIES.length; c++) if (bits & (1 << c)) counts[c]!++;
  }
  const catLists = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(CATEGORIES.length);
  for (let u = 0; u < users; u++)
    for (let c = 0, bits = affinity[u]!; bits; c++, bits >>>= 1) if (bits & 1) catLists[c]![fill[c]!++] = u;
  for (let i = 0; i < CATEGORIES.length; i++) out.set(`affinity:${CATEGORIES[i]}`, new Bitmap(catLists[i]!));
  for (let k = 0; out.size < tags; k++)
    out.set(`brand:b${String(k).padStart(4, '0')}`, new Bitmap(sparse(users, 0.08 / (1 + k / 6), next)));
  const universe = new Bitmap();
  universe.addRange(0, users);
  return { users, universe, tags: out, columns, affinity };
}

/**
 * Stores the population as a tag build (aud_tag_builds + aud_tag_bitmaps), the rows the server's tag index
 * loads, and returns the build id and the bytes written.
 */
export async function storeBuild(
  db: Db,
  pop: Population,
  asOf: string,
): Promise<{ build: number; bytes: number }> {
  const b = await sql<{
    id: number;
  }>`INSERT INTO aud_tag_builds (catalog_version, as_of, users, tags, ms, universe)
    VALUES (${CATALOG_VERSION}, ${asOf}::date, ${pop.users}, ${pop.tags.size}, 0, ${toBytes(pop.universe)})
    RETURNING id`.execute(db);
  const build = b.rows[0]!.id;
  let bytes = 0;
  for (const [tag, bm] of pop.tags) {
    const buf = toBytes(bm);
    bytes += buf.length;
    await sql`INSERT INTO aud_tag_bitmaps (build, tag, users, bitmap) VALUES (${build}, ${tag}, ${bm.size}, ${buf})`.execute(
      db,
    );
  }
  return { build, bytes };
}
