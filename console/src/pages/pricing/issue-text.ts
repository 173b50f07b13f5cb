// The server explains every mistake in an English sentence naming API fields ("rule.tiers.0.off
// (¥199) must be less than rule.tiers.0.min (¥199)…") and, beside it, a stable `code` with the
// sentence's figures as `params` (money in fen, rates in bp, instants ISO, tiers from 1). Shown
// beside the input, the field names are noise and a Chinese merchant needs Chinese: each known
// code becomes a translated message with its figures; an unknown code keeps the server's words
// with field paths made readable.
import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../api-types';
import { formatInstant, formatPercentOff, formatYuan, formatZhe } from '../../format';

type Params = Record<string, string | number>;
type Values = Record<string, string | number>;
/** The i18n key under `issues.` and its values, from the issue's params. */
type Message = (p: Params) => [key: string, values?: Values];

const money = (v: string | number | undefined) =>
  typeof v === 'number' ? `¥${formatYuan(v)}` : String(v ?? '');
const instant = (v: string | number | undefined) => (typeof v === 'string' ? formatInstant(v) : '');
const text = (v: string | number | undefined) => String(v ?? '');
/** Rates both ways, for each language to pick: "9.5" (折) and "5%" (off). */
const rate = (v: string | number | undefined, name: string): Values =>
  typeof v === 'number'
    ? { [name]: formatZhe(v), [`${name}Pct`]: formatPercentOff(v) }
    : { [name]: '', [`${name}Pct`]: '' };

/** Kinds an `only_for_kind` issue names: offer kinds, else coupon kinds. */
const OFFER_KIND_NAMES = new Set(['flash_sale', 'live_price', 'presale']);

/** What ajv's complaint (params.rule of a `schema` issue) says to a person. */
const SCHEMA_RULES: Record<string, string> = {
  required: 'required',
  unknown_field: 'unknownField',
  pattern: 'idPattern',
  format: 'invalidDate',
  type: 'invalidValue',
  enum: 'invalidValue',
  range: 'invalidValue',
  invalid: 'invalidValue',
  length: 'invalidLength',
  items: 'tooManyItems',
  unique: 'duplicates',
};

