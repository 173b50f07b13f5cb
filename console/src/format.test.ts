import { describe, expect, it } from 'vitest';
import { formatBp, formatDay, formatFen, formatFenAxis, formatFenCompact, formatNumber } from './format';

describe('formatFen', () => {
  it('formats integer fen as yuan with two decimals and grouping', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(-100)).toBe('-¥1.00');
    // Beyond float-exact cents: still exact, because only integers are divided.
    expect(formatFen(900719925474099)).toBe('¥9,007,199,254,740.99');
  });
});

describe('formatFenCompact', () => {
  it('keeps small amounts exact and shortens large ones per language', () => {
    expect(formatFenCompact(99_999_00, 'zh')).toBe('¥99,999.00');
    expect(formatFenCompact(123_456_700, 'zh')).toBe('¥123.5万');
    expect(formatFenCompact(12_345_678_900, 'zh')).toBe('¥1.23亿');
    expect(formatFenCompact(61_670_000_00, 'en')).toBe('¥61.67M');
    expect(formatFenCompact(9_999_00, 'en')).toBe('¥9,999.00');
  });
});

describe('other formats', () => {
  it('formats axes, counts, basis points and days', () => {
    expect(formatFenAxis(250_000_000, 'zh')).toBe('¥250万');
    expect(formatFenAxis(250_000_000, 'en')).toBe('¥2.5M');
    expect(formatNumber(1234567, 'zh')).toBe('1,234,567');
    expect(formatBp(243)).toBe('2.43%');
    expect(formatBp(10000)).toBe('100.00%');
    expect(formatDay('2024-03-01')).toBe('2024-03-01');
    expect(formatDay('2024-02-29 17:30:00+00')).toBe('2024-03-01');
    expect(formatDay('2024-02-29T15:00:00Z')).toBe('2024-02-29');
  });
});
