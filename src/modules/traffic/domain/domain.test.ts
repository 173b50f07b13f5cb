import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { shiftDay } from '../../../core/time.ts';
import { buildCatalog, type CatalogProduct, type CatalogStore, onAir, tokenize } from './catalog.ts';
import { earnedFor, expiringOn, type QuotaEntry } from './chuanliu.ts';
import { allocatePool, carryOver, curveShare, evenDays, leadOf, throttle } from './pacing.ts';
import { type RaceParams, type RaceRow, daysOfMonth, nextMonth, previousMonth, standings } from './races.ts';
import { placeSlots, productCandidates, scoreProducts, selectPage } from './rank.ts';
import { armOf, DEFAULT_CURVE, DEFAULT_SETTINGS, settingsIssues } from './settings.ts';

describe('pacing', () => {
  test('the curve share rises from 0 to 1, linearly within an hour', () => {
    expect(curveShare(DEFAULT_CURVE, 0)).toBe(0);
    expect(curveShare(DEFAULT_CURVE, 1)).toBe(1);
    const flat = new Array(24).fill(1);
    expect(curveShare(flat, 0.5)).toBeCloseTo(0.5, 12);
    expect(curveShare(flat, 1.5 / 24)).toBeCloseTo(1.5 / 24, 12);
    let prev = 0;
    for (let f = 0; f <= 1; f += 0.01) {
      const s = curveShare(DEFAULT_CURVE, f);
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
    // Evening peak: the last 4 hours carry more than the first 8.
    expect(1 - curveShare(DEFAULT_CURVE, 20 / 24)).toBeGreaterThan(curveShare(DEFAULT_CURVE, 8 / 24));
  });

  test('the throttle opens fully when behind, closes at plan + lead and past the target', () => {
    expect(throttle(1000, 100, 200, 20)).toBe(1);
    expect(throttle(1000, 220, 200, 20)).toBe(0);
    expect(throttle(1000, 210, 200, 20)).toBeCloseTo(0.5, 12);
    expect(throttle(1000, 1000, 5000, 20)).toBe(0);
    expect(leadOf(100, 0.01, 20)).toBe(20);
    expect(leadOf(1_000_000, 0.01, 20)).toBe(10_000);
  });

  test('even days and carry-over', () => {
    expect(evenDays(10, 3)).toEqual([4, 3, 3]);
    expect(evenDays(10, 0)).toEqual([]);
    expect(carryOver(100, 97)).toBe(3);
    expect(carryOver(100, 120)).toBe(0);
  });

  test('a pool splits exactly; score_gmv favours better and bigger stores, less than in proportion to GMV', () => {
    const cs = [
      { id: 'a', score: 90, gmv: 1_000_000 },
      { id: 'b', score: 60, gmv: 1_000_000 },
      { id: 'c', score: 90, gmv: 4_000_000 },
    ];
    const s = allocatePool(100_000, 'score_gmv', cs);
    expect(s.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(s[0]!).toBeGreaterThan(s[1]!);
    expect(s[2]!).toBeGreaterThan(s[0]!);
    expect(s[2]! / s[0]!).toBeLessThan(4 * 0.6);
    expect(allocatePool(10, 'equal', cs)).toEqual([4, 3, 3]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e10 }),
        fc.array(
          fc.record({
            score: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
            gmv: fc.integer({ min: 0, max: 1e10 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (pool, xs) => {
          const parts = allocatePool(
            pool,
            'score_gmv',
            xs.map((x, i) => ({ id: `s${i}`, ...x })),
          );
          return (
            parts.reduce((a, b) => a + b, 0) === pool && parts.every((p) => Number.isSafeInteger(p) && p >= 0)
          );
        },
      ),
    );
  });
});

describe('Chuanliu accounts', () => {
  test('earned quota rounds down to whole exposures', () => {
    expect(earnedFor(12_345, 2)).toBe(246); // ¥123.45 × 2
    expect(earnedFor(99, 1)).toBe(0);
  });

  test('quota older than validDays expires, oldest first', () => {
    const e: QuotaEntry[] = [
      { day: '2026-11-01', type: 'earned', exposures: 1000 },
      { day: '2026-11-03', type: 'earned', exposures: 500 },
      { day: '2026-11-04', type: 'delivered', exposures: -300 },
    ];
    // On 11-07 with 7 valid days both earnings are recent: nothing expires.
    expect(expiringOn(e, '2026-11-07', 7, shiftDay)).toBe(0);
    // On 11-08 the 11-01 earning is out: balance 1200 − recent 500 = 700 of it is left and expires.
    expect(expiringOn(e, '2026-11-08', 7, shiftDay)).toBe(700);
    // Delivered more than the old earning: what is left is all recent.
    const more = [...e, { day: '2026-11-05', type: 'delivered' as const, exposures: -900 }];
    expect(expiringOn(more, '2026-11-08', 7, shiftDay)).toBe(0);
  });
});

describe('horse races', () => {
  const rows: RaceRow[] = [
    { storeId: 'a', merchantId: 'm', gmv: 500, previousGmv: 100, liveGmv: 0, orders: 5 },
    { storeId: 'b', merchantId: 'm', gmv: 900, previousGmv: 900, liveGmv: 300, orders: 9 },
    { storeId: 'c', merchantId: 'm', gmv: 900, previousGmv: 0, liveGmv: 100, orders: 1 },
    { storeId: 'd', merchantId: 'm', gmv: 0, previousGmv: 0, liveGmv: 0, orders: 0 },
  ];
  const p: RaceParams = { categoryId: 'x', metric: 'gmv', topN: 2, prizes: [100, 50], minPreviousGmv: 50 };

  test('ranks by the metric, ties by store id, only the top N win, zero GMV is not ranked', () => {
    const s = standings(rows, p);
    expect(s.map((x) => [x.storeId, x.rank, x.prize])).toEqual([
      ['b', 1, 100],
      ['c', 2, 50],
      ['a', 3, 0],
    ]);
  });

  test('growth needs a base month: stores without one are not ranked', () => {
    const s = standings(rows, { ...p, metric: 'gmv_growth' });
    expect(s.map((x) => x.storeId)).toEqual(['a', 'b']);
    expect(s[0]!.value).toBeCloseTo(4, 12);
  });

  test('month arithmetic', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(daysOfMonth('2028-02')).toHaveLength(29);
  });
});

function product(
  id: string,
  storeId: string,
  cat: string,
  price: number,
  clicks: number,
  orders: number,
  mult = 1,
): CatalogProduct {
  return {
    id,
    storeId,
    merchantId: `m-${storeId}`,
    categoryId: cat,
    l2Id: `${cat}-l2`,
    l1Id: 'l1',
    title: `${id} lipstick 口红`,
    categoryText: 'Beauty 美妆',
    price,
    exposures: 1000,
    clicks,
    orders,
    productMult: mult,
    storeMult: 1,
  };
}
const stores: CatalogStore[] = ['s1', 's2', 's3'].map((id) => ({
  id,
  merchantId: `m-${id}`,
  name: id,
  liveHours: 0,
  liveGmv: 0,
  storeMult: 1,
}));

describe('ranking', () => {
  const products = [
    product('p1', 's1', 'c1', 10000, 50, 5),
    product('p2', 's1', 'c1', 10000, 48, 5),
    product('p3', 's1', 'c1', 10000, 46, 5),
    product('p4', 's1', 'c1', 10000, 44, 5),
    product('p5', 's2', 'c1', 10000, 20, 1),
    product('p6', 's3', 'c2', 10000, 10, 1, 1.5),
  ];
  const c = buildCatalog(products, stores, [], [], { ctrStrength: 100, cvrStrength: 10, perList: 100 });

  test('smoothed rates sit between the product and its category; value is ctr × cvr × price', () => {
    const i = c.index.get('p1')!;
    expect(c.ctr[i]).toBeGreaterThan(0.03);
    expect(c.ctr[i]).toBeLessThan(0.05);
    expect(c.value[i]).toBeCloseTo(c.ctr[i]! * c.cvr[i]! * 10000, 3);
  });

  test('a page never shows one store twice in a row while another can take the place, nor more than maxPerStore', () => {
    const cands = productCandidates(c, { scene: 'mall', categoryId: 'l1', max: 100 });
    const sc = scoreProducts(c, cands, { arm: 'score', affinityWeight: 0 });
    const page = selectPage(sc.score, (k) => c.store[cands.idx[k]!]!, cands.n, 6, 3);
    const storesOnPage = page.map((k) => c.stores[c.store[cands.idx[k]!]!]!.id);
    expect(storesOnPage.filter((s) => s === 's1')).toHaveLength(3);
    for (let i = 1; i < storesOnPage.length - 1; i++) expect(storesOnPage[i]).not.toBe(storesOnPage[i - 1]);
  });

  test('the holdout arm ranks without score multipliers', () => {
    const cands = productCandidates(c, { scene: 'mall', categoryId: 'l1', max: 100 });
    const k6 = [...cands.idx.slice(0, cands.n)].indexOf(c.index.get('p6')!);
    const a = scoreProducts(c, cands, { arm: 'score', affinityWeight: 0 });
    const b = scoreProducts(c, cands, { arm: 'holdout', affinityWeight: 0 });
    expect(a.score[k6]! / b.score[k6]!).toBeCloseTo(1.5, 5);
  });

  test('search matches title tokens, Chinese by bigram', () => {
    expect(tokenize('Rose 口红 Set')).toEqual(expect.arrayContaining(['rose', '口红', '口', '红', 'set']));
    const cands = productCandidates(c, { scene: 'search', query: '口红', max: 100 });
    expect(cands.n).toBe(6);
    expect(productCandidates(c, { scene: 'search', query: 'nothing-like-it', max: 100 }).n).toBe(0);
  });

  test('program slots go to their positions, never repeat an item, and the page keeps its size', () => {
    const page = [0, 1, 2, 3, 4].map((i) => ({ item: i, store: i, cand: i }));
    const out = placeSlots(
      page,
      [
        { programId: 'x', kind: 'budget', key: 'a', item: 3, store: 3 },
        { programId: 'x', kind: 'budget', key: 'b', item: 9, store: 9 },
        { programId: 'y', kind: 'budget', key: 'c', item: 8, store: 8 },
      ],
      [1, 3],
      5,
    );
    expect(out.map((p) => p.item)).toEqual([0, 9, 1, 8, 2]);
  });

  test('rooms on air at an instant', () => {
    const h = 3_600_000;
    const c2 = buildCatalog(
      [],
      stores,
      [
        { id: 'a', storeId: 's1', hostType: 'self', creatorId: null, startMs: 0, endMs: 2 * h },
        { id: 'b', storeId: 's2', hostType: 'self', creatorId: null, startMs: h, endMs: null },
        { id: 'c', storeId: 's3', hostType: 'creator', creatorId: 'cr', startMs: 3 * h, endMs: 4 * h },
      ],
      [],
      { ctrStrength: 1, cvrStrength: 1, perList: 10 },
    );
    expect(onAir(c2, 1.5 * h).map((s) => s.id)).toEqual(['a', 'b']);
    expect(onAir(c2, 3.5 * h).map((s) => s.id)).toEqual(['b', 'c']);
    expect(onAir(c2, 14 * h).map((s) => s.id)).toEqual([]);
  });
});

describe('settings', () => {
  test('arms are stable per user and close to the holdout share', () => {
    expect(armOf('u1', 1000)).toBe(armOf('u1', 1000));
    let held = 0;
    for (let i = 0; i < 20_000; i++) if (armOf(`u${i}`, 1000) === 'holdout') held++;
    expect(held / 20_000).toBeGreaterThan(0.09);
    expect(held / 20_000).toBeLessThan(0.11);
    expect(armOf('u1', 0)).toBe('score');
  });

  test('settings that do not hold together are named', () => {
    expect(settingsIssues(DEFAULT_SETTINGS)).toEqual([]);
    const bad = settingsIssues({ ...DEFAULT_SETTINGS, curve: [1, 2], programSlots: [1, 1, 40] });
    expect(bad.map((b) => b.field)).toEqual(['curve', 'programSlots', 'programSlots']);
  });
});
