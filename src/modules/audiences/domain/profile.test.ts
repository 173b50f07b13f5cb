import { describe, expect, test } from 'vitest';
import {
  AFFINITY_POINTS,
  CATALOG_VERSION,
  catalogKeys,
  DIMENSIONS,
  GROUPS,
  labelOf,
  parseTag,
} from './catalog.ts';
import {
  affinityWeight,
  channelOf,
  decayedAt,
  isGuidable,
  lifecycleOf,
  type OrderStats,
  type Profile,
  priceBandOf,
  priceSensitivityOf,
  rfmOf,
  tagChannel,
  tagsOf,
} from './profile.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-01T00:00:00Z');
const ago = (days: number) => NOW - days * DAY;

const orders = (o: Partial<OrderStats> = {}): OrderStats => ({
  paidOrders: 1,
  socialOrders: 0,
  firstPaidAt: ago(10),
  lastPaidAt: ago(10),
  orders365: 1,
  monetary365: 10_000,
  discounted365: 0,
  items365: 10_000,
  discount365: 0,
  units365: 1,
  paidLines365: 10_000,
  ...o,
});
const profile = (p: Partial<Profile> = {}): Profile => ({
  registeredAt: ago(400),
  ageBand: null,
  gender: null,
  region: null,
  cityTier: null,
  orders: null,
  categories: [],
  brands: [],
  channels: [],
  ...p,
});
/** A stored affinity of `points` earned `days` ago. */
const aff = (points: number, days: number) => points * affinityWeight(ago(days));
const cat = (id: string, o: Partial<Profile['categories'][number]> = {}) => ({
  categoryId: id,
  affinity: 0,
  views: 0,
  carts: 0,
  favorites: 0,
  lastSeen: null,
  lastIntent: null,
  lastBought: null,
  ...o,
});

describe('catalog', () => {
  test('version 1, exactly 10 dimensions in contract order, all of them dimension groups', () => {
    expect(CATALOG_VERSION).toBe(1);
    expect(DIMENSIONS).toEqual([
      'age',
      'gender',
      'region',
      'city_tier',
      'affinity',
      'price_band',
      'channel',
      'lifecycle',
      'rfm',
      'price_sensitivity',
    ]);
    expect(GROUPS.filter((g) => g.dimension).map((g) => g.key)).toEqual([...DIMENSIONS]);
    expect(GROUPS.find((g) => g.key === 'intent')?.dimension).toBe(false);
  });

  test('keys for fixed and open values; labels from the data or the fixed EN/ZH', () => {
    const keys = catalogKeys({ regions: ['Zhejiang'], categories: ['c1'], brands: ['b1'] });
    expect(keys).toContain('age:<18');
    expect(keys).toContain('region:Zhejiang');
    expect(keys).toContain('affinity:c1');
    expect(keys).toContain('intent:c1');
    expect(keys).toContain('bought:c1');
    expect(keys).toContain('brand:b1');
    expect(keys).toContain('social:guidable');
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('rfm:'))).toHaveLength(7);
    const src = {
      categories: new Map([['c1', { name: 'Food', nameZh: '食品' }]]),
      brands: new Map([['b1', 'Acorn']]),
    };
    expect(labelOf('affinity', 'c1', src)).toEqual({ label: 'Food', labelZh: '食品' });
    expect(labelOf('brand', 'b1', src)).toEqual({ label: 'Acorn', labelZh: 'Acorn' });
    expect(labelOf('gender', 'f')).toEqual({ label: 'Female', labelZh: '女' });
    expect(labelOf('affinity', 'zz', src)).toEqual({ label: 'zz', labelZh: 'zz' });
    expect(parseTag('brand:a:b')).toEqual({ group: 'brand', value: 'a:b' });
    expect(parseTag('nocolon')).toBeNull();
    expect(parseTag(':x')).toBeNull();
  });
});

describe('affinity decay', () => {
  test('half-life 30 days; deltas at different times add up', () => {
    expect(decayedAt(aff(10, 0), NOW)).toBeCloseTo(10, 9);
    expect(decayedAt(aff(10, 30), NOW)).toBeCloseTo(5, 9);
    expect(decayedAt(aff(8, 60), NOW)).toBeCloseTo(2, 9);
    expect(decayedAt(aff(4, 0) + aff(4, 30), NOW)).toBeCloseTo(6, 9);
  });
});

