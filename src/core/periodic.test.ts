import { describe, expect, test, vi } from 'vitest';
import type { AppContext } from './context.ts';
import { periodicJob } from './periodic.ts';

const fakeCtx = () => {
  const errors: string[] = [];
  const ctx = { log: { error: (_o: unknown, msg: string) => errors.push(msg) } } as unknown as AppContext;
  return { ctx, errors };
};

describe('periodicJob', () => {
  test('runs at start and every period, logs failures and keeps going, and stop waits for the run in flight', async () => {
    vi.useFakeTimers();
    try {
      const { ctx, errors } = fakeCtx();
      let runs = 0;
      let finished = 0;
      const job = periodicJob('test job', 1000, async () => {
        runs++;
        if (runs === 2) throw new Error('boom');
        await new Promise((r) => setTimeout(r, 10));
        finished++;
      });
      job.start(ctx);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(2);
      expect(errors).toEqual(['test job failed (retried later)']);
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toBe(3);
      const stopped = job.stop(ctx);
      await vi.advanceTimersByTimeAsync(10);
      await stopped;
      expect(finished).toBe(2);
      await vi.advanceTimersByTimeAsync(5000);
      expect(runs).toBe(3); // no tick after stop
    } finally {
      vi.useRealTimers();
    }
  });

  test('a tick while the previous run is still going is skipped; runAtStart: false waits for the first period', async () => {
    vi.useFakeTimers();
    try {
      const { ctx } = fakeCtx();
      let runs = 0;
      const job = periodicJob(
        'slow job',
        100,
        async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 250));
        },
        { runAtStart: false },
      );
      job.start(ctx);
      expect(runs).toBe(0);
      await vi.advanceTimersByTimeAsync(300); // ticks at 100 (runs), 200 and 300 (still running: skipped)
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(100); // the run ended at 350; the tick at 400 starts the next
      expect(runs).toBe(2);
      const stopped = job.stop(ctx);
      await vi.advanceTimersByTimeAsync(300);
      await stopped;
    } finally {
      vi.useRealTimers();
    }
  });
});
