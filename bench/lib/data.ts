/**
 * Deterministic, realistic ingestion data for benchmarks and reliability tests: a catalog (categories, brands,
 * merchants, stores, products with SKUs, consumers, creators, promoters), behaviour events over 30 days and
 * orders with 1–3 lines and payments, plus the raw table rows the same records become (for COPY anchors).
 */
import { businessDay } from '../../src/core/time.ts';
import type { schemas } from '../../src/modules/marketplace/index.ts';
import {
  EVENT_COLUMNS,
  eventRow,
  LINE_COLUMNS,
  lineRows,
  ORDER_COLUMNS,
  orderRow,
} from '../../src/modules/marketplace/index.ts';

type Order = schemas.Order;
type BehaviourEvent = schemas.BehaviourEvent;

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(arr: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)]!,
    chance: (p) => next() < p,
  };
}

/** Picks from weighted choices. */
function weighted<T>(r: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, c) => s + c[1], 0);
  let x = r.next() * total;
  for (const [v, w] of choices) {
    x -= w;
    if (x < 0) return v;
  }
  return choices[choices.length - 1]![0];
}

export interface CatalogSpec {
  stores: number;
  products: number;
  consumers: number;
  creators?: number;
  promoters?: number;
  seed?: number;
}

export interface SkuInfo {
  id: string;
  productId: string;
  categoryId: string;
  storeId: string;
  price: number;
}

export interface Catalog {
  categories: Record<string, unknown>[];
  brands: Record<string, unknown>[];
  merchants: Record<string, unknown>[];
  stores: Record<string, unknown>[];
  products: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
  creators: Record<string, unknown>[];
  promoters: Record<string, unknown>[];
  /** Order in which kinds must be loaded (references point backwards). */
  kinds: readonly CatalogKindName[];
  storeIds: string[];
  storeMerchant: Map<string, string>;
  skusByStore: Map<string, SkuInfo[]>;
  /** Stores that have at least one SKU (orders are placed there). */
  sellingStores: string[];
  productStore: { productId: string; storeId: string }[];
  consumerIds: string[];
  creatorIds: string[];
  promoterIds: string[];
  skuCount: number;
}

export type CatalogKindName =
  | 'categories'
  | 'brands'
  | 'merchants'
  | 'stores'
  | 'products'
  | 'consumers'
  | 'creators'
  | 'promoters';

const REGIONS = [
  'Zhejiang',
  'Jiangsu',
  'Guangdong',
  'Shanghai',
  'Beijing',
  'Sichuan',
  'Hubei',
  'Shandong',
  'Fujian',
  'Henan',
];
const AGE_BANDS = ['18-24', '25-29', '30-34', '35-39', '40-49', '50+'] as const;
const WORDS = [
  'Organic',
  'Premium',
  'Classic',
  'Lightweight',
  'Gift box',
  'Family pack',
  'Limited',
  'Slim',
  'Soft',
  'Pro',
];
const NOUNS = [
  'green tea',
  'almonds',
  'rice cooker',
  'face cream',
  'running shoes',
  'phone case',
  'hoodie',
  'desk lamp',
  'dumplings',
  'yoga mat',
];

