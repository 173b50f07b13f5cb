import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AD_SLOTS,
  type AdState,
  allocate,
  amountOf,
  freeRanges,
  holdKey,
  isFull,
  nextStatus,
  parseAdRules,
  planJoin,
  type Range,
  SHARE_UNITS,
  shareBpOf,
  width,
} from './ads.ts';

const DEADLINE = '2026-07-01T00:00:00.000Z';
const BEFORE = new Date('2026-06-20T00:00:00Z');

describe('rules', () => {
  test('an equal split fills defaults from the slot; maxParticipants defaults to the seats', () => {
    const r = parseAdRules({ ad: { slot: 'feed_top', deadline: DEADLINE, split: 'equal', seats: 4 } });
    expect(r.issues).toEqual([]);
    expect(r.ad).toEqual({
      slot: 'feed_top',
      price: 1_200_000,
      deadline: DEADLINE,
      split: 'equal',
      seats: 4,
      maxParticipants: 4,
      shareBp: null,
    });
  });
  test('every problem is named under rules.ad', () => {
    const r = parseAdRules({
      ad: { slot: 'nope', price: 1.5, split: 'equal', seats: 21, maxParticipants: 30, x: 1 },
      y: 2,
    });
    expect(r.ad).toBeNull();
    expect(r.issues.map((i) => i.field).sort()).toEqual(
      [
        'rules.ad.deadline',
        'rules.ad.maxParticipants',
        'rules.ad.price',
        'rules.ad.seats',
        'rules.ad.slot',
        'rules.ad.x',
        'rules.y',
      ].sort(),
    );
    expect(parseAdRules({}).issues).toEqual([expect.objectContaining({ field: 'rules.ad' })]);
    expect(
      parseAdRules({ ad: { slot: 'feed_top', price: 5, deadline: DEADLINE, split: 'shares', seats: 3 } })
        .issues,
    ).toEqual([
      expect.objectContaining({ field: 'rules.ad.price', code: 'price_not_slot_price' }),
      expect.objectContaining({ field: 'rules.ad.seats' }),
    ]);
    expect(
      parseAdRules({
        ad: { slot: 'feed_top', deadline: DEADLINE, split: 'equal', seats: 5, maxParticipants: 4 },
      }).issues[0]?.field,
    ).toBe('rules.ad.maxParticipants');
    expect(
      parseAdRules({ ad: { slot: 'feed_top', deadline: DEADLINE, split: 'shares', shareBp: 10_000 } })
        .issues[0]?.field,
    ).toBe('rules.ad.shareBp');
  });
  test('a split by shares takes up to 20 participants and the initiator share', () => {
    const r = parseAdRules({
      ad: { slot: 'home_banner', deadline: DEADLINE, split: 'shares', shareBp: 2500 },
    });
    expect(r.ad).toMatchObject({ maxParticipants: 20, shareBp: 2500, seats: null, price: 3_000_000 });
  });
  test('slot catalog: unique ids, positive integers', () => {
    expect(new Set(AD_SLOTS.map((s) => s.id)).size).toBe(AD_SLOTS.length);
    for (const s of AD_SLOTS)
      for (const v of [s.price, s.exposures, s.days]) expect(Number.isSafeInteger(v) && v > 0).toBe(true);
  });
});

