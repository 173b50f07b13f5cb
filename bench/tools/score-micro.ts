// Micro-benchmark of the scoring math and the snapshot CSV on a synthetic million products (no database).
import { DEFAULT_CONFIG } from '../../src/modules/scoring/domain/config.ts';
import { toPopulation, type RawRow } from '../../src/modules/scoring/domain/population.ts';
import { scorePopulation } from '../../src/modules/scoring/domain/score.ts';
import { snapshotCsv } from '../../src/modules/scoring/recompute.service.ts';

const n = Number(process.argv[2] ?? 1_000_000);
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const rows: RawRow[] = [];
for (let i = 0; i < n; i++) {
  const lines = Math.floor(rnd() * 40);
  const reviews = Math.floor(lines * 0.3);
  rows.push({
    id: `p${i}`,
    merchant_id: `m${i % 9000}`,
    group_id: `c${i % 80}`,
    brand_id: rnd() < 0.8 ? `b${i % 2000}` : null,
    volume: lines,
    gmv: lines * 5000,
    price: 1000 + Math.floor(rnd() * 9000),
    completeness_a: 40 + Math.floor(rnd() * 60),
    completeness_b: 1,
    click_through_a: Math.floor(rnd() * 20),
    click_through_b: Math.floor(rnd() * 400),
    favorite_rate_a: Math.floor(rnd() * 10),
    favorite_rate_b: Math.floor(rnd() * 100),
    quality_refund_rate_a: rnd() < 0.05 ? 1 : 0,
    quality_refund_rate_b: lines,
    negative_review_rate_a: Math.floor(reviews * rnd() * 0.2),
    negative_review_rate_b: reviews,
    product_rating_a: reviews * (3.5 + rnd() * 1.5),
    product_rating_b: reviews,
    aftersale_hours_a: 20 * rnd(),
    aftersale_hours_b: rnd() < 0.1 ? 1 : 0,
    dispute_rate_a: 0,
    dispute_rate_b: rnd() < 0.1 ? 1 : 0,
  });
}
let t = performance.now();
const pop = toPopulation('product', rows, 30);
const t1 = performance.now() - t;
t = performance.now();
const s = scorePopulation('product', DEFAULT_CONFIG.product, pop);
const t2 = performance.now() - t;
t = performance.now();
let bytes = 0;
for (let lo = 0; lo < n; lo += 50_000)
  bytes += snapshotCsv('product', '2026-12-04', 1, pop, rows, s, lo, Math.min(n, lo + 50_000)).length;
const t3 = performance.now() - t;
console.log(
  `n=${n} toPopulation ${t1.toFixed(0)} ms, score ${t2.toFixed(0)} ms, csv ${t3.toFixed(0)} ms (${(bytes / 2 ** 20).toFixed(0)} MiB)`,
);
