import { type RawBuilder, sql } from 'kysely';

/**
 * Names beside party ids, joined in the same query: `joins` are four LEFT JOINs (one per party table, each on its
 * primary key and only for its party type) and `name` the matching name. `prefix` keeps aliases apart when a
 * query names several parties.
 */
export function partyNames(
  type: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  prefix: string,
): { joins: RawBuilder<unknown>; name: RawBuilder<string | null> } {
  const a = (t: string) => sql.ref(`${prefix}_${t}`);
  return {
    joins: sql`LEFT JOIN merchants ${a('m')} ON ${type} = 'merchant' AND ${a('m')}.id = ${id}
      LEFT JOIN creators ${a('c')} ON ${type} = 'creator' AND ${a('c')}.id = ${id}
      LEFT JOIN agencies ${a('a')} ON ${type} = 'agency' AND ${a('a')}.id = ${id}
      LEFT JOIN promoters ${a('p')} ON ${type} = 'promoter' AND ${a('p')}.id = ${id}`,
    name: sql<string | null>`coalesce(${a('m')}.name, ${a('c')}.name, ${a('a')}.name, ${a('p')}.name)`,
  };
}
