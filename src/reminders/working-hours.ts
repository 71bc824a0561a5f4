import { DateTime } from 'luxon';

/**
 * A local delivery window `[start, end)` in whole hours (`{start: 8, end: 20}`: 08:00–19:59).
 * `start > end` wraps midnight (`{start: 22, end: 6}`); `end` may be 24.
 */
export interface WorkingHours {
  start: number;
  end: number;
}

export function isWithinWorkingHours(at: Date, zone: string, hours: WorkingHours): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const h = local.hour + local.minute / 60 + local.second / 3600;
  return hours.start < hours.end
    ? h >= hours.start && h < hours.end
    : h >= hours.start || h < hours.end;
}

/** `at` itself when inside the window, else the next local `start:00` after it. */
export function nextWindowStart(at: Date, zone: string, hours: WorkingHours): Date {
  if (isWithinWorkingHours(at, zone, hours)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  let candidate = local.set({ hour: hours.start, minute: 0, second: 0, millisecond: 0 });
  if (candidate <= local)
    candidate = candidate
      .plus({ days: 1 })
      .set({ hour: hours.start, minute: 0, second: 0, millisecond: 0 });
  return candidate.toJSDate();
}

export type WindowDecision = { kind: 'now' } | { kind: 'wait'; until: Date } | { kind: 'skip' };

/**
 * When a recipient gets a reminder about an event at `eventAt`. Inside the window: now. Outside
 * it, waiting is worth it only if the window opens before the event; a reminder that would come
 * after what it announces is useless, so it goes out at once (outside hours, as the lesser harm),
 * or not at all when the event has already begun.
 */
export function deliveryWindow(
  now: Date,
  eventAt: Date,
  zone: string,
  hours: WorkingHours | null,
): WindowDecision {
  if (!hours) return { kind: 'now' };
  const opens = nextWindowStart(now, zone, hours);
  if (opens.getTime() <= now.getTime()) return { kind: 'now' };
  if (opens.getTime() < eventAt.getTime()) return { kind: 'wait', until: opens };
  return now.getTime() < eventAt.getTime() ? { kind: 'now' } : { kind: 'skip' };
}
