import { Worker } from 'node:worker_threads';
import type { Chunk, GenerateOptions } from './domain/generator.ts';

/** What the generator thread needs to rebuild the world and replay the same generation. */
export interface ThreadInput {
  generate: GenerateOptions;
  promotions: boolean;
  options: { groupUsers: number; eventChunk: number; fromShard?: number };
  /** SharedArrayBuffer of one Int32: chunks taken by the consumer. */
  counters: SharedArrayBuffer;
  /** Chunks the thread may post ahead of the consumer. */
  ahead: number;
}

export type ThreadMessage =
  | { chunk: Exclude<Chunk, { kind: 'progress' }>; userDays: number }
  | { done: true; userDays: number }
  | { error: { message: string; stack?: string } };

/**
 * The generator's chunks, produced on a worker thread: the same chunks in the same order as `generate()` on
 * this thread (progress is merged into fewer, larger steps), while this thread ingests. Generation and ingestion
 * then use two cores instead of taking turns on one. Stopping the iteration early stops the thread.
 */
export async function* threadedChunks(
  input: Omit<ThreadInput, 'counters' | 'ahead'>,
  ahead = 16,
): AsyncGenerator<Chunk> {
  const counters = new SharedArrayBuffer(4);
  const taken = new Int32Array(counters);
  const worker = new Worker(new URL('./generator.worker.mjs', import.meta.url), {
    workerData: { ...input, counters, ahead } satisfies ThreadInput,
  });
  const inbox: ThreadMessage[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ThreadMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure ??= e;
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) failure ??= new Error(`the generator thread exited with code ${code}`);
    notify();
  });
  try {
    for (;;) {
      const m = inbox.shift();
      if (!m) {
        if (failure) throw failure;
        if (exited) throw new Error('the generator thread ended before its last chunk');
        await new Promise<void>((r) => {
          wake = r;
        });
        continue;
      }
      if ('error' in m) {
        const e = new Error(`generator thread: ${m.error.message}`);
        e.stack = m.error.stack;
        throw e;
      }
      if (m.userDays) yield { kind: 'progress', userDays: m.userDays };
      if ('done' in m) return;
      Atomics.add(taken, 0, 1);
      Atomics.notify(taken, 0);
      yield m.chunk;
    }
  } finally {
    await worker.terminate();
  }
}
