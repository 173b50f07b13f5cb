// Scores of a simulated marketplace against its latent truth (Spearman ρ per score and store dimension).
// Usage: DATABASE_URL=… npx tsx bench/tools/score-quality.ts <day> — the database must hold a `tributary
// simulate` run; the day is recomputed first (the window ends with it).
import { openDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { recompute } from '../../src/modules/scoring/index.ts';
import { scoreQuality } from '../scoring/quality.ts';

const day = process.argv[2];
if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
  process.stderr.write('usage: score-quality.ts <YYYY-MM-DD>\n');
  process.exit(2);
}
const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.TRIBUTARY_DATA_DIR,
});
await migrate(db);
const run = await recompute(db, {
  day,
  trigger: 'quality',
  timeZone: process.env.TRIBUTARY_TIMEZONE ?? 'Asia/Shanghai',
});
process.stdout.write(
  `recomputed ${day} in ${(run.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(run.counts)}\n`,
);
for (const f of await scoreQuality(db, day))
  process.stdout.write(
    `${f.id.padEnd(28)} ρ = ${Number.isNaN(f.rho) ? '—' : f.rho.toFixed(3)}  n = ${String(f.n).padStart(5)}  against ${f.against}\n`,
  );
await db.close();
