import { describe, expect, test } from 'vitest';
import { type Dimension, insightCells } from './insight.ts';

const dims: Dimension[] = [
  {
    key: 'gender',
    values: [
      { key: 'gender:f', value: 'f', label: 'Female', labelZh: '女' },
      { key: 'gender:m', value: 'm', label: 'Male', labelZh: '男' },
    ],
  },
  { key: 'city_tier', values: [{ key: 'city_tier:1', value: '1', label: 'Tier 1', labelZh: '一线城市' }] },
];

describe('insightCells', () => {
  test('shares, base shares and TGI; small cells suppressed', () => {
    const counts: Record<string, number> = { 'gender:f': 300, 'gender:m': 40, 'city_tier:1': 0 };
    const base: Record<string, number> = { 'gender:f': 5000, 'gender:m': 5000, 'city_tier:1': 0 };
    const [g, c] = insightCells(
      dims,
      (k) => counts[k]!,
      (k) => base[k]!,
      400,
      10_000,
      50,
    );
    expect(g!.values[0]).toMatchObject({
      count: 300,
      share: 0.75,
      baseShare: 0.5,
      tgi: 150,
      suppressed: false,
    });
    expect(g!.values[1]).toMatchObject({
      count: null,
      share: null,
      baseShare: 0.5,
      tgi: null,
      suppressed: true,
    });
    expect(g!.values[1]!.label).toBe('Male');
    // Nobody in the base with the value: no TGI.
    expect(c!.values[0]).toMatchObject({ count: null, baseShare: 0, tgi: null, suppressed: true });
  });

  test('TGI from unrounded shares; a base cell under the minimum shows no base share', () => {
    const [g] = insightCells(
      dims.slice(0, 1),
      (k) => (k === 'gender:f' ? 100 : 200),
      (k) => (k === 'gender:f' ? 30 : 2970),
      300,
      3000,
      50,
    );
    expect(g!.values[0]).toMatchObject({ count: 100, share: 0.3333, baseShare: null, tgi: null });
    expect(g!.values[1]).toMatchObject({ count: 200, share: 0.6667, baseShare: 0.99, tgi: 67 });
  });

  test('an empty audience is all suppressed', () => {
    const [g] = insightCells(
      dims.slice(0, 1),
      () => 0,
      () => 10,
      0,
      20,
      10,
    );
    expect(g!.values.every((v) => v.suppressed && v.share === null)).toBe(true);
  });
});
