import { dayStart, shiftDay } from '../../../core/time.ts';
import type { schemas } from '../../marketplace/index.ts';
import {
  AGE_WEIGHTS,
  AGENCY_NAMES,
  BRAND_ENDINGS,
  BRAND_SYLLABLES,
  CATEGORY_TREE,
  CITIES,
  CREATOR_FIRST,
  CREATOR_WORDS,
  GIVEN,
  type L1Def,
  type L3Def,
  MERCHANT_PREFIXES,
  MERCHANT_SUFFIXES,
  PRICE_WORDS,
  REGIONS,
  STORE_SUFFIXES,
  SURNAMES,
  TITLE_SUFFIXES,
  VARIANTS,
} from './data.ts';
import { MODEL, type Scale, type ScaleSpec } from './params.ts';
import { clamp, type Rng, type Seeds } from './rng.ts';

/**
 * The simulated marketplace's fixed part: catalog, parties and their latent parameters.
 * Large collections (products, SKUs, users) are columnar typed arrays so a million of each fits in memory;
 * their ingestion records are built on demand, deterministically, from the entity's own random stream.
 */

export const AGE_BANDS = ['<18', '18-24', '25-29', '30-34', '35-39', '40-49', '50+'] as const;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** Channel-affinity dimensions of a user. */
export const AFF = { live: 0, search: 1, feed: 2 } as const;

export interface L1Info {
  idx: number;
  id: string;
  def: L1Def;
  l3s: number[];
  share: number;
}
export interface L3Info {
  idx: number;
  id: string;
  l1: number;
  def: L3Def;
  logMin: number;
  logMax: number;
}
export interface MerchantInfo {
  idx: number;
  id: string;
  name: string;
  type: 'self' | 'pop';
  onboardedDay: string;
  stores: number[];
}
export interface StoreInfo {
  idx: number;
  id: string;
  merchant: number;
  name: string;
  mainL1: number;
  openedDay: string;
  openedMs: number;
  /** Latent: mean product quality, logistics speed, service quality, all in [0, 1]. */
  quality: number;
  logistics: number;
  service: number;
  /** Relative share of organic traffic. */
  traffic: number;
  priceTier: number;
  /** 0 = no ads; otherwise the relative ad spend. */
  adIntensity: number;
  adIds: string[];
  streams: boolean;
  streamRate: number;
  /** Day index of the first stream (negative: streamed before the window). */
  streamStartDay: number;
  /** Share of its live sessions hosted by an agency's creator (代播). */
  proxyShare: number;
  freeShippingFrom: number;
  shippingFee: number;
  brands: number[];
  products: Int32Array;
  /** Cumulative product popularity over `products`. */
  productCum: Float64Array;
}
export interface CreatorInfo {
  idx: number;
  id: string;
  name: string;
  followers: number;
  focus: number[];
  skill: number;
  liveRate: number;
  videoRate: number;
  agency: number;
  splitBp: number;
  joinedDay: string;
  contractStart: string;
  selection: Int32Array;
}
export interface AgencyInfo {
  idx: number;
  id: string;
  name: string;
  creators: number[];
}
export interface PromoterInfo {
  idx: number;
  id: string;
  name: string;
  leader: number;
  isLeader: boolean;
  groupSize: number;
  joinedDay: string;
  joinedMs: number;
  shareRate: number;
  deals: Int32Array;
}
export interface JointCampaign {
  id: string;
  name: string;
  l1: number;
  stores: number[];
  fromDay: number;
  toDay: number;
}
export interface Pool {
  items: Int32Array;
  cum: Float64Array;
}

export interface Products {
  count: number;
  store: Int32Array;
  l3: Uint16Array;
  brand: Int32Array;
  quality: Float32Array;
  pricePos: Float32Array;
  basePrice: Int32Array;
  popularity: Float32Array;
  listedMs: Float64Array;
  skuStart: Int32Array;
  skuCount: Uint8Array;
  /** First variant value of the product's SKUs (SKU j takes value variantStart + j). */
  variantStart: Uint8Array;
}
export interface Users {
  count: number;
  pref: Float32Array; // count × L1
  priceSens: Float32Array;
  guid: Float32Array;
  activity: Float32Array;
  aff: Float32Array; // count × 3 (live, search, feed)
  age: Int8Array; // -1 unknown to the marketplace (truth kept in ageTruth)
  ageTruth: Int8Array;
  gender: Int8Array; // 0 f, 1 m, -1 unknown
  genderTruth: Int8Array;
  region: Int16Array; // -1 unknown
  regionTruth: Int16Array;
  tier: Int8Array; // 1..5, -1 unknown
  tierTruth: Int8Array;
  registeredMs: Float64Array;
  reviewPropensity: Float32Array;
  payMethod: Uint8Array;
}

