import { useTranslation } from 'react-i18next';
import type { Lang } from './format';

/** The active UI language; components re-render when it changes. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'zh' ? 'zh' : 'en';
}
