import type { FieldIssue } from '../../../core/errors.ts';
import { COUPON_KINDS, ITEM_KINDS, type Offer, THRESHOLD_KINDS } from './types.ts';

/**
 * Validation that explains mistakes: every issue names the field and says in a sentence what is wrong and
 * why it matters, so the console can show it beside the input. Each issue also carries a stable `code` and
 * the figures of its sentence as `params` (money in fen, rates in basis points, instants as ISO strings,
 * tiers numbered from 1), so a client can say the same in its own language without parsing the sentence;
 * the codes are listed in docs/pricing.md. Pure; runs on input that passed the request schema (types are
 * right, meaning is not yet checked) or on what is left of a body once the parts that failed it are removed.
 * Checks that need the database (store ownership, list prices) are the service's.
 */

/** A coupon template as the API takes it: the coupon's terms plus quantities, claim window and validity. */
export interface CouponTemplateInput {
  name: string;
  kind: string;
  merchantId?: string;
  scope: Offer['scope'];
  rule: { type: string; min?: number; off?: number; rateBp?: number; maxOff?: number };
  platformFundedBp?: number;
  channel?: { promoterId?: string; creatorId?: string };
  liveSessionId?: string;
  totalQuantity: number;
  perUserLimit?: number;
  perUserDailyLimit?: number;
  perDayLimit?: number;
  claimStartsAt: string;
  claimEndsAt: string;
  validity: { from?: string; to?: string; days?: number };
}

type Loose = Record<string, unknown>;
const has = (o: Loose, k: string) => o[k] !== undefined && o[k] !== null;
const num = (o: Loose, k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`;
const zhe = (bp: number) => `${bp / 1000}折`;

const ITEM_RULES = ['price', 'off', 'rate'];
const RULE_FIELDS: Record<string, string[]> = {
  price: ['price', 'skuPrices'],
  off: ['off'],
  rate: ['rateBp'],
  amount_tiers: ['tiers'],
  amount_every: ['every', 'off', 'cap'],
  percent_tiers: ['tiers'],
  qty_percent_tiers: ['tiers'],
  qty_fixed_price: ['qty', 'price'],
  buy_x_get_y: ['buy', 'get', 'maxApplications'],
};
const TIER_FIELDS: Record<string, string[]> = {
  amount_tiers: ['min', 'off'],
  percent_tiers: ['min', 'rateBp'],
  qty_percent_tiers: ['minQty', 'rateBp'],
};
const RULE_NAMES: Record<string, string> = {
  price: 'a fixed-price rule',
  off: 'an amount-off rule',
  rate: 'a rate rule',
  amount_tiers: 'a tiered amount rule (满减)',
  amount_every: 'an every-X-off-Y rule (每满减)',
  percent_tiers: 'a tiered percentage rule (满折)',
  qty_percent_tiers: 'a quantity discount rule (N件M折)',
  qty_fixed_price: 'an N-for-a-price rule (N元任选M件)',
  buy_x_get_y: 'a buy-X-get-Y rule',
};

type Params = Record<string, string | number>;

class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, code: string, params: Params, reason: string) {
    this.list.push({ field, reason, code, params });
  }
}

/** An instant as an ISO string in UTC; what was given when it does not parse. */
const isoOf = (s: string) => {
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : s;
};

/** The 1-based tier number of a field under rule.tiers, for params. */
const tierOf = (field: string): Params => {
  const m = /^rule\.tiers\.(\d+)\./.exec(field);
  return m ? { tier: Number(m[1]) + 1 } : {};
};

/** Which window ends before it starts: `window` in the params of `end_before_start`. */
type Window = 'offer' | 'balance' | 'claim' | 'validity';
const WINDOW_NAMES: Record<Window, string> = {
  offer: 'the offer',
  balance: 'the balance payment window',
  claim: 'the claim window',
  validity: 'the validity',
};

function checkWindow(
  out: Issues,
  from: string,
  to: string,
  fromField: string,
  toField: string,
  window: Window,
) {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isFinite(a) && Number.isFinite(b) && b <= a)
    out.add(
      toField,
      'end_before_start',
      { window, end: isoOf(to), start: isoOf(from), startField: fromField },
      `${toField} (${to}) must be after ${fromField} (${from}): ${WINDOW_NAMES[window]} would end before it starts.`,
    );
}

function checkRate(out: Issues, field: string, bp: number | undefined, required: boolean) {
  if (bp === undefined) {
    if (required)
      out.add(
        field,
        'required',
        { ...tierOf(field), what: 'rate' },
        `${field} is required: the rate in basis points, e.g. 9000 for 9折 (10% off).`,
      );
    return;
  }
  if (!Number.isInteger(bp) || bp < 1 || bp > 9999)
    out.add(
      field,
      'rate_out_of_range',
      { ...tierOf(field), rateBp: bp, min: 1, max: 9999 },
      `${field} is ${bp} but must be between 1 and 9999 basis points of the price paid (9000 = 9折, 10% off); ` +
        '10000 or more would be no discount at all.',
    );
}

/**
 * A count or an amount that must be given and at least 1. `what` is a word for the params (`threshold`,
 * `saving`, `price`, `stock`, …) and `explain` the sentence's description of it.
 */
function checkPositive(out: Issues, field: string, v: number | undefined, what: string, explain: string) {
  if (v === undefined)
    out.add(field, 'required', { ...tierOf(field), what }, `${field} is required: ${explain}.`);
  else if (!Number.isInteger(v) || v < 1)
    out.add(
      field,
      'min_one',
      { ...tierOf(field), what, value: v },
      `${field} must be at least 1 (${explain}), not ${v}.`,
    );
}

function checkFunding(out: Issues, bp: number | undefined) {
  if (bp !== undefined && (!Number.isInteger(bp) || bp < 0 || bp > 10000))
    out.add(
      'platformFundedBp',
      'funding_out_of_range',
      { platformFundedBp: bp, min: 0, max: 10000 },
      `platformFundedBp is ${bp} but must be between 0 and 10000: the platform's share of the discount in basis points.`,
    );
}

