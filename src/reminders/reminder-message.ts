import { DEFAULT_LOCALE, Locale, localizedName, sentenceJoiner, translate } from '../common/i18n';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { ReminderTarget, TargetDescription } from './targets/target-provider';
import { yearsSince } from './targets/target-state';
import { dateIn, instantIn } from '../common/time/local-dates';
import { localDate } from '../common/time/time-zones';

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
