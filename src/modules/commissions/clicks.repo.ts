import { sql } from 'kysely';
import { batchWriter, perDatabase } from '../../core/batch-writer.ts';
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

/** Writes clicks in batches (see core/batch-writer): a redirect that awaits its click never loses it. */
export function clickWriter(db: Db) {
  return batchWriter<ClickRow>(async (batch) => {
    const col = <K extends keyof ClickRow>(k: K) => batch.map((b) => b[k]);
    await sql`INSERT INTO share_clicks (link_id, code, party_type, party_id, sub_id, consumer_id, product_id,
        store_id, clicked_at, ua_hash, ip_hash)
      SELECT * FROM unnest(${col('linkId')}::text[], ${col('code')}::text[], ${col('partyType')}::text[],
        ${col('partyId')}::text[], ${col('subId')}::text[], ${col('consumerId')}::text[],
        ${col('productId')}::text[], ${col('storeId')}::text[], ${col('clickedAt')}::timestamptz[],
        ${col('uaHash')}::text[], ${col('ipHash')}::text[])`.execute(db);
  });
}

/** The batching click writer of this database. */
export const writeClick = perDatabase(clickWriter);
