import { Duration } from 'luxon';

/** The longest offset a rule may have (a reminder more than ~13 months ahead is not a reminder). */
export const MAX_OFFSET_SECONDS = 400 * 24 * 3600;

// ISO 8601 durations in weeks, days, hours, minutes and whole seconds: P7D, PT1H, P1DT12H, P2W, PT0S.
// Years and months are refused: their length depends on the calendar, and the offset is stored in
// seconds (use P30D, not P1M).
const STRICT = /^P(?=\d|T\d)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export type ParsedOffset =
  { ok: true; seconds: number; normalized: string } | { ok: false; message: string };

/**
 * Parses a rule's offset ("how long before the date"). Zero (`PT0S`) means "at the date itself";
 * negative, fractional, calendar (Y/M) and malformed durations are refused.
 */
export function parseOffset(value: unknown): ParsedOffset {
  if (typeof value !== 'string' || value.length > 40)
    return { ok: false, message: 'offset must be an ISO 8601 duration such as P7D or PT1H' };
  const upper = value.trim().toUpperCase();
  if (upper.includes('-')) return { ok: false, message: 'offset must not be negative' };
  // Before the 'T', M means months; after it, minutes.
  const datePart = upper.split('T')[0];
  if (/^P/.test(upper) && /\d+[YM]/.test(datePart)) {
    return {
      ok: false,
      message: 'offset may not use years or months (their length varies); use days, e.g. P30D',
    };
  }
  if (!STRICT.test(upper))
    return {
      ok: false,
      message:
        'offset must be an ISO 8601 duration such as P7D, PT1H or P1DT12H (weeks, days, hours, minutes, whole seconds)',
    };
  const duration = Duration.fromISO(upper);
  if (!duration.isValid)
    return { ok: false, message: `offset is not a valid duration (${duration.invalidReason})` };
  const seconds = duration.as('seconds');
  if (!Number.isInteger(seconds) || seconds < 0)
    return { ok: false, message: 'offset must be a whole, non-negative number of seconds' };
  if (seconds > MAX_OFFSET_SECONDS) return { ok: false, message: 'offset may be at most P400D' };
  return { ok: true, seconds, normalized: upper };
}
