import { sql } from 'kysely';
import type { Role } from '../core/auth.ts';
import type { AppContext } from '../core/context.ts';
import { createHooks } from '../core/hooks.ts';
import { Problem } from '../core/errors.ts';
import { createDispatcher } from '../core/outbox.ts';
import { businessDay, dayStart, shiftDay } from '../core/time.ts';
import { seedAnalyticsDemo } from '../modules/analytics/index.ts';
import { seedAudiencesDemo } from '../modules/audiences/index.ts';
import { settleMonth } from '../modules/commissions/index.ts';
import { seedJointDemo } from '../modules/joint/index.ts';
import { ORDER_CREATE_HOOKS, type OrderCreateHook } from '../modules/marketplace/index.ts';
import { MODULES } from '../modules/registry.ts';
import { backfillScores } from '../modules/scoring/index.ts';
import { simulate, type SimulationSummary } from '../modules/simulator/index.ts';
import { seedLiveDemo } from './demo-live.ts';
import { seedMarketDemo } from './demo-market.ts';
import { seedTrafficDemo } from './demo-traffic.ts';
import { progressReporter } from './progress.ts';

export const DEMO_PASSWORD = 'tributary';
/** Days of score history the demo starts with. */
const DEMO_SCORE_DAYS = 14;

export interface DemoLogin {
  login: string;
  role: string;
  partyId: string | null;
}

/**
 * The installed modules' order-create hooks (pricing locks the quotes simulated buyers check out with). A
 * context the modules are already set up on has them; otherwise (the demo is generated before the server
 * wires its context) they come from setting the modules up on a scratch registry. The coupon lifecycle then
 * runs on the server's own dispatcher once it starts.
 */
export function orderHooks(ctx: AppContext): readonly OrderCreateHook[] {
  const wired = ctx.hooks.list(ORDER_CREATE_HOOKS);
  if (wired.length) return wired;
  const hooks = createHooks();
  const scratch: AppContext = { ...ctx, hooks, dispatcher: createDispatcher(ctx.db.kysely, ctx.log) };
  for (const m of MODULES) m.setup?.(scratch);
  return hooks.list(ORDER_CREATE_HOOKS);
}

/**
 * Settles the commission statements of the month before the simulated window's end, as the operator would on
 * the settlement day, once the outbox has been handled (the commission engine has followed every order). A
 * window that ends before that month's settlement day leaves it open; the line printed says which.
 */
export async function settleLastMonth(ctx: AppContext, endDay: string): Promise<string> {
  const tz = ctx.cfg.timeZone;
  const end = dayStart(shiftDay(endDay, 1), tz);
  const now = new Date(Math.min(end.getTime(), Date.now()));
  const month = shiftDay(`${businessDay(now, tz).slice(0, 7)}-01`, -1).slice(0, 7);
  try {
    const r = await settleMonth(ctx, month, now);
    return `commissions of ${month} settled: ${r.statements} statements, ${r.lines} lines`;
  } catch (e) {
    if (e instanceof Problem && e.status === 409) return `commissions of ${month} not settled: ${e.message}`;
    throw e;
  }
}

