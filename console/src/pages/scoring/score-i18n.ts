// Typed access to the scoring strings (i18n/scoring.*.ts, merged under `score.`), like dist-i18n.ts does
// for the distribution pages: keys are checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { scoreEn } from '../../i18n/scoring.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every scoring string key, e.g. "metrics.title" (the definitions, keyed by server ids, are looked up with `known`). */
export type ScoreKey = Leaves<Omit<typeof scoreEn, 'definitions'>>;
export type ScoreT = (key: ScoreKey, options?: Record<string, unknown>) => string;
/** Looks up a key built from a server value; `fallback` (else the value) when the dictionary lacks it. */
export type KnownT = (
  prefix: string,
  value: string,
  fallback?: string,
  options?: Record<string, unknown>,
) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const scoreNavKey = (key: keyof typeof scoreEn.nav): ParseKeys =>
  `score.nav.${key}` as unknown as ParseKeys;

export function useST() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const st = useCallback<ScoreT>((key, options) => (t as unknown as LooseT)(`score.${key}`, options), [t]);
  const known = useCallback<KnownT>(
    (prefix, value, fallback, options) =>
      i18n.exists(`score.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`score.${prefix}.${value}`, options)
        : (fallback ?? value),
    [t, i18n],
  );
  return { st, known, lang };
}