describe('lifecycle', () => {
  test('new: registered within 30 days with at most one order', () => {
    expect(lifecycleOf(profile({ registeredAt: ago(5) }), NOW)).toBe('new');
    expect(lifecycleOf(profile({ registeredAt: ago(30), orders: orders() }), NOW)).toBe('new');
    // Two orders: no longer new, active (paid 10 days ago).
    expect(lifecycleOf(profile({ registeredAt: ago(5), orders: orders({ paidOrders: 2 }) }), NOW)).toBe(
      'active',
    );
  });
  test('active by a recent order or an event in 14 days; dormant 31–90; churned beyond', () => {
    expect(lifecycleOf(profile({ orders: orders({ lastPaidAt: ago(30) }) }), NOW)).toBe('active');
    const ch = (days: number) => [{ channel: 'feed', clicks: 1, orders: 0, lastAt: ago(days) }];
    expect(lifecycleOf(profile({ channels: ch(14) }), NOW)).toBe('active');
    expect(lifecycleOf(profile({ channels: ch(15) }), NOW)).toBe('dormant');
    expect(lifecycleOf(profile({ orders: orders({ lastPaidAt: ago(31) }) }), NOW)).toBe('dormant');
    expect(lifecycleOf(profile({ orders: orders({ lastPaidAt: ago(90) }) }), NOW)).toBe('dormant');
    expect(lifecycleOf(profile({ orders: orders({ lastPaidAt: ago(91) }) }), NOW)).toBe('churned');
    expect(lifecycleOf(profile(), NOW)).toBe('churned');
    expect(lifecycleOf(profile({ registeredAt: null }), NOW)).toBe('churned');
  });
});

describe('RFM', () => {
  test('segments from recency, frequency and monetary', () => {
    expect(rfmOf(null, NOW)).toBeNull();
    expect(rfmOf(orders({ paidOrders: 0, lastPaidAt: null, orders365: 0 }), NOW)).toBeNull();
    expect(rfmOf(orders({ orders365: 4, paidOrders: 4 }), NOW)).toBe('champion');
    expect(rfmOf(orders({ orders365: 2, paidOrders: 2, monetary365: 100_000 }), NOW)).toBe('champion');
    expect(rfmOf(orders({ orders365: 2, paidOrders: 2, monetary365: 99_999 }), NOW)).toBe('loyal');
    expect(rfmOf(orders(), NOW)).toBe('new');
    expect(rfmOf(orders({ lastPaidAt: ago(60), orders365: 5 }), NOW)).toBe('loyal');
    expect(rfmOf(orders({ lastPaidAt: ago(60) }), NOW)).toBe('potential');
    expect(rfmOf(orders({ lastPaidAt: ago(200), orders365: 3 }), NOW)).toBe('at_risk');
    expect(rfmOf(orders({ lastPaidAt: ago(200) }), NOW)).toBe('hibernating');
    expect(rfmOf(orders({ lastPaidAt: ago(366), orders365: 1 }), NOW)).toBe('lost');
    expect(rfmOf(orders({ orders365: 0 }), NOW)).toBe('lost');
  });
});

describe('price sensitivity and band', () => {
  test('discount share and depth', () => {
    expect(priceSensitivityOf(null)).toBeNull();
    expect(priceSensitivityOf(orders({ orders365: 0 }))).toBeNull();
    expect(priceSensitivityOf(orders({ orders365: 5, discounted365: 3 }))).toBe('high');
    expect(priceSensitivityOf(orders({ orders365: 5, discounted365: 1, discount365: 2_000 }))).toBe('high');
    expect(priceSensitivityOf(orders({ orders365: 5, discounted365: 0 }))).toBe('low');
    expect(priceSensitivityOf(orders({ orders365: 5, discounted365: 1, discount365: 100 }))).toBe('medium');
    expect(priceSensitivityOf(orders({ orders365: 10, discounted365: 1, discount365: 600 }))).toBe('medium');
  });
  test('average paid unit price in fen', () => {
    expect(priceBandOf(orders({ units365: 0 }))).toBeNull();
    expect(priceBandOf(orders({ units365: 2, paidLines365: 9_998 }))).toBe('low');
    expect(priceBandOf(orders({ units365: 2, paidLines365: 10_000 }))).toBe('mid');
    expect(priceBandOf(orders({ units365: 1, paidLines365: 20_000 }))).toBe('high');
    expect(priceBandOf(orders({ units365: 1, paidLines365: 100_000 }))).toBe('premium');
  });
});

