import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { at, paidOrder } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { checkBalances } from '../ledger/index.ts';
import { commissionWorld, orders, refund } from './commissions.fixture.ts';
import { reconcile } from './reconciliation.service.ts';

// Random lives of an order through the real ingestion, outbox and engine: partial refunds of lines and of the
// whole order, delivery, cancellation. After every step the order reconciles to the fen and the ledger holds
// exactly its split; at the end the ledger's cached balances equal the sums of its entries.
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await commissionWorld(t);
});
afterAll(() => t.close());

type Op = { kind: 'refund'; line: 1 | 2 | null; part: number } | { kind: 'deliver' } | { kind: 'cancel' };
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      line: fc.constantFrom(1, 2, null),
      part: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'deliver' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
);

let n = 0;
test('any sequence of refunds, delivery and cancellation keeps every order reconciled and the ledger exact', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbOp, { minLength: 1, maxLength: 5 }),
      fc.constantFrom('cr1', 'pr1'),
      async (ops, party) => {
        const id = `pp${++n}`;
        const base = paidOrder(id, {
          source:
            party === 'cr1'
              ? { scene: 'video', channel: 'creator', creatorId: 'cr1' }
              : { scene: 'share', channel: 'organic', shareCode: 'PR1CODE' },
          lines: [
            { lineNo: 1, skuId: 'k1', quantity: 2, unitPrice: 3990, discount: 500 },
            { lineNo: 2, skuId: 'k1', quantity: 1, unitPrice: 3990, discount: 0 },
          ],
          itemsAmount: 11970,
          discountAmount: 500,
          shippingFee: 800,
          payAmount: 12270,
          payments: [{ id: `${id}-pay`, kind: 'full', amount: 12270, paidAt: at(5) }],
        });
        let state: 'paid' | 'delivered' | 'cancelled' = 'paid';
        const claimed = new Map<string, number>();
        const room = (line: 1 | 2 | null) =>
          (line === 1 ? 7480 : line === 2 ? 3990 : 12270) - (claimed.get(String(line)) ?? 0);
        expect((await orders.post(t, [base])).status).toBe(200);
        await t.ctx.dispatcher.drain();
        let k = 0;
        for (const op of ops) {
          if (op.kind === 'deliver' && state === 'paid') {
            state = 'delivered';
            await orders.post(t, [{ ...base, status: 'delivered', shippedAt: at(60), deliveredAt: at(600) }]);
          } else if (op.kind === 'cancel' && state === 'paid' && claimed.size === 0) {
            state = 'cancelled';
            await orders.post(t, [
              { ...base, status: 'cancelled', cancelledAt: at(30), cancelReason: 'buyer' },
            ]);
          } else if (op.kind === 'refund' && state !== 'cancelled') {
            const amount = Math.floor(room(op.line) * op.part);
            if (amount < 1) continue;
            const r = await orders.afterSale(t, [
              refund(`${id}-as${++k}`, id, amount, op.line ?? undefined, 700 + k),
            ]);
            expect(r.status, JSON.stringify(r.body)).toBe(200);
            claimed.set(String(op.line), (claimed.get(String(op.line)) ?? 0) + amount);
          } else continue;
          await t.ctx.dispatcher.drain();
          const rec = await reconcile(t.ctx.db.kysely, id);
          expect(rec, JSON.stringify({ ops, rec })).toMatchObject({
            buyerPaid: 12270,
            balanced: true,
            ledgerMatches: true,
          });
        }
      },
    ),
    { numRuns: 15 },
  );
  const check = await checkBalances(t.ctx.db.kysely);
  expect(check).toMatchObject({ ok: true, mismatches: [], unbalanced: [] });
}, 120_000);
