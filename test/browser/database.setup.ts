// Browser tests on PostgreSQL get a database of their own for the run: the demo server of each file
// seeds it when empty (the first file) and later files share it, but nothing left by an earlier run (a
// demo from an older version, programs created by earlier tests) can leak into this one.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createPgDatabase, dropPgDatabase } from '../../bench/lib/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_URL for the demo servers of this run, or '' on the embedded database. */
    browserDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide('browserDatabaseUrl', '');
    return undefined;
  }
  const name = `tributary_browser_${randomBytes(4).toString('hex')}`;
  project.provide('browserDatabaseUrl', await createPgDatabase(url, name));
  return () => dropPgDatabase(url, name);
}