describe('channel and social', () => {
  test('the channel with most orders + clicks; ties in catalog order; none without activity', () => {
    const p = profile({
      channels: [
        { channel: 'search', clicks: 3, orders: 1, lastAt: null },
        { channel: 'live', clicks: 1, orders: 1, lastAt: null },
        { channel: 'feed', clicks: 5, orders: 0, lastAt: null },
      ],
    });
    expect(channelOf(p)).toBe('feed');
    expect(
      channelOf(
        profile({
          channels: [
            { channel: 'social', clicks: 2, orders: 0, lastAt: null },
            { channel: 'live', clicks: 1, orders: 1, lastAt: null },
          ],
        }),
      ),
    ).toBe('live');
    expect(
      channelOf(profile({ channels: [{ channel: 'live', clicks: 0, orders: 0, lastAt: ago(1) }] })),
    ).toBeNull();
  });
  test('tag channel of an event or order', () => {
    expect(tagChannel({ scene: 'live' })).toBe('live');
    expect(tagChannel({ scene: 'detail', liveSessionId: 'ls1', creatorId: 'cr1' })).toBe('live');
    expect(tagChannel({ scene: 'detail', shareCode: 'x' })).toBe('social');
    expect(tagChannel({ scene: 'search', promoterId: 'p' })).toBe('social');
    expect(tagChannel({ scene: 'share' })).toBe('social');
    expect(tagChannel({ scene: 'search', channel: 'organic' })).toBe('search');
    expect(tagChannel({ scene: 'video' })).toBe('feed');
    expect(tagChannel({ scene: 'push' })).toBe('other');
  });
  test('guidable: ≥ 2 paid orders, ≥ 30% social', () => {
    expect(isGuidable(null)).toBe(false);
    expect(isGuidable(orders({ paidOrders: 1, socialOrders: 1 }))).toBe(false);
    expect(isGuidable(orders({ paidOrders: 10, socialOrders: 3 }))).toBe(true);
    expect(isGuidable(orders({ paidOrders: 10, socialOrders: 2 }))).toBe(false);
  });
});

describe('tagsOf', () => {
  test('a full profile', () => {
    const p = profile({
      ageBand: '25-29',
      gender: 'f',
      region: 'Zhejiang',
      cityTier: 2,
      orders: orders({ paidOrders: 3, socialOrders: 1, orders365: 3, discounted365: 3 }),
      categories: [
        cat('c1', { affinity: aff(AFFINITY_POINTS.order, 10), lastBought: ago(10), lastIntent: ago(12) }),
        cat('c2', { affinity: aff(5, 1), lastIntent: ago(1) }),
        cat('c3', { affinity: aff(4, 0) }),
        cat('c4', { affinity: aff(3, 0) }),
        cat('c5', { affinity: aff(100, 400), lastBought: ago(200), lastIntent: ago(40) }),
      ],
      brands: [
        { brandId: 'b1', affinity: aff(10, 0) },
        { brandId: 'b2', affinity: aff(10, 0) },
        { brandId: 'b3', affinity: aff(3, 0) },
      ],
      channels: [{ channel: 'social', clicks: 2, orders: 3, lastAt: ago(1) }],
    });
    const t = tagsOf(p, NOW);
    expect(t.sort()).toEqual(
      [
        'affinity:c1',
        'affinity:c2',
        'affinity:c3',
        'age:25-29',
        'bought:c1',
        'brand:b1',
        'brand:b2',
        'channel:social',
        'city_tier:2',
        'gender:f',
        'intent:c2',
        'lifecycle:active',
        'price_band:mid',
        'price_sensitivity:high',
        'region:Zhejiang',
        'rfm:loyal',
        'social:guidable',
      ].sort(),
    );
  });

  test('a bare user: lifecycle only; below-floor and old affinities give no tag', () => {
    expect(tagsOf(profile(), NOW)).toEqual(['lifecycle:churned']);
    const p = profile({
      categories: [cat('c1', { affinity: aff(1, 0) }), cat('c2', { affinity: aff(100, 300) })],
    });
    expect(tagsOf(p, NOW)).toEqual(['lifecycle:churned']);
  });

  test('intent is dropped by a purchase in the same 30 days; bought lasts 180 days', () => {
    const p = (lastBought: number | null) =>
      profile({ categories: [cat('c1', { lastIntent: ago(3), lastBought })] });
    expect(tagsOf(p(ago(2)), NOW)).toContain('bought:c1');
    expect(tagsOf(p(ago(2)), NOW)).not.toContain('intent:c1');
    expect(tagsOf(p(ago(31)), NOW)).toContain('intent:c1');
    expect(tagsOf(p(ago(180)), NOW)).toContain('bought:c1');
    expect(tagsOf(p(ago(181)), NOW)).not.toContain('bought:c1');
    // Events after asOf (a build for a past instant) do not count.
    expect(tagsOf(profile({ categories: [cat('c1', { lastIntent: NOW + DAY })] }), NOW)).not.toContain(
      'intent:c1',
    );
  });
});
