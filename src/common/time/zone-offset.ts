import { DateTime } from 'luxon';

/**
 * Zone offsets in minutes per 15-minute slot of time. Asking Intl for an offset costs microseconds
 * per call (12% of a programs-list request's CPU, a quarter of a reminder batch's, when done per
 * timestamp); offsets only change at transitions that fall on quarter hours, so one lookup per
 * zone and slot is exact.
 */
const offsetCache = new Map<string, number>();
const SLOT_MS = 15 * 60 * 1000;

export function offsetMinutes(d: Date, zone: string): number {
  const key = `${zone}|${Math.floor(d.getTime() / SLOT_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = DateTime.fromJSDate(d, { zone }).offset;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The wall-clock time in `zone` at `d`, as a Date whose UTC fields read that wall time. */
export function wallClock(d: Date, zone: string): Date {
  return new Date(d.getTime() + offsetMinutes(d, zone) * 60_000);
}

const validZones = new Map<string, boolean>();

/** Whether `zone` is an IANA zone this runtime knows (remembered per name). */
export function isKnownZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = DateTime.now().setZone(zone).isValid;
    if (validZones.size > 10_000) validZones.clear();
    validZones.set(zone, valid);
  }
  return valid;
}