/** A catalog whose ids are stable for a given spec (m1…, s1…, p1…, k1…, u1…). */
export function makeCatalog(spec: CatalogSpec): Catalog {
  const r = rng(spec.seed ?? 7);
  const nCreators = spec.creators ?? Math.max(10, Math.round(spec.stores / 5));
  const nPromoters = spec.promoters ?? Math.max(10, Math.round(spec.stores / 5));
  const T0 = '2026-01-01T00:00:00.000Z';

  const categories: Record<string, unknown>[] = [];
  const leaves: string[] = [];
  for (let a = 1; a <= 10; a++) {
    categories.push({ id: `c${a}`, level: 1, name: `Category ${a}` });
    for (let b = 1; b <= 5; b++) {
      categories.push({ id: `c${a}_${b}`, parentId: `c${a}`, level: 2, name: `Category ${a}.${b}` });
      for (let c = 1; c <= 6; c++) {
        const id = `c${a}_${b}_${c}`;
        categories.push({ id, parentId: `c${a}_${b}`, level: 3, name: `Category ${a}.${b}.${c}` });
        leaves.push(id);
      }
    }
  }
  const brands = Array.from({ length: 500 }, (_, i) => ({ id: `b${i + 1}`, name: `Brand ${i + 1}` }));

  // About 85% of merchants run one store, the rest two.
  const merchants: Record<string, unknown>[] = [];
  const stores: Record<string, unknown>[] = [];
  const storeMerchant = new Map<string, string>();
  let m = 0;
  while (stores.length < spec.stores) {
    m++;
    const mid = `m${m}`;
    merchants.push({
      id: mid,
      name: `Merchant ${m}`,
      type: r.chance(0.1) ? 'self' : 'pop',
      onboardedAt: '2025-06-01',
    });
    const n = r.chance(0.15) ? 2 : 1;
    for (let k = 0; k < n && stores.length < spec.stores; k++) {
      const sid = `s${stores.length + 1}`;
      stores.push({
        id: sid,
        merchantId: mid,
        name: `Store ${stores.length + 1}`,
        mainCategoryId: `c${r.int(1, 10)}`,
        openedAt: '2025-06-02',
      });
      storeMerchant.set(sid, mid);
    }
  }
  const storeIds = stores.map((s) => s.id as string);

  const products: Record<string, unknown>[] = [];
  const skusByStore = new Map<string, SkuInfo[]>();
  const productStore: { productId: string; storeId: string }[] = [];
  let skuN = 0;
  for (let i = 1; i <= spec.products; i++) {
    const pid = `p${i}`;
    // Spread products over stores, a few big stores getting more (square bias).
    const storeId = storeIds[Math.floor(r.next() ** 1.5 * storeIds.length)]!;
    const categoryId = r.pick(leaves);
    const n = r.chance(0.6) ? 1 : r.chance(0.7) ? 2 : 3;
    const base = r.int(5, 500) * 100 - 10;
    const skus = Array.from({ length: n }, (_, j) => {
      skuN++;
      return {
        id: `k${skuN}`,
        price: base + j * 1000,
        listPrice: base + j * 1000 + (r.chance(0.5) ? 2000 : 0),
        stock: r.int(0, 5000),
        attributes: n > 1 ? { size: ['S', 'M', 'L'][j]! } : undefined,
      };
    });
    const rec: Record<string, unknown> = {
      id: pid,
      storeId,
      categoryId,
      title: `${r.pick(WORDS)} ${r.pick(NOUNS)} ${i}`,
      images: Array.from({ length: r.int(1, 5) }, (_, j) => `https://img.example.com/${pid}/${j}.jpg`),
      attributes: { origin: r.pick(REGIONS) },
      listedAt: T0,
      skus: skus.map((s) =>
        s.attributes ? s : { id: s.id, price: s.price, listPrice: s.listPrice, stock: s.stock },
      ),
    };
    if (r.chance(0.7)) rec.brandId = `b${r.int(1, 500)}`;
    products.push(rec);
    productStore.push({ productId: pid, storeId });
    const list = skusByStore.get(storeId) ?? [];
    for (const s of skus) list.push({ id: s.id, productId: pid, categoryId, storeId, price: s.price });
    skusByStore.set(storeId, list);
  }

  const consumers = Array.from({ length: spec.consumers }, (_, i) => {
    const c: Record<string, unknown> = { id: `u${i + 1}`, registeredAt: T0 };
    if (r.chance(0.7)) {
      c.ageBand = r.pick(AGE_BANDS);
      c.gender = r.chance(0.6) ? 'f' : 'm';
      c.region = r.pick(REGIONS);
      c.cityTier = r.int(1, 5);
    }
    return c;
  });
  const creators = Array.from({ length: nCreators }, (_, i) => ({
    id: `cr${i + 1}`,
    name: `Creator ${i + 1}`,
    followers: r.int(1000, 2_000_000),
    categories: [`c${r.int(1, 10)}`],
    joinedAt: '2025-07-01',
  }));
  const nLeaders = Math.max(1, Math.round(nPromoters / 10));
  const promoters = Array.from({ length: nPromoters }, (_, i) =>
    i < nLeaders
      ? { id: `pr${i + 1}`, name: `Team lead ${i + 1}`, isLeader: true, groupSize: 9, joinedAt: '2025-07-01' }
      : {
          id: `pr${i + 1}`,
          name: `Promoter ${i + 1}`,
          leaderId: `pr${(i % nLeaders) + 1}`,
          joinedAt: '2025-07-02',
        },
  );

  return {
    categories,
    brands,
    merchants,
    stores,
    products,
    consumers,
    creators,
    promoters,
    kinds: ['categories', 'brands', 'merchants', 'stores', 'products', 'consumers', 'creators', 'promoters'],
    storeIds,
    storeMerchant,
    skusByStore,
    sellingStores: storeIds.filter((s) => skusByStore.has(s)),
    productStore,
    consumerIds: consumers.map((c) => c.id as string),
    creatorIds: creators.map((c) => c.id),
    promoterIds: promoters.map((p) => p.id),
    skuCount: skuN,
  };
}

