/**
 * Proxy-streaming jobs (代播): the rules of a job's terms and quotes, and its results against the contract.
 * Pure: money is integer fen, rates basis points, instants milliseconds; the caller passes the clock.
 */

export const JOB_STATUSES = ['open', 'awarded', 'closed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const QUOTE_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export interface Issue {
  field: string;
  reason: string;
  code?: string;
}

export interface JobTerms {
  startsOn: string;
  endsOn: string;
  sessions: number;
  hoursPerSession: number;
  fixedFee: number;
  commissionBp: number;
  minFollowers: number;
}

const MAX_FEN = Number.MAX_SAFE_INTEGER;

/** Rule mistakes in a job's terms (the schema has checked the types). */
export function termIssues(t: JobTerms): Issue[] {
  const out: Issue[] = [];
  if (t.endsOn < t.startsOn) out.push({ field: 'endsOn', reason: 'must not be before startsOn' });
  if (!Number.isInteger(t.sessions) || t.sessions < 1 || t.sessions > 1000)
    out.push({ field: 'sessions', reason: 'must be a whole number from 1 to 1000' });
  if (
    !(t.hoursPerSession > 0 && t.hoursPerSession <= 24) ||
    Math.round(t.hoursPerSession * 10) !== t.hoursPerSession * 10
  )
    out.push({
      field: 'hoursPerSession',
      reason: 'must be more than 0 and at most 24, in tenths of an hour',
    });
  out.push(...moneyIssues(t.fixedFee, t.commissionBp));
  if (!Number.isInteger(t.minFollowers) || t.minFollowers < 0)
    out.push({ field: 'minFollowers', reason: 'must be a whole number of at least 0' });
  return out;
}

/** A fee and a rate (of a job or a quote). */
export function moneyIssues(fixedFee: number, commissionBp: number): Issue[] {
  const out: Issue[] = [];
  if (!Number.isSafeInteger(fixedFee) || fixedFee < 0 || fixedFee > MAX_FEN)
    out.push({ field: 'fixedFee', reason: 'must be a whole number of fen, at least 0' });
  if (!Number.isInteger(commissionBp) || commissionBp < 0 || commissionBp > 10_000)
    out.push({ field: 'commissionBp', reason: 'must be whole basis points from 0 to 10000' });
  return out;
}

/** a × b / d rounded half up, exact for any safe integers (BigInt inside). */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const q = (2n * n + BigInt(d)) / (2n * BigInt(d));
  return Number(q);
}

/** Commission on the contract's GMV: gmv × bp / 10000, rounded half up to the fen. */
export const commissionOf = (gmv: number, bp: number) => mulDivHalfUp(gmv, bp, 10_000);

/** Fen of GMV per 1,000 views, rounded half up; 0 without views. */
export const gpmOf = (gmv: number, views: number) => (views > 0 ? mulDivHalfUp(gmv, 1000, views) : 0);

/**
 * On track when the sessions done keep pace with the agreed number over the contract period:
 * done ≥ agreed × elapsed / period, compared in integers (done × period ≥ agreed × elapsed).
 */
export function onTrack(
  done: number,
  agreed: number,
  periodStartMs: number,
  periodEndMs: number,
  nowMs: number,
) {
  const period = periodEndMs - periodStartMs;
  const elapsed = Math.min(Math.max(nowMs - periodStartMs, 0), period);
  return BigInt(done) * BigInt(period) >= BigInt(agreed) * BigInt(elapsed);
}

export interface SessionFacts {
  id: string;
  title: string | null;
  startedAtMs: number;
  /** null while still live. */
  endedAtMs: number | null;
  gmv: number;
  orders: number;
  views: number;
}

export interface Terms {
  sessions: number;
  fixedFee: number;
  commissionBp: number;
  /** The contract period [start, end) as instants. */
  periodStartMs: number;
  periodEndMs: number;
}

/** Hours to two decimals from milliseconds (rounded half up at the hundredth). */
const hoursOf = (ms: number) => mulDivHalfUp(ms, 100, 3_600_000) / 100;

/** The results of a contract from the sessions it covers (sessions done = sessions that have ended). */
export function results(sessions: SessionFacts[], terms: Terms, nowMs: number) {
  let gmv = 0;
  let orders = 0;
  let views = 0;
  let ms = 0;
  let done = 0;
  const rows = sessions.map((s) => {
    const dur = Math.max(0, (s.endedAtMs ?? nowMs) - s.startedAtMs);
    gmv += s.gmv;
    orders += s.orders;
    views += s.views;
    ms += dur;
    if (s.endedAtMs !== null) done++;
    return {
      id: s.id,
      title: s.title,
      startedAt: new Date(s.startedAtMs).toISOString(),
      endedAt: s.endedAtMs === null ? null : new Date(s.endedAtMs).toISOString(),
      hours: hoursOf(dur),
      gmv: s.gmv,
      orders: s.orders,
      views: s.views,
    };
  });
  const commission = commissionOf(gmv, terms.commissionBp);
  return {
    sessions: rows,
    sessionsDone: done,
    sessionsAgreed: terms.sessions,
    hours: hoursOf(ms),
    gmv,
    orders,
    views,
    commission,
    fee: terms.fixedFee,
    total: commission + terms.fixedFee,
    gpm: gpmOf(gmv, views),
    onTrack: onTrack(done, terms.sessions, terms.periodStartMs, terms.periodEndMs, nowMs),
  };
}
export type Results = ReturnType<typeof results>;
