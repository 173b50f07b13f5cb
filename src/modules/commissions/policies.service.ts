import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import { conflict, type FieldIssue, notFound, unprocessable } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { FeePolicyBody, FeePolicyPatch, SettingsBody } from './schemas.ts';
import { loadSettings } from './sync.repo.ts';

/** Operator fee policies: every change writes a new version row; the latest version is the policy in force. */

interface PolicyRow {
  id: string;
  version: number;
  name: string;
  kind: string;
  default_bp: number | null;
  category_bp: Record<string, number>;
  merchant_types: string[] | null;
  scenes: string[] | null;
  channels: string[] | null;
  priority: number;
  starts_at: Date;
  ends_at: Date | null;
  status: string;
  created_at: Date;
}

const view = (r: PolicyRow) => ({
  id: r.id,
  version: r.version,
  name: r.name,
  kind: r.kind,
  defaultBp: r.default_bp,
  categoryBp: r.category_bp,
  merchantTypes: r.merchant_types,
  scenes: r.scenes,
  channels: r.channels,
  priority: r.priority,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: r.ends_at ? new Date(r.ends_at).toISOString() : null,
  status: r.status,
  createdAt: new Date(r.created_at).toISOString(),
});
export type PolicyView = ReturnType<typeof view>;

function check(b: FeePolicyBody): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (b.endsAt && Date.parse(b.endsAt) <= Date.parse(b.startsAt))
    issues.push({ field: 'endsAt', reason: `must be after startsAt (${b.startsAt})` });
  if ((b.defaultBp ?? null) === null && !Object.keys(b.categoryBp ?? {}).length)
    issues.push({
      field: 'defaultBp',
      reason: 'a policy needs a default rate or at least one category rate',
    });
  for (const [c, bp] of Object.entries(b.categoryBp ?? {}))
    if (!Number.isInteger(bp) || bp < 0 || bp > 5000)
      issues.push({ field: `categoryBp.${c}`, reason: 'must be whole basis points from 0 to 5000' });
  return issues;
}

async function latest(db: Db, id: string): Promise<PolicyRow | undefined> {
  return (
    await sql<PolicyRow>`SELECT * FROM commission_fee_policies WHERE id = ${id} ORDER BY version DESC LIMIT 1`.execute(
      db,
    )
  ).rows[0];
}

async function insert(db: Db, id: string, version: number, b: FeePolicyBody, status: string) {
  const r =
    await sql<PolicyRow>`INSERT INTO commission_fee_policies (id, version, name, kind, default_bp, category_bp,
      merchant_types, scenes, channels, priority, starts_at, ends_at, status)
    VALUES (${id}, ${version}, ${b.name}, ${b.kind}, ${b.defaultBp ?? null}, ${JSON.stringify(b.categoryBp ?? {})}::jsonb,
      ${b.merchantTypes ?? null}::text[], ${b.scenes ?? null}::text[], ${b.channels ?? null}::text[], ${b.priority ?? 0},
      ${b.startsAt}, ${b.endsAt ?? null}, ${status})
    ON CONFLICT (id, version) DO NOTHING RETURNING *`.execute(db);
  return r.rows[0];
}

export async function createPolicy(db: Db, b: FeePolicyBody) {
  const issues = check(b);
  if (issues.length) throw unprocessable('the fee policy is invalid', issues);
  const id = b.id ?? newId('fee');
  const prior = await latest(db, id);
  if (prior) {
    // Idempotent by id: the same policy again is a replay, a different one a conflict.
    const same = prior.version === 1 && prior.name === b.name && prior.kind === b.kind;
    if (same) return { status: 200, body: view(prior) };
    throw conflict(`fee policy ${id} exists: change it with PATCH`, [
      { field: 'id', reason: 'already exists' },
    ]);
  }
  const row = await insert(db, id, 1, b, 'active');
  if (!row)
    throw conflict(`fee policy ${id} was created concurrently`, [{ field: 'id', reason: 'already exists' }]);
  return { status: 201, body: view(row) };
}

