import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { apportionRefund, type LineTerms, refundable, splitLine } from './split.ts';

const terms = (t: Partial<LineTerms> = {}): LineTerms => ({
  paid: 10_000,
  subsidy: 0,
  shipping: 0,
  refunded: 0,
  rateBp: 2000,
  serviceFeeBp: 1000,
  transactionFeeBp: 500,
  agencySplitBp: 0,
  leaderBp: 0,
  commissionable: true,
  ...t,
});

const arbTerms = fc.record({
  paid: fc.integer({ min: 0, max: 50_000_000 }),
  subsidy: fc.integer({ min: 0, max: 5_000_000 }),
  shipping: fc.integer({ min: 0, max: 100_000 }),
  refundedPart: fc.double({ min: 0, max: 1, noNaN: true }),
  rateBp: fc.integer({ min: 0, max: 9000 }),
  serviceFeeBp: fc.integer({ min: 0, max: 5000 }),
  transactionFeeBp: fc.integer({ min: 0, max: 1000 }),
  agencySplitBp: fc.integer({ min: 0, max: 10_000 }),
  leaderBp: fc.integer({ min: 0, max: 5000 }),
  commissionable: fc.boolean(),
});

describe('splitLine', () => {
  test('worked example: ¥100 line, 20% commission, 10% service fee, 5% transaction fee', () => {
    const a = splitLine(terms());
    expect(a).toEqual({
      base: 10_000,
      subsidy: 0,
      shipping: 0,
      commission: 2000,
      serviceFee: 200,
      transactionFee: 500,
      party: 1800,
      agency: 0,
      leader: 0,
      merchant: 7500,
    });
  });

  test('agency and leader shares come out of the net commission by largest remainder', () => {
    // net = 333 - 33 = 300 → leader 10% = 30, rest 270 → agency 33.33% of 270 = 89.991 → 90, creator 180
    const a = splitLine(terms({ paid: 1665, rateBp: 2000, leaderBp: 1000, agencySplitBp: 3333 }));
    expect(a.commission).toBe(333);
    expect(a.serviceFee).toBe(33);
    expect(a.leader).toBe(30);
    expect(a.agency + a.party).toBe(270);
    expect(a.agency).toBe(90);
  });

  test('a platform subsidy is credited to the merchant and pays the transaction fee like sales', () => {
    const a = splitLine(terms({ paid: 9000, subsidy: 1000, rateBp: 0 }));
    expect(a.transactionFee).toBe(500);
    expect(a.merchant).toBe(9500);
  });

  test('a partial refund scales the base, the subsidy, and then the shipping once goods are refunded', () => {
    const half = splitLine(terms({ paid: 10_000, subsidy: 1000, shipping: 800, refunded: 5000 }));
    expect(half.base).toBe(5000);
    expect(half.subsidy).toBe(500);
    expect(half.shipping).toBe(800);
    const all = splitLine(terms({ paid: 10_000, subsidy: 1000, shipping: 800, refunded: 10_300 }));
    expect(all).toMatchObject({ base: 0, subsidy: 0, shipping: 500, commission: 0, merchant: 500 });
  });

  test('not commissionable (invalid): the merchant keeps the commission, fees on sales still apply', () => {
    const a = splitLine(terms({ commissionable: false }));
    expect(a).toMatchObject({ commission: 0, serviceFee: 0, party: 0, transactionFee: 500, merchant: 9500 });
  });

  test('property: every split adds up exactly and no part is negative', () => {
    fc.assert(
      fc.property(arbTerms, (t) => {
        const refunded = Math.floor(t.refundedPart * (t.paid + t.shipping));
        const a = splitLine({ ...t, refunded });
        const parts = [a.merchant, a.party, a.agency, a.leader, a.serviceFee, a.transactionFee];
        expect(parts.reduce((x, y) => x + y, 0)).toBe(a.base + a.subsidy + a.shipping);
        expect(a.party + a.agency + a.leader + a.serviceFee).toBe(a.commission);
        for (const p of parts) expect(p).toBeGreaterThanOrEqual(0);
        expect(a.base + a.shipping).toBe(t.paid + t.shipping - refunded);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('apportionRefund', () => {
  test('a line refund stays on its line; the rest of an order refund spreads by what each line has left', () => {
    const lines = [
      { paid: 1000, shipping: 500, refunded: 0 },
      { paid: 3000, shipping: 0, refunded: 0 },
    ];
    expect(apportionRefund(lines, 400, 1)).toEqual([0, 400]);
    expect(apportionRefund(lines, 900, null)).toEqual([300, 600]);
    // more than the line can give back: the excess goes to the other lines
    expect(apportionRefund(lines, 3500, 1)).toEqual([500, 3000]);
  });

  test('property: parts sum to the refund (up to what is left) and never exceed a line', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            paid: fc.integer({ min: 0, max: 1_000_000 }),
            shipping: fc.integer({ min: 0, max: 2000 }),
            used: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.option(fc.nat(10)),
        (raw, amount, line) => {
          const lines = raw.map((l) => ({
            paid: l.paid,
            shipping: l.shipping,
            refunded: Math.floor(l.used * (l.paid + l.shipping)),
          }));
          const left = lines.reduce((s, l) => s + refundable(l), 0);
          const parts = apportionRefund(lines, amount, line);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(Math.min(amount, left));
          parts.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(refundable(lines[i]!));
          });
        },
      ),
      { numRuns: 3000 },
    );
  });
});

test('two round-ups never leave the merchant a negative fen', () => {
  const a = splitLine(terms({ paid: 5, rateBp: 9000, transactionFeeBp: 1000, serviceFeeBp: 0 }));
  expect(a.commission).toBe(5);
  expect(a.transactionFee).toBe(0);
  expect(a.merchant).toBe(0);
});
