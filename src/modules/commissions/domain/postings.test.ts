import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffEntries, type LineMoney, orderEntries, PLATFORM, recipients, toEntries } from './postings.ts';
import { apportionRefund, type LineTerms, splitLine } from './split.ts';

interface Line extends LineTerms {
  merchantId: string;
  partyType: string | null;
  partyId: string | null;
  agencyId: string | null;
  leaderId: string | null;
}

const arbLine = fc.record({
  paid: fc.integer({ min: 0, max: 2_000_000 }),
  subsidy: fc.integer({ min: 0, max: 50_000 }),
  shipping: fc.constant(0),
  refunded: fc.constant(0),
  rateBp: fc.integer({ min: 0, max: 9000 }),
  serviceFeeBp: fc.integer({ min: 0, max: 3000 }),
  transactionFeeBp: fc.integer({ min: 0, max: 1000 }),
  agencySplitBp: fc.integer({ min: 0, max: 10_000 }),
  leaderBp: fc.integer({ min: 0, max: 3000 }),
  commissionable: fc.boolean(),
  merchantId: fc.constantFrom('m1', 'm2'),
  partyType: fc.constantFrom('creator', 'promoter', null),
  partyId: fc.constantFrom('p1', 'p2'),
  agencyId: fc.constantFrom('a1', null),
  leaderId: fc.constantFrom('l1', null),
});

const arbOrder = fc.record({
  lines: fc.array(arbLine, { minLength: 1, maxLength: 6 }),
  shipping: fc.integer({ min: 0, max: 3000 }),
});

function money(lines: Line[]): LineMoney[] {
  return lines.map((l) => {
    const a = splitLine(l);
    return {
      ...a,
      merchantId: l.merchantId,
      partyType: l.partyType,
      partyId: l.partyType ? l.partyId : null,
      agencyId: l.partyType === 'creator' ? l.agencyId : null,
      leaderId: l.partyType === 'promoter' ? l.leaderId : null,
    };
  });
}

function setup(o: { lines: Line[]; shipping: number }) {
  const lines = o.lines.map((l, i) => ({
    ...l,
    shipping: i === 0 ? o.shipping : 0,
    // No party, no commission (the engine only rates lines with a party).
    rateBp: l.partyType ? l.rateBp : 0,
    agencySplitBp: l.partyType === 'creator' && l.agencyId ? l.agencySplitBp : 0,
    leaderBp: l.partyType === 'promoter' && l.leaderId ? l.leaderBp : 0,
  }));
  const payAmount = lines.reduce((s, l) => s + l.paid + l.shipping, 0);
  return { lines, payAmount };
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('order postings', () => {
  test('property: every order balances — buyer paid + platform subsidy = merchant + parties + platform fees', () => {
    fc.assert(
      fc.property(arbOrder, (raw) => {
        const { lines, payAmount } = setup(raw);
        const ls = money(lines);
        const m = orderEntries({ consumerId: 'u1', payAmount, refunded: 0, lines: ls });
        expect(sum(m)).toBe(0);
        // The same identity recipient by recipient: what the buyer paid is everyone's share, platform net.
        const platformNet = ls.reduce((s, l) => s + l.serviceFee + l.transactionFee - l.subsidy, 0);
        const others = ls.reduce((s, l) => s + recipients(l).reduce((x, r) => x + r.amount, 0), 0);
        expect(others + platformNet).toBe(payAmount);
        expect(m.get(PLATFORM.buyerFunds) ?? 0).toBe(payAmount);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: any sequence of refunds, invalidations and corrections keeps balances equal to the sum of entries', () => {
    const arbOp = fc.oneof(
      fc.record({
        kind: fc.constant('refund' as const),
        line: fc.option(fc.nat(8)),
        part: fc.double({ min: 0, max: 1.2, noNaN: true }),
      }),
      fc.record({ kind: fc.constant('invalidate' as const), line: fc.nat(8) }),
      fc.record({ kind: fc.constant('complete' as const) }),
    );
    fc.assert(
      fc.property(arbOrder, fc.array(arbOp, { maxLength: 12 }), (raw, ops) => {
        const { lines, payAmount } = setup(raw);
        let refunded = 0;
        let pending = true;
        // A toy ledger: pending transactions by key, posted entries in a list; balances summed from entries.
        const ledger = {
          pending: new Map<string, Map<string, number>>(),
          posted: [] as { account: string; amount: number }[],
        };
        let version = 1;
        const current = () => orderEntries({ consumerId: 'u1', payAmount, refunded, lines: money(lines) });
        ledger.pending.set(`v${version}`, current());
        for (const op of ops) {
          const before = current();
          if (op.kind === 'complete') {
            if (pending) {
              ledger.posted.push(...toEntries(ledger.pending.get(`v${version}`)!));
              ledger.pending.delete(`v${version}`);
              pending = false;
            }
            continue;
          }
          if (op.kind === 'refund') {
            const left = lines.reduce((s, l) => s + l.paid + l.shipping - l.refunded, 0);
            const extra = apportionRefund(lines, Math.floor(op.part * left), op.line);
            extra.forEach((e, i) => {
              lines[i]!.refunded += e;
              refunded += e;
            });
          } else if (lines[op.line]) lines[op.line]!.commissionable = false;
          const after = current();
          if (pending) {
            ledger.pending.delete(`v${version}`); // void
            version++;
            ledger.pending.set(`v${version}`, after); // repost reduced
          } else {
            const d = diffEntries(before, after);
            expect(d.reduce((s, e) => s + e.amount, 0)).toBe(0);
            ledger.posted.push(...d);
          }
        }
        const balances = new Map<string, number>();
        const entries = [...ledger.posted, ...[...ledger.pending.values()].flatMap(toEntries)];
        for (const e of entries) balances.set(e.account, (balances.get(e.account) ?? 0) + e.amount);
        for (const [k, v] of balances) if (v === 0) balances.delete(k);
        expect(ledger.pending.size).toBeLessThanOrEqual(1);
        expect(balances).toEqual(current());
        expect(sum(balances)).toBe(0);
        const refunds = 0 - (balances.get('consumer:u1:refunds') ?? 0);
        expect(refunds).toBe(refunded);
        expect(refunded).toBeLessThanOrEqual(payAmount);
      }),
      { numRuns: 2000 },
    );
  });
});
