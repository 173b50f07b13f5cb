import { translator } from '../../test-i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveEn } from '../../i18n/live.en';
import { liveZh } from '../../i18n/live.zh';
import {
  categoryTable,
  dailyFilled,
  dayShare,
  durationText,
  filtersFromParams,
  gpmOf,
  hostLine,
  hostShareBp,
  issueText,
  kpiCards,
  marketTimeToInstant,
  scheduleBody,
  scheduleIssueField,
  sessionTitle,
  sessionWhen,
  sessionWhenParts,
  targetProgress,
  targetsFromForm,
  targetsToForm,
  timelineChart,
  watchTimeText,
  withFilter,
} from './live-format';
import type { LiveKey } from './live-i18n';
import type { LiveMetrics, SessionSummary, TimelineMinute } from './live-types';

type T = (key: LiveKey, options?: Record<string, unknown>) => string;
let tEn: T;
let tZh: T;

beforeAll(async () => {
  tEn = await translator<T>('en', liveEn, liveZh);
  tZh = await translator<T>('zh', liveEn, liveZh);
});

const session = (over: Partial<SessionSummary> = {}): SessionSummary => ({
  id: 'ls_1',
  storeId: 's1',
  storeName: 'Acme Flagship',
  merchantId: 'm1',
  merchantName: 'Acme',
  hostType: 'self',
  creatorId: null,
  creatorName: null,
  agencyId: null,
  agencyName: null,
  title: 'Autumn arrivals',
  status: 'ended',
  scheduledAt: null,
  startedAt: '2026-03-01T12:00:00Z',
  endedAt: '2026-03-01T14:05:00Z',
  totals: null,
  ...over,
});

const metrics: LiveMetrics = {
  uniqueViewers: 1234,
  views: 2000,
  avgWatchSeconds: 185,
  peakOnline: 321,
  productClicks: 456,
  orders: 37,
  buyers: 30,
  units: 41,
  gmv: 1234567,
  gpm: 617284,
  conversionBp: 243,
  newFollowers: 12,
};

describe('times', () => {
  it('reads a picked wall-clock time as Beijing time', () => {
    expect(marketTimeToInstant('2026-05-01 20:30')).toBe('2026-05-01T20:30:00+08:00');
    expect(Date.parse(marketTimeToInstant('2026-05-01 00:15'))).toBe(Date.parse('2026-04-30T16:15:00Z'));
    expect(() => marketTimeToInstant('tomorrow')).toThrow();
  });

  it('writes durations and watch times in each language', () => {
    expect(durationText(45, 'en')).toBe('45 min');
    expect(durationText(125, 'en')).toBe('2 h 05 min');
    expect(durationText(125, 'zh')).toBe('2小时05分');
    expect(durationText(9, 'zh')).toBe('9分钟');
    expect(watchTimeText(185, 'en')).toBe('3m 05s');
    expect(watchTimeText(185, 'zh')).toBe('3分05秒');
    expect(watchTimeText(42.4, 'en')).toBe('42s');
    expect(watchTimeText(3720, 'en')).toBe('1h 02m');
    expect(watchTimeText(3720, 'zh')).toBe('1小时02分');
  });

  it('says when a session is, by status (Beijing time)', () => {
    expect(sessionWhen(session(), tEn, 'en')).toBe('2026-03-01 20:00 – 22:05 · 2 h 05 min');
    expect(sessionWhen(session(), tZh, 'zh')).toBe('2026-03-01 20:00 – 22:05 · 2小时05分');
    // Across midnight in Beijing the end keeps its day.
    expect(sessionWhen(session({ endedAt: '2026-03-01T16:30:00Z' }), tEn, 'en')).toBe(
      '2026-03-01 20:00 – 2026-03-02 00:30 · 4 h 30 min',
    );
    const planned = session({
      status: 'scheduled',
      startedAt: null,
      endedAt: null,
      scheduledAt: '2026-03-02T11:00:00Z',
    });
    expect(sessionWhen(planned, tEn, 'en')).toBe('Starts 2026-03-02 19:00');
    expect(sessionWhen(planned, tZh, 'zh')).toBe('2026-03-02 19:00 开播');
    expect(sessionWhenParts(session(), tEn, 'en')).toEqual({
      range: '2026-03-01 20:00 – 22:05',
      length: '2 h 05 min',
    });
    expect(sessionWhenParts(session({ endedAt: '2026-03-01T16:30:00Z' }), tEn, 'en').range).toBe(
      '2026-03-01 20:00 – 03-02 00:30',
    );
    expect(sessionWhenParts(planned, tZh, 'zh')).toEqual({ range: '2026-03-02 19:00 开播', length: null });
    expect(
      sessionWhenParts(
        session({ status: 'live', endedAt: null }),
        tZh,
        'zh',
        Date.parse('2026-03-01T13:05:00Z'),
      ),
    ).toEqual({ range: '2026-03-01 20:00 开播', length: '1小时05分' });
    const live = session({ status: 'live', endedAt: null });
    expect(sessionWhen(live, tEn, 'en', Date.parse('2026-03-01T12:42:30Z'))).toBe(
      'Since 2026-03-01 20:00 · 42 min',
    );
  });
});

