import { DateTime } from 'luxon';
import { DATE_ONLY_HOUR } from '../../common/time/time-zones';

/**
 * Where a record's reminders point to, as its target provider sees it now:
 * - `once`: one instant (a program's start, a milestone's due date at 09:00 local);
 * - `yearly`: the anniversary of `anchor` (`YYYY-MM-DD`) at 09:00 in `zone`, every year after it.
 * A closed or deleted record has no state at all.
 */
export type TargetState =
  { kind: 'once'; at: Date } | { kind: 'yearly'; anchor: string; zone: string };

export interface Occurrence {
  targetAt: Date;
  dueAt: Date;
}

function anniversary(anchor: string, year: number, zone: string): DateTime {
  const [, month, day] = anchor.split('-').map(Number);
  let dt = DateTime.fromObject({ year, month, day, hour: DATE_ONLY_HOUR }, { zone });
  // 29 February falls on the 28th in other years.
  if (!dt.isValid)
    dt = DateTime.fromObject({ year, month, day: day - 1, hour: DATE_ONLY_HOUR }, { zone });
  return dt;
}

/**
 * The occurrence a rule with `offsetSeconds` should schedule, whose reminder time is still after
 * `reference` (never in the past: a new rule or a late edit does not flood old records), or null.
 */
export function nextOccurrence(
  state: TargetState,
  offsetSeconds: number,
  reference: Date,
): Occurrence | null {
  const offsetMs = offsetSeconds * 1000;
  if (state.kind === 'once') {
    const dueAt = new Date(state.at.getTime() - offsetMs);
    return dueAt.getTime() > reference.getTime() ? { targetAt: state.at, dueAt } : null;
  }
  const anchorYear = Number(state.anchor.slice(0, 4));
  const refYear = DateTime.fromJSDate(reference, { zone: state.zone }).year;
  for (let year = Math.max(anchorYear + 1, refYear - 1); year <= refYear + 3; year++) {
    const targetAt = anniversary(state.anchor, year, state.zone).toJSDate();
    const dueAt = new Date(targetAt.getTime() - offsetMs);
    if (dueAt.getTime() > reference.getTime()) return { targetAt, dueAt };
  }
  return null;
}

/** Whether a reminder scheduled for `targetAt` still matches the record (its date did not move). */
export function stillTargets(state: TargetState, targetAt: Date): boolean {
  if (state.kind === 'once') return state.at.getTime() === targetAt.getTime();
  const year = DateTime.fromJSDate(targetAt, { zone: state.zone }).year;
  return (
    year > Number(state.anchor.slice(0, 4)) &&
    anniversary(state.anchor, year, state.zone).toMillis() === targetAt.getTime()
  );
}

/** How many years a yearly target's occurrence marks (e.g. the 12th anniversary). */
export function yearsSince(anchor: string, targetAt: Date, zone: string): number {
  return DateTime.fromJSDate(targetAt, { zone }).year - Number(anchor.slice(0, 4));
}
