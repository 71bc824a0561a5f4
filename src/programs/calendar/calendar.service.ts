import { Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { Actor, isStaff } from '../../common/auth/actor';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import {
  DEFAULT_LOCALE,
  hasMessage,
  Locale,
  localizedName,
  sentenceJoiner,
  translate,
  translator,
} from '../../common/i18n';
import type { I18nName } from '../../common/i18n-name/i18n-name.dto';
import { tenantScopeOf } from '../../common/tenancy/tenant-scope';
import { CalendarRepository, CalendarRow } from './calendar.repository';
import { buildVtimezone } from './vtimezone';

/** Programs in the all-programs feed: those ending within this many days back, and later ones. */
export const FEED_PAST_DAYS = 180;
/** Upper bound of events in one feed. */
export const FEED_MAX_EVENTS = 1000;

export interface IcsFile {
  filename: string;
  body: string;
}

/** An event's summary: the program's title in the reader's language, else in English. */
const summaryOf = (title: I18nName, locale: Locale) => localizedName(title, locale);

/** iCalendar (RFC 5545) feeds of programs, each event in the zone where the program is held. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly clock: Clock,
  ) {}

  /** One program (public catalogue: any signed-in caller). */
  async program(id: string, locale: Locale = DEFAULT_LOCALE): Promise<IcsFile> {
    const rows = await this.calendar.findProgram(id);
    if (rows.length === 0) throw new NotFoundError('Program');
    return {
      filename: `program-${id}.ics`,
      body: this.render(summaryOf(rows[0].title, locale), rows, locale),
    };
  }

  /**
   * Every program the caller can follow, from FEED_PAST_DAYS ago on: staff get all of them;
   * an ngo_member gets the programs its organisation takes part in plus the open ones it could
   * register for (the whole catalogue would flood a phone calendar).
   */
  async feed(actor: Actor, locale: Locale = DEFAULT_LOCALE): Promise<IcsFile> {
    const since = DateTime.fromJSDate(this.clock.now()).minus({ days: FEED_PAST_DAYS }).toJSDate();
    const rows = await this.calendar.feed(
      since,
      FEED_MAX_EVENTS,
      isStaff(actor) ? undefined : actor.organizationId,
    );
    return {
      filename: 'silkbridge-programs.ics',
      body: this.render(translate(locale, 'calendar.feedName'), rows, locale),
    };
  }

  /** A person's itinerary: every program they hold a confirmed seat in (tenancy as participants). */
  async itinerary(
    actor: Actor,
    participantId: string,
    locale: Locale = DEFAULT_LOCALE,
  ): Promise<IcsFile> {
    const person = await this.calendar.findParticipant(tenantScopeOf(actor), participantId);
    if (!person) throw new NotFoundError('Participant');
    const rows = await this.calendar.confirmedPrograms(participantId, FEED_MAX_EVENTS);
    return {
      filename: `itinerary-${participantId}.ics`,
      body: this.render(
        translate(locale, 'calendar.itineraryName', { name: person.full_name }),
        rows,
        locale,
      ),
    };
  }

  /** The calendar with each event's summary and description in `locale`. */
  private render(name: string, rows: CalendarRow[], locale: Locale): string {
    const t = translator(locale);
    const now = this.clock.now();
    const years = rows.flatMap((r) => [r.starts_at.getUTCFullYear(), r.ends_at.getUTCFullYear()]);
    const fromYear = years.length ? Math.min(...years) : now.getUTCFullYear();
    const toYear = years.length ? Math.max(...years) : fromYear;
    const cal = ical({
      prodId: { company: 'Silkbridge', product: 'Programs', language: 'EN' },
      name,
      ttl: 3600,
      // An empty name keeps DTSTAMP in UTC and adds no X-WR-TIMEZONE; the generator writes a
      // VTIMEZONE for every zone the events use.
      timezone: {
        name: '',
        generator: (zone: string) => buildVtimezone(zone, fromYear - 1, toYear + 1),
      },
    });
    for (const r of rows) {
      const zone = r.time_zone;
      const place = r.city_names
        ? `${r.city_names.en}${r.city_country ? `, ${r.city_country}` : ''}`
        : null;
      // The title in the other languages it has, under the reader's one.
      const summary = summaryOf(r.title, locale);
      const otherTitles = [r.title.en, r.title.zh, r.title.ur]
        .filter((s): s is string => !!s && s !== summary)
        .join(' / ');
      const type = hasMessage(locale, `report.values.programType.${r.type}`)
        ? t(`report.values.programType.${r.type}`)
        : r.type;
      const status = hasMessage(locale, `calendar.programStatus.${r.status}`)
        ? t(`calendar.programStatus.${r.status}`)
        : r.status;
      const deadline = DateTime.fromJSDate(r.registration_deadline, { zone }).toFormat(
        "yyyy-LL-dd HH:mm 'UTC'ZZ",
      );
      cal.createEvent({
        id: `program-${r.id}@silkbridge`,
        sequence: r.version,
        start: DateTime.fromJSDate(r.starts_at, { zone }),
        end: DateTime.fromJSDate(r.ends_at, { zone }),
        timezone: zone,
        stamp: now,
        created: r.created_at,
        lastModified: r.updated_at,
        summary,
        description: [
          otherTitles,
          r.description,
          [t('calendar.type', { type }), t('calendar.status', { status })].join(
            sentenceJoiner(locale),
          ),
          t('calendar.registrationDeadline', { when: deadline, zone }),
        ]
          .filter(Boolean)
          .join('\n\n'),
        location: place,
        categories: [{ name: r.type }],
        status:
          r.status === 'cancelled'
            ? ICalEventStatus.CANCELLED
            : r.status === 'planned'
              ? ICalEventStatus.TENTATIVE
              : ICalEventStatus.CONFIRMED,
      });
    }
    return cal.toString();
  }
}
