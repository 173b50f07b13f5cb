import { describe, expect, test } from 'vitest';
import { ViewQueue } from './realtime.views.ts';

describe('the page-view queue', () => {
  test('counts views by minute, keeps each visitor’s first minute, ignores impressions', () => {
    const q = new ViewQueue();
    const t = Date.parse('2026-12-06T10:00:30Z');
    q.add('2026-12-06', 's1', t + 60_000, 'view', 'u1');
    q.add('2026-12-06', 's1', t, 'cart', 'u1');
    q.add('2026-12-06', 's1', t, 'view', undefined);
    q.add('2026-12-06', 's1', t, 'exposure', 'u2');
    expect(q.size).toBe(3);
    const s1 = q.take('2026-12-06', ['s1']).get('s1')!;
    const minute = Date.parse('2026-12-06T10:00:00Z');
    expect([...s1.views]).toEqual([
      [minute + 60_000, 1],
      [minute, 1],
    ]);
    expect([...s1.visitors]).toEqual([['u1', minute]]);
  });

  test('taking some stores leaves the others queued and counted', () => {
    const q = new ViewQueue();
    for (const s of ['s1', 's1', 's2']) q.add('2026-12-06', s, Date.now(), 'view', 'u');
    q.take('2026-12-06', ['s1']);
    expect(q.size).toBe(1);
    const rest = q.takeAll();
    expect([...rest.get('2026-12-06')!.keys()]).toEqual(['s2']);
    expect(q.size).toBe(0);
  });
});
