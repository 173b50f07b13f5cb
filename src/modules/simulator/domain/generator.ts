import type { schemas } from '../../marketplace/index.ts';
import { type DayOutput, ShardSim } from './days.ts';
import { SCALES, type Scale, type ScaleSpec } from './params.ts';
import type { PromotionBook } from './promotions.ts';
import { Seeds } from './rng.ts';
import { type LiveSession, ScheduleCache } from './schedule.ts';
import { buildWorld, iso, type World } from './world.ts';

/**
 * The whole generation as a stream of chunks, in an order the ingestion service accepts: initial
 * follows of a shard, then per day its events and its revealed records. Pure: no I/O, no clock;
 * the same options always yield the same chunks whatever `groupUsers`.
 */

export type Chunk =
  | { kind: 'follows'; shard: number; follows: schemas.Follow[] }
  | { kind: 'events'; shard: number; day: number; events: schemas.BehaviourEvent[] }
  | { kind: 'day'; shard: number; day: number; out: DayOutput }
  /** Users simulated for a day since the last progress chunk (for progress bars). */
  | { kind: 'progress'; userDays: number };

export interface GenerateOptions {
  seed: number;
  scale: Scale;
  days: number;
  endDay: string;
  timeZone: string;
  /** Overrides of the scale's sizes (tests use tiny worlds). */
  overrides?: Partial<ScaleSpec>;
}

export function createWorld(o: GenerateOptions): { world: World; seeds: Seeds } {
  const seeds = new Seeds(o.seed);
  const spec = { ...SCALES[o.scale], ...(o.overrides ?? {}) };
  return {
    world: buildWorld(
      { seed: o.seed, scale: o.scale, spec, days: o.days, endDay: o.endDay, timeZone: o.timeZone },
      seeds,
    ),
    seeds,
  };
}

export function shardCount(w: World): number {
  return Math.max(1, Math.ceil(w.users.count / w.spec.shardUsers));
}

/**
 * Yields chunks; users are simulated `groupUsers` at a time so a caller can interleave I/O, and event
 * chunks are cut at `eventChunk` events.
 */
export function* generate(
  w: World,
  seeds: Seeds,
  opts: {
    groupUsers?: number;
    eventChunk?: number;
    schedule?: ScheduleCache;
    /** The promotions buyers claim and check out with (see promotions.ts); none = the simulator's own discounts. */
    book?: PromotionBook | null;
    /** The first shard to generate (a resumed run skips the shards it wrote). */
    fromShard?: number;
  } = {},
): Generator<Chunk> {
  const group = opts.groupUsers ?? 1000;
  const eventChunk = opts.eventChunk ?? 5000;
  const schedule = opts.schedule ?? new ScheduleCache(w, seeds);
  const shards = shardCount(w);
  for (let sh = opts.fromShard ?? 0; sh < shards; sh++) {
    const from = sh * w.spec.shardUsers;
    const to = Math.min(w.users.count, from + w.spec.shardUsers);
    const sim = new ShardSim(w, seeds, from, to, schedule, opts.book);
    yield { kind: 'follows', shard: sh, follows: sim.initialFollows() };
    for (let d = 0; d < w.days.length; d++) {
      for (let a = from; a < to; a += group) {
        sim.simulateUsers(d, a, Math.min(to, a + group));
        yield { kind: 'progress', userDays: Math.min(to, a + group) - a };
        while (sim.events.length >= eventChunk)
          yield { kind: 'events', shard: sh, day: d, events: sim.events.splice(0, eventChunk) };
      }
      const out = sim.endDay(d);
      if (sim.events.length) yield { kind: 'events', shard: sh, day: d, events: sim.events.splice(0) };
      yield { kind: 'day', shard: sh, day: d, out };
    }
  }
}

/** Every live session of the window (latent truth for the live capability). */
export function liveSessions(w: World, schedule: ScheduleCache): LiveSession[] {
  const out: LiveSession[] = [];
  for (let d = 0; d < w.days.length; d++) out.push(...schedule.get(d).sessions);
  return out;
}

/** A live session as the host marketplace reports it once it has ended (POST /v1/live-sessions). */
export function liveSessionRecord(w: World, s: LiveSession): schemas.LiveSession {
  const cr = s.creator >= 0 ? w.creators[s.creator]! : null;
  const agency = s.host === 'agency' && cr && cr.agency >= 0 ? w.agencies[cr.agency]!.id : undefined;
  return {
    id: s.id,
    storeId: w.stores[s.store]!.id,
    hostType: s.host === 'agency' && !agency ? 'creator' : s.host,
    ...(cr ? { creatorId: cr.id } : {}),
    ...(agency ? { agencyId: agency } : {}),
    scheduledAt: iso(s.startMs),
    startedAt: iso(s.startMs),
    endedAt: iso(s.endMs),
  };
}
