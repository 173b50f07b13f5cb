import type { Principal } from '../../core/auth.ts';
import type { Db, Tx } from '../../core/db.ts';
import {
  conflict,
  type FieldIssue,
  forbidden,
  notFound,
  Problem,
  summarize,
  unprocessable,
} from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Action, assertCanRead, assertCanWrite, checkStores, nextStatus, ownerOf } from './access.ts';
import * as repo from './coupons.repo.ts';
import { validateCouponTemplate } from './domain/validate.ts';
import { sourceStats } from './offers.repo.ts';
import { ownership } from './offers.service.ts';
import {
  type ListQuery,
  mergePatch,
  TEMPLATE_REQUIRED,
  type TemplateBody,
  type TemplatePatch,
} from './schemas.ts';
import {
  asValidatorInput,
  canonical,
  normalizedInput,
  type TemplateInput,
  templateColumns,
  templateInput,
  templateView,
} from './terms.ts';

/** Coupon templates: create idempotently by id, list, read, change, pause/resume/end, stats. */

async function templateIssues(db: Db | Tx, p: Principal, t: TemplateInput) {
  const issues = validateCouponTemplate(asValidatorInput(t));
  // scope may be missing in what the validate route passes on from a half-filled form.
  const { issues: storeIssues, foreign } = await checkStores(db, t.merchantId, t.scope?.storeIds);
  issues.push(...storeIssues);
  if (p.role === 'merchant' && (t.platformFundedBp ?? 0) > 0)
    issues.push({
      field: 'platformFundedBp',
      reason: 'platformFundedBp must be 0: a merchant cannot commit platform funding to its coupons.',
      code: 'merchant_cannot_fund',
      params: { platformFundedBp: t.platformFundedBp ?? 0 },
    });
  return { issues, foreign };
}

function reject(issues: FieldIssue[], foreign: boolean, p: Principal): never {
  if (foreign && p.role === 'merchant')
    throw new Problem(403, 'Forbidden', 'the coupon template names a store of another merchant', issues);
  throw unprocessable(`the coupon template is not valid: ${summarize(issues)}`, issues);
}

export async function createTemplate(db: Db, p: Principal, body: TemplateBody) {
  const { id: given, status, ...rest } = body;
  const input: TemplateInput = { ...rest, merchantId: ownerOf(p, 'coupon', body.kind, body.merchantId) };
  const id = given ?? newId('tpl');
  const { issues, foreign } = await templateIssues(db, p, input);
  if (issues.length) reject(issues, foreign, p);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertTemplate(trx, {
      id,
      status: status ?? 'active',
      ...templateColumns(input, id),
      version: 1,
      created_by: p.subject,
    } as never);
    if (row) return { status: 201, body: templateView(row) };
    const prior = (await repo.getTemplate(trx, id))!;
    if (canonical(templateInput(prior)) !== canonical(normalizedInput(input, id)))
      throw conflict(`coupon template ${id} already exists with different terms; change it with PATCH`, [
        {
          field: 'id',
          reason: `coupon template ${id} exists with different terms`,
          code: 'id_taken',
          params: { id },
        },
      ]);
    return { status: 200, body: templateView(prior) };
  });
}

export async function validateTemplateBody(db: Db, p: Principal, body: TemplateBody) {
  const { id: _i, status: _s, ...rest } = body;
  const { merchantId, issue } = ownership(p, 'coupon', body.kind, body.merchantId);
  if (issue) return { valid: false, issues: [issue] };
  const { issues } = await templateIssues(db, p, { ...rest, merchantId });
  return { valid: issues.length === 0, issues };
}

export async function listTemplates(db: Db, p: Principal, q: ListQuery) {
  if (p.role === 'merchant') {
    if (q.merchantId && q.merchantId !== p.partyId)
      throw forbidden(`a merchant lists its own coupon templates only, not those of ${q.merchantId}`);
    q = { ...q, merchantId: p.partyId! };
  } else if (p.role !== 'operator' && p.role !== 'integration')
    throw forbidden('not allowed to list coupon templates');
  const { rows, total } = await repo.listTemplates(db, q);
  return { items: rows.map(templateView), total, limit: q.limit ?? 50, offset: q.offset ?? 0 };
}

