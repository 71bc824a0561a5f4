import { DateTime } from 'luxon';
import { zoneFitsCountry, zonesOfCountry } from '../common/time/time-zones';
import { offsetMinutes } from '../common/time/zone-offset';
import type { ProgramStatus } from './program.entity';
import {
  DeadlineAfterStartError,
  InvalidDateRangeError,
  TimeZoneMismatchError,
} from './programs.errors';

/** planned → open → in_progress → completed; any of the first three → cancelled. */
export const PROGRAM_TRANSITIONS: Record<ProgramStatus, readonly ProgramStatus[]> = {
  planned: ['open', 'cancelled'],
  open: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canMoveProgram(from: ProgramStatus, to: ProgramStatus): boolean {
  return PROGRAM_TRANSITIONS[from].includes(to);
}

/** 422 when it ends before it starts, or registration closes after it starts. */
export function assertProgramDates(d: {
  startsAt: Date;
  endsAt: Date;
  registrationDeadline: Date;
}): void {
  if (d.endsAt.getTime() < d.startsAt.getTime()) throw new InvalidDateRangeError();
  if (d.registrationDeadline.getTime() > d.startsAt.getTime()) throw new DeadlineAfterStartError();
}

/**
 * 422 TIME_ZONE_MISMATCH unless a program held in a city of `country` keeps that country's time
 * (a Hunza program on Asia/Shanghai would show every time three hours off). `country` null: no city.
 */
export function assertZoneOfCityCountry(timeZone: string, country: string | null): void {
  if (country !== null && !zoneFitsCountry(timeZone, country))
    throw new TimeZoneMismatchError(timeZone, country, zonesOfCountry(country));
}

/** Registrations are taken while the program is open and its deadline has not passed. */
export function isRegistrationOpen(
  p: { status: ProgramStatus; registrationDeadline: Date },
  now: Date,
): boolean {
  return p.status === 'open' && now.getTime() <= p.registrationDeadline.getTime();
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 with the zone's offset at that instant, e.g. `2027-06-07T09:00:00.000+05:00`. */
export function toZonedIso(d: Date, zone: string): string {
  const offset = offsetMinutes(d, zone);
  if (offset === 0) return DateTime.fromJSDate(d, { zone }).toISO()!; // luxon's own spelling of UTC
  const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(offset);
  return `${local}${offset > 0 ? '+' : '-'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
