/** Runs the traffic evaluation once and prints its figures: `npx tsx bench/tools/traffic-eval.ts [size]`. */
import { openTestDatabase } from '../../src/core/db.ts';
import { migrate } from '../../src/core/migrate.ts';
import { evaluateTraffic } from '../traffic/evaluate.ts';
import { EVAL_SIZES } from '../traffic/sizes.ts';

const size = (process.argv[2] ?? 'small') as keyof typeof EVAL_SIZES;
const db = await openTestDatabase();
await migrate(db);
const r = await evaluateTraffic(db, { ...EVAL_SIZES[size], log: (s) => process.stderr.write(`${s}\n`) });
console.log(JSON.stringify(r, null, 1));
await db.close();
