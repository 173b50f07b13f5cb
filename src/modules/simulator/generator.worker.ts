import { parentPort, workerData } from 'node:worker_threads';
import { createWorld, generate } from './domain/generator.ts';
import { buildPromotionBook } from './domain/promotions.ts';
import { ScheduleCache } from './domain/schedule.ts';
import type { ThreadInput, ThreadMessage } from './generator.thread.ts';

/**
 * Runs the pure generator off the ingesting thread: it rebuilds the same world from the same options (the
 * generation is deterministic) and posts its chunks in order. The main thread counts the chunks it has taken in
 * a shared counter, and this thread blocks while `ahead` chunks are posted and not taken yet (bounded memory).
 */
const input = workerData as ThreadInput;
const port = parentPort!;
const counters = new Int32Array(input.counters);
const post = (m: ThreadMessage) => port.postMessage(m);
try {
  const { world, seeds } = createWorld(input.generate);
  const book = input.promotions ? buildPromotionBook(world, seeds) : null;
  const schedule = new ScheduleCache(world, seeds);
  let posted = 0;
  let userDays = 0;
  for (const chunk of generate(world, seeds, { ...input.options, schedule, book })) {
    // Progress rides on the next chunk of records: a message per group of users would be mostly overhead.
    if (chunk.kind === 'progress') {
      userDays += chunk.userDays;
      continue;
    }
    post({ chunk, userDays });
    userDays = 0;
    posted++;
    for (;;) {
      const taken = Atomics.load(counters, 0);
      if (posted - taken < input.ahead) break;
      Atomics.wait(counters, 0, taken, 1000);
    }
  }
  post({ done: true, userDays });
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ error: { message: err.message, stack: err.stack } });
}
