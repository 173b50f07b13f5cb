import type { Tx } from '../../core/db.ts';
import { sql } from 'kysely';
import { type BulkColumn, bulkInsert, upsertTail } from '../../core/bulk.ts';
import type { FieldIssue } from '../../core/errors.ts';
import {
  type BatchOptions,
  type BatchResult,
  finish,
  type Item,
  type Outcome,
  type RecordResult,
  safeId,
  screen,
} from './batch.ts';
import { detailCompleteness } from './domain/completeness.ts';
import * as S from './domain/schemas.ts';
import { existingIds, storeRefs } from './orders.repo.ts';
import type { IngestEnv } from './orders.service.ts';

type Trx = Tx;
const col = (name: string, type: BulkColumn['type'] = 'text', expr?: string): BulkColumn => ({
  name,
  type,
  ...(expr ? { expr } : {}),
});

/** How one catalog kind is checked against what exists and written (upsert by natural key). */
interface KindSpec<T> {
  schema: S.CatalogKind;
  table: string;
  keys: string[];
  idOf: (r: T) => string;
  columns: BulkColumn[];
  /** Reference problems of each item, given the whole batch (parents may come in the same batch). */
  check: (trx: Trx, items: Item<T>[]) => Promise<Map<number, FieldIssue[]>>;
  row: (r: T, ctx: Map<string, unknown>) => unknown[];
  /** Extra context rows need (e.g. a product's merchant), loaded once per batch. */
  context?: (trx: Trx, items: Item<T>[]) => Promise<Map<string, unknown>>;
  /** Child rows (SKUs, contracts) written after the parents; returns ids whose children changed. */
  children?: (trx: Trx, items: Item<T>[]) => Promise<Set<string>>;
}

function refCheck<T>(
  items: Item<T>[],
  table: Parameters<typeof existingIds>[1],
  pick: (r: T) => string | undefined,
  field: string,
  known: Set<string>,
  out: Map<number, FieldIssue[]>,
  what = table.replace(/s$/, '').replace(/ie$/, 'y'),
) {
  for (const it of items) {
    const v = pick(it.rec);
    if (v !== undefined && !known.has(v)) push(out, it.index, { field, reason: `unknown ${what} ${v}` });
  }
}
function push(m: Map<number, FieldIssue[]>, i: number, issue: FieldIssue) {
  const a = m.get(i);
  if (a) a.push(issue);
  else m.set(i, [issue]);
}
async function known<T>(
  trx: Trx,
  table: Parameters<typeof existingIds>[1],
  items: Item<T>[],
  pick: (r: T) => string | undefined,
  batch: Set<string> = new Set(),
) {
  const ids = [...new Set(items.map((i) => pick(i.rec)).filter((v): v is string => !!v))];
  const found = await existingIds(
    trx,
    table,
    ids.filter((i) => !batch.has(i)),
  );
  for (const b of batch) found.add(b);
  return found;
}

const categories: KindSpec<S.Category> = {
  schema: 'categories',
  table: 'categories',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [col('id'), col('parent_id'), col('level', 'smallint'), col('name'), col('name_zh')],
  row: (r) => [r.id, r.parentId, r.level, r.name, r.nameZh],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    const inBatch = new Map(items.map((i) => [i.id, i.rec.level]));
    const parentIds = [
      ...new Set(items.map((i) => i.rec.parentId).filter((p): p is string => !!p && !inBatch.has(p))),
    ];
    const stored = parentIds.length
      ? new Map(
          (
            await sql<{
              id: string;
              level: number;
            }>`SELECT id, level FROM categories WHERE id = ANY(${parentIds}::text[])`.execute(trx)
          ).rows.map((r) => [r.id, r.level]),
        )
      : new Map<string, number>();
    for (const { index, rec } of items) {
      if (rec.level === 1 && rec.parentId)
        push(out, index, { field: 'parentId', reason: 'a level-1 category has no parent' });
      if (rec.level > 1 && !rec.parentId)
        push(out, index, { field: 'parentId', reason: `a level-${rec.level} category needs a parent` });
      if (rec.parentId) {
        const pl = inBatch.get(rec.parentId) ?? stored.get(rec.parentId);
        if (pl === undefined)
          push(out, index, { field: 'parentId', reason: `unknown category ${rec.parentId}` });
        else if (pl !== rec.level - 1)
          push(out, index, {
            field: 'level',
            reason: `parent ${rec.parentId} is level ${pl}, so this must be level ${pl + 1}`,
          });
      }
    }
    return out;
  },
};

const brands: KindSpec<S.Brand> = {
  schema: 'brands',
  table: 'brands',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [col('id'), col('name')],
  row: (r) => [r.id, r.name],
  check: async () => new Map(),
};

