// Typed translation keys: t('nav.overveiw') is a compile error, not a raw key on screen.
import 'i18next';
import type { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
