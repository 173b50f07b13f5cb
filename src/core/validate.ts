import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its function is the default export's `default`.
const addFormats = addFormatsModule as unknown as { default: (a: Ajv) => void };
import type { TSchema } from 'typebox';
import { type FieldIssue, validationIssues } from './errors.ts';

// Strict: no coercion, unknown fields are errors, every problem of a record is reported.
const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, strict: false });
addFormats.default(ajv);

/** Compiles a record schema once; the checker returns the record's field issues (empty when valid). */
export function recordChecker(schema: TSchema): (rec: unknown) => FieldIssue[] {
  const v = ajv.compile(schema);
  return (rec) => (v(rec) ? [] : validationIssues((v.errors ?? []) as ErrorObject[]));
}
