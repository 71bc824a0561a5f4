import i18next, { type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import type { I18nName } from '../i18n-name/i18n-name.dto';
import en from './locales/en.json';
import ur from './locales/ur.json';
import zh from './locales/zh.json';

/** The languages Silkbridge speaks: English, Simplified Chinese, Urdu. */
export const LOCALES = ['en', 'zh', 'ur'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The catalogues as shipped (imported, so `tsc`/`nest build` copies them into dist/). */
export const CATALOGUES: Record<Locale, Record<string, unknown>> = { en, zh, ur };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** Urdu is written right to left. */
export const isRightToLeft = (locale: Locale): boolean => locale === 'ur';

/** BCP 47 tags for `Intl` (dates, numbers, region names) in each locale. */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN', ur: 'ur-PK' };

/**
 * One i18next instance with ICU MessageFormat (plurals, selectordinal, select), initialised
 * synchronously from the bundled catalogues: no file system or network at run time.
 */
const instance: I18n = i18next.createInstance();
void instance.use(ICU).init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: CATALOGUES[l] }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  initAsync: false,
  returnNull: false,
  // Texts go into JSON, plain-text email and PDFs; HTML escaping is the HTML template's job.
  interpolation: { escapeValue: false },
});

export type MessageParams = Record<string, string | number | Date | null | undefined>;

/**
 * The message `key` in `locale`, its ICU placeholders filled from `params`. A key missing in
 * `locale` falls back to English (the catalogue test keeps all three complete).
 */
export function translate(locale: Locale, key: string, params?: MessageParams): string {
  return instance.t(key, { lng: locale, ...(params ?? {}) });
}

/**
 * The language to write to someone who has no account (a participant) in: by nationality,
 * Chinese for China and Urdu for Pakistan, English for anyone else.
 */
export const localeOfNationality = (country: string | null | undefined): Locale =>
  country === 'CN' ? 'zh' : country === 'PK' ? 'ur' : 'en';

/** Whether `key` exists in `locale`'s own catalogue (no fallback). */
export function hasMessage(locale: Locale, key: string): boolean {
  return instance.exists(key, { lng: locale, fallbackLng: false });
}

/** A translator bound to one locale. */
export type Translate = (key: string, params?: MessageParams) => string;
export const translator =
  (locale: Locale): Translate =>
  (key, params) =>
    translate(locale, key, params);

/** A multilingual name in the reader's language when it has one, else in English. */
export function localizedName(name: I18nName, locale: Locale): string {
  const own = locale === 'en' ? undefined : name[locale];
  return own && own.trim() ? own : name.en;
}

/** How whole sentences are joined into a paragraph: Chinese puts no space between them. */
export const sentenceJoiner = (locale: Locale): string => (locale === 'zh' ? '' : ' ');
