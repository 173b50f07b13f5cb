import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { openTestDatabase } from './db.ts';

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL pool', () => {
  test('survives the server ending idle connections, and the next query reconnects', async () => {
    const db = await openTestDatabase();
    try {
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db.kysely)).rows[0]!
        .pid;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await admin.end();
      // Without an 'error' listener on the pool, the idle client's error would be an uncaught exception here.
      await new Promise((r) => setTimeout(r, 200));
      const one = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
      expect(one.rows[0]!.one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
