// Translate functions for the tests of pure page helpers: one i18next instance per language over a message set.
import i18next from 'i18next';

export async function translator<T>(lng: 'en' | 'zh', en: object, zh: object): Promise<T> {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { en: { translation: en }, zh: { translation: zh } },
    interpolation: { escapeValue: false },
  });
  return i.t as unknown as T;
}
