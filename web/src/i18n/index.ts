import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ur from './ur.json';
import zh from './zh.json';

export const LANGUAGES = [
  { code: 'en', label: 'English', htmlLang: 'en', dir: 'ltr' },
  { code: 'zh', label: '中文', htmlLang: 'zh-Hans', dir: 'ltr' },
  { code: 'ur', label: 'اردو', htmlLang: 'ur', dir: 'rtl' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'silkbridge.language';
// Set when the person picks a language in this tab; the account's saved language then follows
// that choice instead of replacing it (app/locale-sync.ts).
const CHOSEN_KEY = 'silkbridge.languageChosen';

/** The kept choice, else the browser's language when we have it, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.some((l) => l.code === stored)) return stored as Language;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (LANGUAGES.some((l) => l.code === base)) return base as Language;
  }
  return 'en';
}

/** Sets <html lang dir> so screen readers, fonts and the mirrored (RTL) layout follow. */
function applyToDocument(code: string) {
  const lang = LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
  document.documentElement.lang = lang.htmlLang;
  document.documentElement.dir = lang.dir;
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr';
}

export const isLanguage = (code: unknown): code is Language =>
  LANGUAGES.some((l) => l.code === code);

/**
 * Switches the language and keeps it in this browser. `chosen` marks a person's own pick (the
 * Language control), as opposed to applying the language saved on their account.
 */
export async function changeLanguage(code: Language, { chosen = true } = {}) {
  localStorage.setItem(STORAGE_KEY, code);
  if (chosen) sessionStorage.setItem(CHOSEN_KEY, '1');
  await i18n.changeLanguage(code);
}

export const languageChosenHere = () => sessionStorage.getItem(CHOSEN_KEY) === '1';
export const forgetLanguageChoice = () => sessionStorage.removeItem(CHOSEN_KEY);

i18n.on('languageChanged', applyToDocument);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh }, ur: { translation: ur } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18n.language);

export default i18n;