describe('amounts', () => {
  test('equal seats in join order are the contract formula', () => {
    const price = 1_000_001;
    const seats = 3;
    let taken: Range[] = [];
    const paid = [];
    for (let i = 1; i <= seats; i++) {
      const r = allocate(taken, seats, 1)!;
      expect(r).toEqual([[i - 1, i]]);
      paid.push(amountOf(price, seats, r));
      taken = [...taken, ...r];
    }
    expect(paid).toEqual([333_333, 333_334, 333_334]);
    expect(paid.reduce((a, b) => a + b)).toBe(price);
  });
  test('shares in join order pay by cumulative share', () => {
    const price = 999_999;
    const shares = [3333, 3333, 3334];
    let taken: Range[] = [];
    let c = 0;
    for (const s of shares) {
      const r = allocate(taken, SHARE_UNITS, s)!;
      expect(amountOf(price, SHARE_UNITS, r)).toBe(
        Math.floor((price * (c + s)) / SHARE_UNITS) - Math.floor((price * c) / SHARE_UNITS),
      );
      c += s;
      taken = [...taken, ...r];
    }
    expect(isFull(taken, SHARE_UNITS)).toBe(true);
  });
  test('a joiner after a leaver takes the freed units, across gaps when it must', () => {
    const taken: Range[] = [
      [0, 1000],
      [3000, 6000],
    ];
    expect(freeRanges(taken, SHARE_UNITS)).toEqual([
      [1000, 3000],
      [6000, 10_000],
    ]);
    expect(allocate(taken, SHARE_UNITS, 2500)).toEqual([
      [1000, 3000],
      [6000, 6500],
    ]);
    expect(allocate(taken, SHARE_UNITS, 6001)).toBeNull();
    expect(allocate(taken, SHARE_UNITS, 0)).toBeNull();
  });
  test('huge prices stay exact (BigInt path)', () => {
    const price = Number.MAX_SAFE_INTEGER - 1;
    const parts = [0, 1, 2].map((i) => amountOf(price, 3, [[i, i + 1]]));
    expect(parts.reduce((a, b) => a + b)).toBe(price);
  });

  /**
   * The property: whatever the shares, the order of joining, and who leaves and is replaced on the way,
   * once every unit is taken the contributions sum exactly to the price and the shares to 10,000 bp; each
   * contribution is within one fen per range of price × its share.
   */
  test('property: contributions sum exactly to the price for any join order, shares and leavers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.boolean(),
        fc.integer({ min: 2, max: 20 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 19 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        (price, equal, seats, rawShares, leaves, seed) => {
          const units = equal ? seats : SHARE_UNITS;
          // Shares that sum to 10000 (the last one completes), or `seats` seats of one unit.
          const wants: number[] = [];
          if (equal) for (let i = 0; i < seats; i++) wants.push(1);
          else {
            let left = SHARE_UNITS;
            for (const s of rawShares) {
              if (left <= 1) break;
              const w = Math.min(s, left - 1);
              wants.push(w);
              left -= w;
            }
            wants.push(left);
          }
          // Join in a shuffled order; some joiners leave and are replaced by a newcomer with the same want.
          const order = wants
            .map((w, i) => ({ w, k: (i * 7919 + seed) % 104_729 }))
            .sort((a, b) => a.k - b.k);
          let live: Range[][] = [];
          const queue = order.map((o) => o.w);
          let step = 0;
          while (queue.length) {
            const w = queue.shift()!;
            const r = allocate(live.flat(), units, w);
            expect(r).not.toBeNull();
            live.push(r!);
            const leave = leaves[step++];
            if (leave !== undefined && queue.length && live.length > 1) {
              const i = leave % live.length;
              queue.push(width(live[i]!));
              live = live.filter((_, j) => j !== i);
            }
          }
          expect(isFull(live.flat(), units)).toBe(true);
          const amounts = live.map((r) => amountOf(price, units, r));
          expect(amounts.reduce((a, b) => a + b, 0)).toBe(price);
          expect(live.map((r) => shareBpOf(units, r)).reduce((a, b) => a + b, 0)).toBe(SHARE_UNITS);
          live.forEach((r, i) => {
            const exact = (price * width(r)) / units;
            expect(Math.abs(amounts[i]! - exact)).toBeLessThanOrEqual(r.length);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('joining', () => {
  const base: AdState = {
    status: 'open',
    deadline: DEADLINE,
    units: SHARE_UNITS,
    split: 'shares',
    maxParticipants: 3,
    taken: [[0, 4000]],
    count: 1,
  };
  test('refusals carry a status and a stable code', () => {
    expect(planJoin({ ...base, status: 'funded' }, BEFORE, 100).refusal).toMatchObject({
      status: 409,
      code: 'ad_funded',
    });
    expect(planJoin(base, new Date(DEADLINE), 100).refusal?.code).toBe('deadline_passed');
    expect(planJoin({ ...base, count: 3 }, BEFORE, 100).refusal?.code).toBe('ad_full');
    expect(planJoin(base, BEFORE, undefined).refusal).toMatchObject({ status: 422, code: 'share_required' });
    expect(planJoin(base, BEFORE, 6001).refusal?.code).toBe('share_too_large');
    expect(planJoin({ ...base, count: 2 }, BEFORE, 3000).refusal?.code).toBe('share_must_complete');
    expect(planJoin({ ...base, split: 'equal', units: 3 }, BEFORE, 10).refusal?.code).toBe(
      'share_not_allowed',
    );
  });
  test('allowed joins take the lowest free units', () => {
    expect(planJoin(base, BEFORE, 1000)).toEqual({ refusal: null, ranges: [[4000, 5000]] });
    expect(planJoin({ ...base, count: 2 }, BEFORE, 6000).ranges).toEqual([[4000, 10_000]]);
    expect(planJoin({ ...base, split: 'equal', units: 3, taken: [[1, 2]] }, BEFORE, null).ranges).toEqual([
      [0, 1],
    ]);
  });
});

describe('state machine', () => {
  test('open → funded | refunded | cancelled; funded → cancelled; nothing leaves refunded or cancelled', () => {
    expect(nextStatus('open', 'join')).toBe('open');
    expect(nextStatus('open', 'leave')).toBe('open');
    expect(nextStatus('open', 'fund')).toBe('funded');
    expect(nextStatus('open', 'expire')).toBe('refunded');
    expect(nextStatus('open', 'cancel')).toBe('cancelled');
    expect(nextStatus('funded', 'cancel')).toBe('cancelled');
    for (const e of ['join', 'leave', 'fund', 'expire'] as const) expect(nextStatus('funded', e)).toBeNull();
    for (const s of ['refunded', 'cancelled'] as const)
      for (const e of ['join', 'leave', 'fund', 'expire', 'cancel'] as const)
        expect(nextStatus(s, e)).toBeNull();
  });
  test('hold keys: the first is the contract key, rejoins are numbered', () => {
    expect(holdKey('jc_1', 's_1', 1)).toBe('joint.ad.hold:jc_1:s_1');
    expect(holdKey('jc_1', 's_1', 2)).toBe('joint.ad.hold:jc_1:s_1:2');
  });
});
