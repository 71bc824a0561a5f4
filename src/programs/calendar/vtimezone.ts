import { DateTime } from 'luxon';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** `+0500` from minutes east of UTC. */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** Wall-clock time `YYYYMMDDTHHMMSS` of a UTC instant shifted by an offset (minutes). */
function wallTime(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

const offsetAt = (zone: string, ms: number): number => DateTime.fromMillis(ms, { zone }).offset;

/** Instants (first millisecond of the new offset) where the zone's offset changes in [fromMs, toMs]. */
export function offsetTransitions(
  zone: string,
  fromMs: number,
  toMs: number,
): { at: number; from: number; to: number }[] {
  const out: { at: number; from: number; to: number }[] = [];
  let prevMs = fromMs;
  let prev = offsetAt(zone, prevMs);
  // Weekly steps: real zones never change offset twice within a week.
  for (let ms = fromMs + WEEK; prevMs < toMs; ms += WEEK) {
    const cur = Math.min(ms, toMs);
    const offset = offsetAt(zone, cur);
    if (offset !== prev) {
      let lo = prevMs;
      let hi = cur;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      const at = hi;
      out.push({ at, from: prev, to: offsetAt(zone, at) });
    }
    prevMs = cur;
    prev = offset;
  }
  return out;
}

const cache = new Map<string, string | null>();

/**
 * A VTIMEZONE component (RFC 5545 §3.6.5) for an IANA zone, with the zone's real offsets
 * between two years (inclusive), from the runtime's tz database. Every transition is written
 * as its own observance (no RRULE), which is valid and exact for any zone. Returns null for
 * an unknown zone. Used as ical-generator's timezone generator.
 */
export function buildVtimezone(zone: string, fromYear: number, toYear: number): string | null {
  const key = `${zone}|${fromYear}|${toYear}`;
  if (cache.has(key)) return cache.get(key)!;
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone });
  if (!start.isValid) return null;
  const startMs = start.toMillis() - DAY;
  const endMs =
    DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone }).toMillis() + DAY;
  const initial = offsetAt(zone, startMs);
  const observance = (at: number, from: number, to: number, isDst: boolean) => {
    const kind = isDst ? 'DAYLIGHT' : 'STANDARD';
    const name = DateTime.fromMillis(at, { zone }).offsetNameShort;
    return [
      `BEGIN:${kind}`,
      // DTSTART is the local time of the change as read on the old offset (RFC 5545).
      `DTSTART:${wallTime(at, from)}`,
      `TZOFFSETFROM:${formatOffset(from)}`,
      `TZOFFSETTO:${formatOffset(to)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    ];
  };
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  lines.push(
    ...observance(startMs, initial, initial, DateTime.fromMillis(startMs, { zone }).isInDST),
  );
  for (const t of offsetTransitions(zone, startMs, endMs)) {
    lines.push(...observance(t.at, t.from, t.to, DateTime.fromMillis(t.at, { zone }).isInDST));
  }
  lines.push('END:VTIMEZONE');
  const out = lines.join('\r\n');
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}
