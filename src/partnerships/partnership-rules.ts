import { DateTime } from 'luxon';
import { latestDateAnywhere } from '../common/time/time-zones';
import type { PartnershipStatus } from './partnership.entity';
import { EstablishedOnInFutureError } from './partnerships.errors';

/**
 * Allowed status moves: proposed → active → suspended ⇄ active, and any open status → ended.
 * `ended` is final.
 */
export const PARTNERSHIP_TRANSITIONS: Record<PartnershipStatus, readonly PartnershipStatus[]> = {
  proposed: ['active', 'ended'],
  active: ['suspended', 'ended'],
  suspended: ['active', 'ended'],
  ended: [],
};

export function canMovePartnership(from: PartnershipStatus, to: PartnershipStatus): boolean {
  return PARTNERSHIP_TRANSITIONS[from].includes(to);
}

/**
 * 422 ESTABLISHED_ON_IN_FUTURE when a partnership past `proposed` (one that exists) names a day
 * that has not come anywhere yet; a proposed one may carry a planned date.
 */
export function assertNotEstablishedInFuture(
  status: PartnershipStatus,
  establishedOn: string | null | undefined,
  now: Date,
): void {
  if (status !== 'proposed' && establishedOn && establishedOn > latestDateAnywhere(now))
    throw new EstablishedOnInFutureError();
}

/**
 * Dormant: an active partnership under which no program started within `months` (or none ever,
 * and it was established longer ago than that). Proposed, suspended and ended ones are never
 * "dormant": their status already says what they are.
 */
export function isDormant(input: {
  status: PartnershipStatus;
  establishedOn: string | null;
  createdAt: Date;
  lastActivityAt: Date | null;
  now: Date;
  months: number;
}): boolean {
  if (input.status !== 'active') return false;
  const cutoff = DateTime.fromJSDate(input.now, { zone: 'utc' }).minus({ months: input.months });
  if (input.lastActivityAt) return input.lastActivityAt.getTime() < cutoff.toMillis();
  const since =
    input.establishedOn ?? DateTime.fromJSDate(input.createdAt, { zone: 'utc' }).toISODate()!;
  return since < cutoff.toISODate()!;
}

export interface AnniversaryDate {
  /** `YYYY-MM-DD` the anniversary is marked on. */
  date: string;
  years: number;
}

/**
 * Anniversaries (1st, 2nd, …) of `establishedOn` falling in [from, to] (dates `YYYY-MM-DD`,
 * both inclusive). A 29 February founding is marked on 28 February in common years.
 */
export function anniversariesBetween(
  establishedOn: string,
  from: string,
  to: string,
): AnniversaryDate[] {
  const [y0, m0, d0] = establishedOn.split('-').map(Number);
  const fromYear = Number(from.slice(0, 4));
  const toYear = Number(to.slice(0, 4));
  const out: AnniversaryDate[] = [];
  for (let year = Math.max(fromYear, y0 + 1); year <= toYear; year++) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const day = m0 === 2 && d0 === 29 && !leap ? 28 : d0;
    const date = `${String(year).padStart(4, '0')}-${String(m0).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (date >= from && date <= to) out.push({ date, years: year - y0 });
  }
  return out;
}
