import { sql } from 'kysely';
import { isOperator, type Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { fromBytes } from '../audiences/index.ts';
import { sampleOf, twoProportionZ, welchT } from './domain/stats.ts';
import type { ArmStats, ExperimentList, ExperimentResult } from './types.ts';

/**
 * Incrementality of audience activations from their holdout groups (audiences split each activation's users into
 * treatment and holdout by a hash, before anything is sent, so the groups are a randomised experiment).
 *
 * Outcome window: orders of the activation's merchant (any store) paid from the activation's creation for `days`
 * days (capped at now), not cancelled. Per user: converted (≥ 1 such order) and GMV (Σ pay_amount, 0 for
 * non-buyers). Conversion: two-proportion z-test (pooled standard error for the p-value, unpooled for the 95% Wald
 * interval). GMV per user: Welch's t-test (unequal variances, Welch–Satterthwaite df) with its 95% interval.
 * Incremental GMV = GMV-per-user difference × treatment users (interval scaled likewise, rounded to the fen);
 * incremental orders = orders-per-user difference × treatment users. Significant: the GMV-per-user p < 0.05 (the
 * conversion p when GMV cannot be tested). Assignment, not exposure, defines the groups (intention to treat):
 * treatment users who got no coupon stay in the treatment group.
 */

export const METHOD =
  'Intention-to-treat comparison of the randomised treatment and holdout groups over the window: conversion by a two-proportion z-test (pooled SE for p, unpooled Wald 95% CI), GMV per user (non-buyers 0) by Welch’s t-test with Welch–Satterthwaite df and its 95% CI; incremental GMV = GMV-per-user difference × treatment users; significant at p < 0.05 (GMV per user; conversion when GMV cannot be tested).';

interface ActivationRow {
  id: string;
  audience_id: string;
  audience_name: string;
  merchant_id: string;
  kind: string;
  treatment: number;
  holdout: number;
  created_at: Date | string;
}

export async function listExperiments(db: Db, merchantId: string | null): Promise<ExperimentList> {
  const r =
    await sql<ActivationRow>`SELECT a.id, a.audience_id, au.name AS audience_name, a.merchant_id, a.kind,
      a.treatment, a.holdout, a.created_at
    FROM aud_activations a JOIN aud_audiences au ON au.id = a.audience_id
    WHERE a.holdout > 0 AND a.status = 'done' ${merchantId ? sql`AND a.merchant_id = ${merchantId}` : sql``}
    ORDER BY a.created_at DESC, a.id LIMIT 500`.execute(db);
  return {
    rows: r.rows.map((x) => ({
      activationId: x.id,
      audienceId: x.audience_id,
      audienceName: x.audience_name,
      kind: x.kind,
      startedAt: new Date(x.created_at).toISOString(),
      treatmentUsers: x.treatment,
      holdoutUsers: x.holdout,
    })),
  };
}

interface Arm {
  users: number;
  buyers: number;
  orders: number;
  gmv: number;
  gmvSq: number;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const pair = (c: [number, number], f = r6): [number, number] => [f(c[0]), f(c[1])];

export async function experiment(
  db: Db,
  p: Principal,
  activationId: string,
  days: number,
  now = new Date(),
): Promise<ExperimentResult> {
  const row = (
    await sql<ActivationRow & { treatment_bitmap: Uint8Array; holdout_bitmap: Uint8Array }>`SELECT a.id,
        a.audience_id, au.name AS audience_name, a.merchant_id, a.kind, a.treatment, a.holdout, a.created_at,
        a.treatment_bitmap, a.holdout_bitmap
      FROM aud_activations a JOIN aud_audiences au ON au.id = a.audience_id WHERE a.id = ${activationId}`.execute(
      db,
    )
  ).rows[0];
  if (!row) throw notFound(`no activation ${activationId}`);
  if (!isOperator(p) && !(p.role === 'merchant' && p.partyId === row.merchant_id))
    throw forbidden(`activation ${activationId} belongs to another merchant`);
  const from = new Date(row.created_at);
  const end = new Date(from.getTime() + days * 86_400_000);
  const to = end < now ? end : now;
  const t = fromBytes(row.treatment_bitmap);
  const h = fromBytes(row.holdout_bitmap);
  const idx = [...Array.from(t.toUint32Array()), ...Array.from(h.toUint32Array())];
  const grp = [...new Array<string>(t.size).fill('t'), ...new Array<string>(h.size).fill('h')];
  // Per buyer first (GMV and orders), then per group: n buyers, Σ orders, Σ GMV and Σ GMV² for the variance.
  const res = await sql<{ grp: string; buyers: number; orders: string; gmv: string; gmv_sq: string }>`
    WITH g AS (SELECT u.consumer_id, v.grp FROM unnest(${idx}::int[], ${grp}::text[]) AS v(idx, grp)
      JOIN aud_users u ON u.idx = v.idx),
    b AS (SELECT g.grp, o.consumer_id, count(*) AS orders, sum(o.pay_amount)::numeric AS gmv
      FROM g JOIN orders o ON o.consumer_id = g.consumer_id
      WHERE o.merchant_id = ${row.merchant_id} AND o.paid_at >= ${from.toISOString()}::timestamptz
        AND o.paid_at < ${to.toISOString()}::timestamptz AND o.status <> 'cancelled'
      GROUP BY g.grp, o.consumer_id)
    SELECT grp, count(*)::int AS buyers, sum(orders)::text AS orders, sum(gmv)::text AS gmv,
      sum(gmv * gmv)::text AS gmv_sq
    FROM b GROUP BY grp`.execute(db);
  const arm = (g: string, users: number): Arm => {
    const x = res.rows.find((y) => y.grp === g);
    return {
      users,
      buyers: x?.buyers ?? 0,
      orders: Number(x?.orders ?? 0),
      gmv: Number(x?.gmv ?? 0),
      gmvSq: Number(x?.gmv_sq ?? 0),
    };
  };
  const T = arm('t', t.size);
  const H = arm('h', h.size);
  const stats = (a: Arm): ArmStats => ({
    users: a.users,
    converters: a.buyers,
    conversion: a.users ? r6(a.buyers / a.users) : null,
    gmv: a.gmv,
    gmvPerUser: a.users ? r6(a.gmv / a.users) : null,
  });
  const conv = twoProportionZ(T.buyers, T.users, H.buyers, H.users);
  const money = welchT(sampleOf(T.users, T.gmv, T.gmvSq), sampleOf(H.users, H.gmv, H.gmvSq));
  const ct = T.users ? T.buyers / T.users : null;
  const ch = H.users ? H.buyers / H.users : null;
  const perUserDiff = T.users && H.users ? T.gmv / T.users - H.gmv / H.users : null;
  const ordersDiff = T.users && H.users ? T.orders / T.users - H.orders / H.users : null;
  const p0 = money?.p ?? conv?.p ?? null;
  return {
    activationId: row.id,
    audienceName: row.audience_name,
    kind: row.kind,
    window: { from: from.toISOString(), to: to.toISOString() },
    treatment: stats(T),
    holdout: stats(H),
    lift: {
      conversionDiff: ct !== null && ch !== null ? r6(ct - ch) : null,
      conversionCi: conv ? pair(conv.ci) : null,
      conversionP: conv ? r6(conv.p) : null,
      relativeLift: ct !== null && ch ? r6(ct / ch - 1) : null,
      gmvPerUserDiff: perUserDiff === null ? null : r6(perUserDiff),
      gmvPerUserCi: money ? pair(money.ci) : null,
      gmvP: money ? r6(money.p) : null,
      incrementalGmv: perUserDiff === null ? null : Math.round(perUserDiff * T.users),
      incrementalGmvCi: money ? pair([money.ci[0] * T.users, money.ci[1] * T.users], Math.round) : null,
      incrementalOrders: ordersDiff === null ? null : Math.round(ordersDiff * T.users * 100) / 100,
    },
    significant: p0 !== null && p0 < 0.05,
    method: METHOD,
  };
}
