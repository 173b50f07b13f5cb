import fc from 'fast-check';
import { expect, test } from 'vitest';
import { businessDay, dayRange, dayResolver, dayStart, shiftDay } from './time.ts';

test('business days follow the marketplace time zone', () => {
  expect(businessDay('2026-11-01T15:59:59Z', 'Asia/Shanghai')).toBe('2026-11-01');
  expect(businessDay('2026-11-01T16:00:00Z', 'Asia/Shanghai')).toBe('2026-11-02');
  expect(dayStart('2026-11-02', 'Asia/Shanghai').toISOString()).toBe('2026-11-01T16:00:00.000Z');
  expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
  expect(dayRange('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
});

test('the cached resolver agrees with businessDay, also across DST changes', () => {
  for (const tz of ['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu']) {
    const resolve = dayResolver(tz);
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-12-31') }), (ms) => {
        expect(resolve(new Date(ms).toISOString())).toBe(businessDay(ms, tz));
      }),
      { numRuns: 2000 },
    );
  }
});