function checkScope(out: Issues, scope: Loose | undefined) {
  if (!scope) return;
  const exclude = (scope.exclude ?? {}) as Loose;
  for (const k of ['skuIds', 'productIds', 'categoryIds', 'brandIds']) {
    const inc = (scope[k] as string[] | undefined) ?? [];
    const exc = new Set((exclude[k] as string[] | undefined) ?? []);
    const both = inc.filter((x) => exc.has(x));
    if (both.length)
      out.add(
        `scope.exclude.${k}`,
        'scope_included_and_excluded',
        { list: k, ids: both.slice(0, 3).join(', '), count: both.length },
        `scope.exclude.${k} also lists ${both.slice(0, 3).join(', ')}, which scope.${k} includes: ` +
          'an item cannot be both in scope and excluded.',
      );
  }
  const stores = scope.storeIds as string[] | undefined;
  if (stores && stores.length === 0)
    out.add(
      'scope.storeIds',
      'scope_stores_empty',
      {},
      'scope.storeIds is empty: leave it out for every store, or list at least one store.',
    );
}

function checkTiers(out: Issues, type: string, tiers: Loose[] | undefined) {
  if (!tiers || tiers.length === 0) {
    out.add(
      'rule.tiers',
      'tiers_required',
      { ruleType: type },
      `rule.tiers needs at least one tier for ${RULE_NAMES[type]}.`,
    );
    return;
  }
  const allowed = TIER_FIELDS[type]!;
  tiers.forEach((t, i) => {
    const f = `rule.tiers.${i}`;
    for (const k of Object.keys(t))
      if (!allowed.includes(k) && has(t, k))
        out.add(
          `${f}.${k}`,
          'rule_field_unused',
          { tier: i + 1, ruleType: type, name: k, allowed: allowed.join(', ') },
          `${f}.${k} is not used by ${RULE_NAMES[type]}; its tiers take ${allowed.join(' and ')}.`,
        );
    if (type === 'amount_tiers') {
      const min = num(t, 'min');
      const off = num(t, 'off');
      checkPositive(out, `${f}.min`, min, 'threshold', 'the threshold in fen');
      checkPositive(out, `${f}.off`, off, 'saving', 'the saving in fen');
      if (min !== undefined && off !== undefined && min >= 1 && off >= min)
        out.add(
          `${f}.off`,
          'tier_off_not_below_min',
          { tier: i + 1, min, off },
          `${f}.off (${yuan(off)}) must be less than ${f}.min (${yuan(min)}): 满${yuan(min)}减${yuan(off)} would ` +
            'make the goods free or pay the buyer.',
        );
    } else {
      if (type === 'percent_tiers')
        checkPositive(out, `${f}.min`, num(t, 'min'), 'threshold', 'the threshold in fen');
      else
        checkPositive(
          out,
          `${f}.minQty`,
          num(t, 'minQty'),
          'quantity',
          'the number of items that reaches this tier',
        );
      checkRate(out, `${f}.rateBp`, num(t, 'rateBp'), true);
    }
  });
  const key = type === 'qty_percent_tiers' ? 'minQty' : 'min';
  for (let i = 1; i < tiers.length; i++) {
    const prev = tiers[i - 1]!;
    const cur = tiers[i]!;
    const a = num(prev, key);
    const b = num(cur, key);
    if (a !== undefined && b !== undefined && b <= a) {
      out.add(
        `rule.tiers.${i}.${key}`,
        'tier_min_not_increasing',
        {
          tier: i + 1,
          prevTier: i,
          value: b,
          prevValue: a,
          unit: key === 'minQty' ? 'items' : 'fen',
        },
        `rule.tiers.${i}.${key} (${b}) must be greater than rule.tiers.${i - 1}.${key} (${a}): list tiers from the ` +
          'lowest threshold up, each threshold once, so they do not overlap.',
      );
      continue;
    }
    if (type === 'amount_tiers') {
      const x = num(prev, 'off');
      const y = num(cur, 'off');
      if (x !== undefined && y !== undefined && y <= x)
        out.add(
          `rule.tiers.${i}.off`,
          'tier_off_not_increasing',
          { tier: i + 1, prevTier: i, off: y, prevOff: x },
          `rule.tiers.${i}.off (${yuan(y)}) must be more than rule.tiers.${i - 1}.off (${yuan(x)}): a higher ` +
            'threshold has to save more, otherwise the lower tier already covers it.',
        );
    } else {
      const x = num(prev, 'rateBp');
      const y = num(cur, 'rateBp');
      if (x !== undefined && y !== undefined && y >= x)
        out.add(
          `rule.tiers.${i}.rateBp`,
          'tier_rate_not_deeper',
          { tier: i + 1, prevTier: i, rateBp: y, prevRateBp: x },
          `rule.tiers.${i}.rateBp (${zhe(y)}) must be lower than rule.tiers.${i - 1}.rateBp (${zhe(x)}): a higher ` +
            'tier has to give a deeper discount.',
        );
    }
  }
}

