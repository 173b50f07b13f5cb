import { buildPool, type JointCampaign, HOUR_MS, type Pool, poolPick, type World } from './world.ts';
import { clamp, type Seeds } from './rng.ts';

/**
 * What happens on the supply side of one day, independent of users: live sessions (self-stream,
 * agency proxy-stream in the store's room, creator sessions), creator videos, promoter shares,
 * active joint campaigns. Pure function of (world, seed, day), cached per day.
 */

export interface LiveSession {
  id: string;
  day: number;
  store: number;
  host: 'self' | 'agency' | 'creator';
  /** Host creator (agency and creator sessions), or -1. */
  creator: number;
  startMs: number;
  endMs: number;
  featured: Int32Array;
  channel: 'self_live' | 'creator';
}

export interface DaySchedule {
  sessions: LiveSession[];
  byStore: Map<number, number>;
  byCreator: Map<number, number>;
  liveByL1: Pool[];
  videos: Map<number, Int32Array>;
  videoByL1: Pool[];
  shares: Map<number, Int32Array>;
  joint: JointCampaign[];
}

const compact = (day: string) => day.replaceAll('-', '');

export class ScheduleCache {
  private cache = new Map<number, DaySchedule>();
  constructor(
    private readonly w: World,
    private readonly seeds: Seeds,
  ) {}
  get(d: number): DaySchedule {
    let s = this.cache.get(d);
    if (!s) {
      s = buildDaySchedule(this.w, this.seeds, d);
      this.cache.set(d, s);
    }
    return s;
  }
}

export function buildDaySchedule(w: World, seeds: Seeds, d: number): DaySchedule {
  const day = w.days[d]!;
  const start = w.dayStart[d]!;
  const dayEnd = w.dayStart[d + 1]!;
  const campaign = w.campaignOf[d] !== '';
  const sessions: LiveSession[] = [];
  const byStore = new Map<number, number>();
  const byCreator = new Map<number, number>();
  const P = w.products;

  const featuredOf = (store: number, n: number, r: ReturnType<Seeds['rng']>) => {
    const s = w.stores[store]!;
    const set = new Set<number>();
    for (let t = 0; t < n * 4 && set.size < n; t++) {
      const p = s.products[r.cumulative(s.productCum)]!;
      if (P.listedMs[p]! < dayEnd) set.add(p);
    }
    return Int32Array.from([...set]);
  };

  for (const s of w.stores) {
    if (!s.streams || s.streamStartDay > d || s.openedMs >= dayEnd) continue;
    const r = seeds.rng('live', s.idx, d);
    // New streamers stream on their first day; campaign days bring more sessions.
    if (d !== s.streamStartDay && !r.chance(clamp(s.streamRate * (campaign ? 1.3 : 1), 0, 0.97))) continue;
    const evening = r.chance(0.8);
    const startMs = start + (evening ? r.range(18.5, 21) : r.range(9.5, 15)) * HOUR_MS;
    const endMs = startMs + clamp(r.lognormal(2.5, 0.35), 1, 5.5) * HOUR_MS;
    let host: LiveSession['host'] = 'self';
    let creator = -1;
    if (s.proxyShare > 0 && r.chance(s.proxyShare)) {
      // Proxy streaming (代播): an agency's contracted creator hosts in the store's own room.
      for (let t = 0; t < 12 && creator < 0; t++) {
        const c = s.idx === 0 && t === 0 && r.chance(0.5) ? 0 : poolPick(w.creatorPoolByL1[s.mainL1]!, r);
        if (c >= 0 && w.creators[c]!.agency >= 0) creator = c;
      }
      if (creator >= 0) host = 'agency';
    }
    const featured = featuredOf(s.idx, 6 + r.int(10), r);
    if (!featured.length) continue;
    byStore.set(s.idx, sessions.length);
    sessions.push({
      id: `ls_${s.id}_${compact(day)}`,
      day: d,
      store: s.idx,
      host,
      creator,
      startMs,
      endMs,
      featured,
      channel: 'self_live',
    });
  }

  const videos = new Map<number, Int32Array>();
  for (const c of w.creators) {
    const r = seeds.rng('creator-day', c.idx, d);
    if (c.liveRate > 0 && r.chance(c.liveRate)) {
      // A creator session dedicated to one store (专场), in the creator's own room.
      const f = c.focus[r.int(c.focus.length)]!;
      const store = c.idx === 0 && r.chance(0.5) ? 0 : poolPick(w.storePoolByL1[f]!, r);
      if (store >= 0 && w.stores[store]!.openedMs < start && !byCreator.has(c.idx)) {
        const startMs = start + r.range(19.5, 21.5) * HOUR_MS;
        const featured = featuredOf(store, 5 + r.int(6), r);
        if (featured.length) {
          byCreator.set(c.idx, sessions.length);
          sessions.push({
            id: `ls_${w.stores[store]!.id}_${compact(day)}_${c.id}`,
            day: d,
            store,
            host: 'creator',
            creator: c.idx,
            startMs,
            endMs: startMs + clamp(r.lognormal(2.8, 0.3), 1.5, 5) * HOUR_MS,
            featured,
            channel: 'creator',
          });
        }
      }
    }
    if (c.selection.length && r.chance(c.videoRate)) {
      const n = 1 + r.int(2);
      const items: number[] = [];
      for (let k = 0; k < n; k++) {
        const p = c.selection[r.int(c.selection.length)]!;
        if (P.listedMs[p]! < dayEnd && !items.includes(p)) items.push(p);
      }
      if (items.length) videos.set(c.idx, Int32Array.from(items));
    }
  }
  const liveByL1 = w.l1.map((l) =>
    buildPool(
      sessions.map((_, i) => i).filter((i) => w.stores[sessions[i]!.store]!.mainL1 === l.idx),
      (i) => {
        const s = sessions[i]!;
        const st = w.stores[s.store]!;
        // New streamers get traffic protection: extra exposure in their first days (流量护航).
        const protect = st.streamStartDay >= 0 && d - st.streamStartDay < 45 ? 1.8 : 1;
        return (
          st.traffic * protect * (s.creator >= 0 ? 1 + Math.sqrt(w.creators[s.creator]!.followers) / 300 : 1)
        );
      },
    ),
  );
  const videoByL1 = w.l1.map((l) =>
    buildPool(
      [...videos.keys()].filter((c) => w.creators[c]!.focus.includes(l.idx)),
      (c) => Math.sqrt(w.creators[c]!.followers) * w.creators[c]!.skill,
    ),
  );

  const shares = new Map<number, Int32Array>();
  for (const p of w.promoters) {
    if (p.joinedMs >= dayEnd || !p.deals.length) continue;
    const r = seeds.rng('share', p.idx, d);
    if (!r.chance(p.shareRate)) continue;
    const n = 1 + r.int(3);
    const items: number[] = [];
    for (let k = 0; k < n; k++) {
      const x = p.deals[r.int(p.deals.length)]!;
      if (P.listedMs[x]! < dayEnd && !items.includes(x)) items.push(x);
    }
    if (items.length) shares.set(p.idx, Int32Array.from(items));
  }

  const joint = w.joint.filter((j) => j.fromDay <= d && d <= j.toDay);
  return { sessions, byStore, byCreator, liveByL1, videos, videoByL1, shares, joint };
}
