// Shapes of the creator-marketplace API (src/modules/live/market.routes.ts and match.routes.ts, per the issue-7
// contract) as the console uses them: sample requests (寄样), proxy-streaming jobs (代播) and recommendations.

export const SAMPLE_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'shipped',
  'received',
  'fulfilled',
  'overdue',
  'returned',
] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

export interface SampleHistoryEntry {
  status: SampleStatus;
  at: string;
  /** Who moved it (a user id or label); null for the policy applied at request time. */
  by: string | null;
}

export interface SampleContent {
  type: 'live' | 'video';
  sessionId: string | null;
  url: string | null;
}

export interface Sample {
  id: string;
  productId: string;
  productTitle: string;
  storeId: string;
  storeName: string;
  merchantId: string;
  creatorId: string;
  creatorName: string;
  creatorFollowers: number;
  creatorScore: number | null;
  note?: string | null;
  /** The policy's terms when the creator asked. */
  contentDays?: number;
  requireReturn?: boolean;
  status: SampleStatus;
  reasonCode: string | null;
  reason: string | null;
  carrier: string | null;
  trackingNo: string | null;
  requestedAt: string;
  decidedAt: string | null;
  shippedAt: string | null;
  receivedAt: string | null;
  /** 'YYYY-MM-DD': content is due by the end of this day. */
  contentDueOn: string | null;
  fulfilledAt: string | null;
  fulfilledLate?: boolean;
  content: SampleContent | null;
  returnCarrier?: string | null;
  returnTrackingNo?: string | null;
  returnedAt: string | null;
  history: SampleHistoryEntry[];
}

export interface SampleList {
  items: Sample[];
  total: number;
  counts: Partial<Record<SampleStatus, number>>;
}

export interface SamplePolicy {
  merchantId: string;
  /** Word-of-mouth score 3.00–5.00; 0 = no minimum. */
  minCreatorScore: number;
  minFollowers: number;
  autoApprove: boolean;
  contentDays: number;
  requireReturn: boolean;
}

export const JOB_STATUSES = ['open', 'awarded', 'closed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const QUOTE_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export interface Contract {
  id: string;
  jobId: string;
  quoteId: string;
  agencyId: string | null;
  creatorId: string;
  fixedFee: number;
  commissionBp: number;
  startsOn: string;
  endsOn: string;
  signedAt: string;
}

export interface Quote {
  id: string;
  jobId: string;
  bidderType: 'agency' | 'creator';
  bidderId: string;
  bidderName: string;
  creatorId: string;
  creatorName: string;
  creatorFollowers: number;
  creatorScore: number | null;
  fixedFee: number;
  commissionBp: number;
  note: string | null;
  status: QuoteStatus;
  createdAt: string;
}

export interface JobResultSession {
  id: string;
  title: string | null;
  startedAt: string | null;
  endedAt: string | null;
  hours: number;
  gmv: number;
  orders: number;
  views: number;
}

export interface JobResults {
  sessions: JobResultSession[];
  sessionsDone: number;
  sessionsAgreed: number;
  hours: number;
  gmv: number;
  orders: number;
  commission: number;
  fee: number;
  total: number;
  gpm: number;
  onTrack: boolean;
}

export interface Job {
  id: string;
  merchantId: string;
  merchantName: string;
  storeId: string;
  storeName: string;
  title: string;
  categoryId: string;
  categoryName: string;
  startsOn: string;
  endsOn: string;
  sessions: number;
  hoursPerSession: number;
  fixedFee: number;
  commissionBp: number;
  minFollowers: number;
  note: string | null;
  status: JobStatus;
  /** How many quotes the job has (list) — the detail lists them in `quotes`. */
  quotes: number | Quote[];
  createdAt: string;
  contract: Contract | null;
  /** For an agency or creator: whether the merchant invited it, and its latest quote on the job. */
  invited?: boolean;
  myQuote?: MyQuote | null;
}

export interface MyQuote {
  id: string;
  status: QuoteStatus;
  fixedFee: number;
  commissionBp: number;
  creatorId: string;
  creatorName: string;
}

export interface JobDetail extends Omit<Job, 'quotes'> {
  quotes: Quote[];
  results: JobResults | null;
}

export interface JobBody {
  id?: string;
  storeId: string;
  title: string;
  categoryId: string;
  startsOn: string;
  endsOn: string;
  sessions: number;
  hoursPerSession: number;
  fixedFee: number;
  commissionBp: number;
  minFollowers: number;
  note?: string;
}

export interface QuoteBody {
  id?: string;
  creatorId?: string;
  fixedFee: number;
  commissionBp: number;
  note?: string;
}

export interface Bidder {
  creatorId: string;
  name: string;
  followers: number;
  score: number | null;
}

export const REASON_CODES = [
  'category_fit',
  'audience_overlap',
  'word_of_mouth',
  'gpm_history',
  'commission',
  'reach',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface MatchReason {
  code: ReasonCode | string;
  /** category_fit and audience_overlap 0–1, word_of_mouth 3–5 (null without a score), gpm_history fen, commission bp. */
  value: number | null;
  contribution: number;
  text: string;
}

export interface CreatorRec {
  creatorId: string;
  name: string;
  followers: number;
  categories: string[];
  wordOfMouth: number | null;
  gpm: number | null;
  sessions: number;
  score: number;
  reasons: MatchReason[];
}

export interface ProductRec {
  productId: string;
  title: string;
  storeId: string;
  storeName: string;
  price: number;
  rateBp: number;
  score: number;
  reasons: MatchReason[];
}

export interface CreatorRecs {
  storeId: string;
  evaluated: number;
  items: CreatorRec[];
}

export interface ProductRecs {
  creatorId: string;
  evaluated: number;
  items: ProductRec[];
}

/** The few fields of a live session (GET /v1/live/sessions) the fulfil form and job results need. */
export interface SessionLite {
  id: string;
  storeId: string;
  storeName: string;
  title: string | null;
  status: 'scheduled' | 'live' | 'ended';
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
}
