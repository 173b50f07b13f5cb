// Typed access to the audiences strings (i18n/audiences.*.ts, merged under `aud.`), like market-i18n.ts: keys are
// checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { audEn } from '../../i18n/audiences.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every audiences string key, e.g. "list.title". */
export type AudKey = Leaves<typeof audEn>;
export type AudT = (key: AudKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const audNavKey = (key: keyof typeof audEn.nav): ParseKeys => `aud.nav.${key}` as unknown as ParseKeys;

export function useAT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const at = useCallback<AudT>((key, options) => (t as unknown as LooseT)(`aud.${key}`, options), [t]);
  /** A key built from a server value (`tagGroup.age`): `fallback` (else the value) when unknown. */
  const known = useCallback(
    (prefix: string, value: string, fallback?: string) =>
      i18n.exists(`aud.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`aud.${prefix}.${value}`)
        : (fallback ?? value),
    [t, i18n],
  );
  return { at, known, lang };
}