export async function listPolicies(db: Db, q: { kind?: string; status?: string }) {
  const r =
    await sql<PolicyRow>`SELECT * FROM (SELECT DISTINCT ON (id) * FROM commission_fee_policies ORDER BY id, version DESC) p
    WHERE (${q.kind ?? null}::text IS NULL OR kind = ${q.kind ?? null})
      AND (${q.status ?? null}::text IS NULL OR status = ${q.status ?? null})
    ORDER BY priority DESC, starts_at DESC, id`.execute(db);
  return { items: r.rows.map(view) };
}

export async function policyHistory(db: Db, id: string) {
  const r =
    await sql<PolicyRow>`SELECT * FROM commission_fee_policies WHERE id = ${id} ORDER BY version DESC`.execute(
      db,
    );
  if (!r.rows.length) throw notFound(`there is no fee policy ${id}`);
  return { current: view(r.rows[0]!), versions: r.rows.map(view) };
}

/** A change is a new version (orders already estimated keep the rates they were estimated with). */
export async function updatePolicy(
  db: Db,
  id: string,
  patch: FeePolicyPatch & { status?: 'active' | 'ended' },
) {
  const prior = await latest(db, id);
  if (!prior) throw notFound(`there is no fee policy ${id}`);
  if (prior.status === 'ended')
    throw conflict(`fee policy ${id} has ended`, [{ field: 'status', reason: 'is ended' }]);
  const cur = view(prior);
  const next: FeePolicyBody = {
    name: patch.name ?? cur.name,
    kind: cur.kind as FeePolicyBody['kind'],
    defaultBp: patch.defaultBp !== undefined ? patch.defaultBp : cur.defaultBp,
    categoryBp: patch.categoryBp ?? cur.categoryBp,
    merchantTypes:
      patch.merchantTypes !== undefined
        ? patch.merchantTypes
        : (cur.merchantTypes as FeePolicyBody['merchantTypes']),
    scenes: patch.scenes !== undefined ? patch.scenes : (cur.scenes as FeePolicyBody['scenes']),
    channels: patch.channels !== undefined ? patch.channels : (cur.channels as FeePolicyBody['channels']),
    priority: patch.priority ?? cur.priority,
    startsAt: patch.startsAt ?? cur.startsAt,
    endsAt: patch.endsAt !== undefined ? patch.endsAt : cur.endsAt,
  };
  const issues = check(next);
  if (issues.length) throw unprocessable('the fee policy is invalid', issues);
  const row = await insert(db, id, prior.version + 1, next, patch.status ?? 'active');
  if (!row)
    throw conflict(`fee policy ${id} changed concurrently: reload and retry`, [
      { field: 'id', reason: 'changed concurrently' },
    ]);
  return view(row);
}

export async function getSettings(db: Db) {
  return loadSettings(db);
}

const SETTING_COLUMNS: Record<keyof SettingsBody, string> = {
  attributionWindowDays: 'attribution_window_days',
  selfPurchasePolicy: 'self_purchase_policy',
  holdDays: 'hold_days',
  settlementDay: 'settlement_day',
  serviceFeeBp: 'service_fee_bp',
  transactionFeeBp: 'transaction_fee_bp',
  leaderOverrideBp: 'leader_override_bp',
  minClickGapSeconds: 'min_click_gap_seconds',
  refundFarmingCount: 'refund_farming_count',
  refundFarmingDays: 'refund_farming_days',
  categoryCaps: 'category_caps',
};

export async function updateSettings(db: Db, b: SettingsBody) {
  const sets = Object.entries(b)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const col = SETTING_COLUMNS[k as keyof SettingsBody];
      return k === 'categoryCaps'
        ? sql`${sql.raw(col)} = ${JSON.stringify(v)}::jsonb`
        : sql`${sql.raw(col)} = ${v}`;
    });
  if (sets.length)
    await sql`UPDATE commission_settings SET ${sql.join(sets)}, updated_at = now() WHERE id = 1`.execute(db);
  return loadSettings(db);
}
