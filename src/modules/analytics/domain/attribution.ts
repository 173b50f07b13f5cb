import { splitByWeights } from '../../../core/money.ts';
import type { Source } from './sources.ts';

/**
 * Channel attribution of orders, pure. An order's path is the sources of the buyer's touches before it, oldest
 * first. Last touch credits the whole order to the last touch's source; position-based (U-shaped) credits 40% to
 * the first touch, 40% to the last and splits 20% evenly over the touches between (1 touch: 100%; 2: 50/50).
 * An order without a touch is credited to its own recorded source under both models. GMV is split exactly to the
 * fen (largest remainder), so each model's GMV sums to the orders' GMV; orders are credited in fractions.
 */

export interface PathOrder {
  gmv: number;
  /** sources of the touches, oldest first */
  path: readonly Source[];
  /** the order's own source (scene × channel), used when the path is empty */
  fallback: Source;
}

/** Integer weights of the touches of a path of length n (position-based). */
export function positionWeights(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [1];
  if (n === 2) return [1, 1];
  // first and last 40 × (n − 2) each, every middle touch 20: the middle shares 20% of 100 × (n − 2)
  const w = new Array<number>(n).fill(20);
  w[0] = 40 * (n - 2);
  w[n - 1] = 40 * (n - 2);
  return w;
}

export interface Credit {
  orders: number;
  gmv: number;
}

export interface AttributionTotals {
  orders: number;
  ordersWithPath: number;
  touches: number;
  lastTouch: Map<Source, Credit>;
  positionBased: Map<Source, Credit>;
}

function add(m: Map<Source, Credit>, s: Source, orders: number, gmv: number) {
  const c = m.get(s);
  if (c) {
    c.orders += orders;
    c.gmv += gmv;
  } else m.set(s, { orders, gmv });
}

export function attribute(orders: Iterable<PathOrder>): AttributionTotals {
  const t: AttributionTotals = {
    orders: 0,
    ordersWithPath: 0,
    touches: 0,
    lastTouch: new Map(),
    positionBased: new Map(),
  };
  for (const o of orders) {
    t.orders++;
    const n = o.path.length;
    if (n === 0) {
      add(t.lastTouch, o.fallback, 1, o.gmv);
      add(t.positionBased, o.fallback, 1, o.gmv);
      continue;
    }
    t.ordersWithPath++;
    t.touches += n;
    add(t.lastTouch, o.path[n - 1]!, 1, o.gmv);
    const w = positionWeights(n);
    const total = w.reduce((a, b) => a + b, 0);
    const gmv = splitByWeights(o.gmv, w);
    for (let i = 0; i < n; i++) add(t.positionBased, o.path[i]!, w[i]! / total, gmv[i]!);
  }
  return t;
}
