import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { simulate, type SimulationSummary } from '../modules/simulator/index.ts';
import { progressReporter } from './progress.ts';

export const DEMO_PASSWORD = 'tributary';

export interface DemoLogin {
  login: string;
  role: string;
  partyId: string | null;
}

/** First start: generate the demo marketplace (small scale, 30 days) and the demo console logins. */
export async function ensureDemo(
  ctx: AppContext,
  opts: { days?: number; seed?: number } = {},
): Promise<DemoLogin[]> {
  const existing = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM merchants`.execute(ctx.db.kysely);
  let demo: SimulationSummary['demo'] | null = null;
  if ((existing.rows[0]?.n ?? 0) === 0) {
    const bar = progressReporter();
    process.stderr.write('Generating the demo marketplace (first start only)…\n');
    const summary = await simulate(ctx.db, {
      days: opts.days ?? 30,
      seed: opts.seed ?? 42,
      scale: 'small',
      timeZone: ctx.cfg.timeZone,
      onProgress: bar.update,
    });
    bar.stop();
    process.stderr.write(
      `Demo marketplace ready in ${(summary.wallMs / 1000).toFixed(1)} s: ${Object.entries(summary.rows)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}\n`,
    );
    demo = summary.demo;
  }
  const logins: DemoLogin[] = [];
  const users = await sql<{
    login: string;
    role: string;
    party_id: string | null;
  }>`SELECT login, role, party_id FROM console_users WHERE login IN ('operator','merchant','creator')`.execute(
    ctx.db.kysely,
  );
  if (users.rows.length === 3)
    return users.rows.map((u) => ({ login: u.login, role: u.role, partyId: u.party_id }));
  if (!demo) return logins;
  const merchantName =
    (
      await sql<{ name: string }>`SELECT name FROM merchants WHERE id = ${demo.merchantId}`.execute(
        ctx.db.kysely,
      )
    ).rows[0]?.name ?? demo.merchantId;
  const creatorName =
    (
      await sql<{ name: string }>`SELECT name FROM creators WHERE id = ${demo.creatorId}`.execute(
        ctx.db.kysely,
      )
    ).rows[0]?.name ?? demo.creatorId;
  await ctx.auth.createUser('operator', DEMO_PASSWORD, 'operator', null, 'Marketplace Operator');
  await ctx.auth.createUser('merchant', DEMO_PASSWORD, 'merchant', demo.merchantId, merchantName);
  await ctx.auth.createUser('creator', DEMO_PASSWORD, 'creator', demo.creatorId, creatorName);
  return [
    { login: 'operator', role: 'operator', partyId: null },
    { login: 'merchant', role: 'merchant', partyId: demo.merchantId },
    { login: 'creator', role: 'creator', partyId: demo.creatorId },
  ];
}
