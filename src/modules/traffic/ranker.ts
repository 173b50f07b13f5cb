import type { Database } from '../../core/db.ts';
import { badRequest } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { businessDay, dayResolver, dayStart } from '../../core/time.ts';
import { loadCatalog } from './catalog.repo.ts';
import { type Catalog, type CatalogSession, onAir } from './domain/catalog.ts';
import {
  type Affinity,
  type Placed,
  placeSlots,
  productCandidates,
  scoreLive,
  scoreProducts,
  selectPage,
  type SlotOffer,
  sourcesOf,
} from './domain/rank.ts';
import { armOf, type RankScene, type TrafficSettings } from './domain/settings.ts';
import { ExposureLog } from './exposures.ts';
import { QuotaBook, type QuotaLine } from './quota.ts';
import { currentSettings } from './settings.service.ts';
import { userAffinity } from './signals.service.ts';

export interface RankRequest {
  scene: RankScene;
  userId?: string;
  query?: string;
  categoryId?: string;
  productId?: string;
  storeId?: string;
  candidateIds?: string[];
  pageSize?: number;
  /** The request's instant (default now): which rooms are on air, where pacing stands. */
  at?: string | number;
  /** false: rank without counting the page as shown (previews, what-if). */
  log?: boolean;
  requestId?: string;
}

export interface Reason {
  code:
    | 'candidate'
    | 'value'
    | 'relevance'
    | 'affinity'
    | 'score_multiplier'
    | 'holdout'
    | 'boost'
    | 'program_slot'
    | 'on_air';
  [k: string]: unknown;
}

export interface RankedItem {
  position: number;
  kind: 'product' | 'live';
  id: string;
  storeId: string;
  merchantId: string;
  /** Live sessions: the session's host. */
  hostType?: string;
  creatorId?: string | null;
  score: number;
  programId: string | null;
  programKind: string | null;
  reasons: Reason[];
}

export interface RankResponse {
  requestId: string;
  scene: RankScene;
  arm: 'score' | 'holdout';
  day: string;
  candidates: number;
  items: RankedItem[];
}

const AFFINITY_CACHE = 50_000;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The ranking service of one process: the catalog (rebuilt every `catalogMs`), the quota book, the exposure
 * log and a cache of user affinities. `rank` does its I/O first (the day's quota lines, the user's affinity)
 * and then decides, places and accounts for the page in one synchronous step.
 */
export class Ranker {
  catalog: Catalog | null = null;
  catalogDay: string | null = null;
  settings!: TrafficSettings;
  settingsVersion = -1;
  book!: QuotaBook;
  readonly log: ExposureLog;
  private building: Promise<Catalog> | null = null;
  /** Business day of an instant (cached per quarter hour) and the instant a day starts (cached per day). */
  private readonly dayOf: (at: number) => string;
  private readonly starts = new Map<string, number>();
  private affinity = new Map<string, Affinity | null>();

  constructor(
    readonly db: Database,
    readonly timeZone: string,
    private readonly opts: { catalogMs?: number; rng?: () => number; now?: () => number } = {},
  ) {
    this.log = new ExposureLog(db);
    this.dayOf = dayResolver(timeZone);
  }

  private startOf(day: string): number {
    let t = this.starts.get(day);
    if (t === undefined) {
      t = dayStart(day, this.timeZone).getTime();
      if (this.starts.size > 400) this.starts.clear();
      this.starts.set(day, t);
    }
    return t;
  }

  private get now() {
    return this.opts.now?.() ?? Date.now();
  }

  async init(): Promise<void> {
    if (this.book) return;
    const s = await currentSettings(this.db.kysely);
    this.settings = s.settings;
    this.settingsVersion = s.version;
    this.book = new QuotaBook(this.db, this.timeZone, {
      pageSize: s.settings.pageSize,
      leadShare: s.settings.pacingLead,
      curve: s.settings.curve,
    });
  }

