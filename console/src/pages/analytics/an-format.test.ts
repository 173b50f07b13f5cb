import { describe, expect, it } from 'vitest';
import { anEn } from '../../i18n/analytics.en';
import { anZh } from '../../i18n/analytics.zh';
import { translator } from '../../test-i18n';
import {
  addDays,
  bandPoints,
  changeOf,
  csvPath,
  evidenceKind,
  evidenceParams,
  flowMatrix,
  intervalGeometry,
  lastDays,
  minuteLabel,
  pct,
  pivotDaily,
  pStrength,
  pText,
  rankMove,
  signedPct,
  signedPp,
  spanDays,
  splitPriceBand,
} from './an-format';

describe('rates and changes', () => {
  it('formats fractions, signed changes and points, with a dash when unknown', () => {
    expect(pct(0.1234)).toBe('12.3%');
    expect(pct(null)).toBe('—');
    expect(pct(Number.NaN)).toBe('—');
    expect(signedPct(0.123)).toBe('+12.3%');
    expect(signedPct(-0.05)).toBe('-5.0%');
    expect(signedPct(0)).toBe('0.0%');
    expect(signedPp(0.02, 2)).toBe('+2.00 pp');
    expect(signedPp(-0.005)).toBe('-0.5 pp');
  });

  it('has no change against nothing and counts rank moves upward', () => {
    expect(changeOf(150, 100)).toBe(0.5);
    expect(changeOf(5, 0)).toBeNull();
    expect(rankMove(2, 5)).toBe(3);
    expect(rankMove(5, 2)).toBe(-3);
    expect(rankMove(1, null)).toBeNull();
  });
});

