import { describe, expect, test } from 'vitest';
import {
  avgWatchSeconds,
  conversionBp,
  divHalfUp,
  gpm,
  onlineAt,
  overlaps,
  peakOnline,
  sessionStatus,
  sumOverlapping,
  timeline,
} from './metrics.ts';

const M = 60_000;
const T0 = Date.parse('2026-12-01T12:00:00Z');

describe('rounding', () => {
  test('divHalfUp rounds halves up and returns 0 for an empty denominator', () => {
    expect(divHalfUp(5, 2)).toBe(3);
    expect(divHalfUp(4, 3)).toBe(1);
    expect(divHalfUp(5, 3)).toBe(2);
    expect(divHalfUp(7, 0)).toBe(0);
  });
  test('GPM is GMV fen per 1,000 views', () => {
    expect(gpm(123_456, 1_000)).toBe(123_456);
    expect(gpm(1, 2_000)).toBe(1); // 0.5 → 1
    expect(gpm(1, 2_001)).toBe(0);
    expect(gpm(10_000, 3)).toBe(3_333_333);
    expect(gpm(500, 0)).toBe(0);
  });
  test('conversion in basis points and average watch in seconds', () => {
    expect(conversionBp(1, 3)).toBe(3333);
    expect(conversionBp(2, 3)).toBe(6667);
    expect(conversionBp(0, 0)).toBe(0);
    expect(avgWatchSeconds(90_500, 2)).toBe(45); // 45.25 s
    expect(avgWatchSeconds(91_000, 2)).toBe(46); // 45.5 s → 46
  });
});

describe('room counts', () => {
  const rows = [
    { minute: T0 + 2 * M, enters: 1, leaves: 3 },
    { minute: T0, enters: 3, leaves: 0 },
    { minute: T0 + M, enters: 2, leaves: 1 },
  ];
  test('peak online is the largest cumulative enters − leaves at a minute end, whatever the input order', () => {
    // ends of minutes: 3, 4, 2
    expect(peakOnline(rows)).toBe(4);
    expect(peakOnline([])).toBe(0);
    expect(peakOnline([{ minute: T0, enters: 0, leaves: 2 }])).toBe(0);
  });
  test('online at an instant counts the minutes before its minute', () => {
    expect(onlineAt(rows, T0 + M + 30_000)).toBe(3);
    expect(onlineAt(rows, T0 + 2 * M)).toBe(4);
    expect(onlineAt(rows, T0)).toBe(0);
  });
  test('status follows started and ended', () => {
    expect(sessionStatus(null, null)).toBe('scheduled');
    expect(sessionStatus(new Date(), null)).toBe('live');
    expect(sessionStatus(new Date(), new Date())).toBe('ended');
  });
});

describe('windows and the timeline', () => {
  test('a window takes the minutes it overlaps', () => {
    expect(overlaps(T0, T0 + 59_999, T0 + 2 * M)).toBe(true);
    expect(overlaps(T0, T0 + M, T0 + 2 * M)).toBe(false);
    expect(overlaps(T0 + 2 * M, T0, T0 + 2 * M)).toBe(false); // end is exclusive
    const clicks = [
      { minute: T0, n: 1 },
      { minute: T0 + M, n: 2 },
      { minute: T0 + 2 * M, n: 4 },
    ];
    expect(sumOverlapping(clicks, T0 + 30_000, T0 + 2 * M)).toBe(3);
    expect(sumOverlapping(clicks, T0 + 30_000, T0 + 2 * M + 1)).toBe(7);
  });
  test('the timeline fills quiet minutes and carries online across them', () => {
    const rows = [
      { minute: T0 - M, enters: 2, leaves: 0, clicks: 0, orders: 0, gmv: 0 },
      { minute: T0, enters: 1, leaves: 0, clicks: 5, orders: 1, gmv: 990 },
      { minute: T0 + 3 * M, enters: 0, leaves: 2, clicks: 0, orders: 0, gmv: 0 },
    ];
    const tl = timeline(rows, T0, T0 + 3 * M + 10);
    expect(tl.map((p) => p.minute - T0)).toEqual([0, M, 2 * M, 3 * M]);
    expect(tl.map((p) => p.online)).toEqual([3, 3, 3, 1]);
    expect(tl[0]).toMatchObject({ enters: 1, clicks: 5, orders: 1, gmv: 990 });
    expect(tl[1]).toMatchObject({ enters: 0, clicks: 0, orders: 0, gmv: 0 });
    // Capped: the last points only, with the earlier minutes folded into online.
    const capped = timeline(rows, T0, T0 + 3 * M, 2);
    expect(capped.map((p) => [p.minute - T0, p.online])).toEqual([
      [2 * M, 3],
      [3 * M, 1],
    ]);
  });
});
