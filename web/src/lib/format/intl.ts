/** Numbers, dates and names through Intl in the reader's language (STYLE.md "web app"). */
export type Locale = 'en' | 'zh' | 'ur';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN', ur: 'ur-PK' };
export const intlLocale = (lang: string) => INTL_LOCALE[(lang as Locale) ?? 'en'] ?? 'en-GB';

export function formatNumber(lang: string, value: number): string {
  return new Intl.NumberFormat(intlLocale(lang)).format(value);
}

export function formatDate(lang: string, iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(intlLocale(lang), {
    dateStyle: 'medium',
    ...(iso.length === 10 ? { timeZone: 'UTC' } : {}),
  }).format(d);
}

/** A time in the given zone (the program's own), named so the reader knows which it is. */
/**
 * Abbreviations the service's emails and reminders use too (src/common/time/time-zones.ts);
 * Intl only knows "GMT+5" for these zones.
 */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Karachi': 'PKT',
  'Asia/Shanghai': 'CST',
  'Asia/Urumqi': 'XJT',
};

export function formatDateTime(lang: string, iso: string | null | undefined, timeZone?: string) {
  if (!iso) return '';
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  const format = new Intl.DateTimeFormat(intlLocale(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const abbreviation = ZONE_ABBREVIATIONS[format.resolvedOptions().timeZone];
  return format
    .formatToParts(new Date(iso))
    .map((part) => (part.type === 'timeZoneName' && abbreviation ? abbreviation : part.value))
    .join('');
}

export interface MultilingualName {
  en: string;
  zh?: string | null;
  ur?: string | null;
}

/** A multilingual name in the reader's language when it has one, else English. */
export function localName(lang: string, name: MultilingualName | null | undefined): string {
  if (!name) return '';
  return (name as unknown as Record<string, string | undefined>)[lang] || name.en;
}

export function formatMoney(lang: string, money: { amount: string; currency: string } | null) {
  if (!money) return '';
  // Decimal strings stay exact: Intl formats the digits without a float round trip.
  try {
    return new Intl.NumberFormat(intlLocale(lang), {
      style: 'currency',
      currency: money.currency,
    }).format(money.amount as unknown as number);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}
