import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isLocale, Locale } from './i18n';

/**
 * The first of our locales the `Accept-Language` header asks for, by q-value and then order
 * (`zh-CN`, `zh-Hans` → `zh`; `ur-PK` → `ur`; `en-US` → `en`), or undefined when it names none
 * of them (absent, `*` only, `fr`).
 */
export function localeFromAcceptLanguage(
  header: string | string[] | undefined,
): Locale | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value || !value.trim()) return undefined;
  // Without an argument, negotiator lists the header's languages best first, dropping q=0.
  const preferred = new Negotiator({ headers: { 'accept-language': value } }).languages();
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return undefined;
}

/**
 * The locale a user chose (`users.locale`), read from anything that carries it: the request's
 * Actor, a recipient row. Rows and the Actor gain `locale` with the users' locale column; until
 * then this reads it defensively and answers undefined.
 */
export function actorLocale(user: unknown): Locale | undefined {
  const locale = (user as { locale?: unknown } | null | undefined)?.locale;
  return isLocale(locale) ? locale : undefined;
}

/** The language to write to a recipient in: their own locale, else English. */
export const recipientLocale = (user: unknown): Locale => actorLocale(user) ?? DEFAULT_LOCALE;

/**
 * The language of a response (error messages, on-demand reports): `Accept-Language`, else the
 * signed-in caller's own locale, else English.
 */
export function requestLocale(
  headers: Record<string, string | string[] | undefined> | undefined,
  actor?: unknown,
): Locale {
  return (
    localeFromAcceptLanguage(headers?.['accept-language']) ?? actorLocale(actor) ?? DEFAULT_LOCALE
  );
}
