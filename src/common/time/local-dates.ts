import type { Locale } from '../i18n';
import { INTL_LOCALE } from '../i18n';
import { formatDateOnly, formatInstant, zoneAbbreviation } from './time-zones';

/** Date-time formatters per language and zone, made once (Intl formatters are costly to build). */
const instantFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** An instant in `zone` as the reader writes it: `12 May 2027, 09:00 PKT`, `2027年5月12日 09:00 PKT`. */
export function instantIn(locale: Locale, at: Date, zone: string): string {
  if (locale === 'en') return formatInstant(at, zone);
  const key = `${locale}|${zone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: zone,
    });
    if (instantFormats.size > 1000) instantFormats.clear();
    instantFormats.set(key, format);
  }
  return `${format.format(at)} ${zoneAbbreviation(zone, at)}`;
}

/** A calendar date `YYYY-MM-DD` as the reader writes it. */
export function dateIn(locale: Locale, date: string): string {
  if (locale === 'en') return formatDateOnly(date);
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}
