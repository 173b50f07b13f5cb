/** The worked examples of docs/pricing.md, number for number. */
import { describe, expect, test } from 'vitest';
import { addOnSuggestions } from './addons.ts';
import { listingPrices } from './listing.ts';
import { quote } from './quote.ts';
import { presaleDepositOutcome, refundFor } from './refunds.ts';
import { coupon, crossOffer, itemOffer, line, NOW, storeOffer } from './testing/carts.ts';
import type { ItemOffer } from './types.ts';

const ctx = { now: NOW };
const saving = (q: ReturnType<typeof quote>, id: string) => q.applied.find((a) => a.id === id)?.saving;

describe('worked examples (docs/pricing.md)', () => {
  test('1. layers: store 满减, cross-store 每满减, store coupon, platform coupon', () => {
    const q = quote({
      lines: [line('a', 'A', 15000), line('b', 'A', 8000), line('c', 'B', 12000, 2)],
      ctx,
      offers: [
        storeOffer('A-tiers', 'A', {
          type: 'amount_tiers',
          tiers: [
            { min: 19900, off: 2000 },
            { min: 29900, off: 4000 },
          ],
        }),
        crossOffer('AB-every', ['A', 'B'], { type: 'amount_every', every: 30000, off: 4000, cap: 40000 }),
      ],
      wallet: {
        coupons: [
          coupon('B-200-15', 'store', { storeIds: ['B'] }, { type: 'amount', min: 20000, off: 1500 }),
          coupon(
            'P-300-20',
            'platform',
            {},
            { type: 'amount', min: 30000, off: 2000 },
            { platformFundedBp: 10000 },
          ),
        ],
      },
    });
    expect(q.itemsAmount).toBe(47000);
    expect(saving(q, 'A-tiers')).toBe(2000); // store A: 230 ≥ 199
    expect(saving(q, 'AB-every')).toBe(4000); // 470 → one full 300
    expect(saving(q, 'B-200-15')).toBe(1500);
    expect(saving(q, 'P-300-20')).toBe(2000);
    expect(q.payAmount).toBe(37500);
    // Store A's 20 yuan split 150 : 80 by largest remainder.
    const a = q.allocations.filter((x) => x.sourceId === 'A-tiers').map((x) => [x.lineId, x.amount]);
    expect(a).toEqual([
      ['a', 1304],
      ['b', 696],
    ]);
    const p = q.applied.find((x) => x.id === 'P-300-20')!;
    expect(p.platformFunded).toBe(2000);
    expect(q.exact).toBe(true);
  });

  test('2. the best combination skips a non-stackable offer for a bigger coupon; the one-by-one baseline does not', () => {
    const q = quote({
      lines: [line('a', 'A', 12000), line('b', 'A', 10000)],
      ctx,
      offers: [
        storeOffer(
          'A-flash-200-20',
          'A',
          { type: 'amount_tiers', tiers: [{ min: 20000, off: 2000 }] },
          { stackable: false, priority: 9 },
        ),
      ],
      wallet: {
        coupons: [
          coupon('A-200-35', 'store', { storeIds: ['A'] }, { type: 'amount', min: 20000, off: 3500 }),
        ],
      },
    });
    expect(q.baselinePayAmount).toBe(20000);
    expect(q.payAmount).toBe(18500);
    expect(saving(q, 'A-200-35')).toBe(3500);
    expect(q.notUsed.find((n) => n.id === 'A-flash-200-20')).toMatchObject({
      reason: 'not_stackable',
      by: 'A-200-35',
    });
  });

  test('3. thresholds count the price after item cuts: short by 5 yuan, and what fills the gap', () => {
    const offers = [
      itemOffer('cut15', 'price_cut', ['sku_a'], { type: 'off', off: 1500 }),
      storeOffer('A-199-20', 'A', { type: 'amount_tiers', tiers: [{ min: 19900, off: 2000 }] }),
    ];
    const input = { lines: [line('a', 'A', 20900)], ctx, offers, wallet: { coupons: [] } };
    const q = quote(input);
    expect(q.payAmount).toBe(19400);
    const n = q.notUsed.find((x) => x.id === 'A-199-20')!;
    expect(n.reason).toBe('threshold_short');
    expect(n.shortBy).toBe(500);
    const candidates = [
      { ...line('x', 'A', 450), lineId: undefined },
      { ...line('y', 'A', 900) },
      { ...line('z', 'A', 600) },
    ].map(({ lineId, quantity, ...rest }) => rest);
    const s = addOnSuggestions(input, q, candidates);
    expect(s[0]!.id).toBe('A-199-20');
    expect(s[0]!.gap).toBe(500);
    expect(s[0]!.nextSaving).toBe(2000);
    expect(s[0]!.items.map((i) => i.skuId)).toEqual(['sku_z', 'sku_y']); // 4.50 does not reach the gap
  });

  test('4. a flash sale covers only the units the buyer may still buy', () => {
    const flash: ItemOffer = itemOffer(
      'flash',
      'flash_sale',
      ['sku_a'],
      { type: 'price', price: 5900 },
      { perUserLimit: 2, stockLeft: 100 },
    );
    const q = quote({
      lines: [line('a', 'A', 9900, 3)],
      ctx: { ...ctx, flashBought: { flash: 0 } },
      offers: [flash],
      wallet: { coupons: [] },
    });
    expect(q.lines[0]!.parts.map((p) => [p.quantity, p.unitPrice])).toEqual([
      [2, 5900],
      [1, 9900],
    ]);
    expect(q.payAmount).toBe(2 * 5900 + 9900);
    const again = quote({
      lines: [line('a', 'A', 9900, 1)],
      ctx: { ...ctx, flashBought: { flash: 2 } },
      offers: [flash],
      wallet: { coupons: [] },
    });
    expect(again.payAmount).toBe(9900);
    expect(again.notUsed.find((n) => n.id === 'flash')?.reason).toBe('limit_reached');
  });

  test('5. presale: a 50-yuan deposit worth 100 takes 50 off and splits what is due', () => {
    const pre = itemOffer(
      'pre',
      'presale',
      ['sku_a'],
      { type: 'price', price: 50000 },
      {
        presale: {
          depositPerUnit: 5000,
          worthPerUnit: 10000,
          balanceStartsAt: '2026-11-20T00:00:00.000Z',
          balanceEndsAt: '2026-11-22T00:00:00.000Z',
        },
      },
    );
    const q = quote({ lines: [line('a', 'A', 59900)], ctx, offers: [pre], wallet: { coupons: [] } });
    expect(q.payAmount).toBe(45000);
    expect(q.lines[0]!.presale).toMatchObject({ deposit: 5000, balance: 40000 });
    expect(presaleDepositOutcome(q.lines[0]!, 'balance_unpaid')).toEqual({ refund: 0, forfeited: 5000 });
    expect(presaleDepositOutcome(q.lines[0]!, 'merchant_cancelled')).toEqual({ refund: 5000, forfeited: 0 });
  });

  test('6. points: 100 points = 1 yuan, at most 10% of what is due after coupons', () => {
    const q = quote(
      { lines: [line('a', 'A', 10000)], ctx, offers: [], wallet: { coupons: [], points: 5000 } },
      { points: { pointsPerYuan: 100, capBp: 1000 } },
    );
    expect(q.pointsValue).toBe(1000);
    expect(q.pointsUsed).toBe(1000);
    expect(q.payAmount).toBe(9000);
  });

  test('7. a refund that breaks a threshold returns what the unit paid; the kept unit keeps its discount', () => {
    const q = quote({
      lines: [line('a', 'A', 10000, 2)],
      ctx,
      offers: [storeOffer('A-200-30', 'A', { type: 'amount_tiers', tiers: [{ min: 20000, off: 3000 }] })],
      wallet: { coupons: [] },
    });
    expect(q.payAmount).toBe(17000);
    expect(refundFor(q, [{ lineId: 'a', units: [1] }]).amount).toBe(8500);
    expect(refundFor(q, [{ lineId: 'a', units: [0, 1] }]).amount).toBe(17000);
  });

  test('8. a channel coupon needs the order to come from its promoter', () => {
    const c = coupon(
      'chan',
      'channel',
      { storeIds: ['A'] },
      { type: 'amount', min: 0, off: 1000 },
      { channel: { promoterId: 'pm1' } },
    );
    const input = { lines: [line('a', 'A', 5000)], offers: [], wallet: { coupons: [c] } };
    expect(quote({ ...input, ctx }).notUsed[0]).toMatchObject({ id: 'chan', reason: 'wrong_channel' });
    expect(quote({ ...input, ctx: { ...ctx, promoterId: 'pm1' } }).payAmount).toBe(4000);
  });

  test('9. listing price (券后价) of one unit equals the quote of a one-unit cart', () => {
    const offers = [
      itemOffer('cut', 'price_cut', ['sku_a'], { type: 'rate', rateBp: 9000 }),
      storeOffer('A-100-10', 'A', { type: 'amount_tiers', tiers: [{ min: 10000, off: 1000 }] }),
    ];
    const coupons = [coupon('A-5', 'store', { storeIds: ['A'] }, { type: 'amount', min: 9000, off: 500 })];
    const [p] = listingPrices(
      [{ ...line('a', 'A', 12000) }].map(({ lineId, quantity, ...r }) => r),
      ctx,
      offers,
      coupons,
    );
    expect(p).toMatchObject({ listPrice: 12000, itemPrice: 10800, price: 10800 - 1000 - 500 });
    const q = quote({ lines: [line('a', 'A', 12000)], ctx, offers, wallet: { coupons } });
    expect(p!.price).toBe(q.payAmount);
  });
});
