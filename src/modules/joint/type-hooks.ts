import {
  changeOfferStatus,
  changeTemplateStatus,
  createOffer,
  createTemplate,
  invalidateOffers,
  type OfferBody,
  patchOffer,
  patchTemplate,
  setAudience,
  type TemplateBody,
  validateCouponTemplate,
  validateOffer,
} from '../pricing/index.ts';
import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import { type Db, joinTransaction, type Tx } from '../../core/db.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { adHooks } from './ads.hooks.ts';
import { touch } from './campaigns.repo.ts';
import type { CampaignRow, CampaignType, TypeHooks } from './types.ts';

/**
 * What each campaign type adds to the lifecycle. Threshold and coupon campaigns (and any fan offer) are priced
 * by platform-owned pricing offers and templates whose store scope follows the accepted stores; ads are C's.
 */

/** Joint campaigns' pricing terms are the platform's (cross-store kinds), written on the campaign's behalf. */
export const systemOperatorPrincipal: Principal = {
  role: 'operator',
  partyId: null,
  subject: 'joint-campaigns',
  via: 'api_key',
};

/** Quotes in this process see the new terms at once (pricing caches live offers for a second). */
export const afterCommit = (db: Db) => invalidateOffers(db);

export const pricingIds = (campaignId: string) => ({
  offerId: `jnt-off-${campaignId}`,
  templateId: `jnt-tpl-${campaignId}`,
  fanTemplateId: `jnt-fan-${campaignId}`,
  audienceId: `jnt-fans-${campaignId}`,
});

type Loose = Record<string, unknown>;
const DRAFT_FROM = '2030-01-01T00:00:00.000Z';
const DRAFT_TO = '2030-01-02T00:00:00.000Z';

/** Pricing's own explanations of a rule, moved under the campaign's field names. */
function renamed(issues: FieldIssue[], map: Record<string, string>): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const i of issues)
    for (const [from, to] of Object.entries(map))
      if (i.field === from || i.field.startsWith(`${from}.`)) {
        out.push({ ...i, field: to + i.field.slice(from.length) });
        break;
      }
  return out;
}

function thresholdIssues(rules: Loose): FieldIssue[] {
  const rule = rules.rule as Loose | undefined;
  if (!rule || typeof rule !== 'object')
    return [{ field: 'rules.rule', code: 'required', reason: 'rules.rule is required (a threshold rule)' }];
  if (rule.type !== 'amount_tiers' && rule.type !== 'amount_every')
    return [
      {
        field: 'rules.rule.type',
        code: 'unsupported_rule',
        reason: 'a cross-store threshold is amount_tiers (满199减100) or amount_every (每满199减100)',
        params: { type: String(rule.type) },
      },
    ];
  const draft = {
    id: 'draft',
    name: 'draft',
    kind: 'cross_store_threshold',
    scope: { storeIds: ['a', 'b'] },
    startsAt: DRAFT_FROM,
    endsAt: DRAFT_TO,
    rule,
  };
  return renamed(validateOffer(draft as never), { rule: 'rules.rule' });
}

export function couponIssues(
  rule: unknown,
  quantity: unknown,
  perUserLimit: unknown,
  at: string,
): FieldIssue[] {
  if (!rule || typeof rule !== 'object')
    return [
      {
        field: `${at}.${at === 'rules' ? 'coupon' : 'rule'}`,
        code: 'required',
        reason: 'the coupon rule is required',
      },
    ];
  const draft = {
    name: 'draft',
    kind: 'cross_store',
    scope: { storeIds: ['a', 'b'] },
    rule,
    totalQuantity: quantity,
    perUserLimit,
    claimStartsAt: DRAFT_FROM,
    claimEndsAt: DRAFT_TO,
    validity: { from: DRAFT_FROM, to: DRAFT_TO },
  };
  const ruleField = at === 'rules' ? 'rules.coupon' : `${at}.rule`;
  return renamed(validateCouponTemplate(draft as never), {
    rule: ruleField,
    totalQuantity: `${at}.quantity`,
    perUserLimit: `${at}.perUserLimit`,
  });
}

async function acceptedStores(trx: Tx, campaignId: string): Promise<string[]> {
  const r = await sql<{ store_id: string }>`SELECT store_id FROM joint_participants
    WHERE campaign_id = ${campaignId} AND status = 'accepted' ORDER BY store_id`.execute(trx);
  return r.rows.map((x) => x.store_id);
}

async function pricingStatus(trx: Tx, table: 'offer' | 'template', id: string): Promise<string | null> {
  const r =
    table === 'offer'
      ? await sql<{ status: string }>`SELECT status FROM pricing_offers WHERE id = ${id}`.execute(trx)
      : await sql<{ status: string }>`SELECT status FROM pricing_coupon_templates WHERE id = ${id}`.execute(
          trx,
        );
  return r.rows[0]?.status ?? null;
}

/** Cross-store terms need two stores: below that the terms exist paused; at two or more they follow the stores. */
async function followStores(
  trx: Tx,
  table: 'offer' | 'template',
  id: string,
  stores: string[],
  create: () => Promise<unknown>,
): Promise<string | null> {
  const db = joinTransaction(trx);
  const P = systemOperatorPrincipal;
  const status = await pricingStatus(trx, table, id);
  if (status === 'ended') return id;
  if (stores.length < 2) {
    if (status === 'active')
      await (table === 'offer'
        ? changeOfferStatus(db, P, id, 'pause')
        : changeTemplateStatus(db, P, id, 'pause'));
    return status ? id : null;
  }
  if (!status) {
    await create();
    return id;
  }
  if (table === 'offer') await patchOffer(db, P, id, { scope: { storeIds: stores } });
  else await patchTemplate(db, P, id, { scope: { storeIds: stores } });
  if (status === 'paused')
    await (table === 'offer'
      ? changeOfferStatus(db, P, id, 'resume')
      : changeTemplateStatus(db, P, id, 'resume'));
  return id;
}

