import {
  DEFAULT_LOCALE,
  INTL_LOCALE,
  Locale,
  localizedName,
  sentenceJoiner,
  translate,
} from '../common/i18n';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { ReminderTarget, TargetDescription } from './targets/target-provider';
import { yearsSince } from './targets/target-state';
import { formatDateOnly, formatInstant, localDate, zoneAbbreviation } from './time-zones';

/** `Karamay–Gwadar Youth Exchange (克拉玛依–瓜达尔青年交流 · کرامائی–گوادر یوتھ ایکسچینج)`. */
export function fullName(name: I18nName): string {
  const others = [name.zh, name.ur].filter((s): s is string => !!s && s !== name.en);
  return others.length ? `${name.en} (${others.join(' · ')})` : name.en;
}

export interface ReminderMessage {
  title: string;
  body: string;
  /** The email's plain text (greeting, body, footer). */
  emailText: string;
}

export interface RenderInput {
  target: ReminderTarget;
  description: TargetDescription;
  targetAt: Date;
  /** The recipient's zone: every time in the message is shown in it. */
  zone: string;
  recipientName: string;
  /** The recipient's language (`users.locale`); English when not given. */
  locale?: Locale;
}

/** Date-time formatters per language and zone, made once (Intl formatters are costly to build). */
const instantFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** An instant in `zone` as the reader writes it: `12 May 2027, 09:00 PKT`, `2027年5月12日 09:00 PKT`. */
function instantIn(locale: Locale, at: Date, zone: string): string {
  if (locale === 'en') return formatInstant(at, zone);
  const key = `${locale}|${zone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: zone,
    });
    if (instantFormats.size > 1000) instantFormats.clear();
    instantFormats.set(key, format);
  }
  return `${format.format(at)} ${zoneAbbreviation(zone, at)}`;
}

/** A calendar date `YYYY-MM-DD` as the reader writes it. */
function dateIn(locale: Locale, date: string): string {
  if (locale === 'en') return formatDateOnly(date);
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(`${date}T00:00:00Z`));
}

/**
 * The text of a reminder in the recipient's language, from the `reminders.*` catalogue keys:
 * whole sentences with parameters, joined as the language joins sentences. Names show in the
 * reader's language when the record has one, else in English; English readers see the other
 * scripts in brackets, as before.
 */
export function renderReminder({
  target,
  description: d,
  targetAt,
  zone,
  recipientName,
  locale = DEFAULT_LOCALE,
}: RenderInput): ReminderMessage {
  const t = (key: string, params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const nameOf = (n: I18nName) => (locale === 'en' ? fullName(n) : localizedName(n, locale));
  const name = nameOf(d.name);
  const when = instantIn(locale, targetAt, zone);
  const date = dateIn(locale, d.date ?? localDate(targetAt, d.placeZone ?? zone));
  const venue =
    d.placeZone && d.placeZone !== zone
      ? d.place
        ? t('reminders.venueTimeAt', {
            place: nameOf(d.place),
            when: instantIn(locale, targetAt, d.placeZone),
          })
        : t('reminders.venueTime', { when: instantIn(locale, targetAt, d.placeZone) })
      : undefined;
  const params: Record<string, string | number> = { name, when, zone, date };
  const sentences: (string | undefined)[] = [];
  switch (target) {
    case 'program.startsAt':
      sentences.push(t(`reminders.body.${target}`, params), venue);
      break;
    case 'program.registrationDeadline':
      sentences.push(t(`reminders.body.${target}`, params), venue, t(`reminders.advice.${target}`));
      break;
    case 'scholarship.closesAt':
    case 'organization.registrationExpiresOn':
      sentences.push(t(`reminders.body.${target}`, params), t(`reminders.advice.${target}`));
      break;
    case 'milestone.dueOn':
      params.milestone = d.subtitle ?? '';
      sentences.push(
        d.place
          ? t('reminders.body.milestone.dueOnAt', { ...params, place: nameOf(d.place) })
          : t('reminders.body.milestone.dueOn', params),
      );
      break;
    case 'partnership.anniversary':
      params.years = d.anchor ? yearsSince(d.anchor, targetAt, d.placeZone ?? zone) : 0;
      params.relation = d.relation ?? 'other';
      sentences.push(
        d.anchor
          ? t('reminders.body.partnership.anniversarySince', {
              ...params,
              established: dateIn(locale, d.anchor),
            })
          : t('reminders.body.partnership.anniversary', params),
      );
      break;
  }
  const title = t(`reminders.title.${target}`, params);
  const body = sentences.filter((s): s is string => !!s).join(sentenceJoiner(locale));
  const emailText = `${t('email.greeting', { name: recipientName })}\n\n${body}\n\n-- \n${t('email.signature')}\n${t('reminders.emailReason')}\n`;
  return { title, body, emailText };
}
