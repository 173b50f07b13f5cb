// The server explains every mistake in an English sentence naming API fields ("rule.tiers.0.off
// (¥199) must be less than rule.tiers.0.min (¥199)…"). Shown beside the input, the field names
// are noise and a Chinese merchant needs Chinese: known sentences become translated messages with
// their figures; anything else keeps the server's words with field paths made readable.
import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../api-types';
import { formatInstant, formatYuan } from '../../format';

type Params = Record<string, string | number>;
interface Pattern {
  re: RegExp;
  key: string;
  params?: (m: RegExpExecArray) => Params;
}

const tierNo = (s: string | undefined) => Number(s ?? 0) + 1;
/** Tier thresholds arrive as raw fen ("19900") in some sentences and as "¥199" in others. */
const money = (s: string | undefined) => {
  const v = s ?? '';
  return v.startsWith('¥') ? v : /^\d+$/.test(v) ? `¥${formatYuan(Number(v))}` : v;
};
const instant = (s: string | undefined) => (s ? formatInstant(s) : '');

const PATTERNS: Pattern[] = [
  {
    re: /^rule\.tiers\.(\d+)\.off \((¥[\d.]+)\) must be less than rule\.tiers\.\d+\.min \((¥[\d.]+)\)/,
    key: 'issues.tierOffNotBelowMin',
    params: (m) => ({ off: money(m[2]), min: money(m[3]) }),
  },
  {
    re: /^rule\.tiers\.(\d+)\.(min|minQty) \((\d+)\) must be greater than rule\.tiers\.(\d+)\.\w+ \((\d+)\)/,
    key: 'issues.tierOverlap',
    params: (m) => {
      const qty = m[2] === 'minQty';
      const v = (s: string | undefined) => (qty ? String(s) : money(s));
      return { n: tierNo(m[1]), prev: tierNo(m[4]), value: v(m[3]), prevValue: v(m[5]) };
    },
  },
  {
    re: /^rule\.tiers\.(\d+)\.off \((¥[\d.]+)\) must be more than rule\.tiers\.(\d+)\.off \((¥[\d.]+)\)/,
    key: 'issues.tierOffNotIncreasing',
    params: (m) => ({ n: tierNo(m[1]), value: money(m[2]), prev: tierNo(m[3]), prevValue: money(m[4]) }),
  },
  {
    re: /^rule\.tiers\.(\d+)\.rateBp \(([\d.]+)折\) must be lower than rule\.tiers\.(\d+)\.rateBp \(([\d.]+)折\)/,
    key: 'issues.tierRateNotDeeper',
    params: (m) => ({ n: tierNo(m[1]), prev: tierNo(m[3]) }),
  },
  {
    re: /^rule\.off \((¥[\d.]+)\) must be less than rule\.every \((¥[\d.]+)\)/,
    key: 'issues.everyOffNotBelow',
    params: (m) => ({ off: money(m[1]), every: money(m[2]) }),
  },
  {
    re: /^rule\.cap \((¥[\d.]+)\) is below one step's saving \((¥[\d.]+)\)/,
    key: 'issues.capBelowStep',
    params: (m) => ({ cap: money(m[1]), off: money(m[2]) }),
  },
  {
    re: /^rule\.off \((¥[\d.]+)\) must be less than rule\.min \((¥[\d.]+)\)/,
    key: 'issues.couponOffNotBelowMin',
    params: (m) => ({ off: money(m[1]), min: money(m[2]) }),
  },
  {
    re: /^[\w.]+ \(([^)]+)\) must be after [\w.]+ \(([^)]+)\): .* would end before it starts/,
    key: 'issues.endBeforeStart',
    params: (m) => ({ end: instant(m[1]), start: instant(m[2]) }),
  },
  {
    re: /^presale\.balanceStartsAt \(([^)]+)\) is before the offer starts \(([^)]+)\)/,
    key: 'issues.balanceBeforeStart',
    params: (m) => ({ start: instant(m[2]) }),
  },
  {
    re: /^presale\.worthPerUnit \((¥[\d.]+)\) is less than the deposit \((¥[\d.]+)\)/,
    key: 'issues.worthBelowDeposit',
    params: (m) => ({ worth: money(m[1]), deposit: money(m[2]) }),
  },
  {
    re: /^perUserLimit \((\d+)\) is more than the whole stock \((\d+)\)/,
    key: 'issues.limitOverStock',
    params: (m) => ({ limit: m[1] ?? '', stock: m[2] ?? '' }),
  },
  {
    re: /^perUserLimit \((\d+)\) is more than totalQuantity \((\d+)\)/,
    key: 'issues.perUserOverTotal',
    params: (m) => ({ limit: m[1] ?? '', total: m[2] ?? '' }),
  },
  {
    re: /^perDayLimit \((\d+)\) is more than totalQuantity \((\d+)\)/,
    key: 'issues.perDayOverTotal',
    params: (m) => ({ limit: m[1] ?? '', total: m[2] ?? '' }),
  },
  {
    re: /^perUserDailyLimit \((\d+)\) is more than perUserLimit \((\d+)/,
    key: 'issues.dailyOverUser',
    params: (m) => ({ daily: m[1] ?? '', limit: m[2] ?? '' }),
  },
  { re: /rateBp is -?\d+ but must be between 1 and 9999/, key: 'issues.rateRange' },
  { re: /^platformFundedBp must be 0/, key: 'issues.merchantCannotFund' },
  { re: /^platformFundedBp is -?\d+ but must be between 0 and 10000/, key: 'issues.fundingRange' },
  {
    re: /store (\S+) belongs to another merchant/,
    key: 'issues.foreignStore',
    params: (m) => ({ store: m[1] ?? '' }),
  },
  { re: /there is no store (\S+?)\.?$/, key: 'issues.noStore', params: (m) => ({ store: m[1] ?? '' }) },
  { re: /^scope\.storeIds must list at least two stores/, key: 'issues.twoStores' },
  { re: /^scope\.storeIds is required/, key: 'issues.storesRequired' },
  { re: /^scope\.storeIds is empty/, key: 'issues.storesRequired' },
  {
    re: /^scope\.exclude\.\w+ also lists (.+), which/,
    key: 'issues.excludedAndIncluded',
    params: (m) => ({ ids: m[1] ?? '' }),
  },
  { re: /^a product coupon needs an item filter/, key: 'issues.productFilter' },
  { re: /^channel needs a promoterId or a creatorId/, key: 'issues.channelNeeded' },
  { re: /^validity takes either days/, key: 'issues.validityBoth' },
  { re: /^validity is missing/, key: 'issues.validityMissing' },
  { re: /^validity\.days must be between/, key: 'issues.validityDays' },
  { re: /^validity\.to \(([^)]+)\) is not after claimStartsAt/, key: 'issues.validityBeforeClaim' },
  { re: /^merchantId is required/, key: 'issues.merchantRequired' },
  { re: /^merchantId must be left out/, key: 'issues.merchantNotAllowed' },
  { re: /merchants (create item offers|issue product, store)/, key: 'issues.platformKind' },
  { re: /^rule\.maxApplications must be at least 1/, key: 'issues.atLeastOne' },
  { re: /^[\w.]+ is required: /, key: 'issues.required' },
  { re: /^is required$/, key: 'issues.required' },
  { re: /^[\w.]+ must be at least 1\b/, key: 'issues.atLeastOne' },
  { re: /must match pattern/, key: 'issues.idPattern' },
  { re: /^rule\.tiers needs at least one tier/, key: 'issues.oneTier' },
];

/** API field names in the fallback sentence, as words: "rule.tiers.1.min" → "tier 2 threshold". */
function readable(text: string, t: TFunction): string {
  return text
    .replace(/\brule\.tiers\.(\d+)\.(\w+)/g, (_, i: string, f: string) =>
      t('issues.tierField', { n: tierNo(i), field: f }),
    )
    .replace(/\b(?:rule|scope|presale|validity)\.([A-Za-z]+)\b/g, '$1');
}

/** One issue in the UI language, without API field names. */
export function issueText(issue: FieldIssue, t: TFunction): string {
  for (const p of PATTERNS) {
    const m = p.re.exec(issue.reason);
    if (m) return String(t(p.key as never, (p.params?.(m) ?? {}) as never));
  }
  return readable(issue.reason, t);
}
