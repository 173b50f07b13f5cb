// Pure helpers of the distribution, commission and ledger pages: rates, statuses, the reconciliation
// sum and the plan form's API body. No React, no I/O: unit-tested in logic.test.ts.
import type {
  FeeKind,
  FeePolicyBody,
  MerchantType,
  LedgerAccount,
  LineStatus,
  PartyType,
  PlanBody,
  PlanKind,
  Plan,
  Reconciliation,
} from '../../api-types';

/** A rate typed as a percentage (12.5) to basis points (1250); undefined stays undefined. */
export const percentToBp = (p: number | null | undefined): number | undefined =>
  p === null || p === undefined || Number.isNaN(p) ? undefined : Math.round(p * 100);

/** Basis points (1250) to the percentage a form shows (12.5). */
export const bpToPercent = (bp: number | null | undefined): number | undefined =>
  bp === null || bp === undefined ? undefined : bp / 100;

export const LINE_STATUS_COLORS: Record<LineStatus, string> = {
  estimated: 'blue',
  completed: 'cyan',
  settleable: 'geekblue',
  settled: 'green',
  paid: 'success',
  invalid: 'default',
};

/** The JD Union style code of a line status (invalid lines carry their reason's code instead). */
export const STATUS_CODES: Record<LineStatus, number> = {
  estimated: 16,
  completed: 17,
  settleable: 18,
  settled: 19,
  paid: 20,
  invalid: 13,
};

export const PLAN_STATUS_COLORS = { active: 'green', paused: 'orange', ended: 'default' } as const;
export const PLAN_KIND_COLORS: Record<PlanKind, string> = {
  open: 'blue',
  targeted: 'purple',
  exclusive: 'magenta',
};

/** Every share of an order: merchant + creator + promoter + agency + leader + platform (net) + refunds. */
export function reconSum(r: Reconciliation): number {
  return r.merchant + r.creator + r.promoter + r.agency + r.leader + r.platform.net + r.refunds;
}

/**
 * OK only when the shares add up to what the buyer paid, exactly, here and on the server, and the
 * platform's net is its fees less its subsidy.
 */
export function reconOk(r: Reconciliation): boolean {
  const net = r.platform.serviceFee + r.platform.transactionFee - r.platform.subsidy;
  return r.balanced && net === r.platform.net && reconSum(r) === r.buyerPaid;
}

/** A balance the way the account's owner reads it: credit-normal balances (owed to them) turn positive. */
export const normalBalance = (a: Pick<LedgerAccount, 'normalSide'>, amount: number): number =>
  a.normalSide === 'credit' ? -amount : amount;

/** The public click address of a share code. */
export const shortLink = (origin: string, code: string): string => `${origin.replace(/\/$/, '')}/c/${code}`;

/** Available to pay out = settled (settled + paid) less what was paid already. */
export const availableOf = (totals: { settled: number; paid: number }): number =>
  totals.settled - totals.paid;

// ---- The plan form ----

export interface PlanFormValues {
  merchantId?: string;
  name?: string;
  kind: PlanKind;
  status?: 'active' | 'paused';
  /** Percentages as typed. */
  defaultRate?: number;
  presaleRate?: number | null;
  couponTemplateId?: string;
  startsAt?: string;
  endsAt?: string | null;
  products?: { productId?: string; rate?: number | null }[];
  parties?: { type?: PartyType; id?: string }[];
  boosts?: { id?: string; name?: string; extra?: number; startsAt?: string; endsAt?: string }[];
}

export function planValues(p: Plan): PlanFormValues {
  return {
    merchantId: p.merchantId,
    name: p.name,
    kind: p.kind,
    defaultRate: bpToPercent(p.defaultRateBp),
    presaleRate: bpToPercent(p.presaleRateBp),
    couponTemplateId: p.couponTemplateId ?? undefined,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    products: p.products.map((x) => ({ productId: x.productId, rate: bpToPercent(x.rateBp) })),
    parties: (p.parties ?? []).map((x) => ({ type: x.type, id: x.id })),
    boosts: p.boosts.map((b) => ({
      id: b.id,
      name: b.name,
      extra: bpToPercent(b.extraBp),
      startsAt: b.startsAt,
      endsAt: b.endsAt,
    })),
  };
}

/**
 * The API body of the form: rates in basis points, empty rows dropped, parties only on targeted and
 * exclusive plans (an open plan refuses them). `forPatch` leaves out what a PATCH cannot change.
 */