const merchants: KindSpec<S.Merchant> = {
  schema: 'merchants',
  table: 'merchants',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [col('id'), col('name'), col('type'), col('onboarded_at', 'date')],
  row: (r) => [r.id, r.name, r.type, r.onboardedAt],
  check: async () => new Map(),
};

const stores: KindSpec<S.Store> = {
  schema: 'stores',
  table: 'stores',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [col('id'), col('merchant_id'), col('name'), col('main_category_id'), col('opened_at', 'date')],
  row: (r) => [r.id, r.merchantId, r.name, r.mainCategoryId, r.openedAt],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    refCheck(
      items,
      'merchants',
      (r) => r.merchantId,
      'merchantId',
      await known(trx, 'merchants', items, (r) => r.merchantId),
      out,
    );
    refCheck(
      items,
      'categories',
      (r) => r.mainCategoryId,
      'mainCategoryId',
      await known(trx, 'categories', items, (r) => r.mainCategoryId),
      out,
    );
    const byId = await storeRefs(
      trx,
      items.map((i) => i.id),
    );
    for (const it of items) {
      const m = byId.get(it.id);
      if (m && m !== it.rec.merchantId)
        push(out, it.index, {
          field: 'merchantId',
          reason: `store ${it.id} belongs to merchant ${m}; it cannot move`,
        });
    }
    return out;
  },
};

