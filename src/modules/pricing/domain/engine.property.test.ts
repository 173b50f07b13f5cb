import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate, objective } from './evaluate.ts';
import { oracleSearch } from './oracle.ts';
import { buildProblem } from './problem.ts';
import { quote } from './quote.ts';
import { listingPrices } from './listing.ts';
import { refundFor } from './refunds.ts';
import { baselineChoice, search } from './search.ts';
import { arbCart, NOW } from './testing/carts.ts';

const small = arbCart({ maxLines: 4, maxStores: 3, maxOffers: 5, maxCoupons: 4 });
const realistic = arbCart({ maxLines: 10, maxStores: 4, maxOffers: 12, maxCoupons: 10 });
const ctx = { now: NOW };
const points = { pointsPerYuan: 100, capBp: 2000 };

describe('pricing engine properties', () => {
  test('branch and bound agrees with the exhaustive oracle on thousands of small carts', () => {
    fc.assert(
      fc.property(small, (c) => {
        const P = buildProblem(c.lines, ctx, c.offers, { coupons: c.coupons });
        const r = search(P, 1_000_000);
        const o = oracleSearch(P);
        expect(r.exact).toBe(true);
        expect(r.objective).toBe(o.objective);
        expect(objective(evaluate(P, r.choice))).toBe(r.objective);
      }),
      { numRuns: 3000 },
    );
  });

  test('allocations sum exactly to each discount, lines to the total, and payable is never negative', () => {
    fc.assert(
      fc.property(realistic, fc.integer({ min: 0, max: 50_000 }), (c, pts) => {
        const q = quote(
          { lines: c.lines, ctx, offers: c.offers, wallet: { coupons: c.coupons, points: pts } },
          { points },
        );
        expect(q.payAmount).toBeGreaterThanOrEqual(0);
        for (const l of q.lines) {
          expect(l.paid).toBeGreaterThanOrEqual(0);
          expect(l.amount - l.discount).toBe(l.paid);
          expect(l.parts.reduce((a, p) => a + p.paid, 0)).toBe(l.paid);
          for (const p of l.parts) expect(p.paid).toBeGreaterThanOrEqual(0);
          const allocated = q.allocations
            .filter((a) => a.lineId === l.lineId)
            .reduce((a, x) => a + x.amount, 0);
          expect(allocated).toBe(l.discount);
        }
        for (const a of q.applied) {
          const sum = q.allocations
            .filter((x) => x.sourceId === a.id && x.sourceType === a.sourceType)
            .reduce((s, x) => s + x.amount, 0);
          expect(sum).toBe(a.saving);
          expect(a.platformFunded + a.merchantFunded).toBe(a.saving);
        }
        expect(q.itemsAmount - q.discountAmount).toBe(q.payAmount);
        expect(q.lines.reduce((a, l) => a + l.paid, 0)).toBe(q.payAmount);
      }),
      { numRuns: 500 },
    );
  });

  test('refunding every unit returns exactly what was paid, and any split of units adds up', () => {
    fc.assert(
      fc.property(realistic, fc.integer({ min: 0, max: 5000 }), (c, pts) => {
        const q = quote(
          { lines: c.lines, ctx, offers: c.offers, wallet: { coupons: c.coupons, points: pts } },
          { points },
        );
        const all = q.lines.map((l) => ({ lineId: l.lineId, units: [...Array(l.quantity).keys()] }));
        expect(refundFor(q, all).amount).toBe(q.payAmount);
        for (const l of q.lines) {
          const units = [...Array(l.quantity).keys()];
          const odd = units.filter((u) => u % 2 === 1);
          const even = units.filter((u) => u % 2 === 0);
          const a = refundFor(q, [{ lineId: l.lineId, units: odd }]).amount;
          const b = refundFor(q, [{ lineId: l.lineId, units: even }]).amount;
          expect(a + b).toBe(l.paid);
          for (const u of units)
            expect(refundFor(q, [{ lineId: l.lineId, units: [u] }]).amount).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('adding a coupon to the wallet never raises the optimal total', () => {
    fc.assert(
      fc.property(realistic, (c) => {
        fc.pre(c.coupons.length > 0);
        const wallet = { coupons: c.coupons };
        const fewer = { coupons: c.coupons.slice(1) };
        const withAll = quote({ lines: c.lines, ctx, offers: c.offers, wallet });
        const without = quote({ lines: c.lines, ctx, offers: c.offers, wallet: fewer });
        expect(withAll.exact && without.exact).toBe(true);
        expect(withAll.payAmount).toBeLessThanOrEqual(without.payAmount);
      }),
      { numRuns: 500 },
    );
  });

  test('never loses to applying offers one by one in priority order', () => {
    fc.assert(
      fc.property(realistic, (c) => {
        const P = buildProblem(c.lines, ctx, c.offers, { coupons: c.coupons });
        const base = objective(evaluate(P, baselineChoice(P)));
        const r = search(P, 5_000);
        expect(r.objective).toBeGreaterThanOrEqual(base);
        const q = quote({ lines: c.lines, ctx, offers: c.offers, wallet: { coupons: c.coupons } });
        expect(q.payAmount).toBeLessThanOrEqual(q.baselinePayAmount);
      }),
      { numRuns: 500 },
    );
  });
});

describe('listing prices', () => {
  test('the fast path and the full engine agree on one unit, conflicts or not', () => {
    fc.assert(
      fc.property(realistic, (c) => {
        const items = c.lines.map(({ lineId, quantity, ...rest }) => rest);
        const prices = listingPrices(items, ctx, c.offers, c.coupons);
        items.forEach((it, i) => {
          const q = quote({
            lines: [{ ...it, lineId: 'x', quantity: 1 }],
            ctx,
            offers: c.offers,
            wallet: { coupons: c.coupons },
          });
          expect(prices[i]!.price).toBe(q.payAmount);
        });
      }),
      { numRuns: 300 },
    );
  });
});
