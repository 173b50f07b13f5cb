import { createRequire } from 'node:module';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { arrayLiteral } from './bulk.ts';

const require = createRequire(import.meta.url);
// pg's own serializer of array parameters: our one-pass literal must be byte-identical to it.
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
const column = (values: unknown[]) => values.map((v) => [v]);

test('array literals match what pg sends, for tricky text too', () => {
  const tricky = [
    'a"b',
    'c\\d',
    '',
    ' ',
    'NULL',
    '{x,y}',
    '中文',
    'tab\there',
    'line\nbreak',
    12,
    -3,
    1.5,
    true,
    false,
    null,
    undefined,
  ];
  expect(arrayLiteral(column(tricky), 0)).toBe(prepareValue(tricky));
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))), (values) => {
      expect(arrayLiteral(column(values), 0)).toBe(prepareValue(values));
    }),
  );
});

test('jsonb columns are sent as JSON text', () => {
  const docs = [{ a: 'x"y' }, ['p', 1], null];
  expect(arrayLiteral(column(docs), 0, true)).toBe(
    prepareValue(docs.map((d) => (d === null ? null : JSON.stringify(d)))),
  );
});
