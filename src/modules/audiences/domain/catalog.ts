/**
 * The tag catalog (version CATALOG_VERSION, documented in docs/audiences.md). A tag key is `<group>:<value>`.
 * Fixed groups have fixed values and EN/ZH labels here; the open groups take their values from the data:
 * `region` (consumers.region), `affinity` / `intent` / `bought` (level-1 category ids, labelled by the
 * categories' names) and `brand` (brand ids, labelled by brand names). Pure: no database.
 */

export const CATALOG_VERSION = 1;

export type GroupKey =
  | 'age'
  | 'gender'
  | 'region'
  | 'city_tier'
  | 'lifecycle'
  | 'rfm'
  | 'price_sensitivity'
  | 'price_band'
  | 'channel'
  | 'affinity'
  | 'intent'
  | 'bought'
  | 'brand'
  | 'social';

export interface ValueDef {
  value: string;
  label: string;
  labelZh: string;
}

export interface GroupDef {
  key: GroupKey;
  label: string;
  labelZh: string;
  /** An insight dimension. */
  dimension: boolean;
  /** Where the values come from: fixed here, or open (regions, categories, brands from the data). */
  values: readonly ValueDef[] | 'region' | 'category' | 'brand';
}

const v = (value: string, label: string, labelZh: string): ValueDef => ({ value, label, labelZh });