describe('titles', () => {
  it('names an untitled session by its day in Beijing', () => {
    expect(sessionTitle(session(), tEn)).toBe('Autumn arrivals');
    expect(sessionTitle(session({ title: null, startedAt: '2026-03-01T17:00:00Z' }), tEn)).toBe(
      'Live session, 03-02',
    );
    expect(
      sessionTitle(session({ title: ' ', startedAt: null, scheduledAt: '2026-03-05T02:00:00Z' }), tZh),
    ).toBe('03-05 直播');
    expect(sessionTitle(session({ title: null, startedAt: null }), tZh)).toBe('未命名场次');
  });
});

describe('hosts', () => {
  it('names who streams', () => {
    expect(hostLine(session(), tEn)).toEqual({ kind: 'Self-stream', name: 'Acme Flagship' });
    expect(hostLine(session({ hostType: 'creator', creatorId: 'c1', creatorName: 'Lily' }), tZh)).toEqual({
      kind: '达人',
      name: 'Lily',
    });
    const proxy = session({
      hostType: 'agency',
      agencyId: 'a1',
      agencyName: 'Star MCN',
      creatorId: 'c2',
      creatorName: 'Bo',
    });
    expect(hostLine(proxy, tEn)).toEqual({ kind: 'Agency proxy', name: 'Star MCN · Bo' });
    expect(hostLine(proxy, tZh).kind).toBe('代播');
    // Without names the ids show.
    expect(hostLine(session({ hostType: 'creator', creatorId: 'c9' }), tEn).name).toBe('c9');
  });
});

describe('figures', () => {
  it('shows each KPI with its unit and definition', () => {
    const en = Object.fromEntries(kpiCards(metrics, tEn, 'en').map((k) => [k.key, k]));
    expect(en.gmv?.value).toBe('¥12,345.67');
    expect(en.gpm?.value).toBe('¥6,172.84');
    expect(en.conversionBp?.value).toBe('2.43%');
    expect(en.avgWatchSeconds?.value).toBe('3m 05s');
    expect(en.uniqueViewers?.value).toBe('1,234');
    expect(en.gpm?.hint).toContain('1,000 views');
    const zh = Object.fromEntries(kpiCards(metrics, tZh, 'zh').map((k) => [k.key, k]));
    expect(zh.peakOnline?.label).toBe('最高在线');
    expect(zh.avgWatchSeconds?.label).toBe('人均观看时长');
    expect(zh.conversionBp?.label).toBe('转化率');
    expect(zh.newFollowers?.label).toBe('新增粉丝');
    expect(zh.avgWatchSeconds?.value).toBe('3分05秒');
    expect(kpiCards(metrics, tEn, 'en')).toHaveLength(10);
  });

  it('computes GPM the server way', () => {
    expect(gpmOf(1234567, 2000)).toBe(617284); // 617283.5 rounds up
    expect(gpmOf(100, 3)).toBe(33333);
    expect(gpmOf(500, 0)).toBe(0);
  });
});