function checkRule(out: Issues, kind: string, rule: Loose) {
  const type = String(rule.type);
  // No known type: the schema says so (a half-filled form); the fields cannot be judged without one.
  if (!Object.hasOwn(RULE_FIELDS, type)) return;
  const item = (ITEM_KINDS as readonly string[]).includes(kind);
  if (item && !ITEM_RULES.includes(type)) {
    out.add(
      'rule.type',
      'threshold_rule_on_item_offer',
      { ruleType: type, kind },
      `rule.type ${type} is a threshold rule; a ${kind} offer sets the item's price with a price, off or rate rule.`,
    );
    return;
  }
  if (!item && ITEM_RULES.includes(type)) {
    out.add(
      'rule.type',
      'item_rule_on_threshold_offer',
      { ruleType: type, kind },
      `rule.type ${type} is an item price rule; a ${kind} offer needs a threshold rule (amount_tiers, amount_every, ` +
        'percent_tiers, qty_percent_tiers, qty_fixed_price or buy_x_get_y).',
    );
    return;
  }
  const allowed = RULE_FIELDS[type] ?? [];
  for (const k of Object.keys(rule))
    if (k !== 'type' && has(rule, k) && !allowed.includes(k))
      out.add(
        `rule.${k}`,
        'rule_field_unused',
        { ruleType: type, name: k, allowed: allowed.join(', ') },
        `rule.${k} is not used by ${RULE_NAMES[type]}; it takes ${allowed.join(', ')}.`,
      );
  switch (type) {
    case 'price': {
      checkPositive(out, 'rule.price', num(rule, 'price'), 'price', 'the offer price in fen');
      for (const [sku, p] of Object.entries((rule.skuPrices ?? {}) as Record<string, number>))
        if (p < 1)
          out.add(
            `rule.skuPrices.${sku}`,
            'min_one',
            { what: 'price', value: p, sku },
            `rule.skuPrices.${sku} must be at least 1 fen, not ${p}.`,
          );
      break;
    }
    case 'off':
      checkPositive(out, 'rule.off', num(rule, 'off'), 'saving', 'the amount off each item in fen');
      break;
    case 'rate':
      checkRate(out, 'rule.rateBp', num(rule, 'rateBp'), true);
      break;
    case 'amount_tiers':
    case 'percent_tiers':
    case 'qty_percent_tiers':
      checkTiers(out, type, rule.tiers as Loose[] | undefined);
      break;
    case 'amount_every': {
      const every = num(rule, 'every');
      const off = num(rule, 'off');
      const cap = num(rule, 'cap');
      checkPositive(out, 'rule.every', every, 'step', 'the step in fen (每满 X)');
      checkPositive(out, 'rule.off', off, 'saving', 'the saving per step in fen (减 Y)');
      if (every && off && every >= 1 && off >= every)
        out.add(
          'rule.off',
          'every_off_not_below_step',
          { every, off },
          `rule.off (${yuan(off)}) must be less than rule.every (${yuan(every)}): 每满${yuan(every)}减${yuan(off)} ` +
            'would make the goods free.',
        );
      if (cap !== undefined && off !== undefined && cap < off)
        out.add(
          'rule.cap',
          'cap_below_step',
          { cap, off },
          `rule.cap (${yuan(cap)}) is below one step's saving (${yuan(off)}): no step could apply.`,
        );
      break;
    }
    case 'qty_fixed_price': {
      const qty = num(rule, 'qty');
      checkPositive(out, 'rule.qty', qty, 'quantity', 'how many items the fixed price buys');
      checkPositive(out, 'rule.price', num(rule, 'price'), 'price', 'the price of the group in fen');
      break;
    }
    case 'buy_x_get_y': {
      checkPositive(out, 'rule.buy', num(rule, 'buy'), 'quantity', 'items the buyer pays for in each group');
      checkPositive(out, 'rule.get', num(rule, 'get'), 'quantity', 'items given free in each group');
      const max = num(rule, 'maxApplications');
      if (max !== undefined && (!Number.isInteger(max) || max < 1))
        out.add(
          'rule.maxApplications',
          'min_one',
          { what: 'count', value: max },
          `rule.maxApplications must be at least 1 when given, not ${max}; leave it out for no limit.`,
        );
      break;
    }
  }
}

