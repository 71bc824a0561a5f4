import { DateTime } from 'luxon';

/** Inclusive calendar-date range `YYYY-MM-DD`..`YYYY-MM-DD`. */
export interface Period {
  start: string;
  end: string;
}

export const FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const UNIT = { monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const;

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const iso = (d: DateTime) => d.toISODate()!;

/**
 * The last calendar month / quarter / year that has fully closed at `now`, seen from `timeZone`.
 * At 2026-01-01 00:30 in Asia/Karachi (still 2025-12-31 in UTC) December 2025 has closed.
 */
export function lastClosedPeriod(frequency: Frequency, now: Date, timeZone: string): Period {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid time zone ${timeZone}`);
  const currentStart = local.startOf(UNIT[frequency]);
  const start = currentStart.minus(
    frequency === 'quarterly'
      ? { months: 3 }
      : frequency === 'monthly'
        ? { months: 1 }
        : { years: 1 },
  );
  return { start: iso(start), end: iso(currentStart.minus({ days: 1 })) };
}

/** The calendar period (month / quarter / year) that contains `now` in `timeZone`: built after it closes. */
export function currentPeriod(frequency: Frequency, now: Date, timeZone: string): Period {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const start = local.startOf(UNIT[frequency]);
  const end = start
    .plus(
      frequency === 'quarterly'
        ? { months: 3 }
        : frequency === 'monthly'
          ? { months: 1 }
          : { years: 1 },
    )
    .minus({ days: 1 });
  return { start: iso(start), end: iso(end) };
}

/**
 * The period of equal length just before `p`. When `p` is a run of whole calendar months
 * (a month, a quarter, a year) the previous period is the same number of whole months before
 * it (Q1 → Q4 of the year before, March → February); otherwise it is the same number of days.
 */
export function previousPeriod(p: Period): Period {
  const start = day(p.start);
  const end = day(p.end);
  const prevEnd = start.minus({ days: 1 });
  if (start.day === 1 && end.plus({ days: 1 }).day === 1) {
    const months = Math.round(end.plus({ days: 1 }).diff(start, 'months').months);
    return { start: iso(start.minus({ months })), end: iso(prevEnd) };
  }
  const days = Math.round(end.diff(start, 'days').days) + 1;
  return { start: iso(start.minus({ days })), end: iso(prevEnd) };
}

/** Inclusive length of a period in days. */
export function periodDays(p: Period): number {
  return Math.round(day(p.end).diff(day(p.start), 'days').days) + 1;
}

/** Today's date in `timeZone` at `now` (the "as of" date of a report). */
export function localDate(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}