export async function getTemplate(db: Db, p: Principal, id: string) {
  const row = await repo.getTemplate(db, id);
  if (!row) throw notFound(`coupon template ${id}`);
  assertCanRead(p, row.merchant_id);
  return templateView(row);
}

/** What may not change once coupons were claimed: the claimed coupons carry these terms. */
const FROZEN_AFTER_CLAIM = [
  'kind',
  'scope',
  'rule',
  'platformFundedBp',
  'channel',
  'liveSessionId',
  'validity',
] as const;

export async function patchTemplate(db: Db, p: Principal, id: string, patch: TemplatePatch) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.getTemplate(trx, id, true);
    if (!row) throw notFound(`coupon template ${id}`);
    assertCanWrite(p, row.merchant_id);
    if (row.status === 'ended')
      throw conflict(`coupon template ${id} has ended and cannot change`, [
        { field: 'status', reason: 'is ended', code: 'ended', params: { status: row.status } },
      ]);
    const { version, ...changes } = patch;
    if (version !== undefined && version !== row.version)
      throw conflict(
        `coupon template ${id} is at version ${row.version}, not ${version}; reload it and apply the change again`,
        [
          {
            field: 'version',
            reason: `is ${row.version}`,
            code: 'version_conflict',
            params: { version: row.version },
          },
        ],
      );
    const current = templateInput(row);
    // A field given replaces the stored one; null clears an optional one (perUserLimit back to 1).
    const { merged, issues: cleared } = mergePatch(current, changes, TEMPLATE_REQUIRED, 'coupon template');
    if (cleared.length)
      throw unprocessable(`the coupon template is not valid: ${summarize(cleared)}`, cleared);
    const claimed = row.claimed;
    if (claimed > 0) {
      // null and absent are the same here: clearing a term that was never set changes nothing.
      const frozen = FROZEN_AFTER_CLAIM.filter(
        (k) => changes[k] !== undefined && canonical(changes[k] ?? undefined) !== canonical(current[k]),
      );
      if (frozen.length)
        throw unprocessable(
          `${frozen.join(', ')} cannot change after coupons were claimed (${claimed} so far): create a new template`,
          frozen.map((f) => ({
            field: f,
            reason: `${f} cannot change after ${claimed} coupons were claimed; create a new template.`,
            code: 'frozen_after_claim',
            params: { name: f, claimed },
          })),
        );
      if (merged.totalQuantity < claimed)
        throw unprocessable(`totalQuantity cannot go below the ${claimed} coupons already claimed`, [
          {
            field: 'totalQuantity',
            reason: `totalQuantity (${merged.totalQuantity}) is below the ${claimed} coupons already claimed.`,
            code: 'total_below_claimed',
            params: { total: merged.totalQuantity, claimed },
          },
        ]);
    }
    if ((ownerOf(p, 'coupon', merged.kind, merged.merchantId) ?? null) !== row.merchant_id)
      throw unprocessable('a coupon template cannot move to another merchant', [
        { field: 'merchantId', reason: 'cannot change', code: 'merchant_cannot_change', params: {} },
      ]);
    const { issues, foreign } = await templateIssues(trx, p, merged);
    if (issues.length) reject(issues, foreign, p);
    return templateView(await repo.updateTemplate(trx, id, templateColumns(merged, id) as never));
  });
}

export async function changeTemplateStatus(db: Db, p: Principal, id: string, action: Action) {
  return db.transaction().execute(async (trx) => {
    const row = await repo.getTemplate(trx, id, true);
    if (!row) throw notFound(`coupon template ${id}`);
    assertCanWrite(p, row.merchant_id);
    const status = nextStatus('coupon template', id, row.status, action);
    return templateView(await repo.updateTemplate(trx, id, { status }));
  });
}

export async function templateStats(db: Db, p: Principal, id: string) {
  const row = await repo.getTemplate(db, id);
  if (!row) throw notFound(`coupon template ${id}`);
  if (row.merchant_id === null) {
    if (p.role !== 'operator' && p.role !== 'integration')
      throw forbidden('platform coupon statistics are for operators');
  } else assertCanRead(p, row.merchant_id);
  const [counts, used] = await Promise.all([
    repo.templateCounts(db, id),
    sourceStats(db, { templateId: id }),
  ]);
  return {
    templateId: id,
    totalQuantity: row.total_quantity,
    claimed: row.claimed,
    ...counts,
    ...used,
  };
}