/** Every problem of an offer, with the field and a sentence saying what to change. */
export function validateOffer(offer: Offer): FieldIssue[] {
  const out = new Issues();
  const o = offer as unknown as Loose;
  const kind = String(o.kind);
  const item = (ITEM_KINDS as readonly string[]).includes(kind);
  const threshold = (THRESHOLD_KINDS as readonly string[]).includes(kind);
  if (!item && !threshold) {
    out.add(
      'kind',
      'unknown_kind',
      { kind },
      `kind ${kind} is not an offer kind; use one of ${[...ITEM_KINDS, ...THRESHOLD_KINDS].join(', ')}.`,
    );
    return out.list;
  }
  checkWindow(out, String(o.startsAt), String(o.endsAt), 'startsAt', 'endsAt', 'offer');
  const scope = o.scope as Loose | undefined;
  checkScope(out, scope);
  const stores = (scope?.storeIds as string[] | undefined) ?? [];
  const platformKind = kind === 'cross_store_threshold' || kind === 'platform_threshold';
  if (platformKind && has(o, 'merchantId'))
    out.add(
      'merchantId',
      'merchant_not_allowed',
      { kind },
      `merchantId must be left out: a ${kind} offer is run by the platform, not by one merchant.`,
    );
  if (kind === 'store_threshold' && !has(o, 'merchantId'))
    out.add(
      'merchantId',
      'merchant_required',
      { kind },
      'merchantId is required: a store_threshold offer belongs to the merchant whose stores it covers.',
    );
  if (kind === 'store_threshold' && stores.length === 0)
    out.add(
      'scope.storeIds',
      'stores_required',
      { kind },
      'scope.storeIds is required: name the store (or stores) whose orders this threshold counts.',
    );
  if (kind === 'cross_store_threshold' && stores.length < 2)
    out.add(
      'scope.storeIds',
      'two_stores_required',
      { kind, count: stores.length },
      'scope.storeIds must list at least two stores for a cross-store offer (跨店满减); for every store use platform_threshold.',
    );
  // Item offers without a merchant are the platform's (e.g. a platform new-customer price across stores).
  if (item && has(o, 'merchantId') && stores.length === 0)
    out.add(
      'scope.storeIds',
      'stores_required',
      { kind },
      `scope.storeIds is required: name the merchant's store(s) whose items the ${kind} offer prices.`,
    );
  checkFunding(out, num(o, 'platformFundedBp'));
  if (o.rule && typeof o.rule === 'object') checkRule(out, kind, o.rule as Loose);

  const stock = num(o, 'stockLeft');
  const limit = num(o, 'perUserLimit');
  if (kind === 'flash_sale') {
    checkPositive(out, 'stockLeft', stock, 'stock', 'how many units are for sale at the flash price');
    checkPositive(out, 'perUserLimit', limit, 'limit', 'how many units one buyer may buy at the flash price');
    if (stock !== undefined && limit !== undefined && limit > stock && stock >= 1)
      out.add(
        'perUserLimit',
        'limit_over_stock',
        { limit, stock },
        `perUserLimit (${limit}) is more than the whole stock (${stock}).`,
      );
  } else {
    if (stock !== undefined)
      out.add(
        'stockLeft',
        'only_for_kind',
        { name: 'stockLeft', kind, for: 'flash_sale' },
        'stockLeft is only for flash_sale offers; other offers have no stock of their own.',
      );
    if (limit !== undefined)
      out.add(
        'perUserLimit',
        'only_for_kind',
        { name: 'perUserLimit', kind, for: 'flash_sale' },
        'perUserLimit is only for flash_sale offers.',
      );
  }
  if (has(o, 'liveSessionId') && kind !== 'live_price')
    out.add(
      'liveSessionId',
      'only_for_kind',
      { name: 'liveSessionId', kind, for: 'live_price' },
      'liveSessionId is only for live_price offers.',
    );

  const presale = o.presale as Loose | undefined;
  if (kind === 'presale') {
    if (!presale)
      out.add(
        'presale',
        'presale_required',
        { kind },
        'presale is required: the deposit per unit, what it is worth, and the balance payment window.',
      );
    else {
      const dep = num(presale, 'depositPerUnit');
      const worth = num(presale, 'worthPerUnit');
      checkPositive(out, 'presale.depositPerUnit', dep, 'deposit', 'the deposit per unit in fen');
      if (dep !== undefined && worth !== undefined && worth < dep)
        out.add(
          'presale.worthPerUnit',
          'worth_below_deposit',
          { worth, deposit: dep },
          `presale.worthPerUnit (${yuan(worth)}) is less than the deposit (${yuan(dep)}): a deposit is worth at least ` +
            'what was paid (equal = plain deduction, more = 定金膨胀).',
        );
      const bs = String(presale.balanceStartsAt);
      checkWindow(
        out,
        bs,
        String(presale.balanceEndsAt),
        'presale.balanceStartsAt',
        'presale.balanceEndsAt',
        'balance',
      );
      if (Date.parse(bs) < Date.parse(String(o.startsAt)))
        out.add(
          'presale.balanceStartsAt',
          'balance_before_start',
          { balanceStartsAt: isoOf(bs), startsAt: isoOf(String(o.startsAt)) },
          `presale.balanceStartsAt (${bs}) is before the offer starts (${String(o.startsAt)}): the balance is paid after the deposit.`,
        );
    }
  } else if (presale)
    out.add(
      'presale',
      'only_for_kind',
      { name: 'presale', kind, for: 'presale' },
      'presale is only for presale offers.',
    );
  return out.list;
}

