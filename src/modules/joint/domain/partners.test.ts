import { describe, expect, it } from 'vitest';
import {
  isSubstitute,
  MIN_SHARED,
  type PairFeatures,
  pairStats,
  partnerScore,
  rankPartners,
  reasonsFor,
} from './partners.ts';

const base: PairFeatures = {
  shared: 20,
  nStore: 200,
  nPartner: 100,
  total: 10_000,
  audienceOverlap: 0.05,
  complementarity: 1.5,
  sameMainCategory: false,
  mixSimilarity: 0.1,
};

describe('pair statistics', () => {
  it('support, confidence both ways and lift', () => {
    const s = pairStats(base);
    expect(s.support).toBeCloseTo(20 / 10_000);
    expect(s.confidence).toBeCloseTo(0.1);
    expect(s.reverseConfidence).toBeCloseTo(0.2);
    expect(s.lift).toBeCloseTo((20 * 10_000) / (200 * 100));
    expect(pairStats({ ...base, nStore: 0 }).lift).toBe(0);
  });
});

describe('score', () => {
  it('grows with lift, confidence, complementarity and overlap, and stays within 0..100', () => {
    const s = partnerScore(base);
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThanOrEqual(100);
    expect(partnerScore({ ...base, nPartner: 50 })).toBeGreaterThan(s); // higher lift
    expect(partnerScore({ ...base, complementarity: 4 })).toBeGreaterThan(s);
    expect(partnerScore({ ...base, complementarity: 0.5 })).toBeLessThan(s);
    expect(partnerScore({ ...base, audienceOverlap: 0.2 })).toBeGreaterThan(s);
    expect(partnerScore({ ...base, shared: 0 })).toBe(0);
    const max = partnerScore({
      ...base,
      shared: 10_000,
      nStore: 10_000,
      nPartner: 10_000,
      total: 1_000_000,
      complementarity: 100,
      audienceOverlap: 1,
    });
    expect(max).toBeLessThanOrEqual(100);
  });

  it('discounts small shared counts: the same lift and confidence on 3 customers score less', () => {
    const small = { ...base, shared: 3, nStore: 30, nPartner: 100 };
    expect(pairStats(small).lift).toBeCloseTo(pairStats(base).lift);
    expect(partnerScore(small)).toBeLessThan(partnerScore(base));
  });
});

describe('substitutes and ranking', () => {
  it('same main category with a similar mix is a substitute; a different mix is not', () => {
    expect(isSubstitute({ sameMainCategory: true, mixSimilarity: 0.8 })).toBe(true);
    expect(isSubstitute({ sameMainCategory: true, mixSimilarity: 0.2 })).toBe(false);
    expect(isSubstitute({ sameMainCategory: false, mixSimilarity: 0.9 })).toBe(false);
  });

  it('ranks by score, excludes and counts substitutes, drops pairs below the shared minimum', () => {
    const r = rankPartners([
      { partner: 'sub', features: { ...base, shared: 80, sameMainCategory: true, mixSimilarity: 0.9 } },
      { partner: 'weak', features: { ...base, shared: 5, complementarity: 0.6 } },
      { partner: 'strong', features: { ...base, shared: 40, complementarity: 3 } },
      { partner: 'noise', features: { ...base, shared: MIN_SHARED - 1 } },
      { partner: 'mid', features: base },
    ]);
    expect(r.items.map((x) => x.partner)).toEqual(['strong', 'mid', 'weak']);
    expect(r.substitutesExcluded).toBe(1);
    expect(r.items[0]!.stats.lift).toBeCloseTo(20);
    expect(rankPartners([{ partner: 'a', features: base }], 0).items).toEqual([]);
  });

  it('breaks ties by shared customers then partner id', () => {
    const r = rankPartners([
      { partner: 'b', features: base },
      { partner: 'a', features: base },
    ]);
    expect(r.items.map((x) => x.partner)).toEqual(['a', 'b']);
  });
});

describe('reasons', () => {
  it('explain with numbers: shared customers, lift, complementary categories, overlap', () => {
    const r = reasonsFor(base, { storeCategory: 'Beauty', partnerCategory: 'Apparel' });
    expect(r.map((x) => x.code)).toEqual([
      'shared_customers',
      'lift',
      'complementary_categories',
      'audience_overlap',
    ]);
    expect(r[0]!.params).toEqual({ shared: 20, confidencePct: 10, customers: 200 });
    expect(r[1]!.params).toEqual({ lift: 10 });
    expect(r[2]!.params).toEqual({ category: 'Beauty', partnerCategory: 'Apparel', lift: 1.5 });
    expect(r[3]!.params).toEqual({ overlapPct: 5 });
  });

  it('name a same-category partner with a different mix, and leave out weak signals', () => {
    const r = reasonsFor(
      { ...base, nPartner: 10_000, audienceOverlap: 0, complementarity: null, sameMainCategory: true },
      { storeCategory: 'Home', partnerCategory: 'Home' },
    );
    expect(r.map((x) => x.code)).toEqual(['shared_customers', 'same_category_different_mix']);
  });
});
