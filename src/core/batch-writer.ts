import type { Db } from './db.ts';

/**
 * Rows written in batches: concurrent callers share one statement (on the embedded database every statement
 * waits for the single connection; on PostgreSQL a round trip each would cost more than the rows). Each
 * caller's promise settles when the batch holding its row is written, so a caller that awaits it never
 * answers before its row is stored; a failing batch rejects every caller in it.
 */
export function batchWriter<Row>(write: (rows: Row[]) => Promise<unknown>) {
  let queue: { row: Row; done: (e?: unknown) => void }[] = [];
  let running: Promise<void> | null = null;
  async function flush() {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await write(batch.map((b) => b.row));
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e);
      }
    }
  }
  function kick() {
    if (running) return;
    // One turn of the event loop lets the requests already in flight join the batch.
    running = new Promise<void>((r) => setImmediate(r)).then(flush).finally(() => {
      running = null;
      if (queue.length) kick();
    });
  }
  return (row: Row) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, done: (e) => (e ? reject(e) : resolve()) });
      kick();
    });
}

/** One batch writer per database, made on first use. */
export function perDatabase<Row>(make: (db: Db) => (row: Row) => Promise<void>) {
  const writers = new WeakMap<Db, (row: Row) => Promise<void>>();
  return (db: Db, row: Row) => {
    let w = writers.get(db);
    if (!w) {
      w = make(db);
      writers.set(db, w);
    }
    return w(row);
  };
}
