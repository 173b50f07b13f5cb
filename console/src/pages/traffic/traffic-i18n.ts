// Typed access to the traffic strings (i18n/traffic.*.ts, merged under `traffic.`), like score-i18n.ts does
// for the scoring pages: keys are checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { trafficEn } from '../../i18n/traffic.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every traffic string key, e.g. "programs.title". */
export type TrafficKey = Leaves<typeof trafficEn>;
export type TrafficT = (key: TrafficKey, options?: Record<string, unknown>) => string;
/** Looks up a key built from a server value; `fallback` (else the value) when the dictionary lacks it. */
export type KnownT = (prefix: string, value: string, fallback?: string) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const trafficNavKey = (key: keyof typeof trafficEn.nav): ParseKeys =>
  `traffic.nav.${key}` as unknown as ParseKeys;

export function useTT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const tt = useCallback<TrafficT>(
    (key, options) => (t as unknown as LooseT)(`traffic.${key}`, options),
    [t],
  );
  const known = useCallback<KnownT>(
    (prefix, value, fallback) =>
      i18n.exists(`traffic.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`traffic.${prefix}.${value}`)
        : (fallback ?? value),
    [t, i18n],
  );
  return { tt, known, lang };
}