const SKU_COLUMNS = [
  col('id'),
  col('product_id'),
  col('price', 'bigint'),
  col('list_price', 'bigint'),
  col('stock', 'int'),
  col('attributes', 'jsonb'),
];
const products: KindSpec<S.Product> = {
  schema: 'products',
  table: 'products',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [
    col('id'),
    col('store_id'),
    col('merchant_id'),
    col('category_id'),
    col('brand_id'),
    col('title'),
    col('images', 'jsonb'),
    col('attributes', 'jsonb'),
    col('detail_completeness', 'smallint'),
    col('status'),
    col('listed_at', 'timestamptz'),
  ],
  context: (trx, items) => storeRefs(trx, [...new Set(items.map((i) => i.rec.storeId))]),
  row: (r, ctx) => [
    r.id,
    r.storeId,
    ctx.get(r.storeId),
    r.categoryId,
    r.brandId,
    r.title,
    r.images ?? [],
    r.attributes ?? {},
    detailCompleteness(r),
    r.status ?? 'listed',
    r.listedAt,
  ],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    refCheck(
      items,
      'stores',
      (r) => r.storeId,
      'storeId',
      await known(trx, 'stores', items, (r) => r.storeId),
      out,
    );
    refCheck(
      items,
      'brands',
      (r) => r.brandId,
      'brandId',
      await known(trx, 'brands', items, (r) => r.brandId),
      out,
    );
    const catIds = [...new Set(items.map((i) => i.rec.categoryId))];
    const cats = new Map(
      (
        await sql<{
          id: string;
          level: number;
        }>`SELECT id, level FROM categories WHERE id = ANY(${catIds}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, r.level]),
    );
    const skuIds = items.flatMap((i) => i.rec.skus.map((s) => s.id));
    const skuOwners = new Map(
      (
        await sql<{
          id: string;
          product_id: string;
        }>`SELECT id, product_id FROM skus WHERE id = ANY(${skuIds}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, r.product_id]),
    );
    const prodStores = new Map(
      (
        await sql<{
          id: string;
          store_id: string;
        }>`SELECT id, store_id FROM products WHERE id = ANY(${items.map((i) => i.id)}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, r.store_id]),
    );
    const skuInBatch = new Map<string, string>();
    for (const { index, id, rec } of items) {
      const lvl = cats.get(rec.categoryId);
      if (lvl === undefined)
        push(out, index, { field: 'categoryId', reason: `unknown category ${rec.categoryId}` });
      else if (lvl !== 3)
        push(out, index, {
          field: 'categoryId',
          reason: `products belong to a level-3 category; ${rec.categoryId} is level ${lvl}`,
        });
      const ps = prodStores.get(id);
      if (ps && ps !== rec.storeId)
        push(out, index, {
          field: 'storeId',
          reason: `product ${id} belongs to store ${ps}; it cannot move`,
        });
      rec.skus.forEach((s, i) => {
        const owner = skuOwners.get(s.id) ?? skuInBatch.get(s.id);
        if (owner && owner !== id)
          push(out, index, { field: `skus.${i}.id`, reason: `sku ${s.id} belongs to product ${owner}` });
        skuInBatch.set(s.id, id);
        if (s.listPrice !== undefined && s.listPrice < s.price)
          push(out, index, { field: `skus.${i}.listPrice`, reason: 'is below price' });
      });
    }
    return out;
  },
  async children(trx, items) {
    const rows = items.flatMap((i) =>
      i.rec.skus.map((s) => [s.id, i.id, s.price, s.listPrice, s.stock, s.attributes ?? {}]),
    );
    const changed = await bulkInsert(
      trx,
      'skus',
      SKU_COLUMNS,
      rows,
      upsertTail('skus', SKU_COLUMNS, ['id'], 'updated_at = now()'),
    );
    const skuProduct = new Map(rows.map((r) => [r[0] as string, r[1] as string]));
    return new Set(changed.map((c) => skuProduct.get(c.id as string)!));
  },
};

const consumers: KindSpec<S.Consumer> = {
  schema: 'consumers',
  table: 'consumers',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [
    col('id'),
    col('age_band'),
    col('gender'),
    col('region'),
    col('city_tier', 'smallint'),
    col('registered_at', 'timestamptz'),
  ],
  row: (r) => [r.id, r.ageBand, r.gender, r.region, r.cityTier, r.registeredAt],
  check: async () => new Map(),
};

const creators: KindSpec<S.Creator> = {
  schema: 'creators',
  table: 'creators',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [
    col('id'),
    col('name'),
    col('followers', 'int'),
    col('categories', 'jsonb', 'ARRAY(SELECT jsonb_array_elements_text(t.categories))'),
    col('joined_at', 'date'),
  ],
  row: (r) => [r.id, r.name, r.followers, r.categories ?? [], r.joinedAt],
  check: async () => new Map(),
};

const CONTRACT_COLUMNS = [
  col('agency_id'),
  col('creator_id'),
  col('split_bp', 'int'),
  col('starts_on', 'date'),
  col('ends_on', 'date'),
];
const agencies: KindSpec<S.Agency> = {
  schema: 'agencies',
  table: 'agencies',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [col('id'), col('name')],
  row: (r) => [r.id, r.name],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    const ids = [...new Set(items.flatMap((i) => (i.rec.contracts ?? []).map((c) => c.creatorId)))];
    const found = await existingIds(trx, 'creators', ids);
    for (const { index, rec } of items) {
      (rec.contracts ?? []).forEach((c, i) => {
        if (!found.has(c.creatorId))
          push(out, index, { field: `contracts.${i}.creatorId`, reason: `unknown creator ${c.creatorId}` });
        if (c.endsOn && c.endsOn < c.startsOn)
          push(out, index, { field: `contracts.${i}.endsOn`, reason: 'is before startsOn' });
      });
    }
    return out;
  },
  async children(trx, items) {
    const rows = items.flatMap((i) =>
      (i.rec.contracts ?? []).map((c) => [i.id, c.creatorId, c.splitBp, c.startsOn, c.endsOn]),
    );
    const changed = await bulkInsert(
      trx,
      'agency_contracts',
      CONTRACT_COLUMNS,
      rows,
      upsertTail('agency_contracts', CONTRACT_COLUMNS, ['agency_id', 'creator_id', 'starts_on']),
    );
    return new Set(changed.map((c) => c.agency_id as string));
  },
};

const promoters: KindSpec<S.Promoter> = {
  schema: 'promoters',
  table: 'promoters',
  keys: ['id'],
  idOf: (r) => r.id,
  columns: [
    col('id'),
    col('name'),
    col('leader_id'),
    col('is_leader', 'boolean'),
    col('group_size', 'int'),
    col('joined_at', 'date'),
  ],
  row: (r) => [r.id, r.name, r.leaderId, r.isLeader ?? false, r.groupSize ?? 0, r.joinedAt],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    const batch = new Map(items.map((i) => [i.id, i.rec]));
    const ids = [
      ...new Set(items.map((i) => i.rec.leaderId).filter((l): l is string => !!l && !batch.has(l))),
    ];
    const stored = new Map(
      (
        await sql<{
          id: string;
          leader_id: string | null;
          is_leader: boolean;
        }>`SELECT id, leader_id, is_leader FROM promoters WHERE id = ANY(${ids}::text[])`.execute(trx)
      ).rows.map((r) => [r.id, { leaderId: r.leader_id, isLeader: r.is_leader }]),
    );
    for (const { index, id, rec } of items) {
      if (!rec.leaderId) continue;
      if (rec.leaderId === id)
        push(out, index, { field: 'leaderId', reason: 'a promoter cannot lead itself' });
      const leader = batch.get(rec.leaderId) ?? stored.get(rec.leaderId);
      if (!leader) push(out, index, { field: 'leaderId', reason: `unknown promoter ${rec.leaderId}` });
      else if (leader.leaderId)
        push(out, index, {
          field: 'leaderId',
          reason: `promoter ${rec.leaderId} has a leader itself: team hierarchies have at most two levels`,
        });
      else if (!leader.isLeader)
        push(out, index, { field: 'leaderId', reason: `promoter ${rec.leaderId} is not a team leader` });
      if (rec.isLeader)
        push(out, index, { field: 'isLeader', reason: 'a team leader does not have a leader' });
    }
    return out;
  },
};

const followId = (r: S.Follow) => `${r.consumerId}:${r.targetType}:${r.targetId}`;
const follows: KindSpec<S.Follow> = {
  schema: 'follows',
  table: 'follows',
  keys: ['consumer_id', 'target_type', 'target_id'],
  idOf: followId,
  columns: [
    col('consumer_id'),
    col('target_type'),
    col('target_id'),
    col('followed_at', 'timestamptz'),
    col('unfollowed_at', 'timestamptz'),
  ],
  row: (r) => [r.consumerId, r.targetType, r.targetId, r.followedAt, r.unfollowedAt],
  async check(trx, items) {
    const out = new Map<number, FieldIssue[]>();
    refCheck(
      items,
      'consumers',
      (r) => r.consumerId,
      'consumerId',
      await known(trx, 'consumers', items, (r) => r.consumerId),
      out,
    );
    const stores = await known(trx, 'stores', items, (r) =>
      r.targetType === 'store' ? r.targetId : undefined,
    );
    const creatorsK = await existingIds(
      trx,
      'creators',
      items.filter((i) => i.rec.targetType === 'creator').map((i) => i.rec.targetId),
    );
    for (const { index, rec } of items) {
      const ok = rec.targetType === 'store' ? stores.has(rec.targetId) : creatorsK.has(rec.targetId);
      if (!ok) push(out, index, { field: 'targetId', reason: `unknown ${rec.targetType} ${rec.targetId}` });
      if (rec.unfollowedAt && rec.unfollowedAt < rec.followedAt)
        push(out, index, { field: 'unfollowedAt', reason: 'is before followedAt' });
    }
    return out;
  },
};

// biome-ignore lint/suspicious/noExplicitAny: each entry is typed by its own record; the table is keyed by kind
const SPECS: Record<S.CatalogKind, KindSpec<any>> = {
  categories,
  brands,
  merchants,
  stores,
  products,
  consumers,
  creators,
  agencies,
  promoters,
  follows,
};

/** Upserts one catalog kind by natural key; unchanged records are not rewritten. */
export async function ingestCatalog(
  env: IngestEnv,
  kind: S.CatalogKind,
  records: unknown[],
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const spec = SPECS[kind];
  const atomic = opts.atomic ?? true;
  // biome-ignore lint/suspicious/noExplicitAny: the record type follows `kind` (see SPECS)
  const { items, rejected, schemaRejected } = screen<any>(
    S.CATALOG_SCHEMAS[kind],
    records,
    env.maxBatch,
    spec.idOf,
  );
  const idOf = (r: unknown) =>
    kind === 'follows' ? (r && typeof r === 'object' ? followId(r as S.Follow) : undefined) : safeId(r);
  if (atomic && rejected.size) return finish(records, rejected, [], atomic, schemaRejected, idOf);
  const results = await env.db.transaction().execute(async (trx) => {
    const refIssues = await spec.check(trx, items);
    for (const [i, issues] of refIssues) rejected.set(i, [...(rejected.get(i) ?? []), ...issues]);
    if (atomic && rejected.size) return [];
    const ok = items.filter((i) => !rejected.has(i.index));
    const ctx = spec.context ? await spec.context(trx, ok) : new Map();
    // Categories: parents first, so a child's foreign key finds its parent written in the same batch.
    if (kind === 'categories') ok.sort((a, b) => a.rec.level - b.rec.level);
    const changed = await bulkInsert(
      trx,
      spec.table,
      spec.columns,
      ok.map((i) => spec.row(i.rec, ctx)),
      upsertTail(spec.table, spec.columns, spec.keys, spec.table === 'follows' ? '' : 'updated_at = now()'),
    );
    const keyOf = (r: Record<string, unknown>) =>
      kind === 'follows' ? `${r.consumer_id}:${r.target_type}:${r.target_id}` : (r.id as string);
    const outcome = new Map<string, Outcome>(
      changed.map((r) => [keyOf(r), r.inserted ? 'created' : 'updated']),
    );
    const childChanged = spec.children ? await spec.children(trx, ok) : new Set<string>();
    return ok.map<RecordResult>((i) => ({
      index: i.index,
      id: i.id,
      outcome: outcome.get(i.id) ?? (childChanged.has(i.id) ? 'updated' : 'unchanged'),
    }));
  });
  return finish(records, rejected, results, atomic, schemaRejected, idOf);
}