  start(): void {
    this.book.start();
    this.log.start();
  }

  /** Rebuilds the catalog as of `day` (default: today) and swaps it in. */
  async refresh(day?: string): Promise<Catalog> {
    await this.init();
    if (this.building) return this.building;
    const d = day ?? businessDay(this.now, this.timeZone);
    this.building = loadCatalog(this.db, d, this.settings, this.timeZone)
      .then((c) => {
        this.catalog = c;
        this.catalogDay = d;
        this.affinity.clear();
        return c;
      })
      .finally(() => {
        this.building = null;
      });
    return this.building;
  }

  /** Picks up saved settings (the routes call this after a save). */
  async reloadSettings(): Promise<void> {
    const s = await currentSettings(this.db.kysely);
    this.settings = s.settings;
    this.settingsVersion = s.version;
  }

  private async catalogFor(): Promise<Catalog> {
    const c = this.catalog;
    if (c && (this.opts.catalogMs === undefined || this.now - c.builtAt < this.opts.catalogMs)) return c;
    if (c) {
      void this.refresh().catch(() => {});
      return c;
    }
    return this.refresh(this.catalogDay ?? undefined);
  }

  private async affinityOf(c: Catalog, userId: string | undefined): Promise<Affinity | null> {
    if (!userId) return null;
    if (this.affinity.has(userId)) return this.affinity.get(userId)!;
    const row = await userAffinity(this.db, userId);
    let a: Affinity | null = null;
    if (row) {
      const categories = new Map<string, number>();
      row.categories.forEach((cat, i) => {
        const w = row.weights[i] ?? 0;
        categories.set(cat, (categories.get(cat) ?? 0) + w);
        const l1 = c.l1Of.get(cat);
        if (l1) categories.set(l1, (categories.get(l1) ?? 0) + w);
      });
      a = { categories, recent: row.recent };
    }
    if (this.affinity.size >= AFFINITY_CACHE) this.affinity.delete(this.affinity.keys().next().value!);
    this.affinity.set(userId, a);
    return a;
  }

  async rank(req: RankRequest): Promise<RankResponse> {
    await this.init();
    const at = req.at === undefined ? this.now : typeof req.at === 'number' ? req.at : Date.parse(req.at);
    if (!Number.isFinite(at))
      throw badRequest('at must be an RFC 3339 instant', [{ field: 'at', reason: 'not an instant' }]);
    const day = this.dayOf(at);
    const [c] = await Promise.all([this.catalogFor(), this.book.ensureDay(day)]);
    const affinity =
      req.scene === 'feed' || req.scene === 'mall' ? await this.affinityOf(c, req.userId) : null;
    return this.decide(c, req, at, day, affinity);
  }

