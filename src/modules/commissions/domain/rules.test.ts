import { describe, expect, test } from 'vitest';
import { attribute } from './attribution.ts';
import { byPrecedence, type FeePolicy, feeRate } from './fees.ts';
import { fraudCheck } from './fraud.ts';
import { displayStatus, nextMonth, settlementRunAt } from './lifecycle.ts';
import { DEFAULT_SETTINGS } from './types.ts';

const T = Date.parse('2026-11-10T12:00:00Z');
const DAY = 86_400_000;
const order = {
  storeId: 's1',
  creatorId: null,
  promoterId: null,
  liveSessionId: null,
  shareCode: null,
  at: T,
};

describe('attribution', () => {
  test('an explicit share code wins; its store decides same- or cross-store', () => {
    const a = attribute(
      { ...order, creatorId: 'cr9', shareCode: 'x' },
      { partyType: 'promoter', partyId: 'pr1', storeId: 's2' },
      [],
      7,
    );
    expect(a).toEqual({
      party: { type: 'promoter', id: 'pr1' },
      source: 'share_code',
      crossStore: true,
      clickAt: null,
    });
  });

  test('an order placed in a live session goes to the host the integrator set', () => {
    const a = attribute({ ...order, creatorId: 'host1', liveSessionId: 'ls1' }, undefined, [], 7);
    expect(a).toMatchObject({
      party: { type: 'creator', id: 'host1' },
      source: 'live_host',
      crossStore: false,
    });
    expect(attribute({ ...order, promoterId: 'pr1' }, undefined, [], 7)?.source).toBe('order_party');
  });

  test('otherwise the last click within the window, cross-store when the link names another store', () => {
    const clicks = [
      { partyType: 'creator', partyId: 'old', storeId: 's1', clickedAt: T - 8 * DAY },
      { partyType: 'creator', partyId: 'a', storeId: 's1', clickedAt: T - 3 * DAY },
      { partyType: 'promoter', partyId: 'b', storeId: 's2', clickedAt: T - DAY },
      { partyType: 'creator', partyId: 'later', storeId: 's1', clickedAt: T + 1000 },
    ];
    expect(attribute(order, undefined, clicks, 7)).toEqual({
      party: { type: 'promoter', id: 'b' },
      source: 'last_click',
      crossStore: true,
      clickAt: T - DAY,
    });
    expect(attribute(order, undefined, clicks.slice(0, 1), 7)).toBeNull();
    expect(attribute(order, undefined, clicks.slice(0, 1), 8)?.party.id).toBe('old');
  });
});

const policy = (p: Partial<FeePolicy>): FeePolicy => ({
  id: 'p',
  version: 1,
  kind: 'transaction',
  defaultBp: null,
  categoryBp: {},
  merchantTypes: null,
  scenes: null,
  channels: null,
  priority: 0,
  startsAt: T - 30 * DAY,
  endsAt: null,
  status: 'active',
  ...p,
});

describe('fee policies', () => {
  const policies = byPrecedence([
    policy({ id: 'base', categoryBp: { food: 300 }, defaultBp: 500 }),
    // 1% for POP merchants' live-stream orders during a campaign
    policy({
      id: 'pop-live',
      priority: 10,
      defaultBp: 100,
      merchantTypes: ['pop'],
      scenes: ['live'],
      endsAt: T + DAY,
    }),
    // product-card (shelf) orders are commission-free on the transaction fee
    policy({ id: 'shelf', priority: 5, defaultBp: 0, scenes: ['search', 'mall', 'store', 'detail'] }),
  ]);
  const q = {
    kind: 'transaction' as const,
    at: T,
    merchantType: 'pop',
    scene: 'live',
    channel: 'creator',
    categoryPath: ['nuts', 'food'],
  };

  test('the highest-priority matching policy decides, within its window', () => {
    expect(feeRate(policies, q, 600)).toEqual({ bp: 100, policyId: 'pop-live' });
    expect(feeRate(policies, { ...q, at: T + 2 * DAY }, 600)).toEqual({ bp: 300, policyId: 'base' });
    expect(feeRate(policies, { ...q, merchantType: 'self' }, 600)).toEqual({ bp: 300, policyId: 'base' });
    expect(feeRate(policies, { ...q, scene: 'search' }, 600)).toEqual({ bp: 0, policyId: 'shelf' });
  });

  test('category rates apply by the line category path, then the default, then the settings', () => {
    expect(feeRate(policies, { ...q, merchantType: 'self', categoryPath: ['toys'] }, 600).bp).toBe(500);
    expect(feeRate(policies, { ...q, kind: 'service' }, 1000)).toEqual({ bp: 1000, policyId: null });
    expect(feeRate(byPrecedence([policy({ id: 'x', status: 'ended', defaultBp: 1 })]), q, 7).bp).toBe(7);
  });
});

describe('fraud rules', () => {
  const facts = {
    selfPurchase: false,
    clickGapMs: null,
    consumerRefunds: 0,
    quantity: 1,
    categoryPath: ['nuts', 'food'],
  };
  test('self-purchase follows the policy', () => {
    const s = { ...DEFAULT_SETTINGS };
    expect(fraudCheck({ ...facts, selfPurchase: true }, { ...s, selfPurchasePolicy: 'forbid' })).toEqual({
      invalid: 'self_purchase',
      review: [],
    });
    expect(
      fraudCheck({ ...facts, selfPurchase: true }, { ...s, selfPurchasePolicy: 'review' }).review,
    ).toEqual(['self_purchase']);
    expect(fraudCheck({ ...facts, selfPurchase: true }, { ...s, selfPurchasePolicy: 'allow' })).toEqual({
      invalid: null,
      review: [],
    });
  });
  test('abnormal click-to-order gaps, refund farming and quantity caps go to review', () => {
    const s = { ...DEFAULT_SETTINGS, categoryCaps: { food: 5 } };
    const v = fraudCheck({ ...facts, clickGapMs: 500, consumerRefunds: 3, quantity: 6 }, s);
    expect(v).toEqual({ invalid: null, review: ['abnormal_clicks', 'refund_farming', 'quantity_cap'] });
    expect(fraudCheck({ ...facts, clickGapMs: 60_000, consumerRefunds: 2, quantity: 5 }, s).review).toEqual(
      [],
    );
  });
});

describe('lifecycle', () => {
  test('months, cut-offs and the settlement day in the marketplace time zone', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(settlementRunAt('2026-11', 20, 'Asia/Shanghai').toISOString()).toBe('2026-12-19T16:00:00.000Z');
  });
  test('completed lines past their holding period show as settleable unless held for review', () => {
    expect(displayStatus('completed', T, T, false)).toBe('settleable');
    expect(displayStatus('completed', T + 1, T, false)).toBe('completed');
    expect(displayStatus('completed', T, T, true)).toBe('completed');
  });
});

describe('account names', () => {
  test('ids are escaped so names parse back, and long ones fit the ledger', async () => {
    const { account } = await import('./postings.ts');
    expect(account('consumer', 'u:1 x', 'refunds')).toBe('consumer:u%3a1%20x:refunds');
    const long = account('creator', `${'a:'.repeat(32)}`, 'pending');
    const id = long.split(':')[1]!;
    expect(id.length).toBeLessThanOrEqual(64);
    expect(account('creator', `${'a:'.repeat(32)}`, 'pending')).toBe(long);
    expect(account('creator', `${'b:'.repeat(32)}`, 'pending')).not.toBe(long);
  });
});
