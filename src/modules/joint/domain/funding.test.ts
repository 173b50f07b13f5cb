import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { apportion, effectiveShares, type ShareHolder, sumFunding, transferEntries } from './funding.ts';

const holders: ShareHolder[] = [
  { storeId: 's1', merchantId: 'm1', shareBp: 5000 },
  { storeId: 's2', merchantId: 'm2', shareBp: 3000 },
  { storeId: 's3', merchantId: 'm3', shareBp: 2000 },
];

describe('effective shares', () => {
  test('explicit shares as given; stores without one split what is left evenly', () => {
    expect(effectiveShares(holders)).toEqual([5000, 3000, 2000]);
    expect(
      effectiveShares([
        { storeId: 'a', merchantId: 'm', shareBp: 4000 },
        { storeId: 'b', merchantId: 'm', shareBp: null },
        { storeId: 'c', merchantId: 'm', shareBp: null },
      ]),
    ).toEqual([4000, 3000, 3000]);
    expect(
      effectiveShares([
        { storeId: 'a', merchantId: 'm', shareBp: null },
        { storeId: 'b', merchantId: 'n', shareBp: null },
        { storeId: 'c', merchantId: 'o', shareBp: null },
      ]),
    ).toEqual([3334, 3333, 3333]);
  });
});

describe('apportion', () => {
  test('满199减100 on one store: the discount is shared 50/30/20 and the funder is paid back', () => {
    const rows = apportion([{ merchantId: 'm1', merchantFunded: 10000 }], holders, 'shares');
    expect(rows).toEqual([
      { merchantId: 'm1', storeIds: ['s1'], fundedByLines: 10000, owedByShare: 5000, transfer: -5000 },
      { merchantId: 'm2', storeIds: ['s2'], fundedByLines: 0, owedByShare: 3000, transfer: 3000 },
      { merchantId: 'm3', storeIds: ['s3'], fundedByLines: 0, owedByShare: 2000, transfer: 2000 },
    ]);
    expect(transferEntries(rows)).toEqual([
      { account: 'merchant:m1:payable', amount: -5000 },
      { account: 'merchant:m2:payable', amount: 3000 },
      { account: 'merchant:m3:payable', amount: 2000 },
    ]);
  });

  test('own_lines: nobody moves money', () => {
    const rows = apportion(
      [
        { merchantId: 'm1', merchantFunded: 777 },
        { merchantId: 'm2', merchantFunded: 5 },
      ],
      holders,
      'own_lines',
    );
    expect(rows.map((r) => r.transfer)).toEqual([0, 0, 0]);
    expect(rows.map((r) => r.owedByShare)).toEqual([777, 5, 0]);
    expect(transferEntries(rows)).toEqual([]);
  });

  test('one merchant with two stores is one party', () => {
    const rows = apportion(
      [{ merchantId: 'm1', merchantFunded: 1001 }],
      [
        { storeId: 's1', merchantId: 'm1', shareBp: null },
        { storeId: 's1b', merchantId: 'm1', shareBp: null },
        { storeId: 's2', merchantId: 'm2', shareBp: null },
      ],
      'shares',
    );
    expect(rows).toEqual([
      { merchantId: 'm1', storeIds: ['s1', 's1b'], fundedByLines: 1001, owedByShare: 668, transfer: -333 },
      { merchantId: 'm2', storeIds: ['s2'], fundedByLines: 0, owedByShare: 333, transfer: 333 },
    ]);
  });

  const arb = fc
    .array(
      fc.record({
        m: fc.integer({ min: 0, max: 5 }),
        share: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
      }),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .chain((hs) =>
      fc.tuple(
        fc.constant(hs.map((h, i) => ({ storeId: `s${i}`, merchantId: `m${h.m}`, shareBp: h.share }))),
        fc.array(
          fc.record({ m: fc.integer({ min: 0, max: 5 }), f: fc.integer({ min: 0, max: 5_000_000 }) }),
          { maxLength: 6 },
        ),
      ),
    );

  test('property: transfers sum to zero, shares are exact to the fen, funded amounts are preserved', () => {
    fc.assert(
      fc.property(arb, ([hs, ls]) => {
        const lines = ls.map((l) => ({ merchantId: `m${l.m}`, merchantFunded: l.f }));
        const total = lines.reduce((s, l) => s + l.merchantFunded, 0);
        const rows = apportion(lines, hs, 'shares');
        expect(rows.reduce((s, r) => s + r.transfer, 0)).toBe(0);
        expect(rows.reduce((s, r) => s + r.owedByShare, 0)).toBe(total);
        expect(rows.reduce((s, r) => s + r.fundedByLines, 0)).toBe(total);
        const w = effectiveShares(hs);
        const sw = w.reduce((a, b) => a + b, 0);
        // Each store's part is within one fen of its exact proportion.
        const byMerchant = new Map<string, number>();
        hs.forEach((h, i) => {
          const exact = sw === 0 ? total / hs.length : (total * w[i]!) / sw;
          byMerchant.set(h.merchantId, (byMerchant.get(h.merchantId) ?? 0) + exact);
        });
        for (const r of rows) {
          expect(Number.isInteger(r.owedByShare)).toBe(true);
          const exact = byMerchant.get(r.merchantId) ?? 0;
          expect(Math.abs(r.owedByShare - exact)).toBeLessThan(hs.length + 1e-6);
        }
        const entries = transferEntries(rows);
        expect(entries.reduce((s, e) => s + e.amount, 0)).toBe(0);
        expect(entries.every((e) => e.amount !== 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('sumFunding adds orders per merchant', () => {
    const a = apportion([{ merchantId: 'm1', merchantFunded: 100 }], holders, 'shares');
    const b = apportion([{ merchantId: 'm2', merchantFunded: 100 }], holders, 'shares');
    const s = sumFunding([a, b]);
    expect(s.map((r) => [r.merchantId, r.fundedByLines, r.owedByShare, r.transfer])).toEqual([
      ['m1', 100, 100, 0],
      ['m2', 100, 60, -40],
      ['m3', 0, 40, 40],
    ]);
  });
});
