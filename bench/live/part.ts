import type { Database, DbKind } from '../../src/core/db.ts';

/** What a part of the `live` suite gets: a fresh migrated database, its kind, the command's options and a logger. */
export interface PartInput {
  db: Database;
  kind: DbKind;
  /** PostgreSQL URL of the fresh database ('' on PGlite), for parts that start a server or a second pool. */
  url: string;
  /** `--name value` options of the command line beyond --db, --part and --database-url. */
  args: Record<string, string | undefined>;
  log: (s: string) => void;
}

/** What a part reports: figures kept in the JSON run, and the markdown lines of bench/results/live-latest.md. */
export interface PartOutput {
  figures: Record<string, unknown>;
  /** Markdown (a table or bullets) for this part and database; say what was measured and the anchor ratio. */
  lines: string[];
}

export type PartRun = (input: PartInput) => Promise<PartOutput>;
