// Typed access to the live strings (i18n/live.*.ts, merged under `live.`), like traffic-i18n.ts does for the
// traffic pages: keys are checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { liveEn } from '../../i18n/live.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every live string key, e.g. "sessions.title". */
export type LiveKey = Leaves<typeof liveEn>;
export type LiveT = (key: LiveKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const liveNavKey = (key: keyof typeof liveEn.nav): ParseKeys =>
  `live.nav.${key}` as unknown as ParseKeys;

export function useLT() {
  const { t } = useTranslation();
  const lang = useLang();
  const lt = useCallback<LiveT>((key, options) => (t as unknown as LooseT)(`live.${key}`, options), [t]);
  return { lt, lang };
}
