import type { SqlRunner } from '../../common/database/prepared-queries';
import type { I18nName } from '../../common/i18n-name/i18n-name.dto';
import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import type { TargetState } from './target-state';

export const REMINDER_TARGETS = [
  'scholarship.closesAt',
  'program.startsAt',
  'program.registrationDeadline',
  'milestone.dueOn',
  'organization.registrationExpiresOn',
  'partnership.anniversary',
] as const;
export type ReminderTarget = (typeof REMINDER_TARGETS)[number];

/** Anything that runs SQL (the kernel's {@link SqlRunner}), under the name reminders use. */
export type Queryable = SqlRunner;

/** What a reminder's text says about its record; names stay in their own scripts. */
export interface TargetDescription {
  /** The record's multilingual name (program title, scholarship name, organisation name...). */
  name: I18nName;
  /** A plain-text name in front of it (a milestone's title), if any. */
  subtitle?: string | null;
  /** Where it happens, and the zone of the place (for "local time at the venue"). */
  place?: I18nName | null;
  placeZone?: string | null;
  /** Calendar date of date-only targets (`YYYY-MM-DD`), shown as a date rather than a time. */
  date?: string | null;
  /** Yearly targets: the founding date and the kind of relation (e.g. `sister_city`). */
  anchor?: string | null;
  relation?: string | null;
}

/**
 * One dated field of one kind of record. Providers read other domains' tables directly (their
 * schema is fixed by the initial migration) and hold no state; every method takes the connection
 * or transaction to use.
 */
export interface TargetProvider {
  readonly target: ReminderTarget;
  readonly entityType: DatedEntityType;
  /** Current state of each record; a closed or missing record is absent from the map. */
  resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>>;
  /** Open records whose target may still be at or after `notBefore`, keyset-paged by id. */
  candidates(
    db: Queryable,
    afterId: string | null,
    limit: number,
    notBefore: Date,
  ): Promise<string[]>;
  /**
   * Users to remind by default, per record (ids; inactive users are filtered by the caller). A
   * record without any is absent from the map.
   */
  recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>>;
  /** What each record's reminder says; a missing record is absent from the map. */
  describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>>;
}

/**
 * Runs `perRecord` (SQL answering one record's rows, which refers to the record's id as
 * `rec.id`) for every id in `$1` in one statement, as `(record_id, …its columns)`. Set-based, so
 * a batch of reminders costs one round trip per provider, not one per record.
 */
export const FOR_EACH_RECORD = (perRecord: string) =>
  `SELECT rec.id AS record_id, x.* FROM unnest($1::uuid[]) AS rec(id) CROSS JOIN LATERAL (${perRecord}) x`;

/** `{record_id, id}` rows grouped by record: the recipients' ids of each record. */
export function idsByRecord(rows: { record_id: string; id: string }[]): Map<string, string[]> {
  const byRecord = new Map<string, string[]>();
  for (const r of rows) {
    const ids = byRecord.get(r.record_id);
    if (ids) ids.push(r.id);
    else byRecord.set(r.record_id, [r.id]);
  }
  return byRecord;
}

/** One value per record from rows carrying a `record_id`. */
export function byRecord<R extends { record_id: string }, T>(
  rows: R[],
  toValue: (row: R) => T,
): Map<string, T> {
  return new Map(rows.map((r) => [r.record_id, toValue(r)]));
}

/** Active members of approved organisations, by organisation ids (a sub-select returning ids). */
export const MEMBERS_OF = (orgIdsSql: string) => `
  SELECT u.id FROM users u JOIN organizations o ON o.id = u.organization_id
   WHERE u.role = 'ngo_member' AND u.is_active AND o.status = 'approved' AND u.organization_id IN (${orgIdsSql})`;

/** All active coordinators. */
export const COORDINATORS = `SELECT id FROM users WHERE role = 'coordinator' AND is_active`;
