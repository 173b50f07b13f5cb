/** Ranking settings: operator configuration, versioned (docs/traffic.md explains each). */

export const RANK_SCENES = ['feed', 'search', 'mall', 'detail', 'live_feed', 'store'] as const;
export type RankScene = (typeof RANK_SCENES)[number];

export interface TrafficSettings {
  /** Items on a page when the request does not say. */
  pageSize: number;
  /** At most this many candidates are scored per request. */
  maxCandidates: number;
  /** At most this many items of one store on a page; two items of the same store are never adjacent. */
  maxPerStore: number;
  /** 0-based page positions programs may fill (new-streamer protection, Chuanliu, budgets, race prizes). */
  programSlots: number[];
  /** The same for the live feed, whose pages are short and whose items are the programs' own rooms. */
  liveSlots: number[];
  /** Share of users (basis points) ranked without score multipliers: the holdout arm of the score A/B. */
  holdoutBp: number;
  /** Beta priors: a product's click rate starts at its category's rate worth `ctrStrength` exposures, its
   *  conversion at the category's worth `cvrStrength` clicks. */
  ctrStrength: number;
  cvrStrength: number;
  /** Weight of a user's category affinity (0..1 share) in the feed: score × (1 + affinityWeight × share). */
  affinityWeight: number;
  /** Share of each hour in a day's traffic (24 numbers; learned from the exposure log when there is one). */
  curve: number[];
  /** How far ahead of plan a paced program may run, as a share of its daily target (at least one page). */
  pacingLead: number;
}

/** A typical Chinese e-commerce day: quiet nights, a lunch bump, the evening peak 20:00–22:00. */
export const DEFAULT_CURVE = [
  1.6, 0.9, 0.5, 0.3, 0.25, 0.3, 0.8, 2.0, 3.2, 3.9, 4.3, 4.6, 5.2, 5.0, 4.5, 4.3, 4.3, 4.5, 5.0, 6.0, 7.4,
  8.4, 7.6, 4.5,
];

export const DEFAULT_SETTINGS: TrafficSettings = {
  pageSize: 20,
  maxCandidates: 1000,
  maxPerStore: 3,
  programSlots: [2, 6, 11, 16],
  liveSlots: [1, 3, 5],
  holdoutBp: 1000,
  ctrStrength: 400,
  cvrStrength: 40,
  affinityWeight: 1.5,
  curve: DEFAULT_CURVE,
  pacingLead: 0.01,
};

/** Problems with a settings object (empty when it is usable). */
export function settingsIssues(s: TrafficSettings): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  if (s.curve.length !== 24) out.push({ field: 'curve', reason: 'must hold 24 hourly shares' });
  else if (s.curve.some((x) => !(x >= 0)) || !(s.curve.reduce((a, b) => a + b, 0) > 0))
    out.push({ field: 'curve', reason: 'shares must be non-negative and not all zero' });
  for (const field of ['programSlots', 'liveSlots'] as const) {
    const slots = [...s[field]].sort((a, b) => a - b);
    if (slots.some((x, i) => i > 0 && x === slots[i - 1]))
      out.push({ field, reason: 'positions must be distinct' });
    if (slots.some((x) => x >= s.pageSize))
      out.push({ field, reason: `positions must be below pageSize (${s.pageSize})` });
  }
  if (s.maxCandidates < s.pageSize) out.push({ field: 'maxCandidates', reason: 'must be at least pageSize' });
  return out;
}

/** Which arm a user is in: a stable hash of the user id against holdoutBp (anonymous requests use the request). */
export function armOf(key: string, holdoutBp: number): 'score' | 'holdout' {
  if (holdoutBp <= 0) return 'score';
  return hash32(key) % 10_000 < holdoutBp ? 'holdout' : 'score';
}

/** FNV-1a: stable across processes and releases (arms must not move when the server restarts). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