export const AGE_BANDS = ['<18', '18-24', '25-29', '30-34', '35-39', '40-49', '50+'] as const;
export const LIFECYCLES = ['new', 'active', 'dormant', 'churned'] as const;
export const RFM_SEGMENTS = [
  'champion',
  'loyal',
  'potential',
  'new',
  'at_risk',
  'hibernating',
  'lost',
] as const;
export const PRICE_SENSITIVITIES = ['high', 'medium', 'low'] as const;
export const PRICE_BANDS = ['low', 'mid', 'high', 'premium'] as const;
export const TAG_CHANNELS = ['live', 'search', 'feed', 'social', 'other'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export type PriceSensitivity = (typeof PRICE_SENSITIVITIES)[number];
export type PriceBand = (typeof PRICE_BANDS)[number];
export type TagChannel = (typeof TAG_CHANNELS)[number];

export const GROUPS: readonly GroupDef[] = [
  {
    key: 'age',
    label: 'Age',
    labelZh: '年龄',
    dimension: true,
    values: AGE_BANDS.map((a) =>
      v(
        a,
        a === '<18' ? 'Under 18' : a === '50+' ? '50 and over' : a,
        a === '<18' ? '18岁以下' : a === '50+' ? '50岁及以上' : `${a}岁`,
      ),
    ),
  },
  {
    key: 'gender',
    label: 'Gender',
    labelZh: '性别',
    dimension: true,
    values: [v('f', 'Female', '女'), v('m', 'Male', '男')],
  },
  { key: 'region', label: 'Region', labelZh: '地区', dimension: true, values: 'region' },
  {
    key: 'city_tier',
    label: 'City tier',
    labelZh: '城市等级',
    dimension: true,
    values: [
      v('1', 'Tier 1', '一线城市'),
      v('2', 'Tier 2', '二线城市'),
      v('3', 'Tier 3', '三线城市'),
      v('4', 'Tier 4', '四线城市'),
      v('5', 'Tier 5', '五线及以下'),
    ],
  },
  { key: 'affinity', label: 'Category affinity', labelZh: '品类偏好', dimension: true, values: 'category' },
  {
    key: 'price_band',
    label: 'Price band',
    labelZh: '价格带',
    dimension: true,
    values: [
      v('low', 'Low (under ¥50)', '低价（50元以下）'),
      v('mid', 'Mid (¥50–199)', '中价（50–199元）'),
      v('high', 'High (¥200–999)', '高价（200–999元）'),
      v('premium', 'Premium (¥1,000+)', '高端（1000元及以上）'),
    ],
  },
  {
    key: 'channel',
    label: 'Channel preference',
    labelZh: '渠道偏好',
    dimension: true,
    values: [
      v('live', 'Live', '直播'),
      v('search', 'Search', '搜索'),
      v('feed', 'Feed', '推荐流'),
      v('social', 'Social share', '社交分享'),
      v('other', 'Other', '其他'),
    ],
  },
  {
    key: 'lifecycle',
    label: 'Lifecycle',
    labelZh: '生命周期',
    dimension: true,
    values: [
      v('new', 'New', '新客'),
      v('active', 'Active', '活跃'),
      v('dormant', 'Dormant', '沉睡'),
      v('churned', 'Churned', '流失'),
    ],
  },
  {
    key: 'rfm',
    label: 'RFM segment',
    labelZh: 'RFM分层',
    dimension: true,
    values: [
      v('champion', 'Champions', '重要价值客户'),
      v('loyal', 'Loyal', '忠诚客户'),
      v('potential', 'Potential loyalists', '潜力客户'),
      v('new', 'New buyers', '新购客户'),
      v('at_risk', 'At risk', '流失风险客户'),
      v('hibernating', 'Hibernating', '休眠客户'),
      v('lost', 'Lost', '已流失客户'),
    ],
  },
  {
    key: 'price_sensitivity',
    label: 'Price sensitivity',
    labelZh: '价格敏感度',
    dimension: true,
    values: [v('high', 'High', '高'), v('medium', 'Medium', '中'), v('low', 'Low', '低')],
  },
  { key: 'intent', label: 'Purchase intent', labelZh: '购买意向', dimension: false, values: 'category' },
  { key: 'bought', label: 'Bought (180 days)', labelZh: '近180天购买', dimension: false, values: 'category' },
  { key: 'brand', label: 'Brand affinity', labelZh: '品牌偏好', dimension: false, values: 'brand' },
  {
    key: 'social',
    label: 'Social',
    labelZh: '社交',
    dimension: false,
    values: [v('guidable', 'Easily guided by shares', '易被分享引导')],
  },
];

/** The insight dimensions, exactly these 10 in this order. */
export const DIMENSIONS = [
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
] as const satisfies readonly GroupKey[];
export type Dimension = (typeof DIMENSIONS)[number];

export const groupDef = (key: string): GroupDef | undefined => GROUPS.find((g) => g.key === key);

export const tagKey = (group: GroupKey, value: string) => `${group}:${value}`;

/** Splits a tag key at its first colon (values may contain colons: ids match `[A-Za-z0-9_.:-]+`). */
export function parseTag(key: string): { group: string; value: string } | null {
  const i = key.indexOf(':');
  if (i <= 0 || i === key.length - 1) return null;
  return { group: key.slice(0, i), value: key.slice(i + 1) };
}

/** Fixed EN/ZH label of a fixed group's value (undefined for open groups: labels come from the data). */
export function fixedLabel(group: string, value: string): ValueDef | undefined {
  const g = groupDef(group);
  return g && typeof g.values !== 'string' ? g.values.find((x) => x.value === value) : undefined;
}

/** Names for the open groups' values, read from the database (categories, brands). */
export interface LabelSource {
  categories: ReadonlyMap<string, { name: string; nameZh: string | null }>;
  brands: ReadonlyMap<string, string>;
}

/** EN/ZH labels of any tag value; unknown ids fall back to the id itself. */
export function labelOf(group: string, value: string, src?: LabelSource): { label: string; labelZh: string } {
  const fixed = fixedLabel(group, value);
  if (fixed) return { label: fixed.label, labelZh: fixed.labelZh };
  const g = groupDef(group);
  if (g?.values === 'category') {
    const c = src?.categories.get(value);
    return { label: c?.name ?? value, labelZh: c?.nameZh ?? c?.name ?? value };
  }
  if (g?.values === 'brand') {
    const b = src?.brands.get(value) ?? value;
    return { label: b, labelZh: b };
  }
  return { label: value, labelZh: value };
}

/**
 * Every tag key of the catalog for the given open values (the keys a build persists, empty or not): fixed values,
 * regions seen, three category groups per level-1 category, brands.
 */
export function catalogKeys(open: {
  regions: readonly string[];
  categories: readonly string[];
  brands: readonly string[];
}): string[] {
  const keys: string[] = [];
  for (const g of GROUPS) {
    const vals =
      g.values === 'region'
        ? open.regions
        : g.values === 'category'
          ? open.categories
          : g.values === 'brand'
            ? open.brands
            : g.values.map((x) => x.value);
    for (const val of vals) keys.push(tagKey(g.key, val));
  }
  return keys;
}

// Derivation thresholds (documented in docs/audiences.md).
/** Affinity half-life in days; points per view, cart, favorite and ordered line. */
export const AFFINITY_HALF_LIFE_DAYS = 30;
export const AFFINITY_POINTS = { view: 1, cart: 3, favorite: 2, order: 10 } as const;
/** A category or brand counts in `affinity:` / `brand:` with a decayed score of at least this. */
export const AFFINITY_FLOOR = 2;
export const AFFINITY_TOP = 3;
export const BRAND_TOP = 2;
/** Average paid unit price thresholds in fen: low < 5,000 ≤ mid < 20,000 ≤ high < 100,000 ≤ premium. */
export const PRICE_BAND_FEN = { mid: 5_000, high: 20_000, premium: 100_000 } as const;