const EVENT_MIX = [
  ['exposure', 50],
  ['click', 15],
  ['view', 12],
  ['cart', 5],
  ['favorite', 3],
  ['search', 6],
  ['share', 2],
  ['follow', 2],
  ['live_enter', 2.5],
  ['live_leave', 2.5],
] as const;
const FEED_SCENES = ['feed', 'search', 'mall', 'detail', 'store', 'video', 'live', 'ad'] as const;
const QUERIES = [
  'green tea',
  'almonds gift',
  'rice cooker 3L',
  '防晒霜',
  '连衣裙 夏',
  'running shoes men',
  'phone case',
  'hoodie oversize',
  '坚果礼盒',
  'yoga mat',
];

export interface EventOptions {
  /** Prefix of event ids (distinct prefixes make distinct events). */
  prefix?: string;
  seed?: number;
  /** The last instant of the window; events spread over `days` before it. */
  endAt?: string;
  days?: number;
}

/** `n` behaviour events of mixed types over 30 days, with ids like ev_000001a. */
export function makeEvents(n: number, cat: Catalog, opts: EventOptions = {}): BehaviourEvent[] {
  const r = rng(opts.seed ?? 11);
  const prefix = opts.prefix ?? 'ev_';
  const end = Date.parse(opts.endAt ?? '2026-11-30T16:00:00.000Z');
  const span = (opts.days ?? 30) * 86_400_000;
  const out: BehaviourEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const type = weighted(r, EVENT_MIX);
    const ps = cat.productStore[Math.floor(r.next() ** 2 * cat.productStore.length)]!;
    const e: BehaviourEvent = {
      id: `${prefix}${i.toString(36).padStart(7, '0')}`,
      type,
      occurredAt: new Date(end - Math.floor(r.next() * span)).toISOString(),
      userId: cat.consumerIds[Math.floor(r.next() * cat.consumerIds.length)]!,
      scene: 'feed',
    };
    switch (type) {
      case 'search':
        e.scene = 'search';
        e.query = r.pick(QUERIES);
        break;
      case 'live_enter':
      case 'live_leave':
        e.scene = 'live';
        e.liveSessionId = `ls${r.int(1, 500)}`;
        e.storeId = ps.storeId;
        e.channel = r.chance(0.5) ? 'self_live' : 'creator';
        if (e.channel === 'creator') e.creatorId = r.pick(cat.creatorIds);
        if (type === 'live_leave') e.durationMs = r.int(5_000, 3_600_000);
        break;
      case 'follow':
        e.scene = r.pick(['store', 'live', 'video'] as const);
        if (r.chance(0.6)) e.storeId = ps.storeId;
        else e.creatorId = r.pick(cat.creatorIds);
        break;
      case 'share':
        e.scene = 'detail';
        e.productId = ps.productId;
        e.storeId = ps.storeId;
        if (r.chance(0.3)) {
          e.channel = 'promoter';
          e.promoterId = r.pick(cat.promoterIds);
        }
        break;
      default:
        e.scene = r.pick(FEED_SCENES);
        e.productId = ps.productId;
        e.storeId = ps.storeId;
        if (e.scene === 'live') {
          e.liveSessionId = `ls${r.int(1, 500)}`;
          e.channel = 'self_live';
        } else if (e.scene === 'ad') e.channel = 'ad';
        else if (e.scene === 'video') {
          e.channel = 'creator';
          e.creatorId = r.pick(cat.creatorIds);
        } else if (r.chance(0.8)) e.channel = 'organic';
        if (type === 'view') e.durationMs = r.int(500, 180_000);
    }
    out[i] = e;
  }
  return out;
}

