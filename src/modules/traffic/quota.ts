import { sql } from 'kysely';
import type { Database } from '../../core/db.ts';
import { arrayLiteral } from '../../core/bulk.ts';
import { shiftDay } from '../../core/time.ts';
import { curveShare, leadOf, plannedBy, throttle } from './domain/pacing.ts';
import { type ProgramKind, type ProtectionParams, programScenes } from './domain/programs.ts';
import { isPlanned, planDay } from './plan.service.ts';

/**
 * The day's quota lines as one ranker process sees them. Before a program item is shown the ranker must hold a
 * lease on it: leases are taken from the database in blocks (`leased` never passes `target`), deliveries are
 * written back every few hundred milliseconds, and unspent leases are returned when the day ends or the
 * process stops. Within a process every decision and delivery happens in one synchronous step, so a quota is
 * never overshot; across processes the database's lease bound holds.
 */

export interface QuotaLine {
  key: string;
  programId: string;
  kind: ProgramKind;
  entityKind: 'store' | 'creator';
  entityId: string;
  target: number;
  carried: number;
  /** Delivered and organic as last read from the database plus what this process has not written yet. */
  delivered: number;
  organic: number;
  /** Unspent lease held by this process. */
  lease: number;
  pendingDelivered: number;
  pendingOrganic: number;
  scenes: string[];
  protection: ProtectionParams | null;
  /** A refill has been asked for and not answered yet. */
  wanting: boolean;
}

export interface Pacing {
  /** When the guarantee of a protected room started counting today (its first session's start), by store id. */
  sessionStart?: (line: QuotaLine) => number | null;
}

export const lineKey = (programId: string, kind: string, id: string) =>
  `${programId}\u0000${kind}\u0000${id}`;