describe('timeline', () => {
  const minute = (m: number, over: Partial<TimelineMinute> = {}): TimelineMinute => ({
    minute: new Date(Date.parse('2026-03-01T12:00:00Z') + m * 60_000).toISOString(),
    online: 10 + m,
    enters: 1,
    leaves: 0,
    clicks: 0,
    orders: 0,
    gmv: 0,
    ...over,
  });

  it('orders minutes, labels them in Beijing time and keeps GMV in fen and yuan', () => {
    const { rows } = timelineChart([minute(2, { gmv: 1999, orders: 1 }), minute(0), minute(1)], []);
    expect(rows.map((r) => r.label)).toEqual(['20:00', '20:01', '20:02']);
    expect(rows[2]).toMatchObject({ online: 12, orders: 1, gmv: 1999, gmvYuan: 19.99 });
  });

  it('shades explanation windows from their start minute to their end minute, open ones to the last', () => {
    const tl = [0, 1, 2, 3, 4, 5].map((m) => minute(m));
    const { areas } = timelineChart(tl, [
      {
        id: 'e1',
        productId: 'p1',
        productTitle: 'Teapot',
        startedAt: '2026-03-01T12:01:20Z',
        endedAt: '2026-03-01T12:03:05Z',
      },
      { id: 'e2', productId: 'p2', productTitle: null, startedAt: '2026-03-01T12:04:00Z', endedAt: null },
      // Before the first minute: clipped to it.
      {
        id: 'e0',
        productId: 'p3',
        productTitle: 'Cup',
        startedAt: '2026-03-01T11:58:00Z',
        endedAt: '2026-03-01T12:00:30Z',
      },
      // Wholly before the timeline: left out.
      {
        id: 'ex',
        productId: 'p3',
        productTitle: 'Cup',
        startedAt: '2026-03-01T11:30:00Z',
        endedAt: '2026-03-01T11:40:00Z',
      },
    ]);
    expect(areas).toEqual([
      { id: 'e1', name: 'Teapot', from: '20:01', to: '20:03' },
      { id: 'e2', name: 'p2', from: '20:04', to: '20:05' },
      { id: 'e0', name: 'Cup', from: '20:00', to: '20:00' },
    ]);
  });

  it('draws nothing without minutes', () => {
    expect(
      timelineChart(
        [],
        [{ id: 'e', productId: 'p', productTitle: 'x', startedAt: '2026-03-01T12:00:00Z', endedAt: null }],
      ),
    ).toEqual({
      rows: [],
      areas: [],
    });
  });
});

describe('list filters', () => {
  it('reads the URL, dropping what is not a filter value', () => {
    const f = filtersFromParams(
      new URLSearchParams('status=live&hostType=robot&from=2026-03-01&to=bad&page=3&q=%20tea%20'),
    );
    expect(f).toEqual({
      status: 'live',
      merchantId: undefined,
      storeId: undefined,
      hostType: undefined,
      from: '2026-03-01',
      to: undefined,
      q: 'tea',
      page: 3,
      limit: 20,
      offset: 40,
    });
    expect(filtersFromParams(new URLSearchParams('page=-2')).offset).toBe(0);
  });

  it('goes back to page 1 when a filter changes', () => {
    const p = new URLSearchParams('status=ended&page=4');
    expect(withFilter(p, 'hostType', 'agency').toString()).toBe('status=ended&hostType=agency');
    expect(withFilter(p, 'status', undefined).toString()).toBe('');
    expect(withFilter(p, 'page', '5').toString()).toBe('status=ended&page=5');
  });
});

describe('schedule form', () => {
  it('sends only what the host type uses, live prices in fen', () => {
    expect(
      scheduleBody(
        {
          storeId: 's1',
          hostType: 'agency',
          agencyId: 'a1',
          creatorId: 'c1',
          title: '  Tea night ',
          scheduledAt: '2026-05-01 20:00',
          products: [{ productId: 'p1', livePrice: 19.9 }, {}, { productId: 'p2', livePrice: null }],
        },
        'ls_x',
      ),
    ).toEqual({
      id: 'ls_x',
      storeId: 's1',
      hostType: 'agency',
      agencyId: 'a1',
      creatorId: 'c1',
      title: 'Tea night',
      scheduledAt: '2026-05-01T20:00:00+08:00',
      products: [{ productId: 'p1', livePrice: 1990 }, { productId: 'p2' }],
    });
    const self = scheduleBody({
      storeId: 's1',
      hostType: 'self',
      creatorId: 'c1',
      agencyId: 'a1',
      title: 'x',
      scheduledAt: '2026-05-01 20:00',
      products: [{}],
    });
    expect(self).not.toHaveProperty('creatorId');
    expect(self).not.toHaveProperty('agencyId');
    expect(self).not.toHaveProperty('products');
    const creator = scheduleBody({
      storeId: 's1',
      hostType: 'creator',
      creatorId: 'c1',
      agencyId: 'a1',
      title: 'x',
      products: [],
    });
    expect(creator).toMatchObject({ creatorId: 'c1', scheduledAt: '' });
    expect(creator).not.toHaveProperty('agencyId');
  });

  it('shows a product issue by its row', () => {
    expect(scheduleIssueField('products.1.livePrice')).toBe('products.1.livePrice');
    expect(scheduleIssueField('/products/0/livePrice')).toBe('products.0.livePrice');
    expect(scheduleIssueField('products.2')).toBe('products.2.productId');
    expect(scheduleIssueField('creatorId')).toBe('creatorId');
  });

  it('translates the server refusals it knows, by code first', () => {
    expect(issueText({ reason: 'whatever', code: 'live_price_not_below_price' }, tZh)).toBe(
      '直播价须低于商品最低售价',
    );
    expect(issueText({ reason: 'must match format "date-time"' }, tEn)).toBe('Pick a date and time');
    expect(issueText({ reason: 'must NOT have fewer than 1 characters' }, tZh)).toBe('必填');
    expect(issueText({ reason: 'creatorId is required unless the host is self' }, tZh)).toBe(
      '请选择直播的达人',
    );
    expect(issueText({ reason: 'livePrice 5000 must be below the lowest SKU price 4500' }, tEn)).toBe(
      'The live price must be below the product’s lowest price',
    );
    expect(issueText({ reason: 'product p9 is not in store s1' }, tEn)).toBe(
      'This product is not sold by the chosen store',
    );
    expect(issueText({ reason: 'something new' }, tZh)).toBe('something new');
  });
});

