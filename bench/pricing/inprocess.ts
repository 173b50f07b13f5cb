/**
 * In-process figures of the pricing suite: the engine on realistic carts against the exhaustive oracle
 * and the one-by-one baseline, and listing prices in batch against the full engine on one-unit carts.
 */
import {
  buildProblem,
  type ListingItem,
  listingPrices,
  oracleSearch,
  quote,
  search,
} from '../../src/modules/pricing/domain/index.ts';
import { coupon, itemOffer, NOW, storeOffer } from '../../src/modules/pricing/domain/testing/carts.ts';
import { prng, realisticCart } from '../../src/modules/pricing/domain/testing/realistic.ts';
import type { Offer, WalletCoupon } from '../../src/modules/pricing/domain/types.ts';
import { type Figure, percentile } from './figures.ts';

const ctx = { now: NOW, followedStoreIds: ['s0'] };

function timeEach<T>(items: readonly T[], fn: (x: T) => void, passes: number): number[] {
  const times: number[] = [];
  for (let p = 0; p < passes; p++)
    for (const x of items) {
      const t0 = performance.now();
      fn(x);
      times.push(performance.now() - t0);
    }
  return times;
}

export function quoteFigures(opts: {
  carts: number;
  oracleCarts: number;
  log: (s: string) => void;
}): Figure[] {
  const figures: Figure[] = [];
  const typical = { lines: 8, stores: 3, offers: 40, coupons: 12 };
  const carts = Array.from({ length: opts.carts }, (_, i) => realisticCart(1000 + i, typical));
  const run = (c: (typeof carts)[number]) =>
    quote({ lines: c.lines, ctx, offers: c.offers, wallet: { coupons: c.coupons } });
  timeEach(carts, run, 3); // warm-up: JIT and the per-offer caches
  const times = timeEach(carts, run, 5);
  // Each cart's own cost: the best of the five passes, which leaves out GC pauses and other processes
  // taking the core (the shared machine); reported beside the raw percentiles, not instead of them.
  const own = carts.map((_, i) => Math.min(...[0, 1, 2, 3, 4].map((p) => times[p * carts.length + i]!)));
  const quotes = carts.map(run);
  const better = quotes.filter((q) => q.payAmount < q.baselinePayAmount);
  const extra = better.reduce((a, q) => a + q.baselinePayAmount - q.payAmount, 0);
  const exact = quotes.filter((q) => q.exact).length;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  opts.log(`quote: p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`);

  // The exhaustive oracle on the first carts, and the engine on the very same carts.
  const sample = carts.slice(0, opts.oracleCarts);
  let oracleMs = 0;
  let engineMs = 0;
  let agree = 0;
  let done = 0;
  for (const c of sample) {
    const P = buildProblem(c.lines, ctx, c.offers, { coupons: c.coupons });
    const t0 = performance.now();
    let o: ReturnType<typeof oracleSearch>;
    try {
      o = oracleSearch(P, 5_000_000);
    } catch {
      continue;
    }
    const t1 = performance.now();
    const r = search(P, 50_000);
    const t2 = performance.now();
    oracleMs += t1 - t0;
    engineMs += t2 - t1;
    done++;
    if (r.objective === o.objective) agree++;
  }
  opts.log(
    `oracle: ${done} carts, ${(oracleMs / Math.max(1, done)).toFixed(1)} ms each; agreement ${agree}/${done}`,
  );

  figures.push({
    figure: 'quote, typical cart (8 lines, 3 stores, 40 offers, 12 coupons), in-process',
    count: times.length,
    unit: 'quotes',
    ms: times.reduce((a, b) => a + b, 0),
    rate: 1000 / mean,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    target: 'p50 ≤ 0.3 ms, p99 ≤ 2 ms',
    note: `raw percentiles over all passes; each cart's own cost (best of 5 passes) p50 ${percentile(own, 50).toFixed(3)} ms, p99 ${percentile(own, 99).toFixed(3)} ms, max ${Math.max(...own).toFixed(3)} ms; ${exact}/${quotes.length} exact; the best combination beats one-by-one priority on ${better.length}/${quotes.length} carts (${((100 * better.length) / quotes.length).toFixed(1)}%), by ¥${(extra / 100 / Math.max(1, better.length)).toFixed(2)} on average where it does`,
  });
  figures.push({
    figure: 'branch and bound vs exhaustive oracle (search only, same carts)',
    count: done,
    unit: 'carts',
    ms: engineMs,
    rate: (1000 * done) / Math.max(engineMs, 1e-9),
    anchor: { name: 'exhaustive oracle', ms: oracleMs, rate: (1000 * done) / Math.max(oracleMs, 1e-9) },
    ratio: oracleMs / Math.max(engineMs, 1e-9),
    note: `ratio = oracle time / engine time; same optimum on ${agree}/${done} carts`,
  });

  const big = { lines: 50, stores: 10, offers: 120, coupons: 30 };
  const bigCarts = Array.from({ length: Math.max(20, Math.floor(opts.carts / 10)) }, (_, i) =>
    realisticCart(5000 + i, big),
  );
  const runBig = (c: (typeof bigCarts)[number]) =>
    quote({ lines: c.lines, ctx, offers: c.offers, wallet: { coupons: c.coupons } });
  timeEach(bigCarts, runBig, 1);
  const bigTimes = timeEach(bigCarts, runBig, 2);
  const bigExact = bigCarts.map(runBig).filter((q) => q.exact).length;
  figures.push({
    figure: 'quote, large cart (50 lines, 10 stores, 120 offers, 30 coupons), in-process',
    count: bigTimes.length,
    unit: 'quotes',
    ms: bigTimes.reduce((a, b) => a + b, 0),
    rate: (1000 * bigTimes.length) / bigTimes.reduce((a, b) => a + b, 0),
    p50: percentile(bigTimes, 50),
    p99: percentile(bigTimes, 99),
    note: `${bigExact}/${bigCarts.length} exact within the default node budget`,
  });
  return figures;
}

