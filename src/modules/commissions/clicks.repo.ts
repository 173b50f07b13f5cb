import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/** share_clicks rows, written in batches. */

export interface ClickRow {
  linkId: string;
  code: string;
  partyType: string;
  partyId: string;
  subId: string | null;
  consumerId: string | null;
  productId: string | null;
  storeId: string | null;
  clickedAt: Date;
  uaHash: string | null;
  ipHash: string | null;
}

/**
 * Writes clicks in batches: concurrent clicks share one INSERT (on the embedded database every statement waits
 * for the single connection). Each caller's promise settles when its row is written, so a redirect that awaits
 * it never loses the click.
 */
export function clickWriter(db: Db) {
  let queue: { row: ClickRow; done: (e?: unknown) => void }[] = [];
  let running: Promise<void> | null = null;
  async function flush() {
    while (queue.length) {
      const batch = queue;
      queue = [];
      const col = <K extends keyof ClickRow>(k: K) => batch.map((b) => b.row[k]);
      try {
        await sql`INSERT INTO share_clicks (link_id, code, party_type, party_id, sub_id, consumer_id, product_id,
            store_id, clicked_at, ua_hash, ip_hash)
          SELECT * FROM unnest(${col('linkId')}::text[], ${col('code')}::text[], ${col('partyType')}::text[],
            ${col('partyId')}::text[], ${col('subId')}::text[], ${col('consumerId')}::text[],
            ${col('productId')}::text[], ${col('storeId')}::text[], ${col('clickedAt')}::timestamptz[],
            ${col('uaHash')}::text[], ${col('ipHash')}::text[])`.execute(db);
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e);
      }
    }
  }
  function kick() {
    if (running) return;
    running = new Promise<void>((r) => setImmediate(r)).then(flush).finally(() => {
      running = null;
      if (queue.length) kick();
    });
  }
  return (row: ClickRow) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, done: (e) => (e ? reject(e) : resolve()) });
      kick();
    });
}

const writers = new WeakMap<Db, ReturnType<typeof clickWriter>>();
/** The batching click writer of this database. */
export function writeClick(db: Db, row: ClickRow) {
  let w = writers.get(db);
  if (!w) {
    w = clickWriter(db);
    writers.set(db, w);
  }
  return w(row);
}