/** First start: generate the demo marketplace (small scale, 30 days) and the demo console logins. */
export async function ensureDemo(
  ctx: AppContext,
  opts: { days?: number; seed?: number } = {},
): Promise<{ logins: DemoLogin[]; generated: SimulationSummary | null }> {
  const existing = await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM merchants`.execute(ctx.db.kysely);
  let generated: SimulationSummary | null = null;
  if ((existing.rows[0]?.n ?? 0) === 0) {
    const bar = progressReporter();
    process.stderr.write('Generating the demo marketplace (first start only)…\n');
    const summary = await simulate(ctx.db, {
      days: opts.days ?? 30,
      seed: opts.seed ?? 42,
      scale: 'small',
      timeZone: ctx.cfg.timeZone,
      onProgress: bar.update,
      orderHooks: orderHooks(ctx),
    });
    bar.stop();
    const t = performance.now();
    await backfillScores(ctx, summary.endDay, DEMO_SCORE_DAYS);
    process.stderr.write(
      `Operating scores of the last ${DEMO_SCORE_DAYS} days computed in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    // Joint campaigns before the traffic replay, so the demo's funded ad delivers through its program.
    const tj = performance.now();
    const joint = await seedJointDemo(ctx.db, {
      endDay: summary.endDay,
      timeZone: ctx.cfg.timeZone,
      merchantId: summary.demo.merchantId,
      storeId: summary.demoStoreId,
    });
    process.stderr.write(`${joint} in ${((performance.now() - tj) / 1000).toFixed(1)} s\n`);
    const tt = performance.now();
    const traffic = await seedTrafficDemo(ctx, summary.endDay, summary.demo.merchantId);
    process.stderr.write(`${traffic} in ${((performance.now() - tt) / 1000).toFixed(1)} s\n`);
    // Live rooms (products, explanation windows, metrics, scheduled sessions), then the creator marketplace
    // (samples, proxy jobs) that refers to those sessions and to the creators' scores.
    const tl = performance.now();
    const live = await seedLiveDemo(ctx, summary.demo);
    const market = await seedMarketDemo(ctx);
    process.stderr.write(`${live}; ${market} in ${((performance.now() - tl) / 1000).toFixed(1)} s\n`);
    // Profiles and tags of every consumer, then the demo merchant's audiences and a coupon activation.
    const ta = performance.now();
    const audiences = await seedAudiencesDemo(ctx.db.kysely, {
      timeZone: ctx.cfg.timeZone,
      merchantId: summary.demo.merchantId,
    });
    process.stderr.write(`${audiences} in ${((performance.now() - ta) / 1000).toFixed(1)} s\n`);
    // The demo merchant's last campaign with a holdout; the server builds the analytics rollups once it runs.
    const tr = performance.now();
    const analytics = await seedAnalyticsDemo(ctx.db.kysely, {
      to: summary.endDay,
      timeZone: ctx.cfg.timeZone,
      merchantId: summary.demo.merchantId,
    });
    process.stderr.write(`${analytics} in ${((performance.now() - tr) / 1000).toFixed(1)} s\n`);
    process.stderr.write(
      `Demo marketplace ready in ${(summary.wallMs / 1000).toFixed(1)} s: ${Object.entries(summary.rows)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}\n`,
    );
    generated = summary;
  }
  const demo = generated?.demo;
  const users = await sql<{ login: string; role: string; party_id: string | null }>`
    SELECT login, role, party_id FROM console_users WHERE login IN ('operator','merchant','creator','agency','promoter') ORDER BY created_at`.execute(
    ctx.db.kysely,
  );
  if (users.rows.length > 0 || !demo)
    return {
      logins: users.rows.map((u) => ({ login: u.login, role: u.role, partyId: u.party_id })),
      generated,
    };
  const nameOf = async (table: 'merchants' | 'creators' | 'agencies' | 'promoters', id: string) =>
    (
      await sql<{ name: string }>`SELECT name FROM ${sql.table(table)} WHERE id = ${id}`.execute(
        ctx.db.kysely,
      )
    ).rows[0]?.name ?? id;
  const logins: (DemoLogin & { name: string })[] = [
    { login: 'operator', role: 'operator', partyId: null, name: 'Marketplace Operator' },
    {
      login: 'merchant',
      role: 'merchant',
      partyId: demo.merchantId,
      name: await nameOf('merchants', demo.merchantId),
    },
    {
      login: 'creator',
      role: 'creator',
      partyId: demo.creatorId,
      name: await nameOf('creators', demo.creatorId),
    },
    {
      login: 'agency',
      role: 'agency',
      partyId: demo.agencyId,
      name: await nameOf('agencies', demo.agencyId),
    },
    {
      login: 'promoter',
      role: 'promoter',
      partyId: demo.promoterId,
      name: await nameOf('promoters', demo.promoterId),
    },
  ];
  for (const l of logins)
    await ctx.auth.createUser(l.login, DEMO_PASSWORD, l.role as Role, l.partyId, l.name);
  return { logins: logins.map(({ login, role, partyId }) => ({ login, role, partyId })), generated };
}
