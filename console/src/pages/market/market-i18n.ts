// Typed access to the creator-marketplace strings (i18n/market.*.ts, merged under `market.`), like
// traffic-i18n.ts: keys are checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { marketEn } from '../../i18n/market.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every marketplace string key, e.g. "samples.title". */
export type MarketKey = Leaves<typeof marketEn>;
export type MarketT = (key: MarketKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const marketNavKey = (key: keyof typeof marketEn.nav): ParseKeys =>
  `market.nav.${key}` as unknown as ParseKeys;

export function useMT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const mt = useCallback<MarketT>((key, options) => (t as unknown as LooseT)(`market.${key}`, options), [t]);
  /** A key built from a server value (`status.shipped`): `fallback` (else the value) when unknown. */
  const known = useCallback(
    (prefix: string, value: string, fallback?: string) =>
      i18n.exists(`market.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`market.${prefix}.${value}`)
        : (fallback ?? value),
    [t, i18n],
  );
  const has = useCallback((key: string) => i18n.exists(`market.${key}`), [i18n]);
  const loose = useCallback(
    (key: string, o?: Record<string, unknown>) => (t as unknown as LooseT)(`market.${key}`, o),
    [t],
  );
  return { mt, known, has, loose, lang };
}
