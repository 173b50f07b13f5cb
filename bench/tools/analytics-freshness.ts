/**
 * Re-measures only the freshness of the real-time indices on a database kept by
 * `npm run bench -- analytics --part dashboards --keep` (the world and its rollups are already there):
 * `npx tsx bench/tools/analytics-freshness.ts <database-url>`. Writes
 * bench/results/analytics-freshness-postgres-<stamp>.json with the world's size read from the database.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../../src/core/db.ts';
import { freshness } from '../analytics/dashboards.ts';
import { engineRevision, machine, stamp, writeRun } from '../lib/results.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: analytics-freshness.ts <database-url of a kept dashboards run>');
const db = await openDatabase({ databaseUrl: url });
const size = (
  await sql<{ stores: number; orders: string; events: string }>`SELECT
    (SELECT count(*) FROM stores)::int AS stores, (SELECT count(*) FROM orders)::text AS orders,
    (SELECT count(*) FROM events)::text AS events`.execute(db.kysely)
).rows[0]!;
const at = stamp();
const fresh = await freshness(db, url, size.stores, (s) => console.log(s));
const file = writeRun(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results'),
  {
    suite: 'analytics',
    part: 'freshness-postgres',
    at,
    revision: engineRevision(['src/modules/analytics']),
    machine: machine('PostgreSQL'),
    world: { stores: size.stores, orders: Number(size.orders), events: Number(size.events) },
    freshness: fresh,
  } as { suite: string; part: string },
  at,
);
console.log(file);
await db.close();
