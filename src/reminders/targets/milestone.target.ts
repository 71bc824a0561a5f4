import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import { dateOnlyAt, zoneForCountry } from '../../common/time/time-zones';
import {
  byRecord,
  FOR_EACH_RECORD,
  idsByRecord,
  MEMBERS_OF,
  Queryable,
  TargetDescription,
  TargetProvider,
} from './target-provider';
import type { TargetState } from './target-state';

/**
 * An aid project milestone's due date, at 09:00 where the project is (its city's country; UTC
 * without a city). Closed once completed or when the project is completed or cancelled.
 */
export class MilestoneDueOnTarget implements TargetProvider {
  readonly target = 'milestone.dueOn' as const;
  readonly entityType: DatedEntityType = 'milestone';

  async resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>> {
    const rows: { id: string; due_on: string; country: string | null }[] = await db.query(
      `SELECT m.id, m.due_on::text AS due_on, c.country FROM milestones m
         JOIN aid_projects ap ON ap.id = m.project_id LEFT JOIN cities c ON c.id = ap.city_id
        WHERE m.id = ANY($1::uuid[]) AND m.completed_at IS NULL AND ap.status IN ('pipeline', 'implementation')`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { kind: 'once', at: dateOnlyAt(r.due_on, zoneForCountry(r.country)) },
      ]),
    );
  }

  async candidates(
    db: Queryable,
    afterId: string | null,
    limit: number,
    notBefore: Date,
  ): Promise<string[]> {
    // A day of slack for the zones; the exact instant is computed by resolve().
    const rows: { id: string }[] = await db.query(
      `SELECT m.id FROM milestones m JOIN aid_projects ap ON ap.id = m.project_id
        WHERE m.completed_at IS NULL AND ap.status IN ('pipeline', 'implementation')
          AND m.due_on >= ($1::timestamptz AT TIME ZONE 'UTC')::date - 1 AND ($2::uuid IS NULL OR m.id > $2)
        ORDER BY m.id LIMIT $3`,
      [notBefore, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The project's coordinator and the members of its implementing organisations. */
  async recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { record_id: string; id: string }[] = await db.query(
      FOR_EACH_RECORD(`
        SELECT ap.coordinator_id AS id FROM milestones m JOIN aid_projects ap ON ap.id = m.project_id
         WHERE m.id = rec.id AND ap.coordinator_id IS NOT NULL
        UNION
        ${MEMBERS_OF(`SELECT apo.organization_id FROM aid_project_organizations apo JOIN milestones m ON m.project_id = apo.project_id
                       WHERE m.id = rec.id AND apo.role = 'implementing'`)}`),
      [ids],
    );
    return idsByRecord(rows);
  }

  async describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>> {
    const rows: {
      record_id: string;
      title: string;
      project: TargetDescription['name'];
      due_on: string;
      names: TargetDescription['name'] | null;
      country: string | null;
    }[] = await db.query(
      `SELECT m.id AS record_id, m.title, ap.title AS project, m.due_on::text AS due_on, c.names, c.country
         FROM milestones m JOIN aid_projects ap ON ap.id = m.project_id LEFT JOIN cities c ON c.id = ap.city_id
        WHERE m.id = ANY($1::uuid[])`,
      [ids],
    );
    return byRecord(rows, (m) => ({
      name: m.project,
      subtitle: m.title,
      date: m.due_on,
      place: m.names,
      placeZone: zoneForCountry(m.country),
    }));
  }
}
