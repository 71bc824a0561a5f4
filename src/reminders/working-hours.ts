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

/** A reminder's own times: when it is due, and when the event it announces is over as news. */
export interface ReminderTimes {
  dueAt: Date;
  /** The event's start (for a date-only or yearly target, the end of its local day). */
  eventAt: Date;
}

/**
 * When a recipient gets a reminder. Inside the window: now. Outside it, waiting is worth it only
 * if the window opens before the event; a reminder that would come after what it announces is
 * useless, so it goes out at once (outside hours, as the lesser harm). A reminder meant to come
 * before the event is dropped once the event has begun (the job ran late: a worker was down);
 * one due at the event itself (offset zero) still goes out, since that is what it is for.
 */
export function deliveryWindow(
  now: Date,
  reminder: ReminderTimes,
  zone: string,
  hours: WorkingHours | null,
): WindowDecision {
  if (!hours) return { kind: 'now' };
  const opens = nextWindowStart(now, zone, hours);
  if (opens.getTime() <= now.getTime()) return { kind: 'now' };
  const event = reminder.eventAt.getTime();
  if (opens.getTime() < event) return { kind: 'wait', until: opens };
  const meantBefore = reminder.dueAt.getTime() < event;
  return meantBefore && now.getTime() >= event ? { kind: 'skip' } : { kind: 'now' };
}

/**
 * Until when a reminder's event is still ahead: a timed target's instant, or, for a date-only or
 * yearly target (a deadline day, an anniversary, shown as a date at 09:00 local), the end of that
 * day where it happens, so a reminder is not dropped at 09:00 of the very day it announces.
 */
export function eventEndsAt(
  targetAt: Date,
  target: { date?: string | null; anchor?: string | null; placeZone?: string | null },
): Date {
  if (!target.date && !target.anchor) return targetAt;
  return DateTime.fromJSDate(targetAt, { zone: target.placeZone ?? 'UTC' })
    .plus({ days: 1 })
    .startOf('day')
    .toJSDate();
}