function templateBody(
  c: CampaignRow,
  id: string,
  rule: unknown,
  quantity: number,
  perUserLimit: number,
  stores: string[],
): TemplateBody {
  return {
    id,
    name: c.name,
    kind: 'cross_store',
    scope: { storeIds: stores },
    rule: rule as TemplateBody['rule'],
    totalQuantity: quantity,
    perUserLimit,
    claimStartsAt: c.startsAt,
    claimEndsAt: c.endsAt,
    validity: { from: c.startsAt, to: c.endsAt },
    ...(c.funding.platformFundedBp ? { platformFundedBp: c.funding.platformFundedBp } : {}),
  };
}

/** Fan audience = active followers of accepted stores, replaced by difference through pricing's setAudience. */
export async function syncFans(trx: Tx, c: CampaignRow): Promise<void> {
  if (!c.fanOffer) return;
  const { audienceId } = pricingIds(c.id);
  const want = await sql<{ id: string }>`SELECT DISTINCT f.consumer_id AS id FROM follows f
    JOIN joint_participants p ON p.store_id = f.target_id AND p.campaign_id = ${c.id} AND p.status = 'accepted'
    WHERE f.target_type = 'store' AND f.unfollowed_at IS NULL`.execute(trx);
  const have = await sql<{ id: string }>`SELECT user_id AS id FROM pricing_audience_members
    WHERE audience_id = ${audienceId}`.execute(trx);
  const w = new Set(want.rows.map((r) => r.id));
  const h = new Set(have.rows.map((r) => r.id));
  const add = [...w].filter((u) => !h.has(u));
  const remove = [...h].filter((u) => !w.has(u));
  if (add.length || remove.length) await setAudience(joinTransaction(trx), audienceId, add, remove);
}

/** Brings the campaign's pricing terms in line with its accepted stores (idempotent). */
export async function syncPricing(trx: Tx, c: CampaignRow): Promise<void> {
  const stores = await acceptedStores(trx, c.id);
  const ids = pricingIds(c.id);
  const db = joinTransaction(trx);
  const P = systemOperatorPrincipal;
  const next = { ...c.pricing };
  if (c.type === 'cross_store_threshold')
    next.offerId = await followStores(trx, 'offer', ids.offerId, stores, () => {
      const body: OfferBody = {
        id: ids.offerId,
        name: c.name,
        kind: 'cross_store_threshold',
        scope: { storeIds: stores },
        startsAt: c.startsAt,
        endsAt: c.endsAt,
        rule: c.rules.rule as OfferBody['rule'],
        ...(c.funding.platformFundedBp ? { platformFundedBp: c.funding.platformFundedBp } : {}),
      };
      return createOffer(db, P, body);
    });
  if (c.type === 'cross_store_coupon') {
    const r = c.rules as { coupon: unknown; quantity: number; perUserLimit?: number };
    next.templateId = await followStores(trx, 'template', ids.templateId, stores, () =>
      createTemplate(
        db,
        P,
        templateBody(c, ids.templateId, r.coupon, r.quantity, r.perUserLimit ?? 1, stores),
      ),
    );
  }
  if (c.fanOffer) {
    const f = c.fanOffer;
    next.fanTemplateId = await followStores(trx, 'template', ids.fanTemplateId, stores, () =>
      createTemplate(db, P, {
        ...templateBody(c, ids.fanTemplateId, f.rule, f.quantity, 1, stores),
        name: `${c.name} (fans)`,
        audienceId: ids.audienceId,
      }),
    );
    await syncFans(trx, c);
  }
  if (JSON.stringify(next) !== JSON.stringify(c.pricing)) {
    await touch(trx, c.id, { pricing: next });
    c.pricing = next;
  }
}

/** A cancelled campaign's terms end (coupons already claimed stay the buyers' until they expire). */
async function endPricing(trx: Tx, c: CampaignRow): Promise<void> {
  const db = joinTransaction(trx);
  const P = systemOperatorPrincipal;
  if (c.pricing.offerId && (await pricingStatus(trx, 'offer', c.pricing.offerId)) !== 'ended')
    await changeOfferStatus(db, P, c.pricing.offerId, 'end');
  for (const id of [c.pricing.templateId, c.pricing.fanTemplateId])
    if (id && (await pricingStatus(trx, 'template', id)) !== 'ended')
      await changeTemplateStatus(db, P, id, 'end');
}

const priced = (validate: TypeHooks['validate']): TypeHooks => ({
  validate,
  onCreate: (trx, _db, c) => syncPricing(trx, c),
  onJoin: (trx, _db, c) => syncPricing(trx, c),
  onLeave: (trx, _db, c) => syncPricing(trx, c),
  onCancel: (trx, _db, c) => endPricing(trx, c),
});

const HOOKS: Record<CampaignType, TypeHooks> = {
  cross_store_threshold: priced(thresholdIssues),
  cross_store_coupon: priced((r) => couponIssues(r.coupon, r.quantity, r.perUserLimit ?? 1, 'rules')),
  shared_decoration: priced((r) =>
    Object.keys(r).map((k) => ({ field: `rules.${k}`, code: 'unknown_field', reason: 'unknown field' })),
  ),
  ad_crowdfunding: adHooks,
};

export const hooksFor = (type: CampaignType): TypeHooks => HOOKS[type];

/** Types anyone eligible may join without an invitation. */
export const OPEN_JOIN: ReadonlySet<CampaignType> = new Set(['ad_crowdfunding']);