/** A catalog page's worth of SKUs over many stores, with a sale day's offers and claimable coupons. */
export function listingWorld(skus: number, stores: number) {
  const r = prng(42);
  const items: ListingItem[] = [];
  for (let i = 0; i < skus; i++) {
    const s = `s${i % stores}`;
    items.push({
      skuId: `sku${i}`,
      productId: `p${Math.floor(i / 3)}`,
      storeId: s,
      merchantId: `m_${s}`,
      categoryIds: [`c${i % 40}`, `c_top${i % 8}`],
      brandId: `b${i % 100}`,
      unitPrice: 990 + Math.floor(r() * 60000),
    });
  }
  const offers: Offer[] = [];
  for (let s = 0; s < stores; s++)
    offers.push(
      storeOffer(`st${s}`, `s${s}`, {
        type: 'amount_tiers',
        tiers: [
          { min: 19900, off: 2000 },
          { min: 29900, off: 4000 },
        ],
      }),
    );
  for (let i = 0; i < skus; i += 5)
    offers.push(itemOffer(`cut${i}`, 'price_cut', [`sku${i}`], { type: 'rate', rateBp: 9000 }));
  offers.push({
    id: 'cross',
    name: 'cross',
    kind: 'cross_store_threshold',
    scope: { storeIds: Array.from({ length: stores }, (_, s) => `s${s}`) },
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-11-30T00:00:00.000Z',
    rule: { type: 'amount_every', every: 30000, off: 4000 },
  });
  const coupons: WalletCoupon[] = [];
  for (let s = 0; s < stores; s += 2)
    coupons.push(
      coupon(`sc${s}`, 'store', { storeIds: [`s${s}`] }, { type: 'amount', min: 9900, off: 1000 }),
    );
  coupons.push(
    coupon(
      'plat',
      'platform',
      { categoryIds: ['c_top1', 'c_top2'] },
      { type: 'amount', min: 29900, off: 3000 },
    ),
  );
  return { items, offers, coupons };
}

export function listingFigures(opts: { skus: number; log: (s: string) => void }): Figure[] {
  const w = listingWorld(opts.skus, 500);
  const batch = 1000;
  const batches: ListingItem[][] = [];
  for (let i = 0; i < w.items.length; i += batch) batches.push(w.items.slice(i, i + batch));
  for (const b of batches.slice(0, 20)) listingPrices(b, ctx, w.offers, w.coupons); // warm-up
  const t0 = performance.now();
  let n = 0;
  for (const b of batches) n += listingPrices(b, ctx, w.offers, w.coupons).length;
  const ms = performance.now() - t0;
  // Anchor: the same SKUs priced one by one through the full engine (a one-unit cart each).
  const sample = w.items.slice(0, Math.min(20_000, w.items.length));
  for (const it of sample.slice(0, 2000))
    quote({
      lines: [{ ...it, lineId: 'l', quantity: 1 }],
      ctx,
      offers: w.offers,
      wallet: { coupons: w.coupons },
    });
  const t1 = performance.now();
  for (const it of sample)
    quote({
      lines: [{ ...it, lineId: 'l', quantity: 1 }],
      ctx,
      offers: w.offers,
      wallet: { coupons: w.coupons },
    });
  const anchorMs = performance.now() - t1;
  const rate = (1000 * n) / ms;
  const anchorRate = (1000 * sample.length) / anchorMs;
  opts.log(
    `listing: ${Math.round(rate).toLocaleString()} SKU prices/s (full engine ${Math.round(anchorRate).toLocaleString()}/s)`,
  );
  return [
    {
      figure: `listing prices (券后价), batches of ${batch}, ${w.offers.length} offers, ${w.coupons.length} coupons`,
      count: n,
      unit: 'SKU prices',
      ms,
      rate,
      anchor: { name: 'full engine, one-unit cart per SKU', ms: anchorMs, rate: anchorRate },
      ratio: rate / anchorRate,
      target: '≥ 200,000 SKU prices/s',
    },
  ];
}