export interface OrderOptions {
  prefix?: string;
  seed?: number;
  endAt?: string;
  days?: number;
  /** Share of orders still unpaid ('created'). */
  unpaidShare?: number;
  /** Share of presale orders (deposit + balance). */
  presaleShare?: number;
  /** Share of orders sent already shipped. */
  shippedShare?: number;
}

/**
 * `n` orders with 1–3 lines from one store, mixed channels and scenes, amounts that add up,
 * and payments (full, or deposit + balance for presale). Most are paid.
 */
export function makeOrders(n: number, cat: Catalog, opts: OrderOptions = {}): Order[] {
  const r = rng(opts.seed ?? 23);
  const prefix = opts.prefix ?? 'o_';
  const end = Date.parse(opts.endAt ?? '2026-11-28T16:00:00.000Z');
  const span = (opts.days ?? 30) * 86_400_000;
  const unpaid = opts.unpaidShare ?? 0.08;
  const presale = opts.presaleShare ?? 0.04;
  const shipped = opts.shippedShare ?? 0;
  const out: Order[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i.toString(36).padStart(7, '0')}`;
    const storeId = cat.sellingStores[Math.floor(r.next() ** 1.5 * cat.sellingStores.length)]!;
    const skus = cat.skusByStore.get(storeId)!;
    const nLines = Math.min(skus.length, r.chance(0.65) ? 1 : r.chance(0.6) ? 2 : 3);
    const start = r.int(0, skus.length - 1);
    let items = 0;
    let disc = 0;
    const lines = Array.from({ length: nLines }, (_, j) => {
      const s = skus[(start + j) % skus.length]!;
      const quantity = r.chance(0.8) ? 1 : r.int(2, 4);
      const amount = quantity * s.price;
      const discount = r.chance(0.4) ? Math.min(Math.floor(amount / 2), r.int(1, 20) * 100) : 0;
      items += amount;
      disc += discount;
      return { lineNo: j + 1, skuId: s.id, quantity, unitPrice: s.price, discount };
    });
    const shippingFee = r.chance(0.7) ? 0 : 600;
    const payAmount = items - disc + shippingFee;
    const channel = weighted(r, [
      ['organic', 55],
      ['creator', 15],
      ['self_live', 10],
      ['promoter', 10],
      ['ad', 7],
      ['joint', 3],
    ] as const);
    const source: Order['source'] = { scene: 'search', channel };
    if (channel === 'organic') source.scene = r.pick(['search', 'feed', 'mall', 'detail', 'store'] as const);
    else if (channel === 'creator') {
      source.creatorId = r.pick(cat.creatorIds);
      source.scene = r.chance(0.5) ? 'video' : 'live';
      if (source.scene === 'live') source.liveSessionId = `ls${r.int(1, 500)}`;
    } else if (channel === 'self_live') {
      source.scene = 'live';
      source.liveSessionId = `ls${r.int(1, 500)}`;
    } else if (channel === 'promoter') {
      source.scene = 'share';
      source.promoterId = r.pick(cat.promoterIds);
      source.shareCode = `sh${r.int(1, 99999)}`;
    } else if (channel === 'ad') {
      source.scene = 'ad';
      source.adId = `ad${r.int(1, 300)}`;
    } else {
      source.scene = 'campaign';
      source.campaignId = `jc${r.int(1, 20)}`;
    }
    const created = end - Math.floor(r.next() * span);
    const at = (ms: number) => new Date(created + ms).toISOString();
    const o: Order = {
      id,
      storeId,
      consumerId: cat.consumerIds[Math.floor(r.next() * cat.consumerIds.length)]!,
      status: 'created',
      source,
      lines,
      itemsAmount: items,
      discountAmount: disc,
      shippingFee,
      payAmount,
      createdAt: at(0),
    };
    if (r.chance(0.2)) o.parentId = `po_${i.toString(36)}`;
    const isPresale = payAmount >= 2000 && r.chance(presale);
    if (!r.chance(unpaid)) {
      o.status = 'paid';
      o.paidAt = at(60_000);
      if (isPresale) {
        const deposit = Math.max(1, Math.floor(payAmount / 10));
        o.presale = { depositAmount: deposit, balanceAmount: payAmount - deposit };
        o.depositPaidAt = at(30_000);
        o.payments = [
          { id: `${id}-d`, kind: 'deposit', amount: deposit, paidAt: o.depositPaidAt },
          { id: `${id}-b`, kind: 'balance', amount: payAmount - deposit, paidAt: o.paidAt, method: 'alipay' },
        ];
      } else {
        o.payments = [
          {
            id: `${id}-p`,
            kind: 'full',
            amount: payAmount,
            paidAt: o.paidAt,
            method: r.chance(0.6) ? 'alipay' : 'wechat',
          },
        ];
      }
      if (r.chance(shipped)) Object.assign(o, shippedFields(o, r));
    }
    out[i] = o;
  }
  return out;
}

function shippedFields(o: Order, r: Rng): Partial<Order> {
  const paid = Date.parse(o.paidAt!);
  return {
    status: 'shipped',
    shippedAt: new Date(paid + r.int(2, 48) * 3_600_000).toISOString(),
    shipment: { carrier: r.pick(['SF', 'ZTO', 'YTO', 'JD']), trackingNo: `T${o.id}` },
  };
}

/** The same paid order, moved on to shipped (the next state an integration would send). */
export function shipped(o: Order, seed = 1): Order {
  return { ...o, ...shippedFields(o, rng(seed ^ o.id.length ^ o.id.charCodeAt(o.id.length - 1))) };
}

// ---- raw rows for COPY anchors -------------------------------------------------------------------------------

export const EVENT_COPY_COLUMNS = EVENT_COLUMNS.map((c) => c.name);

export function eventRows(events: BehaviourEvent[], timeZone: string): unknown[][] {
  return events.map((e) => eventRow(e, timeZone));
}

export const ORDER_COPY_COLUMNS = ORDER_COLUMNS.map((c) => c.name);
export const LINE_COPY_COLUMNS = LINE_COLUMNS.map((c) => c.name);
export const PAYMENT_COPY_COLUMNS = ['id', 'order_id', 'kind', 'amount', 'method', 'paid_at'];

/** The rows the order ingestion service writes for these new orders (orders, order_lines, payments). */
export function orderRows(orders: Order[], cat: Catalog, timeZone: string) {
  const skuInfo = new Map<string, SkuInfo>();
  for (const list of cat.skusByStore.values()) for (const s of list) skuInfo.set(s.id, s);
  const o: unknown[][] = [];
  const l: unknown[][] = [];
  const p: unknown[][] = [];
  for (const x of orders) {
    // The same row builders the ingestion service uses, so the anchor writes exactly what the service writes.
    o.push(orderRow(x, cat.storeMerchant.get(x.storeId)!, x.paidAt ? businessDay(x.paidAt, timeZone) : null));
    l.push(...lineRows(x, (k) => skuInfo.get(k)!));
    for (const pay of x.payments ?? []) p.push([pay.id, x.id, pay.kind, pay.amount, pay.method, pay.paidAt]);
  }
  return { orders: o, lines: l, payments: p };
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (s === '' || /[",\n\r]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** CSV text (COPY ... WITH (FORMAT csv): empty unquoted = NULL), in chunks of `chunkRows` rows. */
export function toCsvChunks(rows: unknown[][], chunkRows = 5000): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += chunkRows) {
    let s = '';
    const end = Math.min(rows.length, i + chunkRows);
    for (let j = i; j < end; j++) s += `${rows[j]!.map(csvValue).join(',')}\n`;
    out.push(s);
  }
  return out;
}