/** Every problem of a coupon template, with the field and a sentence saying what to change. */
export function validateCouponTemplate(t: CouponTemplateInput): FieldIssue[] {
  const out = new Issues();
  const o = t as unknown as Loose;
  const kind = String(o.kind);
  if (!(COUPON_KINDS as readonly string[]).includes(kind)) {
    out.add(
      'kind',
      'unknown_kind',
      { kind },
      `kind ${kind} is not a coupon kind; use one of ${COUPON_KINDS.join(', ')}.`,
    );
    return out.list;
  }
  const scope = o.scope as Loose | undefined;
  checkScope(out, scope);
  const stores = (scope?.storeIds as string[] | undefined) ?? [];
  const platformKind = kind === 'platform' || kind === 'cross_store';
  if (platformKind && has(o, 'merchantId'))
    out.add(
      'merchantId',
      'merchant_not_allowed',
      { kind },
      `merchantId must be left out: ${kind} coupons are issued by the platform.`,
    );
  if (!platformKind && !has(o, 'merchantId'))
    out.add(
      'merchantId',
      'merchant_required',
      { kind },
      `merchantId is required: a ${kind} coupon is issued by the merchant of its stores.`,
    );
  if (!platformKind && stores.length === 0)
    out.add(
      'scope.storeIds',
      'stores_required',
      { kind },
      `scope.storeIds is required: name the store(s) where this ${kind} coupon can be used.`,
    );
  if (kind === 'cross_store' && stores.length < 2)
    out.add(
      'scope.storeIds',
      'two_stores_required',
      { kind, count: stores.length },
      'scope.storeIds must list at least two stores for a cross-store coupon; for every store use platform.',
    );
  if (
    kind === 'product' &&
    scope &&
    !['skuIds', 'productIds', 'categoryIds', 'brandIds'].some((k) => ((scope[k] as unknown[]) ?? []).length)
  )
    out.add(
      'scope.productIds',
      'item_filter_required',
      { kind },
      'a product coupon needs an item filter: scope.skuIds, productIds, categoryIds or brandIds.',
    );
  if (kind === 'channel') {
    const ch = o.channel as Loose | undefined;
    if (!ch || (!has(ch, 'promoterId') && !has(ch, 'creatorId')))
      out.add(
        'channel',
        'channel_required',
        { kind },
        'channel needs a promoterId or a creatorId: the coupon is usable only on orders attributed to them.',
      );
  } else if (has(o, 'channel'))
    out.add(
      'channel',
      'only_for_kind',
      { name: 'channel', kind, for: 'channel' },
      'channel is only for channel coupons.',
    );
  if (has(o, 'liveSessionId') && kind !== 'live')
    out.add(
      'liveSessionId',
      'only_for_kind',
      { name: 'liveSessionId', kind, for: 'live' },
      'liveSessionId is only for live coupons.',
    );
  checkFunding(out, num(o, 'platformFundedBp'));

  const rule = (o.rule ?? {}) as Loose;
  const min = num(rule, 'min') ?? 0;
  if (rule.type === 'amount') {
    const off = num(rule, 'off');
    checkPositive(out, 'rule.off', off, 'saving', 'the amount off in fen');
    if (off !== undefined && min > 0 && off >= min)
      out.add(
        'rule.off',
        'coupon_off_not_below_min',
        { min, off },
        `rule.off (${yuan(off)}) must be less than rule.min (${yuan(min)}): 满${yuan(min)}减${yuan(off)} would make ` +
          'the goods free; for a no-threshold coupon (无门槛) set min to 0.',
      );
    for (const k of ['rateBp', 'maxOff'])
      if (has(rule, k))
        out.add(
          `rule.${k}`,
          'rule_field_unused',
          { ruleType: 'amount', name: k, allowed: 'min, off' },
          `rule.${k} is not used by an amount coupon; it takes min and off.`,
        );
  } else if (rule.type === 'percent') {
    checkRate(out, 'rule.rateBp', num(rule, 'rateBp'), true);
    const maxOff = num(rule, 'maxOff');
    if (maxOff !== undefined && maxOff < 1)
      out.add(
        'rule.maxOff',
        'min_one',
        { what: 'cap', value: maxOff },
        'rule.maxOff must be at least 1 fen when given.',
      );
    if (has(rule, 'off'))
      out.add(
        'rule.off',
        'rule_field_unused',
        { ruleType: 'percent', name: 'off', allowed: 'min, rateBp, maxOff' },
        'rule.off is not used by a percent coupon; it takes min, rateBp and maxOff.',
      );
  }

  const total = num(o, 'totalQuantity');
  checkPositive(out, 'totalQuantity', total, 'quantity', 'how many coupons may be claimed in all');
  const perUser = num(o, 'perUserLimit');
  const perUserDay = num(o, 'perUserDailyLimit');
  const perDay = num(o, 'perDayLimit');
  if (perUser !== undefined)
    checkPositive(out, 'perUserLimit', perUser, 'limit', 'coupons one buyer may claim');
  if (perUserDay !== undefined)
    checkPositive(out, 'perUserDailyLimit', perUserDay, 'limit', 'coupons one buyer may claim per day');
  if (perDay !== undefined)
    checkPositive(out, 'perDayLimit', perDay, 'limit', 'coupons all buyers may claim per day');
  if (total !== undefined && total >= 1) {
    if (perUser !== undefined && perUser > total)
      out.add(
        'perUserLimit',
        'per_user_over_total',
        { limit: perUser, total },
        `perUserLimit (${perUser}) is more than totalQuantity (${total}): one buyer could never claim that many.`,
      );
    if (perDay !== undefined && perDay > total)
      out.add(
        'perDayLimit',
        'per_day_over_total',
        { limit: perDay, total },
        `perDayLimit (${perDay}) is more than totalQuantity (${total}).`,
      );
  }
  if (perUserDay !== undefined && perUserDay > (perUser ?? 1))
    out.add(
      'perUserDailyLimit',
      'daily_over_per_user',
      { daily: perUserDay, limit: perUser ?? 1, defaultLimit: perUser === undefined ? 1 : 0 },
      `perUserDailyLimit (${perUserDay}) is more than perUserLimit (${perUser ?? 1}${perUser === undefined ? ', the default' : ''}): ` +
        'the daily limit could never be reached.',
    );
  checkWindow(out, String(o.claimStartsAt), String(o.claimEndsAt), 'claimStartsAt', 'claimEndsAt', 'claim');

  const v = (o.validity ?? {}) as Loose;
  const fixed = has(v, 'from') || has(v, 'to');
  if (has(v, 'days') && fixed)
    out.add(
      'validity',
      'validity_both',
      {},
      'validity takes either days (valid N days after the claim) or from and to (fixed dates), not both.',
    );
  else if (!fixed && !has(v, 'days'))
    out.add(
      'validity',
      'validity_missing',
      {},
      'validity is missing: give days (valid N days after the claim) or both from and to (fixed dates).',
    );
  else if (fixed && !(has(v, 'from') && has(v, 'to'))) {
    const missing = has(v, 'from') ? 'to' : 'from';
    out.add(
      `validity.${missing}`,
      'validity_incomplete',
      { missing },
      `validity.${missing} is missing: fixed dates need both from and to (or give days instead).`,
    );
  }
  if (has(v, 'days')) {
    const d = num(v, 'days')!;
    if (!Number.isInteger(d) || d < 1 || d > 3650)
      out.add(
        'validity.days',
        'validity_days_out_of_range',
        { days: d, min: 1, max: 3650 },
        `validity.days must be between 1 and 3650, not ${d}.`,
      );
  }
  if (has(v, 'from') && has(v, 'to')) {
    checkWindow(out, String(v.from), String(v.to), 'validity.from', 'validity.to', 'validity');
    if (Date.parse(String(v.to)) <= Date.parse(String(o.claimStartsAt)))
      out.add(
        'validity.to',
        'validity_before_claim',
        { to: isoOf(String(v.to)), claimStartsAt: isoOf(String(o.claimStartsAt)) },
        `validity.to (${String(v.to)}) is not after claimStartsAt (${String(o.claimStartsAt)}): every coupon would be ` +
          'expired when claimed.',
      );
  }
  return out.list;
}
