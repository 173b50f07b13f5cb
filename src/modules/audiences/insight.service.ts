import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { unprocessable } from '../../core/errors.ts';
import { type AudEnv, forbiddenAt, merchantOf, ttlCache } from './audiences.shared.ts';
import { loadAudience } from './audiences.service.ts';
import { Bitmap } from './bitmap.ts';
import { DIMENSIONS, groupDef, type LabelSource, labelOf } from './domain/catalog.ts';
import { type Dimension, insightCells } from './domain/insight.ts';
import { labelSource } from './labels.repo.ts';
import { getSettings } from './settings.service.ts';
import { checkExpression, evaluateExpression, latestSnapshot } from './leaves.service.ts';
import { type TagIndex, tagIndex } from './tags.store.ts';
import { merchantCustomers } from './tiers.service.ts';

/**
 * Insight reports: the 10 catalog dimensions of an audience (counts, shares, TGI against a base) with cells
 * under the operator's minimum suppressed. Bases: the platform (every indexed user), the merchant's customers
 * (any of its stores, 180 days) or another of its audiences.
 */

const labelCache = ttlCache<LabelSource>(10 * 60_000, 10);

const labels = (db: Db) => labelCache(db, 'labels', () => labelSource(db));

/** The dimensions' values: fixed ones from the catalog, open ones (regions, categories) from the build's keys. */
export function dimensionsOf(index: TagIndex, src: LabelSource): Dimension[] {
  const keys = index.keys();
  return DIMENSIONS.map((d) => {
    const g = groupDef(d)!;
    const values =
      typeof g.values === 'string'
        ? keys
            .filter((k) => k.startsWith(`${d}:`))
            .map((k) => k.slice(d.length + 1))
            .sort()
        : g.values.map((v) => v.value);
    return {
      key: d,
      values: values.map((value) => ({ key: `${d}:${value}`, value, ...labelOf(d, value, src) })),
    };
  });
}

type Base = { kind: 'platform' } | { kind: 'customers' } | { kind: 'audience'; id: string };

export function parseBase(base: string | undefined): Base {
  if (!base || base === 'platform') return { kind: 'platform' };
  if (base === 'customers') return { kind: 'customers' };
  const m = /^audience:([A-Za-z0-9_.:-]{1,64})$/.exec(base);
  if (m) return { kind: 'audience', id: m[1]! };
  throw unprocessable('base must be platform, customers or audience:<id>', [
    { field: 'base', reason: 'must be platform, customers or audience:<id>', code: 'invalid_base' },
  ]);
}

async function baseUsers(env: AudEnv, p: Principal, merchantId: string, base: Base, index: TagIndex) {
  if (base.kind === 'platform') return { kind: 'platform', users: index.universe };
  if (base.kind === 'customers')
    return { kind: 'customers', users: await merchantCustomers(env, merchantId) };
  const a = await loadAudience(env.db, p, base.id);
  if (a.merchant_id !== merchantId)
    throw forbiddenAt(`audience ${base.id} belongs to another merchant`, [
      { field: 'base', reason: 'another merchant’s audience', code: 'foreign_audience' },
    ]);
  const snap = await latestSnapshot(env.db, base.id);
  return { kind: `audience:${base.id}`, users: snap?.bitmap ?? new Bitmap() };
}

async function report(env: AudEnv, p: Principal, merchantId: string, users: Bitmap, base: Base) {
  const index = await tagIndex(env.db);
  const [src, minCell, b] = await Promise.all([
    labels(env.db),
    getSettings(env.db).then((s) => s.minCell),
    baseUsers(env, p, merchantId, base, index),
  ]);
  const dims = dimensionsOf(index, src);
  const count = (set: Bitmap) => (key: string) => index.tag(key)?.andCardinality(set) ?? 0;
  return {
    size: users.size,
    base: { kind: b.kind, size: b.users.size },
    minCell,
    build: index.build,
    asOf: index.asOf,
    dimensions: insightCells(dims, count(users), count(b.users), users.size, b.users.size, minCell),
  };
}

/** GET /audiences/:id/insight: of the latest snapshot. */
export async function audienceInsight(env: AudEnv, p: Principal, id: string, base?: string) {
  const parsed = parseBase(base);
  const a = await loadAudience(env.db, p, id);
  const snap = await latestSnapshot(env.db, id);
  const users = snap?.bitmap ?? new Bitmap();
  return { audienceId: id, ...(await report(env, p, a.merchant_id, users, parsed)) };
}

/** POST /audiences/insight: of an expression being edited. */
export async function expressionInsight(
  env: AudEnv,
  p: Principal,
  body: { merchantId?: string; expression: unknown; base?: string },
) {
  const merchantId = merchantOf(p, body.merchantId);
  const parsed = parseBase(body.base);
  const expr = await checkExpression(env, body.expression, { merchantId });
  const ev = await evaluateExpression(env, expr);
  return report(env, p, merchantId, ev.users, parsed);
}