  private decide(
    c: Catalog,
    req: RankRequest,
    at: number,
    day: string,
    affinity: Affinity | null,
  ): RankResponse {
    const s = this.settings;
    const pageSize = Math.min(req.pageSize ?? s.pageSize, 100);
    const requestId = req.requestId ?? newId('rq');
    const arm = armOf(req.userId ?? requestId, s.holdoutBp);
    const start = this.startOf(day);
    const fraction = (at - start) / 86_400_000;
    const hour = Math.min(23, Math.max(0, Math.floor(fraction * 24)));
    const rnd = this.opts.rng ?? Math.random;
    const slots = (req.scene === 'live_feed' ? s.liveSlots : s.programSlots).filter((p) => p < pageSize);
    const offers: (SlotOffer & { line: QuotaLine; u: number })[] = [];
    const offer = (line: QuotaLine, item: number, store: number, u: number) =>
      offers.push({ programId: line.programId, kind: line.kind, key: line.key, item, store, line, u });

    let placed: Placed[];
    let ncand: number;
    let describe: (p: Placed) => Omit<RankedItem, 'position' | 'programId' | 'programKind'>;
    if (req.scene === 'live_feed') {
      const sessions = onAir(c, at);
      // Protection multiplies a protected room's score while its line is open today.
      const boost = new Map<number, number>();
      for (const [id, ls] of this.book.byEntity)
        for (const l of ls)
          if (l.protection && l.entityKind === 'store') {
            const si = c.storeIndex.get(id);
            if (si !== undefined) boost.set(si, l.protection.boost);
          }
      const sc = scoreLive(c, sessions, { arm, affinityWeight: 0, storeBoost: boost });
      ncand = sessions.length;
      placed = selectPage(sc.score, (k) => sc.store[k]!, ncand, pageSize, 1).map((k) => ({
        item: k,
        store: sc.store[k]!,
        cand: k,
      }));
      // Rooms wanting a slot: protected and Chuanliu stores on air in their own room, Chuanliu creators on air.
      const firstStart = new Map<string, number>();
      sessions.forEach((ss, k) => {
        const owner = ss.hostType === 'creator' ? ss.creatorId : ss.storeId;
        if (!owner) return;
        for (const l of this.book.byEntity.get(owner) ?? []) {
          if (!l.scenes.includes('live_feed')) continue;
          if ((l.entityKind === 'creator') !== (ss.hostType === 'creator')) continue;
          const since = Math.max(ss.startMs, start);
          firstStart.set(l.key, Math.min(firstStart.get(l.key) ?? since, since));
          const ramp = (l.protection?.rampMinutes ?? 60) * 60_000;
          const u = this.book.wants(l, fraction, rnd(), (at - firstStart.get(l.key)!) / ramp);
          if (u >= 0) offer(l, k, sc.store[k]!, u);
        }
      });
      describe = (p) => {
        const ss: CatalogSession = sessions[p.item]!;
        const st = c.stores[p.store]!;
        const k = p.item;
        return {
          kind: 'live',
          id: ss.id,
          storeId: ss.storeId,
          merchantId: st?.merchantId ?? '',
          hostType: ss.hostType,
          creatorId: ss.creatorId,
          score: r4(sc.score[k]!),
          reasons: [
            { code: 'on_air', since: new Date(ss.startMs).toISOString() },
            { code: 'value', perLiveHour: Math.round(c.liveValue[p.store] ?? 0) },
            arm === 'holdout' ? { code: 'holdout' } : { code: 'score_multiplier', store: r4(sc.mult[k]!) },
            ...(sc.boost[k]! !== 1
              ? [{ code: 'boost' as const, program: 'protection', value: sc.boost[k]! }]
              : []),
          ],
        };
      };
    } else {
      const cands = productCandidates(c, {
        scene: req.scene,
        query: req.query,
        categoryId: req.categoryId,
        productId: req.productId,
        storeId: req.storeId,
        candidateIds: req.candidateIds,
        affinity,
        max: s.maxCandidates,
      });
      const sc = scoreProducts(c, cands, { arm, affinity, affinityWeight: s.affinityWeight });
      ncand = cands.n;
      placed = selectPage(sc.score, (k) => c.store[cands.idx[k]!]!, cands.n, pageSize, s.maxPerStore).map(
        (k) => ({
          item: cands.idx[k]!,
          store: c.store[cands.idx[k]!]!,
          cand: k,
        }),
      );
      // Budget and race participants: their best candidate not already on the page, else (feed, mall) their
      // best product in scope that is not on it either (a slot adds exposure; it never repeats an item).
      const lines: [QuotaLine, number][] = [];
      for (const [id, ls] of this.book.byEntity) {
        const si = c.storeIndex.get(id);
        if (si === undefined) continue;
        for (const l of ls) if (l.entityKind === 'store' && l.scenes.includes(req.scene)) lines.push([l, si]);
      }
      if (lines.length) {
        const shown = new Set(placed.map((p) => p.item));
        const wanted = new Set(lines.map(([, si]) => si));
        const bestOf = new Map<number, number>();
        for (let k = 0; k < cands.n; k++) {
          const st = c.store[cands.idx[k]!]!;
          if (!wanted.has(st) || shown.has(cands.idx[k]!)) continue;
          const b = bestOf.get(st);
          if (b === undefined || sc.score[k]! > sc.score[b]!) bestOf.set(st, k);
        }
        for (const [l, si] of lines) {
          const b = bestOf.get(si);
          const item =
            b !== undefined
              ? cands.idx[b]!
              : req.scene === 'search'
                ? -1
                : inScope(c, si, req.categoryId, shown);
          if (item < 0) continue;
          const u = this.book.wants(l, fraction, rnd());
          if (u >= 0) offer(l, item, si, u);
        }
      }
      // A program item's candidate position (for its reasons): a scan, as a page holds at most a few of them.
      const candOf = (i: number) => {
        for (let k = 0; k < cands.n; k++) if (cands.idx[k] === i) return k;
        return -1;
      };
      describe = (p) => {
        const i = p.item;
        const k = p.cand >= 0 ? p.cand : candOf(i);
        const st = c.stores[p.store]!;
        const reasons: Reason[] = [
          { code: 'candidate', sources: k >= 0 ? sourcesOf(cands.src[k]!) : ['program'] },
          {
            code: 'value',
            ctr: r4(c.ctr[i]!),
            cvr: r4(c.cvr[i]!),
            price: c.price[i]!,
            perExposure: r4(c.value[i]!),
          },
        ];
        if (k >= 0 && cands.rel[k]! !== 1) reasons.push({ code: 'relevance', value: r4(cands.rel[k]!) });
        if (k >= 0 && sc.affinity[k]! > 0) reasons.push({ code: 'affinity', share: r4(sc.affinity[k]!) });
        reasons.push(
          arm === 'holdout'
            ? { code: 'holdout' }
            : { code: 'score_multiplier', product: r4(c.productMult[i]!), store: r4(c.storeMult[i]!) },
        );
        return {
          kind: 'product',
          id: c.ids[i]!,
          storeId: st.id,
          merchantId: st.merchantId,
          score: k >= 0 ? r4(sc.score[k]!) : 0,
          reasons,
        };
      };
    }

    offers.sort((a, b) => b.u - a.u);
    // One slot per participant a page.
    const seen = new Set<string>();
    const unique = offers.filter((o) => !seen.has(o.key) && seen.add(o.key)).slice(0, slots.length * 2);
    const page = placeSlots(placed, unique, slots, pageSize);
    const log = req.log !== false;
    const items: RankedItem[] = page.map((p, position) => {
      const d = describe(p);
      const line = p.offer ? (p.offer as (typeof offers)[number]).line : null;
      if (log) {
        if (line) this.book.deliver(line);
        else if (d.kind === 'live' && d.hostType !== 'creator')
          // A protected room shown on its own merits counts toward its guarantee.
          for (const l of this.book.byEntity.get(d.storeId) ?? [])
            if (l.kind === 'protection') this.book.credit(l);
        this.log.add(day, hour, req.scene, d.kind, d.id, d.storeId, line?.programId ?? '', arm);
      }
      if (line) d.reasons.push({ code: 'program_slot', programId: line.programId, kind: line.kind });
      return {
        position: position + 1,
        ...d,
        programId: line?.programId ?? null,
        programKind: line?.kind ?? null,
      };
    });
    return { requestId, scene: req.scene, arm, day, candidates: ncand, items };
  }

  async stop(): Promise<void> {
    await this.book?.stop();
    await this.log.stop();
  }
}

/** A store's best product within the request's category (any when none is named) that is not on the page, or -1. */
function inScope(c: Catalog, store: number, categoryId: string | undefined, shown: Set<number>): number {
  for (const i of c.byStore[store] ?? []) {
    if (shown.has(i)) continue;
    if (!categoryId || c.cat[i] === categoryId || c.l2[i] === categoryId || c.l1[i] === categoryId) return i;
  }
  return -1;
}