describe('days', () => {
  it('adds days across months and counts inclusive spans', () => {
    expect(addDays('2026-06-30', 1)).toBe('2026-07-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(spanDays('2026-06-10', '2026-06-20')).toBe(11);
    expect(spanDays('2026-06-10', '2026-06-10')).toBe(1);
  });

  it('ends ranges on the marketplace day, not the UTC one', () => {
    // 2026-06-10 17:00 UTC is already 06-11 in Shanghai.
    const at = Date.parse('2026-06-10T17:00:00Z');
    expect(lastDays(7, at)).toEqual({ from: '2026-06-05', to: '2026-06-11' });
    expect(lastDays(1, at)).toEqual({ from: '2026-06-11', to: '2026-06-11' });
  });

  it('reads minutes as clock times in the marketplace zone', () => {
    expect(minuteLabel('10:05')).toBe('10:05');
    expect(minuteLabel('2026-06-10T02:05:00.000Z')).toBe('10:05');
    expect(minuteLabel('2026-06-10 02:05:00+00')).toBe('10:05');
  });
});

describe('csvPath', () => {
  it('keeps the query, drops empty values and asks for CSV', () => {
    expect(
      csvPath('/v1/analytics/sources', { merchantId: 'm1', from: '2026-06-01', to: '', kind: undefined }),
    ).toBe('/v1/analytics/sources?merchantId=m1&from=2026-06-01&format=csv');
  });
});

describe('flowMatrix', () => {
  it('fills every domain pair, sums repeats and finds the largest cell', () => {
    const { rows, max } = flowMatrix([
      { from: 'shelf', to: 'self_stream', orders: 4, gmv: 1000 },
      { from: 'shelf', to: 'self_stream', orders: 2, gmv: 500 },
      { from: 'distribution', to: 'distribution', orders: 3, gmv: 900 },
    ]);
    expect(rows.map((r) => r.from)).toEqual(['self_stream', 'distribution', 'shelf']);
    expect(rows[2]?.cells.self_stream).toEqual({ orders: 6, gmv: 1500 });
    expect(rows[0]?.cells.shelf).toEqual({ orders: 0, gmv: 0 });
    expect(max).toBe(6);
  });
});

describe('pivotDaily', () => {
  it('lines every key up on the sorted days with zeros for gaps', () => {
    const { days, series } = pivotDaily([
      { day: '2026-06-02', key: 'a', value: 5 },
      { day: '2026-06-01', key: 'a', value: 1 },
      { day: '2026-06-02', key: 'b', value: 7 },
    ]);
    expect(days).toEqual(['2026-06-01', '2026-06-02']);
    expect(series.get('a')).toEqual([1, 5]);
    expect(series.get('b')).toEqual([0, 7]);
  });
});

describe('bandPoints', () => {
  it('stacks the bands as heights over the 95% lower edge and joins the lines', () => {
    const points = bandPoints({
      history: [
        { day: '2026-06-01', value: 100 },
        { day: '2026-06-02', value: 120 },
      ],
      forecast: [
        { day: '2026-06-03', value: 130, lo80: 110, hi80: 150, lo95: 100, hi95: 170, campaign: null },
      ],
    });
    expect(points).toHaveLength(3);
    expect(points[1]).toMatchObject({ actual: 120, forecast: 120, base95: null });
    const f = points[2];
    expect(f).toMatchObject({ actual: null, forecast: 130, base95: 100, low95: 10, band80: 40, high95: 20 });
    // The stacked heights reach the 95% upper edge.
    expect((f?.base95 ?? 0) + (f?.low95 ?? 0) + (f?.band80 ?? 0) + (f?.high95 ?? 0)).toBe(170);
  });
});

describe('experiments', () => {
  it('places an interval and zero on one scale', () => {
    const g = intervalGeometry([0.01, 0.03], 0.02);
    expect(g.zero).toBeLessThan(g.left);
    expect(g.point).toBeGreaterThan(g.left);
    expect(g.point).toBeLessThan(g.left + g.width);
    const spanning = intervalGeometry([-0.01, 0.02], 0.005);
    expect(spanning.zero).toBeGreaterThan(spanning.left);
    expect(spanning.zero).toBeLessThan(spanning.left + spanning.width);
  });

  it('words p-values', () => {
    expect(pStrength(0.001)).toBe('strong');
    expect(pStrength(0.03)).toBe('moderate');
    expect(pStrength(0.07)).toBe('weak');
    expect(pStrength(0.4)).toBe('none');
    expect(pStrength(null)).toBe('unknown');
    expect(pText(0.0002)).toBe('< 0.001');
    expect(pText(0.0456)).toBe('0.046');
  });
});

describe('evidence', () => {
  it('reads values by the kind of key, known or by suffix', () => {
    expect(evidenceKind('search_growth')).toBe('change');
    expect(evidenceKind('refund_rate')).toBe('rate');
    expect(evidenceKind('price_band_gap')).toBe('points');
    expect(evidenceKind('listed_products')).toBe('count');
    expect(evidenceKind('avg_price')).toBe('money');
    expect(evidenceKind('buyers_per_store')).toBe('ratio');
    expect(evidenceKind('whatever')).toBe('count');
    expect(evidenceParams({ key: 'search_growth', value: 0.35, basis: 0.05 }, 'en')).toEqual({
      key: 'search growth',
      value: '+35%',
      basis: '+5%',
    });
    expect(evidenceParams({ key: 'demand_per_product', value: 12.34 }, 'en').basis).toBeNull();
    expect(evidenceParams({ key: 'price_band_gap', value: 0.12 }, 'en').value).toBe('+12.0 pp');
  });

  it('reads the bounds of a price band as one item', () => {
    const { band, rest } = splitPriceBand([
      { key: 'price_min', value: 5000 },
      { key: 'demand_share', value: 0.4 },
    ]);
    expect(band).toEqual({ min: 5000, max: null });
    expect(rest.map((e) => e.key)).toEqual(['demand_share']);
    expect(splitPriceBand([{ key: 'gmv', value: 1 }]).band).toBeNull();
  });

  it('has a sentence in both languages for the same keys', async () => {
    const zh = await translator<(k: string, o?: object) => string>('zh', anEn, anZh);
    const en = await translator<(k: string, o?: object) => string>('en', anEn, anZh);
    expect(Object.keys(anZh.evidence)).toEqual(Object.keys(anEn.evidence));
    expect(zh('evidence.search_growth', { value: '+35%' })).toBe('搜索量增长 +35%');
    expect(en('evidenceBasis.demand_per_product', { value: '12.3', basis: '4' })).toBe(
      '12.3 searches per listed product (marketplace median 4)',
    );
    expect(zh('kpi.conversion')).toBe('支付转化率');
    expect(zh('nav.opportunities')).toBe('机会中心');
    expect(en('peers.basis', { count: 1, category: 'Tea' })).toContain('1 other store in Tea');
  });
});
