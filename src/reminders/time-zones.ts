import { DateTime } from 'luxon';

/** Zones by country for people and places without their own; anything else is UTC. */
const COUNTRY_ZONES: Record<string, string> = { PK: 'Asia/Karachi', CN: 'Asia/Shanghai' };

/** Abbreviations readers expect; Intl only knows "GMT+5" for these. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Karachi': 'PKT',
  'Asia/Shanghai': 'CST',
  'Asia/Urumqi': 'XJT',
};

export function zoneForCountry(country: string | null | undefined): string {
  return (country && COUNTRY_ZONES[country.trim().toUpperCase()]) || 'UTC';
}

/**
 * A recipient's zone: their own `time_zone`, else their organisation's country's, else (staff
 * without a zone) the deployment's REPORT_TIME_ZONE.
 */
export function recipientZone(
  user: { timeZone: string | null; orgCountry: string | null },
  staffDefault: string,
): string {
  if (user.timeZone && DateTime.now().setZone(user.timeZone).isValid) return user.timeZone;
  if (user.orgCountry) return zoneForCountry(user.orgCountry);
  return DateTime.now().setZone(staffDefault).isValid ? staffDefault : 'UTC';
}

export function zoneAbbreviation(zone: string, at: Date): string {
  return ZONE_ABBREVIATIONS[zone] ?? DateTime.fromJSDate(at, { zone }).toFormat('ZZZZ');
}

/** `12 May 2027, 09:00 PKT` in `zone`. */
export function formatInstant(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')} ${zoneAbbreviation(zone, at)}`;
}

/** `12 May 2027` for a calendar date `YYYY-MM-DD` (no zone: a date is the same everywhere). */
export function formatDateOnly(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale('en-GB').toFormat('d LLL yyyy');
}

/** Hour of the day at which date-only targets (due dates, expiries, anniversaries) fall. */
export const DATE_ONLY_HOUR = 9;

/** `YYYY-MM-DD` at 09:00 in `zone`, as an instant. */
export function dateOnlyAt(date: string, zone: string, hour = DATE_ONLY_HOUR): Date {
  return DateTime.fromISO(date, { zone })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}
