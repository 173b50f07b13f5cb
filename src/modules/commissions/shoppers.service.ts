import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';

/**
 * A party's own shopper accounts (the consumer ids it buys with): an order of one of them attributed to the party
 * is a self-purchase (see the fraud rules). PUT replaces the whole set, so it is safe to repeat.
 */
export async function setShoppers(db: Db, partyType: string, partyId: string, consumerIds: string[]) {
  const ids = [...new Set(consumerIds)];
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM commission_party_consumers WHERE party_type = ${partyType} AND party_id = ${partyId}
      AND NOT (consumer_id = ANY(${ids}::text[]))`.execute(trx);
    await sql`INSERT INTO commission_party_consumers (party_type, party_id, consumer_id)
      SELECT ${partyType}, ${partyId}, unnest(${ids}::text[]) ON CONFLICT DO NOTHING`.execute(trx);
  });
  return { partyType, partyId, consumerIds: ids.sort() };
}
