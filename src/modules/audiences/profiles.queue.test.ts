import { describe, expect, test } from 'vitest';
import { FLUSH_DELAY_MS, flushDelay, MAX_LAG_MS } from './profiles.queue.ts';

describe('profile delta flush timing', () => {
  const t0 = 1_000_000;

  test('a flush waits for the stream to pause', () => {
    expect(flushDelay(t0, t0)).toBe(FLUSH_DELAY_MS);
    expect(flushDelay(t0 + 1_000, t0)).toBe(FLUSH_DELAY_MS); // new events a second later push it back again
  });

  test('but never past MAX_LAG_MS after the oldest queued event', () => {
    expect(flushDelay(t0 + MAX_LAG_MS - 100, t0)).toBe(100);
    expect(flushDelay(t0 + MAX_LAG_MS, t0)).toBe(0);
    expect(flushDelay(t0 + MAX_LAG_MS + 3_000, t0)).toBe(0);
  });
});
