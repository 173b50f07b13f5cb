import { sql } from 'kysely';
import type { Database } from '../../src/core/db.ts';
import { spearman } from '../../src/modules/scoring/index.ts';

/**
 * Scores against the simulator's latent truth (sim_* tables): Spearman's ρ of each score, and of each store
 * dimension, against the latent parameter it is meant to recover, over entities with enough volume.
 */

export interface QualityFigure {
  id: string;
  n: number;
  rho: number;
  against: string;
}

async function rho(
  db: Database,
  id: string,
  against: string,
  q: ReturnType<typeof sql<{ s: number; t: number }>>,
) {
  const { rows } = await q.execute(db.kysely);
  return {
    id,
    against,
    n: rows.length,
    rho: spearman(
      rows.map((r) => Number(r.s)),
      rows.map((r) => Number(r.t)),
    ),
  };
}

export async function scoreQuality(db: Database, day: string, minOrders = 50): Promise<QualityFigure[]> {
  const dim = (i: number) => sql.raw(`(s.dims->>${i})::float8`);
  const stores = (
    expr: ReturnType<typeof sql.raw> | ReturnType<typeof sql>,
    truth: ReturnType<typeof sql.raw>,
  ) =>
    sql<{ s: number; t: number }>`SELECT ${expr} AS s, ${truth} AS t FROM score_snapshots s
      JOIN sim_stores t ON t.store_id = s.entity_id
      WHERE s.kind = 'store' AND s.day = ${day}::date AND s.volume >= ${minOrders}`;
  return [
    await rho(
      db,
      'store score',
      'latent experience 0.35·quality + 0.40·logistics + 0.25·service',
      stores(
        sql`s.score`,
        sql.raw('0.35 * t.product_quality + 0.40 * t.logistics_speed + 0.25 * t.service_quality'),
      ),
    ),
    await rho(
      db,
      'store quality dimension',
      'latent product quality',
      stores(dim(0), sql.raw('t.product_quality')),
    ),
    await rho(
      db,
      'store logistics dimension',
      'latent logistics speed',
      stores(dim(1), sql.raw('t.logistics_speed')),
    ),
    await rho(
      db,
      'store service dimension',
      'latent service quality',
      stores(dim(2), sql.raw('t.service_quality')),
    ),
    await rho(
      db,
      'store stability dimension',
      'latent logistics speed',
      stores(dim(3), sql.raw('t.logistics_speed')),
    ),
    await rho(
      db,
      'product quality dimension',
      'latent product quality (products with ≥ 20 units)',
      sql<{ s: number; t: number }>`SELECT (s.dims->>2)::float8 AS s, t.quality AS t FROM score_snapshots s
        JOIN sim_products t ON t.product_id = s.entity_id
        WHERE s.kind = 'product' AND s.day = ${day}::date AND s.volume >= 20`,
    ),
    await rho(
      db,
      'creator score',
      'mean latent quality of the products they sold (creators with ≥ 10 orders)',
      sql<{ s: number; t: number }>`SELECT s.score AS s, q.t FROM score_snapshots s
        JOIN (SELECT o.creator_id, avg(p.quality) AS t FROM orders o JOIN order_lines l ON l.order_id = o.id
              JOIN sim_products p ON p.product_id = l.product_id WHERE o.creator_id IS NOT NULL GROUP BY 1) q
          ON q.creator_id = s.entity_id
        WHERE s.kind = 'creator' AND s.day = ${day}::date AND s.volume >= 10`,
    ),
  ];
}
