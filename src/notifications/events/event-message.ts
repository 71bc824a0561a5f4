import { Locale, localizedName, translate } from '../../common/i18n';
import { dateIn, instantIn } from '../../common/time/local-dates';
import type { EventKind, EventParams, NotificationEvent } from './notification-event';

/** The catalogue key prefix of each kind (`notifications.<prefix>.title|body`). */
const CATALOGUE_KEYS: Record<EventKind, string> = {
  organization_registered: 'notifications.organizationRegistered',
  organization_status: 'notifications.organizationStatus',
  application_decision: 'notifications.applicationDecision',
  registration_status: 'notifications.registrationStatus',
  program_changed: 'notifications.programChanged',
};

export interface EventMessage {
  title: string;
  body: string;
}

type Renderers = {
  [K in EventKind]: (p: EventParams[K], locale: Locale) => Record<string, string>;
};

/** Each kind's ICU parameters in the reader's language: names in their script, dates as they write them. */
const PARAMS: Renderers = {
  organization_registered: (p, l) => ({ organization: localizedName(p.organization, l) }),
  organization_status: (p, l) => ({
    organization: localizedName(p.organization, l),
    status: p.status,
    reason: p.reason ?? '',
    expiresOn: p.expiresOn ? dateIn(l, p.expiresOn) : '',
  }),
  application_decision: (p, l) => ({
    decision: p.decision,
    participant: p.participant,
    scholarship: localizedName(p.scholarship, l),
  }),
  registration_status: (p, l) => ({
    participant: p.participant,
    program: localizedName(p.program, l),
  }),
  // A program's dates are told in its own time zone: that is where people will be.
  program_changed: (p, l) => ({
    change: p.change,
    program: localizedName(p.program, l),
    startsAt: instantIn(l, new Date(p.startsAt), p.timeZone),
    endsAt: instantIn(l, new Date(p.endsAt), p.timeZone),
  }),
};

/** The title and body of an event's notification, whole sentences from the catalogue. */
export function renderEventMessage(event: NotificationEvent, locale: Locale): EventMessage {
  const params = (PARAMS[event.kind] as (p: unknown, l: Locale) => Record<string, string>)(
    event.params,
    locale,
  );
  const key = CATALOGUE_KEYS[event.kind];
  return {
    title: translate(locale, `${key}.title`, params),
    body: translate(locale, `${key}.body`, params),
  };
}
