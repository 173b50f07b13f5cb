// Typed access to the distribution strings (i18n/distribution.*.ts, merged under `dist.`): the
// keys are checked at compile time like the rest of the console's, without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { distEn } from '../../i18n/distribution.en';
import { useLang } from '../../use-lang';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every distribution string key, e.g. "plans.title". */
export type DistKey = Leaves<typeof distEn>;
export type DistT = (key: DistKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const navKey = (key: keyof typeof distEn.nav): ParseKeys => `dist.nav.${key}` as unknown as ParseKeys;

/** `dt` for distribution keys, `known` for keys built from server values (false when absent). */
export function useDT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const dt = useCallback<DistT>((key, options) => (t as unknown as LooseT)(`dist.${key}`, options), [t]);
  /** A server value translated when the dictionary knows it, else shown as it came. */
  const known = useCallback(
    (prefix: string, value: string) =>
      i18n.exists(`dist.${prefix}.${value}`) ? (t as unknown as LooseT)(`dist.${prefix}.${value}`) : value,
    [t, i18n],
  );
  return { dt, known, lang };
}
