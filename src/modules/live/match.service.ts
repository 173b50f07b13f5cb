import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import type { Database } from '../../core/db.ts';
import { forbidden, notFound, unprocessable } from '../../core/errors.ts';
import { businessDay } from '../../core/time.ts';
import { listProducts } from '../commissions/index.ts';
import {
  categoryFit,
  explainPair,
  type MatchIndex,
  type Reason,
  recommendCreators,
  storeOverlap,
} from './domain/match.ts';
import { loadMatchIndex } from './match.repo.ts';

/** Index age after which a request triggers a background rebuild (the request is served from the old one). */
export const MATCH_REFRESH_MS = 10 * 60_000;
/** An id the index does not know makes the request wait for a rebuild, at most this often. */
const MISS_REBUILD_MS = 5_000;

/**
 * The matching index of one process: built on first use from the database as of today (or a fixed `asOf`),
 * rebuilt in the background when older than `refreshMs`, like the traffic ranker's catalog.
 */
export class Matcher {
  index: MatchIndex | null = null;
  private building: Promise<MatchIndex> | null = null;

  constructor(
    readonly db: Database,
    readonly timeZone: string,
    private readonly opts: { refreshMs?: number; asOf?: string; now?: () => number } = {},
  ) {}

  private get now() {
    return this.opts.now?.() ?? Date.now();
  }

  /** Rebuilds the index (as of `asOf`, default the fixed one or today) and swaps it in. */
  refresh(asOf?: string): Promise<MatchIndex> {
    if (this.building) return this.building;
    const day = asOf ?? this.opts.asOf ?? businessDay(this.now, this.timeZone);
    this.building = loadMatchIndex(this.db, day, this.timeZone)
      .then((ix) => {
        this.index = ix;
        return ix;
      })
      .finally(() => {
        this.building = null;
      });
    return this.building;
  }

  async current(): Promise<MatchIndex> {
    const ix = this.index;
    if (!ix) return this.refresh();
    if (this.now - ix.builtAt >= (this.opts.refreshMs ?? MATCH_REFRESH_MS))
      void this.refresh().catch(() => {});
    return ix;
  }

  /** The index, rebuilt first when it misses an id that exists (a store or creator newer than the index). */
  async knowing(has: (ix: MatchIndex) => boolean): Promise<MatchIndex> {
    const ix = await this.current();
    if (has(ix) || this.now - ix.builtAt < MISS_REBUILD_MS) return ix;
    return this.refresh();
  }
}

const matchers = new WeakMap<AppContext, Matcher>();
export function matcherOf(ctx: AppContext): Matcher {
  let m = matchers.get(ctx);
  if (!m) {
    m = new Matcher(ctx.db, ctx.cfg.timeZone);
    matchers.set(ctx, m);
  }
  return m;
}

export interface CreatorItem {
  creatorId: string;
  name: string;
  followers: number;
  categories: string[];
  wordOfMouth: number | null;
  gpm: number | null;
  sessions: number;
  score: number;
  reasons: Reason[];
}

/** Raw GPM of the creator's past sessions (fen per 1,000 views), null without views. */
function rawGpm(ix: MatchIndex, i: number): number | null {
  const v = ix.creators.views[i]!;
  return v > 0 ? Math.round((ix.creators.gmv[i]! * 1000) / v) : null;
}

function creatorItem(ix: MatchIndex, i: number, score: number, reasons: Reason[]): CreatorItem {
  const c = ix.creators;
  const w = c.wom[i]!;
  return {
    creatorId: c.ids[i]!,
    name: c.names[i]!,
    followers: c.followers[i]!,
    categories: c.categories[i]!,
    wordOfMouth: Number.isNaN(w) ? null : Math.round(w * 100) / 100,
    gpm: rawGpm(ix, i),
    sessions: c.sessions[i]!,
    score,
    reasons,
  };
}

/** Creators for a store (merchant: its own stores; operators: any), best first, explained. */
export async function creatorsForStore(
  m: Matcher,
  p: Principal,
  q: { storeId: string; productId?: string; limit: number },
): Promise<{ storeId: string; evaluated: number; items: CreatorItem[] }> {
  const k = m.db.kysely;
  const store = (
    await sql<{ merchant_id: string; main_category_id: string | null }>`
      SELECT merchant_id, main_category_id FROM stores WHERE id = ${q.storeId}`.execute(k)
  ).rows[0];
  if (p.role === 'merchant') {
    if (!store || store.merchant_id !== p.partyId)
      throw forbidden(`not allowed to access store ${q.storeId}`);
  } else if (p.role !== 'operator' && p.role !== 'integration')
    throw forbidden('creator recommendations are for merchants and operators');
  if (!store) throw notFound(`there is no store ${q.storeId}`);
  let category = store.main_category_id;
  if (q.productId) {
    const prod = (
      await sql<{ store_id: string; category_id: string }>`
        SELECT store_id, category_id FROM products WHERE id = ${q.productId}`.execute(k)
    ).rows[0];
    if (!prod || prod.store_id !== q.storeId)
      throw unprocessable(`product ${q.productId} is not a product of store ${q.storeId}`, [
        { field: 'productId', reason: `is not a product of store ${q.storeId}` },
      ]);
    category = prod.category_id;
  }
  const ix = await m.knowing((x) => x.stores.index.has(q.storeId));
  const s = ix.stores.index.get(q.storeId);
  const l1 = category === null ? -1 : (ix.l1Of.get(category) ?? -1);
  const rates = ix.rates.get(store.merchant_id);
  const r =
    s === undefined
      ? { evaluated: 0, items: [] }
      : recommendCreators(ix, {
          store: s,
          l1,
          merchantId: store.merchant_id,
          rateBp: rates?.open ?? 0,
          rateOf: rates?.byCreator,
          k: q.limit,
        });
  return {
    storeId: q.storeId,
    evaluated: r.evaluated,
    items: r.items.map((x) => creatorItem(ix, x.creator, x.score, x.reasons)),
  };
}