export interface World {
  seed: number;
  scale: Scale;
  spec: ScaleSpec;
  timeZone: string;
  days: string[];
  /** Start instant of each day, plus the end of the window (length days + 1). */
  dayStart: number[];
  windowStart: number;
  windowEnd: number;
  /** Demand multiplier of each day: weekday × campaign (and warm-up). */
  dayFactor: Float64Array;
  /** Platform campaign name of a day, or ''. */
  campaignOf: string[];
  /** Start of the next campaign day within the presale window after day d (may lie beyond the window), or NaN. */
  presaleBalanceMs: Float64Array;
  l1: L1Info[];
  l3: L3Info[];
  categoryRecords: schemas.Category[];
  brands: { id: string; name: string; l1: number }[];
  merchants: MerchantInfo[];
  stores: StoreInfo[];
  storePoolByL1: Pool[];
  adPoolByL1: Pool[];
  products: Products;
  skuPrice: Int32Array;
  skuStock: Int32Array;
  l1Pool: Pool[];
  l3Pool: Pool[];
  users: Users;
  creators: CreatorInfo[];
  creatorPoolByL1: Pool[];
  agencies: AgencyInfo[];
  promoters: PromoterInfo[];
  promoterPool: Pool;
  joint: JointCampaign[];
  demo: { merchant: number; store: number; creator: number; agency: number; promoter: number };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const widthOf = (n: number) => Math.max(3, String(Math.max(1, n - 1)).length);

/** Price in fen rounded the way shops price: ¥39.90 below ¥100, ¥129 above. */
export function shopPrice(fen: number): number {
  const p = fen < 10_000 ? Math.round(fen / 100) * 100 - 10 : Math.round(fen / 1000) * 1000 - 100;
  return clamp(p, 990, 299_900);
}

/** A weighted pool for cumulative-weight sampling (weights floored at 1e-9 so every item stays reachable). */
export function buildPool(items: number[], weight: (i: number) => number): Pool {
  const cum = new Float64Array(items.length);
  let s = 0;
  items.forEach((it, i) => {
    s += Math.max(1e-9, weight(it));
    cum[i] = s;
  });
  return { items: Int32Array.from(items), cum };
}

export function poolPick(pool: Pool, r: Rng): number {
  if (pool.items.length === 0) return -1;
  return pool.items[r.cumulative(pool.cum)]!;
}

export interface WorldOptions {
  seed: number;
  scale: Scale;
  spec: ScaleSpec;
  days: number;
  endDay: string;
  timeZone: string;
}

export function buildWorld(o: WorldOptions, seeds: Seeds): World {
  const { spec } = o;
  const r = seeds.rng('world');
  const startDay = shiftDay(o.endDay, -(o.days - 1));
  const days: string[] = [];
  for (let i = 0; i < o.days; i++) days.push(shiftDay(startDay, i));
  const dayStartMs = days.map((d) => dayStart(d, o.timeZone).getTime());
  dayStartMs.push(dayStart(shiftDay(o.endDay, 1), o.timeZone).getTime());
  const windowStart = dayStartMs[0]!;
  const windowEnd = dayStartMs[o.days]!;
  const D = o.days;

  // Calendar: weekday seasonality, campaign days, warm-up, presale balance dates.
  const dayFactor = new Float64Array(D);
  const campaignOf: string[] = [];
  const presaleBalanceMs = new Float64Array(D).fill(Number.NaN);
  for (let d = 0; d < D; d++) {
    const day = days[d]!;
    const wd = new Date(`${day}T12:00:00Z`).getUTCDay();
    let f = MODEL.weekday[wd]!;
    const md = day.slice(5);
    const camp = MODEL.campaigns[md];
    campaignOf.push(camp ? (md === '11-11' ? 'Double 11' : '618') : '');
    if (camp) f *= camp;
    else {
      for (let k = 1; k <= MODEL.warmup.length; k++) {
        if (MODEL.campaigns[shiftDay(day, k).slice(5)]) f *= MODEL.warmup[k - 1]!;
      }
    }
    dayFactor[d] = f;
    for (let k = 1; k <= MODEL.presaleWindowDays; k++) {
      const next = shiftDay(day, k);
      if (MODEL.campaigns[next.slice(5)]) {
        presaleBalanceMs[d] = dayStart(next, o.timeZone).getTime();
        break;
      }
    }
  }
  const dayMsBefore = (daysBack: number) => windowStart - daysBack * DAY_MS;
  const dayOfMs = (ms: number) => shiftDay(startDay, Math.floor((ms - windowStart) / DAY_MS));

  // Categories: ids c01 / c0102 / c010203.
  const l1: L1Info[] = [];
  const l3: L3Info[] = [];
  const categoryRecords: schemas.Category[] = [];
  CATEGORY_TREE.forEach((def, i) => {
    const id = `c${pad(i + 1, 2)}`;
    categoryRecords.push({ id, level: 1, name: def.name, nameZh: def.zh });
    const info: L1Info = { idx: i, id, def, l3s: [], share: def.share };
    def.children.forEach((c2, j) => {
      const id2 = `${id}${pad(j + 1, 2)}`;
      categoryRecords.push({ id: id2, parentId: id, level: 2, name: c2.name, nameZh: c2.zh });
      c2.children.forEach((c3, k) => {
        const id3 = `${id2}${pad(k + 1, 2)}`;
        categoryRecords.push({ id: id3, parentId: id2, level: 3, name: c3.name, nameZh: c3.zh });
        info.l3s.push(l3.length);
        l3.push({
          idx: l3.length,
          id: id3,
          l1: i,
          def: c3,
          logMin: Math.log(c3.price[0] * 100),
          logMax: Math.log(c3.price[1] * 100),
        });
      });
    });
    l1.push(info);
  });
  const L1N = l1.length;
  const l1Shares = l1.map((c) => c.share);

  // Brands, spread over level-1 categories by share.
  const brands: World['brands'] = [];
  const brandsByL1: number[][] = l1.map(() => []);
  const bw = widthOf(spec.brands);
  for (let i = 0; i < spec.brands; i++) {
    const c = i < L1N ? i : r.weighted(l1Shares);
    const name = `${r.pick(BRAND_SYLLABLES)}${r.pick(BRAND_ENDINGS)}${r.chance(0.5) ? r.pick(BRAND_SYLLABLES).toLowerCase() : ''}`;
    const unique = i < BRAND_SYLLABLES.length * 6 ? name : `${name} ${i}`;
    brands.push({ id: `b${pad(i, bw)}`, name: unique.charAt(0).toUpperCase() + unique.slice(1), l1: c });
    brandsByL1[c]!.push(i);
  }

  // Merchants and stores. Merchant 0 is the demo merchant: a POP beauty merchant with a busy live room.
  const DEMO_L1 = 1;
  const merchants: MerchantInfo[] = [];
  const stores: StoreInfo[] = [];
  const mw = widthOf(spec.merchants);
  const estStores = Math.ceil(spec.merchants * (1 + MODEL.twoStoreMerchantShare) + 2);
  const sw = widthOf(estStores);
  for (let m = 0; m < spec.merchants; m++) {
    const mr = seeds.rng('merchant', m);
    const demo = m === 0;
    const self = !demo && (m === 1 || mr.chance(MODEL.selfMerchantShare));
    const mainL1 = demo ? DEMO_L1 : mr.weighted(l1Shares);
    const newOne = !demo && mr.chance(MODEL.newMerchantShare);
    const onboardedMs = newOne
      ? dayStartMs[mr.int(Math.max(1, D - 1))]!
      : dayMsBefore(30 + Math.floor(mr.lognormal(500, 0.7)));
    const onboardedDay = dayOfMs(onboardedMs);
    const l1def = l1[mainL1]!.def;
    let name: string;
    if (self) name = `Tributary Self-operated ${l1def.name} ${m}`;
    else if (demo) name = 'Jade Glow Beauty';
    else {
      const combos = MERCHANT_PREFIXES.length * CITIES.length;
      const k = (m * 7919) % combos;
      name = `${m % 3 === 0 ? `${CITIES[k % CITIES.length]} ` : ''}${MERCHANT_PREFIXES[Math.floor(k / CITIES.length) % MERCHANT_PREFIXES.length]} ${mr.pick(l1def.word)}${mr.pick(MERCHANT_SUFFIXES)}`;
      if (m >= combos) name += ` ${m}`;
    }
    const info: MerchantInfo = {
      idx: m,
      id: `m${pad(m, mw)}`,
      name,
      type: self ? 'self' : 'pop',
      onboardedDay,
      stores: [],
    };
    merchants.push(info);
    const nStores = !demo && mr.chance(MODEL.twoStoreMerchantShare) ? 2 : 1;
    for (let k = 0; k < nStores; k++) {
      const sr = seeds.rng('store', m, k);
      const idx = stores.length;
      const openedMs =
        k === 0
          ? onboardedMs + DAY_MS
          : Math.min(windowEnd - DAY_MS, onboardedMs + sr.range(30, 400) * DAY_MS);
      const l1s = k === 0 ? mainL1 : sr.weighted(l1Shares);
      let quality = clamp(sr.beta(4, 2.4) + (self ? 0.08 : 0), 0.05, 0.98);
      let logistics = clamp(sr.beta(3, 2) + (self ? 0.2 : 0), 0.05, 0.99);
      let service = clamp(0.55 * sr.beta(3, 2) + 0.45 * quality + sr.normal() * 0.05, 0.05, 0.99);
      if (demo) [quality, logistics, service] = [0.8, 0.72, 0.82];
      const traffic = demo ? 6 : sr.lognormal(1, 0.8) * (self ? 1.6 : 1);
      const streams = demo || self || sr.chance(MODEL.popStreamerShare);
      const startsInWindow = streams && !demo && sr.chance(MODEL.newStreamerShare);
      const sfx = sr.pick(STORE_SUFFIXES);
      const storeName = k === 0 ? `${name} ${self ? 'Store' : sfx}` : `${name} ${l1[l1s]!.def.name} ${sfx}`;
      const store: StoreInfo = {
        idx,
        id: `s${pad(idx, sw)}`,
        merchant: m,
        name: storeName,
        mainL1: l1s,
        openedDay: dayOfMs(openedMs),
        openedMs,
        quality,
        logistics,
        service,
        traffic,
        priceTier: sr.normal() * 0.12,
        adIntensity: demo ? 0.3 : sr.chance(0.3) ? sr.range(0.05, 0.4) : 0,
        adIds: [],
        streams,
        streamRate: demo ? 0.85 : streams ? sr.range(0.15, self ? 0.7 : 0.85) : 0,
        streamStartDay: startsInWindow ? sr.int(D) : -1,
        proxyShare: demo ? 0.25 : !self && streams && sr.chance(0.3) ? sr.range(0.15, 0.6) : 0,
        freeShippingFrom: self ? 0 : sr.pick([0, 4900, 5900, 9900, 9900]),
        shippingFee: sr.pick([600, 800, 1000, 1200]),
        brands: [],
        products: new Int32Array(0),
        productCum: new Float64Array(0),
      };
      if (store.openedMs > windowStart)
        store.streamStartDay = Math.max(store.streamStartDay, dayIndex(dayStartMs, store.openedMs) + 1);
      if (store.adIntensity > 0) store.adIds = [`ad-${store.id}-1`, `ad-${store.id}-2`];
      const own = brandsByL1[l1s]!;
      const nb = 1 + sr.int(3);
      for (let b = 0; b < nb && own.length; b++) store.brands.push(own[sr.int(own.length)]!);
      stores.push(store);
      info.stores.push(idx);
    }
  }
  const S = stores.length;

  // Products and SKUs (columnar). Counts per store are long-tailed around productsPerStore.
  const counts = stores.map((s) => {
    const sr = seeds.rng('store-size', s.idx);
    const base = s.idx === 0 ? spec.productsPerStore * 3 : sr.lognormal(spec.productsPerStore / 1.28, 0.7);
    return Math.max(5, Math.round(base));
  });
  const P = counts.reduce((a, b) => a + b, 0);
  const products: Products = {
    count: P,
    store: new Int32Array(P),
    l3: new Uint16Array(P),
    brand: new Int32Array(P),
    quality: new Float32Array(P),
    pricePos: new Float32Array(P),
    basePrice: new Int32Array(P),
    popularity: new Float32Array(P),
    listedMs: new Float64Array(P),
    skuStart: new Int32Array(P),
    skuCount: new Uint8Array(P),
    variantStart: new Uint8Array(P),
  };
  const skuPriceList: number[] = [];
  const skuStockList: number[] = [];
  let p = 0;
  const byStore: number[][] = stores.map(() => []);
  for (const s of stores) {
    for (let j = 0; j < counts[s.idx]!; j++, p++) {
      const pr = seeds.rng('product', p);
      const cl1 = pr.chance(s.merchant === 0 || merchants[s.merchant]!.type === 'pop' ? 0.9 : 0.6)
        ? s.mainL1
        : pr.weighted(l1Shares);
      const c3 = l1[cl1]!.l3s[pr.int(l1[cl1]!.l3s.length)]!;
      const q = clamp(s.quality + pr.normal() * 0.07, 0.03, 0.99);
      const pp = clamp(pr.beta(2, 2) + 0.35 * (q - 0.6) + s.priceTier, 0, 1);
      const cat = l3[c3]!;
      const base = Math.exp(cat.logMin + pp * (cat.logMax - cat.logMin));
      products.store[p] = s.idx;
      products.l3[p] = c3;
      products.brand[p] = s.brands.length && pr.chance(0.8) ? s.brands[pr.int(s.brands.length)]! : -1;
      products.quality[p] = q;
      products.pricePos[p] = pp;
      products.basePrice[p] = shopPrice(base);
      products.popularity[p] = s.traffic * (0.3 + q) * pr.lognormal(1, 0.6);
      const listedNew = pr.chance(MODEL.newProductShare) || s.openedMs > windowStart;
      const listedMs = listedNew
        ? Math.max(s.openedMs, windowStart + pr.next() * (windowEnd - windowStart) * 0.9)
        : Math.max(s.openedMs, windowStart - pr.range(1, 700) * DAY_MS);
      products.listedMs[p] = Math.min(listedMs, windowEnd - HOUR_MS);
      const v = VARIANTS[cat.def.variant];
      const maxN = cat.def.variant === 'shoe' ? 6 : cat.def.variant === 'size' ? 4 : 3;
      const n = 1 + pr.int(Math.min(maxN, v.values.length));
      const startV = pr.int(v.values.length - n + 1);
      products.skuStart[p] = skuPriceList.length;
      products.skuCount[p] = n;
      products.variantStart[p] = startV;
      for (let k = 0; k < n; k++) {
        skuPriceList.push(shopPrice(base * v.values[startV + k]![1]));
        skuStockList.push(pr.chance(0.02) ? 0 : Math.min(100_000, Math.round(pr.lognormal(300, 1))));
      }
      byStore[s.idx]!.push(p);
    }
  }
  for (const s of stores) {
    s.products = Int32Array.from(byStore[s.idx]!);
    s.productCum = buildPool(byStore[s.idx]!, (i) => products.popularity[i]!).cum;
  }
  const byL1: number[][] = l1.map(() => []);
  const byL3: number[][] = l3.map(() => []);
  for (let i = 0; i < P; i++) {
    byL3[products.l3[i]!]!.push(i);
    byL1[l3[products.l3[i]!]!.l1]!.push(i);
  }
  const pop = (i: number) => products.popularity[i]!;
  const l1Pool = byL1.map((items) => buildPool(items, pop));
  const l3Pool = byL3.map((items) => buildPool(items, pop));
  const storesByL1: number[][] = l1.map(() => []);
  for (const s of stores) storesByL1[s.mainL1]!.push(s.idx);
  const storePoolByL1 = storesByL1.map((items) =>
    buildPool(items, (i) => stores[i]!.traffic * (0.5 + stores[i]!.quality)),
  );
  const adPoolByL1 = storesByL1.map((items) => {
    const ads = items.filter((i) => stores[i]!.adIntensity > 0);
    return buildPool(ads, (i) => stores[i]!.adIntensity * stores[i]!.traffic);
  });

  // Users (columnar). Preferences over level-1 categories are Dirichlet, tilted by demographics.
  const U = spec.consumers;
  const users: Users = {
    count: U,
    pref: new Float32Array(U * L1N),
    priceSens: new Float32Array(U),
    guid: new Float32Array(U),
    activity: new Float32Array(U),
    aff: new Float32Array(U * 3),
    age: new Int8Array(U),
    ageTruth: new Int8Array(U),
    gender: new Int8Array(U),
    genderTruth: new Int8Array(U),
    region: new Int16Array(U),
    regionTruth: new Int16Array(U),
    tier: new Int8Array(U),
    tierTruth: new Int8Array(U),
    registeredMs: new Float64Array(U),
    reviewPropensity: new Float32Array(U),
    payMethod: new Uint8Array(U),
  };
  const shareSum = l1Shares.reduce((a, b) => a + b, 0);
  const alpha = l1Shares.map((s) => (0.45 * s * L1N) / shareSum);
  const regionW = REGIONS.map((x) => x.weight);
  const tmp = new Float32Array(L1N);
  for (let u = 0; u < U; u++) {
    const ur = seeds.rng('user', u);
    const gender = ur.chance(0.52) ? 0 : 1;
    const age = ur.weighted(AGE_WEIGHTS);
    const region = ur.weighted(regionW);
    const tier = 1 + ur.weighted(REGIONS[region]!.tiers);
    users.genderTruth[u] = gender;
    users.ageTruth[u] = age;
    users.regionTruth[u] = region;
    users.tierTruth[u] = tier;
    users.gender[u] = ur.chance(0.08) ? -1 : gender;
    users.age[u] = ur.chance(0.12) ? -1 : age;
    const hideRegion = ur.chance(0.06);
    users.region[u] = hideRegion ? -1 : region;
    users.tier[u] = hideRegion ? -1 : tier;
    ur.dirichlet(alpha, tmp);
    // Demographic tilt: women lean to beauty and apparel, men to digital and sports, parents 25–39 to baby.
    if (gender === 0) {
      tmp[1]! *= 1.8;
      tmp[2]! *= 1.3;
    } else {
      tmp[4]! *= 1.9;
      tmp[6]! *= 1.4;
    }
    if (age >= 2 && age <= 4) tmp[5]! *= 1.7;
    if (age >= 5) tmp[3]! *= 1.4;
    let ps = 0;
    for (let k = 0; k < L1N; k++) ps += tmp[k]!;
    for (let k = 0; k < L1N; k++) users.pref[u * L1N + k] = tmp[k]! / ps;
    users.priceSens[u] = clamp(ur.beta(2.2, 2.2) + (tier - 3) * 0.06 + (age <= 1 ? 0.05 : 0), 0.02, 0.98);
    users.guid[u] = clamp(ur.beta(2, 3) + (age >= 5 ? 0.08 : 0) + (tier >= 4 ? 0.05 : 0), 0.01, 0.99);
    users.activity[u] = ur.lognormal(0.755, 0.75);
    const a = [1.1 + (age <= 2 ? 0.5 : 0), 1.5, 1.5];
    ur.dirichlet(a, users.aff, u * 3);
    users.registeredMs[u] = ur.chance(MODEL.newUserShare)
      ? windowStart + ur.next() * (windowEnd - windowStart)
      : windowStart - Math.min(3000, ur.lognormal(400, 1)) * DAY_MS;
    users.reviewPropensity[u] = ur.next();
    users.payMethod[u] = ur.weighted([0.5, 0.38, 0.07, 0.05]);
  }

  // Agencies and creators. Creator 0 is the demo creator (beauty, contracted to agency 0, hosts for the demo store).
  const agencies: AgencyInfo[] = [];
  const aw = widthOf(spec.agencies);
  for (let a = 0; a < spec.agencies; a++) {
    const name =
      a < AGENCY_NAMES.length
        ? AGENCY_NAMES[a]!
        : `${AGENCY_NAMES[a % AGENCY_NAMES.length]} ${Math.floor(a / AGENCY_NAMES.length) + 1}`;
    agencies.push({ idx: a, id: `ag${pad(a, aw)}`, name, creators: [] });
  }
  const agencyW = agencies.map((_, a) => (a === 0 ? 3 : 1));
  const creators: CreatorInfo[] = [];
  const cw = widthOf(spec.creators);
  const liveAff = l1.map((c) => c.share * c.def.liveAffinity);
  for (let c = 0; c < spec.creators; c++) {
    const cr = seeds.rng('creator', c);
    const demo = c === 0;
    const focus = [demo ? DEMO_L1 : cr.weighted(liveAff)];
    if (!demo && cr.chance(0.3)) {
      const second = cr.weighted(liveAff);
      if (second !== focus[0]) focus.push(second);
    }
    const followers = demo ? 1_200_000 : Math.round(clamp(cr.lognormal(40_000, 1.3), 500, 20_000_000));
    const contracted = agencies.length > 0 && (demo || cr.chance(MODEL.contractedCreatorShare));
    const agency = contracted ? (demo ? 0 : cr.weighted(agencyW)) : -1;
    const joinedMs = dayMsBefore(20 + Math.floor(cr.lognormal(300, 0.8)));
    const fw = CREATOR_WORDS[l1[focus[0]!]!.def.name]!;
    const first = CREATOR_FIRST[c % CREATOR_FIRST.length]!;
    const name = demo
      ? 'Lily Glow'
      : `${first} ${cr.pick(fw)}${c >= CREATOR_FIRST.length ? ` ${Math.floor(c / CREATOR_FIRST.length) + 1}` : ''}`;
    const info: CreatorInfo = {
      idx: c,
      id: `cr${pad(c, cw)}`,
      name,
      followers,
      focus,
      skill: demo ? 1.6 : clamp(cr.lognormal(1, 0.32), 0.4, 2.5),
      liveRate: demo ? 0.55 : cr.chance(0.55) ? cr.range(0.08, 0.45) : 0,
      videoRate: cr.range(0.25, 0.9),
      agency,
      splitBp: contracted ? 2000 + 500 * cr.int(7) : 0,
      joinedDay: dayOfMs(joinedMs),
      contractStart: dayOfMs(Math.min(windowStart - DAY_MS, joinedMs + cr.range(0, 200) * DAY_MS)),
      selection: new Int32Array(0),
    };
    // Selection: products of the focus categories, favouring quality (creators protect their word of mouth).
    const sel = new Set<number>();
    const want = 12 + cr.int(28);
    for (let t = 0; t < want * 6 && sel.size < want; t++) {
      const f = focus[cr.int(focus.length)]!;
      const pIdx =
        demo && cr.chance(0.5)
          ? stores[0]!.products[cr.int(stores[0]!.products.length)]!
          : poolPick(l1Pool[f]!, cr);
      if (pIdx >= 0 && cr.chance(0.2 + products.quality[pIdx]! * 0.8)) sel.add(pIdx);
    }
    info.selection = Int32Array.from([...sel].sort((x, y) => x - y));
    creators.push(info);
    if (agency >= 0) agencies[agency]!.creators.push(c);
  }
  const creatorsByL1: number[][] = l1.map(() => []);
  for (const c of creators) for (const f of c.focus) creatorsByL1[f]!.push(c.idx);
  const creatorPoolByL1 = creatorsByL1.map((items) =>
    buildPool(items, (i) => Math.sqrt(creators[i]!.followers)),
  );

  // Promoters: team leaders first, then promoters under them (two levels at most) or independent.
  const promoters: PromoterInfo[] = [];
  const pw = widthOf(spec.promoters);
  const leaders = Math.max(1, Math.round(spec.promoters * MODEL.leaderShare));
  const allPool = buildPool(
    Array.from({ length: P }, (_, i) => i),
    (i) => products.popularity[i]! * (1.3 - products.pricePos[i]!) * (0.3 + products.quality[i]!),
  );
  for (let i = 0; i < spec.promoters; i++) {
    const prr = seeds.rng('promoter', i);
    const isLeader = i < leaders;
    const leader = !isLeader && prr.chance(0.85) ? prr.int(leaders) : -1;
    const joinedMs =
      !isLeader && prr.chance(0.05)
        ? dayStartMs[prr.int(D)]! + 10 * HOUR_MS
        : dayMsBefore(10 + Math.floor(prr.lognormal(200, 0.8)));
    const sur = SURNAMES[i % SURNAMES.length]!;
    const given = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
    const suffix =
      i >= SURNAMES.length * GIVEN.length ? ` ${Math.floor(i / (SURNAMES.length * GIVEN.length)) + 1}` : '';
    const deals = new Set<number>();
    for (let t = 0; t < 60 && deals.size < 20; t++) {
      const pIdx =
        i === 0 && prr.chance(0.4)
          ? stores[0]!.products[prr.int(stores[0]!.products.length)]!
          : poolPick(allPool, prr);
      deals.add(pIdx);
    }
    promoters.push({
      idx: i,
      id: `pm${pad(i, pw)}`,
      name: isLeader ? `Team Lead ${sur} ${given}${suffix}` : `Promoter ${sur} ${given}${suffix}`,
      leader,
      isLeader,
      groupSize: isLeader ? 200 + prr.int(300) : 30 + prr.int(270),
      joinedDay: dayOfMs(joinedMs),
      joinedMs,
      shareRate: i === 0 ? 0.9 : prr.range(0.3, 0.9),
      deals: Int32Array.from([...deals].sort((x, y) => x - y)),
    });
  }
  const promoterPool = buildPool(
    promoters.map((x) => x.idx),
    (i) => promoters[i]!.groupSize,
  );

  // Joint campaigns: a few groups of 2–5 stores of one category run a cross-store venue for some days.
  const joint: JointCampaign[] = [];
  const nJoint = Math.max(2, Math.round(S / 20));
  for (let j = 0; j < nJoint; j++) {
    const jr = seeds.rng('joint', j);
    // The first joint campaign is the demo merchant's (beauty), so the demo shows one.
    const c = j === 0 ? DEMO_L1 : jr.weighted(l1Shares);
    const pool = storesByL1[c]!;
    if (pool.length < 2) continue;
    const want = Math.min(pool.length, 2 + jr.int(4));
    const set = new Set<number>();
    if (j === 0 && c === DEMO_L1) set.add(0);
    while (set.size < want) set.add(pool[jr.int(pool.length)]!);
    const len = Math.min(D, 3 + jr.int(8));
    const from = jr.int(Math.max(1, D - len + 1));
    joint.push({
      id: `jc-${days[from]!.slice(0, 7).replace('-', '')}-${j + 1}`,
      name: `${l1[c]!.def.name} joint week ${j + 1}`,
      l1: c,
      stores: [...set].sort((a, b) => a - b),
      fromDay: from,
      toDay: from + len - 1,
    });
  }

  return {
    seed: o.seed,
    scale: o.scale,
    spec,
    timeZone: o.timeZone,
    days,
    dayStart: dayStartMs,
    windowStart,
    windowEnd,
    dayFactor,
    campaignOf,
    presaleBalanceMs,
    l1,
    l3,
    categoryRecords,
    brands,
    merchants,
    stores,
    storePoolByL1,
    adPoolByL1,
    products,
    skuPrice: Int32Array.from(skuPriceList),
    skuStock: Int32Array.from(skuStockList),
    l1Pool,
    l3Pool,
    users,
    creators,
    creatorPoolByL1,
    agencies,
    promoters,
    promoterPool,
    joint,
    demo: { merchant: 0, store: 0, creator: 0, agency: agencies.length ? 0 : -1, promoter: 0 },
  };
}

/** Day index of an instant: -1 before the window, days.length at or after its end. */
export function dayIndex(dayStartMs: readonly number[], ms: number): number {
  if (ms < dayStartMs[0]!) return -1;
  const last = dayStartMs.length - 1;
  if (ms >= dayStartMs[last]!) return last;
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (dayStartMs[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `new Date(ms).toISOString()` for years 1970–9999, without a Date per call (the generator formats every event time). */
export function iso(ms: number): string {
  const t = Math.round(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let r = t - day * DAY_MS;
  const h = Math.floor(r / HOUR_MS);
  r -= h * HOUR_MS;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const s = Math.floor(r / 1000);
  const f = r - s * 1000;
  return `${isoPrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${f < 10 ? '00' : f < 100 ? '0' : ''}${f}Z`;
}
let isoDay = Number.NaN;
let isoPrefix = '';

// ---------- ingestion records of the fixed world ----------

export function brandRecords(w: World): schemas.Brand[] {
  return w.brands.map((b) => ({ id: b.id, name: b.name }));
}

export function merchantRecords(w: World): schemas.Merchant[] {
  return w.merchants.map((m) => ({ id: m.id, name: m.name, type: m.type, onboardedAt: m.onboardedDay }));
}

export function storeRecords(w: World): schemas.Store[] {
  return w.stores.map((s) => ({
    id: s.id,
    merchantId: w.merchants[s.merchant]!.id,
    name: s.name,
    mainCategoryId: w.l1[s.mainL1]!.id,
    openedAt: s.openedDay,
  }));
}

export const productId = (w: World, p: number) => `${w.stores[w.products.store[p]!]!.id}-p${p}`;
export const skuId = (w: World, p: number, k: number) => `${productId(w, p)}-${k + 1}`;

/** The product's ingestion record (title, images, attributes, SKUs), deterministic from its own stream. */
export function productRecord(w: World, seeds: Seeds, p: number): schemas.Product {
  const pr = seeds.rng('product-record', p);
  const P = w.products;
  const cat = w.l3[P.l3[p]!]!;
  const brand = P.brand[p]! >= 0 ? w.brands[P.brand[p]!]! : null;
  const pp = P.pricePos[p]!;
  const word =
    pp < 0.3
      ? pr.pick(PRICE_WORDS.cheap)
      : pp > 0.72
        ? pr.pick(PRICE_WORDS.premium)
        : pr.pick(PRICE_WORDS.mid);
  const noun = pr.pick(cat.def.nouns);
  const suffix = pr.pick(TITLE_SUFFIXES);
  const title = `${brand ? `${brand.name} ` : ''}${word} ${noun.charAt(0).toLowerCase()}${noun.slice(1)}${suffix ? ` ${suffix}` : ''}`;
  const id = productId(w, p);
  const v = VARIANTS[cat.def.variant];
  const skus: schemas.Product['skus'] = [];
  for (let k = 0; k < P.skuCount[p]!; k++) {
    const s = P.skuStart[p]! + k;
    const price = w.skuPrice[s]!;
    const sku: schemas.Product['skus'][number] = {
      id: skuId(w, p, k),
      price,
      stock: w.skuStock[s]!,
      attributes: { [v.attr]: v.values[P.variantStart[p]! + k]![0] },
    };
    if (pr.chance(0.6)) sku.listPrice = Math.max(price, shopPrice(price * pr.range(1.1, 1.6)));
    skus.push(sku);
  }
  // Detail completeness follows the store's care (quality): more images, attributes and a description.
  const q = P.quality[p]!;
  const nImages = clamp(Math.round(1 + q * 6 + pr.normal()), 1, 9);
  const rec: schemas.Product = {
    id,
    storeId: w.stores[P.store[p]!]!.id,
    categoryId: cat.id,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    images: Array.from({ length: nImages }, (_, i) => `https://img.tributary.example/p/${id}/${i + 1}.jpg`),
    attributes: {
      origin: REGIONS[pr.int(12)]!.name,
      ...(pr.chance(q)
        ? { warranty: pr.pick(['7-day returns', '1-year warranty', 'quality guarantee']) }
        : {}),
    },
    listedAt: iso(P.listedMs[p]!),
    skus,
  };
  if (brand) rec.brandId = brand.id;
  if (pr.chance(0.3 + q * 0.6))
    rec.description = `${noun} from ${w.stores[P.store[p]!]!.name}. ${cat.def.name} (${cat.def.zh}).`;
  return rec;
}

export const userId = (w: World, u: number) => `u${pad(u, widthOf(w.users.count))}`;

export function consumerRecord(w: World, u: number): schemas.Consumer {
  const U = w.users;
  const rec: schemas.Consumer = { id: userId(w, u), registeredAt: iso(U.registeredMs[u]!) };
  if (U.age[u]! >= 0) rec.ageBand = AGE_BANDS[U.age[u]!]!;
  if (U.gender[u]! >= 0) rec.gender = U.gender[u] === 0 ? 'f' : 'm';
  if (U.region[u]! >= 0) {
    rec.region = REGIONS[U.region[u]!]!.name;
    rec.cityTier = U.tier[u]!;
  }
  return rec;
}

export function creatorRecords(w: World): schemas.Creator[] {
  return w.creators.map((c) => ({
    id: c.id,
    name: c.name,
    followers: c.followers,
    categories: c.focus.map((f) => w.l1[f]!.id),
    joinedAt: c.joinedDay,
  }));
}

export function agencyRecords(w: World): schemas.Agency[] {
  return w.agencies.map((a) => ({
    id: a.id,
    name: a.name,
    contracts: a.creators.map((c) => ({
      creatorId: w.creators[c]!.id,
      splitBp: w.creators[c]!.splitBp,
      startsOn: w.creators[c]!.contractStart,
    })),
  }));
}

export function promoterRecords(w: World): schemas.Promoter[] {
  return w.promoters.map((p) => {
    const rec: schemas.Promoter = {
      id: p.id,
      name: p.name,
      isLeader: p.isLeader,
      groupSize: p.groupSize,
      joinedAt: p.joinedDay,
    };
    if (p.leader >= 0) rec.leaderId = w.promoters[p.leader]!.id;
    return rec;
  });
}
