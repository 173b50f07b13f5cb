// i18next setup: English and Simplified Chinese, choice persisted in localStorage.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../format';
import { anEn } from './analytics.en';
import { anZh } from './analytics.zh';
import { audEn } from './audiences.en';
import { audZh } from './audiences.zh';
import { distEn } from './distribution.en';
import { distZh } from './distribution.zh';
import { en } from './en';
import { jointEn } from './joint.en';
import { jointZh } from './joint.zh';
import { marketEn } from './market.en';
import { marketZh } from './market.zh';
import { liveEn } from './live.en';
import { liveZh } from './live.zh';
import { scoreEn } from './scoring.en';
import { scoreZh } from './scoring.zh';
import { trafficEn } from './traffic.en';
import { trafficZh } from './traffic.zh';
import { zh } from './zh';

export const LANG_KEY = 'tributary.lang';
export const LANGS: readonly Lang[] = ['en', 'zh'];

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

void i18n.use(initReactI18next).init({
  // Distribution, commissions and ledger strings live in their own files, under `dist.`;
  // the scoring pages' under `score.`; the traffic pages' under `traffic.`; the live pages' under `live.`;
  // the creator marketplace's (samples, proxy jobs, recommendations) under `market.`; the audiences pages' under `aud.`; the joint marketing pages' under `joint.`;
  // the analytics pages' under `an.`.
  resources: {
    en: {
      translation: {
        ...en,
        dist: distEn,
        score: scoreEn,
        traffic: trafficEn,
        live: liveEn,
        market: marketEn,
        aud: audEn,
        joint: jointEn,
        an: anEn,
      },
    },
    zh: {
      translation: {
        ...zh,
        dist: distZh,
        score: scoreZh,
        traffic: trafficZh,
        live: liveZh,
        market: marketZh,
        aud: audZh,
        joint: jointZh,
        an: anZh,
      },
    },
  },
  lng: initialLang(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes already
});

function applyLang(lang: string): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  // Date pickers name months and weekdays through dayjs.
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}
applyLang(i18n.language);
i18n.on('languageChanged', (lang) => {
  localStorage.setItem(LANG_KEY, lang);
  applyLang(lang);
});

export const currentLang = (): Lang => (i18n.language === 'zh' ? 'zh' : 'en');

export default i18n;
