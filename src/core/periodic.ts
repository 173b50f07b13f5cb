import type { AppContext } from './context.ts';

/**
 * A module's background job run at start and then every `everyMs` (settling due months, keeping partitions,
 * the daily score recompute): the `start` / `stop` pair of a ModuleDef. A failure is logged and retried at the
 * next tick; stop waits for a run in flight, so the database is never closed under it.
 */
export function periodicJob(
  what: string,
  everyMs: number,
  job: (ctx: AppContext) => Promise<unknown>,
  opts: { runAtStart?: boolean } = {},
): { start(ctx: AppContext): void; stop(ctx: AppContext): Promise<void> } {
  const timers = new WeakMap<AppContext, NodeJS.Timeout>();
  const running = new WeakMap<AppContext, Promise<unknown>>();
  return {
    start(ctx) {
      const tick = () => {
        if (running.has(ctx)) return; // the previous run is still going
        const p = job(ctx)
          .catch((err) => ctx.log.error({ err }, `${what} failed (retried later)`))
          .finally(() => running.delete(ctx));
        running.set(ctx, p);
      };
      if (opts.runAtStart !== false) tick();
      timers.set(ctx, setInterval(tick, everyMs));
    },
    async stop(ctx) {
      clearInterval(timers.get(ctx));
      timers.delete(ctx);
      await running.get(ctx);
    },
  };
}
