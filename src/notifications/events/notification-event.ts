import type { Locale } from '../../common/i18n';

/** The events that notify people besides reminders (API-CONTRACT "Reminders and notifications"). */
export const EVENT_KINDS = [
  'organization_registered',
  'organization_status',
  'application_decision',
  'registration_status',
  'program_changed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A person without an account who is told by email only (a confirmed participant). */
export interface EmailOnlyRecipient {
  /** Stable per person, e.g. `participant:<id>`: part of the email's delivery key. */
  key: string;
  email: string;
  name: string;
  locale: Locale;
}

/**
 * Who is told, resolved when the event is delivered: users by organisation or role (active
 * users only; whoever is a member then), plus people named here.
 */
export interface EventAudience {
  organizationIds?: string[];
  roles?: ('coordinator' | 'admin')[];
  people?: EmailOnlyRecipient[];
}

/** A multilingual name as stored (`{en, zh?, ur?}`). */
export type Names = { en: string; zh?: string; ur?: string };

/** Message parameters per kind: names stay multilingual, so each recipient reads their own. */
export interface EventParams {
  organization_registered: { organization: Names };
  organization_status: {
    organization: Names;
    status: 'approved' | 'rejected' | 'suspended' | 'expired' | 'renewed';
    reason?: string | null;
    /** For `renewed` and `expired`: the registration's (new) expiry date, YYYY-MM-DD. */
    expiresOn?: string | null;
  };
  application_decision: {
    decision: 'awarded' | 'rejected';
    participant: string;
    scholarship: Names;
  };
  registration_status: { participant: string; program: Names };
  program_changed: {
    change: 'cancelled' | 'rescheduled';
    program: Names;
    startsAt: string;
    endsAt: string;
    timeZone: string;
  };
}

/** What a domain records in the transaction of its change. */
export type NotificationEvent = {
  [K in EventKind]: {
    kind: K;
    entityType: string;
    entityId: string;
    audience: EventAudience;
    params: EventParams[K];
  };
}[EventKind];