export interface ProductItem {
  productId: string;
  title: string;
  storeId: string;
  storeName: string;
  price: number;
  rateBp: number;
  score: number;
  reasons: Reason[];
}

/** Whether the agency has a contract with the creator in force today. */
async function agencyHas(m: Matcher, agencyId: string, creatorId: string): Promise<boolean> {
  const today = businessDay(Date.now(), m.timeZone);
  const r =
    await sql`SELECT 1 FROM agency_contracts WHERE agency_id = ${agencyId} AND creator_id = ${creatorId}
    AND starts_on <= ${today}::date AND (ends_on IS NULL OR ends_on >= ${today}::date)`.execute(m.db.kysely);
  return r.rows.length > 0;
}

/**
 * Products for a creator (the creator itself, an agency for its contracted creators, operators): the products
 * under plans open to the creator, at the rate the commissions module resolves (listProducts), scored with the
 * pair features of the creator and the product's store, the category being the product's.
 */
export async function productsForCreator(
  m: Matcher,
  p: Principal,
  q: { creatorId: string; limit: number },
  now = new Date(),
): Promise<{ creatorId: string; evaluated: number; items: ProductItem[] }> {
  if (p.role === 'creator') {
    if (p.partyId !== q.creatorId) throw forbidden(`not allowed to access creator ${q.creatorId}`);
  } else if (p.role === 'agency') {
    if (!p.partyId || !(await agencyHas(m, p.partyId, q.creatorId)))
      throw forbidden(`creator ${q.creatorId} is not contracted to agency ${p.partyId}`);
  } else if (p.role !== 'operator' && p.role !== 'integration')
    throw forbidden('product recommendations are for creators, their agencies and operators');
  const exists = await sql`SELECT 1 FROM creators WHERE id = ${q.creatorId}`.execute(m.db.kysely);
  if (!exists.rows.length) throw notFound(`there is no creator ${q.creatorId}`);
  const ix = await m.knowing((x) => x.creators.index.has(q.creatorId));
  const i = ix.creators.index.get(q.creatorId);
  if (i === undefined) return { creatorId: q.creatorId, evaluated: 0, items: [] };
  const open = await listProducts(
    m.db.kysely,
    { role: 'creator', partyId: q.creatorId, subject: 'matching', via: 'api_key' },
    { limit: 1_000_000 },
    now,
  );
  const overlap = storeOverlap(ix, i);
  const buyersOf = (s: number) => ix.storeBuyers.start[s + 1]! - ix.storeBuyers.start[s]!;
  const shareOf = (s: number | undefined) =>
    s === undefined || buyersOf(s) === 0 ? 0 : (overlap.get(s) ?? 0) / buyersOf(s);
  let best = 0;
  for (const x of open.items) best = Math.max(best, shareOf(ix.stores.index.get(x.storeId)));
  const scored: ProductItem[] = [];
  for (const x of open.items) {
    const ex = ix.creators.exclusive[i];
    if (ex !== null && ex !== x.merchantId) continue;
    const s = ix.stores.index.get(x.storeId);
    const l1 = ix.l1Of.get(x.categoryId) ?? -1;
    const fit = categoryFit(ix, i, l1);
    const count = s === undefined ? 0 : (overlap.get(s) ?? 0);
    if (fit === 0 && count === 0) continue;
    const e = explainPair(ix, i, {
      fit,
      overlapShare: shareOf(s),
      overlapCount: count,
      buyers: s === undefined ? 0 : buyersOf(s),
      overlapBest: best,
      rateBp: x.rateBp,
      l1,
    });
    scored.push({
      productId: x.productId,
      title: x.title,
      storeId: x.storeId,
      storeName: '',
      price: x.price,
      rateBp: x.rateBp,
      score: e.score,
      reasons: e.reasons,
    });
  }
  scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  const page = scored.slice(0, q.limit);
  const names = new Map(
    (
      await sql<{ id: string; name: string }>`SELECT id, name FROM stores WHERE id = ANY(${[
        ...new Set(page.map((x) => x.storeId)),
      ]}::text[])`.execute(m.db.kysely)
    ).rows.map((r) => [r.id, r.name]),
  );
  return {
    creatorId: q.creatorId,
    evaluated: scored.length,
    items: page.map((x) => ({ ...x, storeName: names.get(x.storeId) ?? '' })),
  };
}
