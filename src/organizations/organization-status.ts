import { DateTime } from 'luxon';
import { localDate, zoneForCountry } from '../common/time/time-zones';
import type { OrganizationStatus } from './organization.entity';
import { invalidOrganizationTransition } from './organizations.errors';

/** What a coordinator or admin can do to an organisation's registration. */
export type OrganizationAction = 'approve' | 'reject' | 'suspend' | 'renew';

/**
 * The registration state machine. `approve` also renews an approved organisation and
 * reinstates a suspended one; `renew` extends an approved (or expired) one from its current end
 * date; a rejected registration is final (the organisation registers anew).
 *
 * ```
 * pending ──approve──▶ approved ──suspend──▶ suspended
 *    │                  ▲    │ approve (renew)   │
 *    └─reject─▶ rejected └────┴────approve───────┘
 * ```
 */
export const ORGANIZATION_TRANSITIONS: Record<
  OrganizationAction,
  { from: readonly OrganizationStatus[]; to: OrganizationStatus }
> = {
  approve: { from: ['pending', 'approved', 'suspended'], to: 'approved' },
  reject: { from: ['pending'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
  renew: { from: ['approved'], to: 'approved' },
};

/** The status `action` leads to from `current`; 409 INVALID_TRANSITION when the machine forbids it. */
export function nextOrganizationStatus(
  current: OrganizationStatus,
  action: OrganizationAction,
): OrganizationStatus {
  const rule = ORGANIZATION_TRANSITIONS[action];
  if (!rule.from.includes(current)) throw invalidOrganizationTransition(current, action);
  return rule.to;
}

/**
 * Last day an approval granted on `today` (YYYY-MM-DD) is valid: `months` calendar months later,
 * clamped to the month's end (2024-01-31 + 1 month = 2024-02-29).
 */
export function approvalExpiresOn(today: string, months: number): string {
  const d = DateTime.fromISO(today, { zone: 'UTC' });
  if (!d.isValid) throw new Error(`invalid date ${today}`);
  return d.plus({ months }).toISODate()!;
}

/** Today's calendar date in `timeZone`. */
export function todayIn(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}

/**
 * Whether an approved registration has run out at `now`: its last day, `registrationExpiresOn`,
 * is over in the organisation's own country's calendar.
 */
export function registrationExpired(
  org: { status: OrganizationStatus; registrationExpiresOn: string | null; country: string | null },
  now: Date,
): boolean {
  return (
    org.status === 'approved' &&
    !!org.registrationExpiresOn &&
    localDate(now, zoneForCountry(org.country)) > org.registrationExpiresOn
  );
}