const BY_CODE: Record<string, Message> = {
  tier_off_not_below_min: (p) => ['tierOffNotBelowMin', { min: money(p.min), off: money(p.off) }],
  tier_min_not_increasing: (p) =>
    p.unit === 'items'
      ? [
          'tierOverlapQty',
          { n: text(p.tier), prev: text(p.prevTier), value: text(p.value), prevValue: text(p.prevValue) },
        ]
      : [
          'tierOverlap',
          { n: text(p.tier), prev: text(p.prevTier), value: money(p.value), prevValue: money(p.prevValue) },
        ],
  tier_off_not_increasing: (p) => [
    'tierOffNotIncreasing',
    { n: text(p.tier), prev: text(p.prevTier), value: money(p.off), prevValue: money(p.prevOff) },
  ],
  tier_rate_not_deeper: (p) => [
    'tierRateNotDeeper',
    { n: text(p.tier), prev: text(p.prevTier), ...rate(p.rateBp, 'rate'), ...rate(p.prevRateBp, 'prevRate') },
  ],
  every_off_not_below_step: (p) => ['everyOffNotBelow', { every: money(p.every), off: money(p.off) }],
  cap_below_step: (p) => ['capBelowStep', { cap: money(p.cap), off: money(p.off) }],
  coupon_off_not_below_min: (p) => ['couponOffNotBelowMin', { min: money(p.min), off: money(p.off) }],
  end_before_start: (p) => ['endBeforeStart', { start: instant(p.start), end: instant(p.end) }],
  balance_before_start: (p) => ['balanceBeforeStart', { start: instant(p.startsAt) }],
  worth_below_deposit: (p) => ['worthBelowDeposit', { worth: money(p.worth), deposit: money(p.deposit) }],
  limit_over_stock: (p) => ['limitOverStock', { limit: text(p.limit), stock: text(p.stock) }],
  per_user_over_total: (p) => ['perUserOverTotal', { limit: text(p.limit), total: text(p.total) }],
  per_day_over_total: (p) => ['perDayOverTotal', { limit: text(p.limit), total: text(p.total) }],
  daily_over_per_user: (p) => ['dailyOverUser', { daily: text(p.daily), limit: text(p.limit) }],
  rate_out_of_range: () => ['rateRange'],
  merchant_cannot_fund: () => ['merchantCannotFund'],
  funding_out_of_range: () => ['fundingRange'],
  foreign_store: (p) => ['foreignStore', { store: text(p.store) }],
  unknown_store: (p) => ['noStore', { store: text(p.store) }],
  two_stores_required: () => ['twoStores'],
  stores_required: () => ['storesRequired'],
  scope_stores_empty: () => ['storesRequired'],
  scope_included_and_excluded: (p) => ['excludedAndIncluded', { ids: text(p.ids) }],
  item_filter_required: () => ['productFilter'],
  channel_required: () => ['channelNeeded'],
  validity_both: () => ['validityBoth'],
  validity_missing: () => ['validityMissing'],
  validity_incomplete: () => ['validityIncomplete'],
  validity_days_out_of_range: (p) => ['validityDays', { days: text(p.days) }],
  validity_before_claim: (p) => ['validityBeforeClaim', { claimStart: instant(p.claimStartsAt) }],
  merchant_required: () => ['merchantRequired'],
  merchant_not_allowed: () => ['merchantNotAllowed'],
  platform_kind: () => ['platformKind'],
  not_own_merchant: (p) => ['notOwnMerchant', { merchantId: text(p.merchantId) }],
  required: () => ['required'],
  min_one: () => ['atLeastOne'],
  tiers_required: () => ['oneTier'],
  threshold_rule_on_item_offer: () => ['ruleForItemOffer'],
  item_rule_on_threshold_offer: () => ['ruleForThresholdOffer'],
  rule_field_unused: () => ['fieldUnused'],
  presale_required: () => ['presaleRequired'],
  unknown_kind: () => ['unknownKind'],
  not_clearable: () => ['notClearable'],
  frozen_after_claim: (p) => ['frozenAfterClaim', { claimed: text(p.claimed) }],
  total_below_claimed: (p) => ['totalBelowClaimed', { claimed: text(p.claimed) }],
  version_conflict: (p) => ['versionConflict', { version: text(p.version) }],
  ended: () => ['ended'],
  id_taken: (p) => ['idTaken', { id: text(p.id) }],
  merchant_cannot_change: () => ['merchantCannotChange'],
};

/**
 * Schema complaints from the create and update routes come from the API's generic 400 handler,
 * which has no codes: its two fixed phrases (and ajv's id pattern) are still understood.
 */
function codelessSchemaKey(reason: string): string | undefined {
  if (reason === 'is required') return 'required';
  if (reason === 'unknown field') return 'unknownField';
  if (reason.startsWith('must match pattern')) return 'idPattern';
  return undefined;
}

/** API field names in the fallback sentence, as words: "rule.tiers.1.min" → "tier 2 min". */
function readable(sentence: string, t: TFunction): string {
  return sentence
    .replace(/\brule\.tiers\.(\d+)\.(\w+)/g, (_, i: string, f: string) =>
      t('issues.tierField', { n: Number(i) + 1, field: f }),
    )
    .replace(/\b(?:rule|scope|presale|validity)\.([A-Za-z]+)\b/g, '$1');
}

const say = (t: TFunction, key: string, values: Values = {}) =>
  String(t(`issues.${key}` as never, values as never));

/** One issue in the UI language, without API field names. */
export function issueText(issue: FieldIssue, t: TFunction): string {
  const params = issue.params ?? {};
  if (issue.code === 'schema') {
    const key = SCHEMA_RULES[String(params.rule)];
    if (key) return say(t, key);
  } else if (issue.code === 'only_for_kind') {
    const kind = String(params.for);
    const name = t(
      (OFFER_KIND_NAMES.has(kind) ? `pricing.offerKind.${kind}` : `pricing.couponKind.${kind}`) as never,
    );
    return say(t, 'onlyForKind', { kind: String(name) });
  } else if (issue.code) {
    const message = BY_CODE[issue.code];
    if (message) {
      const [key, values] = message(params);
      return say(t, key, values);
    }
  } else {
    const key = codelessSchemaKey(issue.reason);
    if (key) return say(t, key);
  }
  return readable(issue.reason, t);
}