export function planBody(v: PlanFormValues, forPatch: boolean): Partial<PlanBody> {
  const products = (v.products ?? [])
    .filter((p) => p.productId)
    .map((p) => {
      const rateBp = percentToBp(p.rate);
      return rateBp === undefined ? { productId: p.productId! } : { productId: p.productId!, rateBp };
    });
  const parties = (v.parties ?? [])
    .filter((p) => p.type && p.id?.trim())
    .map((p) => ({ type: p.type!, id: p.id!.trim() }));
  const boosts = (v.boosts ?? [])
    .filter((b) => b.name || b.extra !== undefined || b.startsAt || b.endsAt)
    .map((b) => ({
      ...(b.id ? { id: b.id } : {}),
      name: b.name ?? '',
      extraBp: percentToBp(b.extra) ?? 0,
      startsAt: b.startsAt ?? '',
      endsAt: b.endsAt ?? '',
    }));
  const body: Partial<PlanBody> = {
    name: v.name?.trim() ?? '',
    defaultRateBp: percentToBp(v.defaultRate) ?? 0,
    presaleRateBp: percentToBp(v.presaleRate) ?? null,
    couponTemplateId: v.kind !== 'open' && v.couponTemplateId?.trim() ? v.couponTemplateId.trim() : null,
    startsAt: v.startsAt ?? '',
    endsAt: v.endsAt ?? null,
    products,
    boosts,
  };
  if (v.kind !== 'open') body.parties = parties;
  if (!forPatch) {
    body.kind = v.kind;
    body.status = v.status ?? 'active';
    if (v.merchantId) body.merchantId = v.merchantId;
  }
  return body;
}

/** API field paths ("products.0.rateBp") to the form's paths ("products.0.rate"), for issues beside fields. */
export function formPath(field: string): string {
  return field
    .replace(/^defaultRateBp$/, 'defaultRate')
    .replace(/^presaleRateBp$/, 'presaleRate')
    .replace(/^products\.(\d+)\.rateBp$/, 'products.$1.rate')
    .replace(/^boosts\.(\d+)\.extraBp$/, 'boosts.$1.extra');
}

// ---- The server's explanations of a refused plan, in the UI language ----

type IssueKey =
  | 'issues.rate'
  | 'issues.endAfterStart'
  | 'issues.partiesNeeded'
  | 'issues.partiesOnOpen'
  | 'issues.listedTwice'
  | 'issues.noProduct'
  | 'issues.foreignProduct'
  | 'issues.noParty'
  | 'issues.exclusiveClash'
  | 'issues.boostOrder'
  | 'issues.boostWindow';

const ISSUE_PATTERNS: {
  re: RegExp;
  key: IssueKey;
  params?: (m: RegExpExecArray) => Record<string, string>;
}[] = [
  {
    re: /must be a whole number of basis points from (\d+) to/,
    key: 'issues.rate',
    params: (m) => ({ min: String(Number(m[1]) / 100) }),
  },
  { re: /^endsAt \(.*\) must be after startsAt/, key: 'issues.endAfterStart' },
  { re: /plan needs at least one party/, key: 'issues.partiesNeeded' },
  { re: /open plan .*part(y|ies)|parties .*open plan/i, key: 'issues.partiesOnOpen' },
  { re: /is listed twice\.$/, key: 'issues.listedTwice' },
  { re: /^there is no product (\S+?)\.?$/, key: 'issues.noProduct', params: (m) => ({ id: m[1] ?? '' }) },
  {
    re: /^product (\S+) is not a product of merchant/,
    key: 'issues.foreignProduct',
    params: (m) => ({ id: m[1] ?? '' }),
  },
  {
    re: /^there is no (creator|agency|promoter) (\S+?)\.?$/,
    key: 'issues.noParty',
    params: (m) => ({ type: m[1] ?? '', id: m[2] ?? '' }),
  },
  {
    re: /^(creator|agency|promoter) (\S+) already has exclusive plan (\S+)/,
    key: 'issues.exclusiveClash',
    params: (m) => ({ party: `${m[1]} ${m[2]}`, plan: m[3] ?? '' }),
  },
  { re: /^the boost must end after it starts/, key: 'issues.boostOrder' },
  { re: /must lie within the plan's window/, key: 'issues.boostWindow' },
];

/** A known server sentence as a translated message; anything else in the server's own words. */
export function planIssueText(
  reason: string,
  t: (key: IssueKey, params?: Record<string, string>) => string,
): string {
  for (const p of ISSUE_PATTERNS) {
    const m = p.re.exec(reason);
    if (m) return t(p.key, p.params?.(m));
  }
  return reason;
}

// ---- The fee policy form ----

export interface FeeFormValues {
  name?: string;
  kind: FeeKind;
  defaultRate?: number | null;
  categories?: { categoryId?: string; rate?: number }[];
  merchantTypes?: MerchantType[];
  scenes?: string[];
  channels?: string[];
  priority?: number;
  startsAt?: string;
  endsAt?: string | null;
}

/** The API body: percentages to basis points, empty restrictions left out (= any). */
export function feePolicyBody(v: FeeFormValues): FeePolicyBody {
  const categoryBp: Record<string, number> = {};
  for (const c of v.categories ?? [])
    if (c.categoryId?.trim() && c.rate !== undefined)
      categoryBp[c.categoryId.trim()] = percentToBp(c.rate) ?? 0;
  return {
    name: v.name?.trim() ?? '',
    kind: v.kind,
    defaultBp: percentToBp(v.defaultRate) ?? null,
    ...(Object.keys(categoryBp).length ? { categoryBp } : {}),
    merchantTypes: v.merchantTypes?.length ? v.merchantTypes : null,
    scenes: v.scenes?.length ? v.scenes : null,
    channels: v.channels?.length ? v.channels : null,
    priority: v.priority ?? 0,
    startsAt: v.startsAt ?? '',
    endsAt: v.endsAt ?? null,
  };
}