describe('dashboard and penetration', () => {
  it('fills the days without sessions', () => {
    const rows = dailyFilled([{ day: '2026-03-02', n: 5 }], '2026-03-01', '2026-03-03', (day) => ({
      day,
      n: 0,
    }));
    expect(rows).toEqual([
      { day: '2026-03-01', n: 0 },
      { day: '2026-03-02', n: 5 },
      { day: '2026-03-03', n: 0 },
    ]);
  });

  it('splits GMV by host type in basis points', () => {
    const d = {
      byHostType: [
        { hostType: 'self' as const, sessions: 3, gmv: 200, gpm: 0 },
        { hostType: 'agency' as const, sessions: 1, gmv: 100, gpm: 0 },
      ],
    };
    expect(hostShareBp(d, 'self')).toBe(6667);
    expect(hostShareBp(d, 'agency')).toBe(3333);
    expect(hostShareBp(d, 'creator')).toBe(0);
    expect(hostShareBp({ byHostType: [] }, 'self')).toBe(0);
  });

  it('measures a merchant type against its target', () => {
    expect(
      targetProgress({ merchantType: 'pop', merchants: 50, streaming: 21, rateBp: 4200, targetBp: 6000 }),
    ).toEqual({
      percent: 42,
      targetPercent: 60,
      met: false,
      short: 9,
    });
    expect(
      targetProgress({ merchantType: 'self', merchants: 7, streaming: 7, rateBp: 10000, targetBp: 10000 }),
    ).toMatchObject({
      met: true,
      short: 0,
      percent: 100,
    });
    // 60% of 7 merchants is 4.2: five must stream.
    expect(
      targetProgress({ merchantType: 'pop', merchants: 7, streaming: 4, rateBp: 5714, targetBp: 6000 }).short,
    ).toBe(1);
  });

  it('puts a category’s self-operated and POP merchants on one row, in the reader’s language', () => {
    const rows = categoryTable(
      [
        {
          categoryId: 'c1',
          categoryName: 'Tea',
          categoryNameZh: '茶',
          merchantType: 'pop',
          merchants: 4,
          streaming: 2,
          rateBp: 5000,
        },
        {
          categoryId: 'c2',
          categoryName: 'Toys',
          categoryNameZh: null,
          merchantType: 'pop',
          merchants: 9,
          streaming: 1,
          rateBp: 1111,
        },
        {
          categoryId: 'c1',
          categoryName: 'Tea',
          categoryNameZh: '茶',
          merchantType: 'self',
          merchants: 6,
          streaming: 6,
          rateBp: 10000,
        },
      ],
      'zh',
    );
    expect(rows.map((r) => [r.name, r.merchants])).toEqual([
      ['茶', 10],
      ['Toys', 9],
    ]);
    expect(rows[0]?.self).toEqual({ merchants: 6, streaming: 6, rateBp: 10000 });
    expect(rows[1]?.self).toBeNull();
  });

  it('turns targets to percentages and back', () => {
    expect(targetsToForm({ self: 10000, pop: 6000 })).toEqual({ self: 100, pop: 60 });
    expect(targetsFromForm({ self: 95.5, pop: 60 })).toEqual({ targets: { self: 9550, pop: 6000 } });
    expect(dayShare(250, 1000)).toBe(25);
    expect(dayShare(1, 3)).toBe(33.3);
    expect(dayShare(5, 0)).toBe(0);
  });
});