export class QuotaBook {
  day: string | null = null;
  lines = new Map<string, QuotaLine>();
  /** Lines by entity (store or creator id) for the scenes' matching. */
  byEntity = new Map<string, QuotaLine[]>();
  curve: number[];
  private syncing: Promise<void> | null = null;
  private again = false;
  private switching: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly timeZone: string,
    private readonly opts: { pageSize: number; leadShare: number; curve: number[]; syncMs?: number },
  ) {
    this.curve = opts.curve;
  }

  start(): void {
    if (this.timer) return;
    const every = this.opts.syncMs ?? 250;
    let ticks = 0;
    this.timer = setInterval(() => {
      // Lines written after the day was loaded (a new streamer protected mid-day) join once a minute.
      if (++ticks % Math.max(1, Math.round(60_000 / every)) === 0) void this.addNewLines().catch(() => {});
      void this.sync().catch(() => {});
    }, every);
    this.timer.unref();
  }

  /** Makes `day` the current day: plans it when nobody has, returns the old day's leases, loads its lines. */
  async ensureDay(day: string): Promise<void> {
    if (this.day === day) return;
    while (this.switching) await this.switching;
    if (this.day === day) return;
    this.switching = (async () => {
      await this.release();
      if (!(await isPlanned(this.db.kysely, day))) await planDay(this.db, day, this.timeZone);
      await this.load(day);
    })();
    try {
      await this.switching;
    } finally {
      this.switching = null;
    }
  }

  private async load(day: string) {
    this.lines.clear();
    this.byEntity.clear();
    await this.addLines(day, true);
    this.curve = await learnedCurve(this.db, day, this.opts.curve);
    this.day = day;
  }

  private async addNewLines() {
    if (this.day && !this.switching) await this.addLines(this.day);
  }

  /** Adds the day's lines this process does not hold yet. */
  private async addLines(day: string, initial = false) {
    const { rows } = await sql<{
      program_id: string;
      kind: ProgramKind;
      params: never;
      entity_kind: 'store' | 'creator';
      entity_id: string;
      target: string;
      carried: string;
      delivered: string;
      organic: string;
    }>`SELECT q.program_id, p.kind, p.params, q.entity_kind, q.entity_id, q.target, q.carried, q.delivered, q.organic
       FROM traffic_quota_days q JOIN traffic_programs p ON p.id = q.program_id
       WHERE q.day = ${day}::date AND p.status = 'active' AND q.target > 0`.execute(this.db.kysely);
    // A refresh that raced a day change: its lines belong to a day this process no longer serves.
    if (!initial && this.day !== day) return;
    for (const r of rows) {
      if (this.lines.has(lineKey(r.program_id, r.entity_kind, r.entity_id))) continue;
      const l: QuotaLine = {
        key: lineKey(r.program_id, r.entity_kind, r.entity_id),
        programId: r.program_id,
        kind: r.kind,
        entityKind: r.entity_kind,
        entityId: r.entity_id,
        target: Number(r.target),
        carried: Number(r.carried),
        delivered: Number(r.delivered),
        organic: Number(r.organic),
        lease: 0,
        pendingDelivered: 0,
        pendingOrganic: 0,
        scenes: programScenes(r.kind, r.params),
        protection: r.kind === 'protection' ? (r.params as ProtectionParams) : null,
        wanting: false,
      };
      this.lines.set(l.key, l);
      const e = this.byEntity.get(r.entity_id) ?? [];
      e.push(l);
      this.byEntity.set(r.entity_id, e);
    }
  }

  /** Exposures counted toward a line's target so far (protection counts organic placements too). */
  progress(l: QuotaLine): number {
    return l.delivered + (l.kind === 'protection' ? l.organic : 0);
  }

  /**
   * Whether a line should take a slot in a request at `fraction` of the day (0..1): held lease, then the pacing
   * throttle against `rnd` (0..1). Protection paces over the first minutes of the room's session
   * (`sessionFraction`); Chuanliu delivers as fast as its rooms are on air.
   */
  wants(l: QuotaLine, fraction: number, rnd: number, sessionFraction = 1): number {
    const done = this.progress(l);
    if (done >= l.target) return -1;
    if (l.lease <= 0) {
      this.askLease(l);
      return -1;
    }
    let planned: number;
    if (l.kind === 'protection') planned = l.target * Math.min(1, sessionFraction);
    else if (l.kind === 'chuanliu') planned = l.target;
    else planned = plannedBy(l.target, curveShare(this.curve, fraction));
    const lead = leadOf(l.target, this.opts.leadShare, this.opts.pageSize);
    const p = throttle(l.target, done, planned, lead);
    if (p <= 0 || rnd >= p) return -1;
    // Urgency: protection first, then whoever is furthest behind its plan.
    return (l.kind === 'protection' ? 2 : l.kind === 'chuanliu' ? 0 : 1) + (planned - done) / l.target;
  }

  deliver(l: QuotaLine): void {
    l.lease--;
    l.delivered++;
    l.pendingDelivered++;
    if (l.lease < this.block(l) / 2) this.askLease(l);
  }

  credit(l: QuotaLine): void {
    l.organic++;
    l.pendingOrganic++;
  }

  private block(l: QuotaLine) {
    return Math.min(2000, Math.max(this.opts.pageSize, Math.ceil(l.target * 0.02)));
  }

  private askLease(l: QuotaLine) {
    if (l.wanting) return;
    l.wanting = true;
    queueMicrotask(() => void this.sync().catch(() => {}));
  }

  /** Writes deliveries back and refills leases (one at a time; a call during a sync waits for it). */
  async sync(): Promise<void> {
    if (this.syncing) {
      // Asked while a sync runs: lines that started wanting after it read them get another round.
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const day = this.day;
    if (!day) return;
    const flush = [...this.lines.values()].filter((l) => l.pendingDelivered || l.pendingOrganic);
    const want = [...this.lines.values()].filter((l) => l.wanting);
    const taken = new Map(flush.map((l) => [l.key, { d: l.pendingDelivered, o: l.pendingOrganic }]));
    for (const l of flush) {
      l.pendingDelivered = 0;
      l.pendingOrganic = 0;
    }
    try {
      if (flush.length) await writeBack(this.db, day, flush, taken);
      if (want.length) {
        const granted = await lease(
          this.db,
          day,
          want.map((l) => ({ l, n: this.block(l) })),
        );
        for (const l of want) {
          l.wanting = false;
          const g = granted.get(l.key);
          if (g) {
            l.lease += g.granted;
            // Other processes' deliveries become visible here.
            l.delivered = Math.max(l.delivered, g.delivered + l.pendingDelivered);
            l.organic = Math.max(l.organic, g.organic + l.pendingOrganic);
          }
        }
      }
    } catch (e) {
      for (const l of flush) {
        const t = taken.get(l.key)!;
        l.pendingDelivered += t.d;
        l.pendingOrganic += t.o;
      }
      for (const l of want) l.wanting = false;
      throw e;
    }
  }

  /** Writes everything back and returns unspent leases (day change, shutdown). */
  async release(): Promise<void> {
    if (this.syncing) await this.syncing.catch(() => {});
    const day = this.day;
    if (!day) return;
    await this.sync();
    const held = [...this.lines.values()].filter((l) => l.lease > 0);
    if (held.length) {
      await writeBack(this.db, day, held, new Map(held.map((l) => [l.key, { d: 0, o: 0, r: l.lease }])));
      for (const l of held) l.lease = 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.release();
    this.day = null;
  }
}

async function writeBack(
  db: Database,
  day: string,
  lines: QuotaLine[],
  amounts: Map<string, { d: number; o: number; r?: number }>,
) {
  const rows = lines.map((l) => {
    const a = amounts.get(l.key)!;
    return [l.programId, l.entityKind, l.entityId, a.d, a.o, a.r ?? 0];
  });
  await sql`UPDATE traffic_quota_days t SET delivered = t.delivered + u.d, organic = t.organic + u.o, leased = t.leased - u.r
    FROM unnest(${arrayLiteral(rows, 0)}::text[], ${arrayLiteral(rows, 1)}::text[], ${arrayLiteral(rows, 2)}::text[],
      ${arrayLiteral(rows, 3)}::bigint[], ${arrayLiteral(rows, 4)}::bigint[], ${arrayLiteral(rows, 5)}::bigint[])
      AS u(program_id, entity_kind, entity_id, d, o, r)
    WHERE t.day = ${day}::date AND t.program_id = u.program_id AND t.entity_kind = u.entity_kind AND t.entity_id = u.entity_id`.execute(
    db.kysely,
  );
}

/** Takes up to `n` more exposures of each line's target (never past it); returns what was granted. */
async function lease(db: Database, day: string, asks: { l: QuotaLine; n: number }[]) {
  const rows = asks.map((a) => [a.l.programId, a.l.entityKind, a.l.entityId, a.n]);
  const r = await db.kysely.transaction().execute((trx) =>
    sql<{
      program_id: string;
      entity_kind: string;
      entity_id: string;
      granted: string;
      delivered: string;
      organic: string;
    }>`
      WITH u AS (SELECT * FROM unnest(${arrayLiteral(rows, 0)}::text[], ${arrayLiteral(rows, 1)}::text[],
                   ${arrayLiteral(rows, 2)}::text[], ${arrayLiteral(rows, 3)}::bigint[]) AS u(program_id, entity_kind, entity_id, n)),
      cur AS (SELECT t.program_id, t.entity_kind, t.entity_id, LEAST(u.n, t.target - t.leased) AS g
              FROM traffic_quota_days t JOIN u ON t.program_id = u.program_id AND t.entity_kind = u.entity_kind AND t.entity_id = u.entity_id
              WHERE t.day = ${day}::date ORDER BY t.program_id, t.entity_kind, t.entity_id FOR UPDATE OF t)
      UPDATE traffic_quota_days t SET leased = t.leased + cur.g FROM cur
      WHERE t.day = ${day}::date AND t.program_id = cur.program_id AND t.entity_kind = cur.entity_kind AND t.entity_id = cur.entity_id
      RETURNING t.program_id, t.entity_kind, t.entity_id, cur.g AS granted, t.delivered, t.organic`.execute(
      trx,
    ),
  );
  return new Map(
    r.rows.map((x) => [
      lineKey(x.program_id, x.entity_kind, x.entity_id),
      { granted: Math.max(0, Number(x.granted)), delivered: Number(x.delivered), organic: Number(x.organic) },
    ]),
  );
}

/** The hourly shape of the last week's ranked traffic when there is enough of it; `fallback` otherwise. */
async function learnedCurve(db: Database, day: string, fallback: number[]): Promise<number[]> {
  const { rows } = await sql<{
    hour: number;
    n: string;
  }>`SELECT hour, SUM(exposures) AS n FROM traffic_exposures
    WHERE day BETWEEN ${shiftDay(day, -7)}::date AND ${shiftDay(day, -1)}::date GROUP BY hour`.execute(
    db.kysely,
  );
  const curve = new Array(24).fill(0);
  let total = 0;
  for (const r of rows) {
    curve[r.hour] = Number(r.n);
    total += Number(r.n);
  }
  return total >= 50_000 && curve.every((x) => x > 0) ? curve : fallback;
}
