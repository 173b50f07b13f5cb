/**
 * Test support for commissions.reliability.test.ts: settles a month in its own process and prints one line per
 * committed chunk, so the parent can SIGKILL it in the middle of a run. Args: month, now (ISO).
 * Env: DATABASE_URL, TEST_SCHEMA.
 */
import { openDatabase } from '../../core/db.ts';
import { settleMonth } from './settlement.service.ts';

const [month, now] = process.argv.slice(2) as [string, string];
const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL!,
  schema: process.env.TEST_SCHEMA!,
  poolSize: 2,
});
await settleMonth(db.kysely, month, new Date(now), {
  timeZone: 'Asia/Shanghai',
  chunkSize: 1,
  afterChunk: async (k) => {
    process.stdout.write(`chunk ${k}\n`);
    await new Promise((r) => setTimeout(r, 5));
  },
});
process.stdout.write('done\n');
await db.close();
