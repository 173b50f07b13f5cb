// Typed access to the joint marketing strings (i18n/joint.*.ts, merged under `joint.`), like aud-i18n.ts: keys are
// checked at compile time without touching en.ts.
import type { ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { jointEn } from '../../i18n/joint.en';
import { useLang } from '../../use-lang';

/** Plural forms (`buyers_one`, `buyers_other`) are asked for by their base key with a count. */
type Base<K extends string> = K extends `${infer B}_${'one' | 'other'}` ? B : K;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${Base<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every joint marketing string key, e.g. "list.title". */
export type JointKey = Leaves<typeof jointEn>;
export type JointT = (key: JointKey, options?: Record<string, unknown>) => string;

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/** A menu label key for routes.tsx (whose labels are keys of the main resources). */
export const jointNavKey = (key: keyof typeof jointEn.nav): ParseKeys =>
  `joint.nav.${key}` as unknown as ParseKeys;

export function useJT() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const jt = useCallback<JointT>((key, options) => (t as unknown as LooseT)(`joint.${key}`, options), [t]);
  /** A key built from a server value (`reasons.co_purchase`): `fallback` (else the value) when unknown. */
  const known = useCallback(
    (prefix: string, value: string, fallback?: string, options?: Record<string, unknown>) =>
      i18n.exists(`joint.${prefix}.${value}`)
        ? (t as unknown as LooseT)(`joint.${prefix}.${value}`, options)
        : (fallback ?? value),
    [t, i18n],
  );
  return { jt, known, lang, t };
}
