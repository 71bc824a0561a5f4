import { DateTime } from 'luxon';
import { isKnownZone, offsetMinutes, wallClock } from './zone-offset';

/** Zones by country for people and places without their own; anything else is UTC. */
const COUNTRY_ZONES: Record<string, string> = { PK: 'Asia/Karachi', CN: 'Asia/Shanghai' };

/** Abbreviations readers expect; Intl only knows "GMT+5" for these. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Karachi': 'PKT',
  'Asia/Shanghai': 'CST',
  'Asia/Urumqi': 'XJT',
};

/**
 * Every IANA zone in use in a country, for the countries the service is about (zone1970.tab and
 * the older names linked to them: a runtime may keep `Asia/Kashgar` as given). No dependency maps
 * zones to countries, so other countries are not listed; see {@link zoneFitsCountry}.
 */
const ZONES_OF_COUNTRY: Record<string, readonly string[]> = {
  PK: ['Asia/Karachi'],
  CN: [
    'Asia/Shanghai',
    'Asia/Urumqi',
    'Asia/Chongqing',
    'Asia/Chungking',
    'Asia/Harbin',
    'Asia/Kashgar',
    'PRC',
  ],
};

/** The zones to suggest for a country, when known. */
export function zonesOfCountry(country: string): readonly string[] | undefined {
  return ZONES_OF_COUNTRY[country.trim().toUpperCase()];
}

/**
 * Whether `zone` is used in `country`: one of its zones for a listed country; for any other
 * country, any zone but a listed country's own (a city outside China is not on Beijing time).
 */
export function zoneFitsCountry(zone: string, country: string): boolean {
  const names = new Set([zone, canonicalZone(zone)]);
  const own = zonesOfCountry(country);
  if (own) return own.some((z) => names.has(z));
  return !Object.values(ZONES_OF_COUNTRY).some((zones) => zones.some((z) => names.has(z)));
}

/** The runtime's canonical name of a zone (`asia/kashgar` → `Asia/Urumqi` on Node 20). */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

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
  if (user.timeZone && isKnownZone(user.timeZone)) return user.timeZone;
  if (user.orgCountry) return zoneForCountry(user.orgCountry);
  return isKnownZone(staffDefault) ? staffDefault : 'UTC';
}

/** Luxon's names for a zone at an offset ("GMT+1", "BST"), remembered per zone and offset. */
const offsetNames = new Map<string, string>();

export function zoneAbbreviation(zone: string, at: Date): string {
  const fixed = ZONE_ABBREVIATIONS[zone];
  if (fixed) return fixed;
  const key = `${zone}|${offsetMinutes(at, zone)}`;
  let name = offsetNames.get(key);
  if (name === undefined) {
    name = DateTime.fromJSDate(at, { zone }).toFormat('ZZZZ');
    if (offsetNames.size > 10_000) offsetNames.clear();
    offsetNames.set(key, name);
  }
  return name;
}

/**
 * en-GB short month names exactly as luxon's `LLL` spells them ("Sept" included), read once:
 * formatting through luxon per message cost a quarter of a reminder batch's CPU.
 */
const MONTHS = Array.from({ length: 12 }, (_, m) =>
  DateTime.utc(2021, m + 1, 15)
    .setLocale('en-GB')
    .toFormat('LLL'),
);
const pad2 = (n: number) => String(n).padStart(2, '0');
const dayMonthYear = (day: number, month: number, year: number) =>
  `${day} ${MONTHS[month]} ${String(year).padStart(4, '0')}`;

/** `12 May 2027, 09:00 PKT` in `zone`. */
export function formatInstant(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${dayMonthYear(w.getUTCDate(), w.getUTCMonth(), w.getUTCFullYear())}, ${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())} ${zoneAbbreviation(zone, at)}`;
}

/** `12 May 2027` for a calendar date `YYYY-MM-DD` (no zone: a date is the same everywhere). */
export function formatDateOnly(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return dayMonthYear(day, month - 1, year);
}

/** The calendar date (`YYYY-MM-DD`) in `zone` at `at`. */
export function localDate(at: Date, zone: string): string {
  return wallClock(at, zone).toISOString().slice(0, 10);
}

/** UTC+14, the furthest any zone runs ahead of UTC (Line Islands). */
const FURTHEST_AHEAD_MS = 14 * 3_600_000;

/**
 * The latest calendar date anywhere on Earth at `at`: a date-only field ("logged on", "established
 * on") later than this is in the future for everyone, whichever zone its writer is in. A stricter
 * UTC "today" would refuse an entry made after midnight in Karachi or Kashgar.
 */
export function latestDateAnywhere(at: Date): string {
  return new Date(at.getTime() + FURTHEST_AHEAD_MS).toISOString().slice(0, 10);
}

/** Hour of the day at which date-only targets (due dates, expiries, anniversaries) fall. */
export const DATE_ONLY_HOUR = 9;

/** `YYYY-MM-DD` at 09:00 in `zone`, as an instant. */
export function dateOnlyAt(date: string, zone: string, hour = DATE_ONLY_HOUR): Date {
  return DateTime.fromISO(date, { zone })
    .set({ hour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}
