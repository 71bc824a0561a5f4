import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { ReminderTarget, TargetDescription } from './targets/target-provider';
import { yearsSince } from './targets/target-state';
import { formatDateOnly, formatInstant, localDate } from './time-zones';

/** `Karamay–Gwadar Youth Exchange (克拉玛依–瓜达尔青年交流 · کرامائی–گوادر یوتھ ایکسچینج)`. */
export function fullName(name: I18nName): string {
  const others = [name.zh, name.ur].filter((s): s is string => !!s && s !== name.en);
  return others.length ? `${name.en} (${others.join(' · ')})` : name.en;
}

function ordinal(n: number): string {
  const suffix =
    n % 100 >= 11 && n % 100 <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const RELATIONS: Record<string, string> = {
  sister_city: 'sister-city partnership',
  sister_county: 'sister-county partnership',
  friendship: 'friendship partnership',
};

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
}

/** English text of a reminder, with the record's names in their own scripts. */
export function renderReminder({
  target,
  description: d,
  targetAt,
  zone,
  recipientName,
}: RenderInput): ReminderMessage {
  const name = fullName(d.name);
  const when = formatInstant(targetAt, zone);
  const yourZone = ` (your time zone, ${zone})`;
  const venue =
    d.placeZone && d.placeZone !== zone
      ? ` Local time${d.place ? ` in ${fullName(d.place)}` : ''}: ${formatInstant(targetAt, d.placeZone)}.`
      : '';
  const date = d.date
    ? formatDateOnly(d.date)
    : formatDateOnly(localDate(targetAt, d.placeZone ?? zone));
  let title: string;
  let body: string;
  switch (target) {
    case 'program.startsAt':
      title = `Reminder: ${name} starts on ${when}`;
      body = `${name} starts on ${when}${yourZone}.${venue}`;
      break;
    case 'program.registrationDeadline':
      title = `Reminder: registration for ${name} closes on ${when}`;
      body = `Registration for ${name} closes on ${when}${yourZone}.${venue} Register your participants before then.`;
      break;
    case 'scholarship.closesAt':
      title = `Reminder: applications for ${name} close on ${when}`;
      body = `Applications for ${name} close on ${when}${yourZone}. Draft applications are not considered: submit them before then.`;
      break;
    case 'milestone.dueOn':
      title = `Reminder: milestone “${d.subtitle ?? ''}” of ${name} is due on ${date}`;
      body = `Milestone “${d.subtitle ?? ''}” of the aid project ${name}${d.place ? ` in ${fullName(d.place)}` : ''} is due on ${date}.`;
      break;
    case 'organization.registrationExpiresOn':
      title = `Reminder: the registration of ${name} expires on ${date}`;
      body = `The registration of ${name} with Silkbridge expires on ${date}. A coordinator must renew it before then for its members to keep making changes.`;
      break;
    case 'partnership.anniversary': {
      const years = d.anchor ? yearsSince(d.anchor, targetAt, d.placeZone ?? zone) : 0;
      const relation = RELATIONS[d.relation ?? ''] ?? 'partnership';
      title = `Reminder: ${ordinal(years)} anniversary of the ${name} ${relation} on ${date}`;
      body = `The ${name} ${relation}${d.anchor ? `, established on ${formatDateOnly(d.anchor)},` : ''} turns ${years} on ${date}.`;
      break;
    }
  }
  const emailText = `Hello ${recipientName},\n\n${body}\n\n-- \nSilkbridge (China–Pakistan people-to-people exchange)\nThis is an automatic reminder; you receive it because of your role in this record.\n`;
  return { title, body, emailText };
}
