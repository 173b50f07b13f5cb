import { createRequire } from 'node:module';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isDate, isDateTime } from './validate.ts';

const require = createRequire(import.meta.url);
// ajv-formats' full mode is the reference: our one-regex checks must accept exactly what it accepts.
const { fullFormats } = require('ajv-formats/dist/formats') as {
  fullFormats: {
    'date-time': { validate: (s: string) => boolean };
    date: { validate: (s: string) => boolean };
  };
};

const samples = [
  '2026-11-01T00:00:00Z',
  '2026-11-01T23:59:59.123+08:00',
  '2026-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-02-31T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-01 10:00:00z',
  '2026-11-01T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T15:59:60-08:00',
  '2026-11-01T10:00:00',
  '2026-11-01',
  'yesterday',
];

test('date-time and date agree with ajv-formats full mode', () => {
  for (const s of samples) expect(isDateTime(s), s).toBe(fullFormats['date-time'].validate(s));
  for (const d of ['2026-11-01', '2026-02-29', '2024-02-29', '2026-04-31', '2026-1-01', '20261101']) {
    expect(isDate(d), d).toBe(fullFormats.date.validate(d));
  }
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  fc.assert(
    fc.property(
      fc.record({
        y: fc.integer({ min: 1900, max: 2100 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 25 }),
        mi: fc.integer({ min: 0, max: 60 }),
        s: fc.integer({ min: 0, max: 61 }),
        tz: fc.constantFrom('Z', '+08:00', '-05:30', '+14:00', '+24:00'),
      }),
      ({ y, mo, d, h, mi, s, tz }) => {
        const v = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${tz}`;
        expect(isDateTime(v)).toBe(fullFormats['date-time'].validate(v));
      },
    ),
  );
});
