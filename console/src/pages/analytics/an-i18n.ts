// Typed access to the analytics strings (i18n/analytics.*.ts, merged under `an.`), like joint-i18n.ts: keys are
// checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { anEn } from '../../i18n/analytics.en';
import { useLang } from '../../use-lang';

/** Plural forms (`peers_one`, `peers_other`) are asked for by their base key with a count. */
type Base<K extends string> = K extends `${infer B}_${'one' | 'other'}` ? B : K;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${Base<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every analytics string key, e.g. "kpi.gmv". */
export type AnKey = Leaves<typeof anEn>;
export type AnT = (key: AnKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const anNavKey = (key: keyof typeof anEn.nav): ParseKeys => `an.nav.${key}` as unknown as ParseKeys;

export function useAT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const at = useCallback<AnT>((key, options) => (t as unknown as LooseT)(`an.${key}`, options), [t]);
  /** A key built from a server value (`evidence.search_growth`): `fallback` (else the value) when unknown. */
  const known = useCallback(
    (prefix: string, value: string, fallback?: string, options?: Record<string, unknown>) =>
      i18n.exists(`an.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`an.${prefix}.${value}`, options)
        : (fallback ?? value),
    [t, i18n],
  );
  return { at, known, lang, t };
}
