import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
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

/** A scholarship's closing time; reminds the organisations that still hold draft applications. */
export class ScholarshipClosesAtTarget implements TargetProvider {
  readonly target = 'scholarship.closesAt' as const;
  readonly entityType: DatedEntityType = 'scholarship';

  async resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>> {
    const rows: { id: string; closes_at: Date }[] = await db.query(
      `SELECT id, closes_at FROM scholarships WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { kind: 'once', at: new Date(r.closes_at) }]));
  }

  async candidates(
    db: Queryable,
    afterId: string | null,
    limit: number,
    notBefore: Date,
  ): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM scholarships WHERE closes_at >= $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [notBefore, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Members of the organisations that still hold draft applications. */
  async recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { record_id: string; id: string }[] = await db.query(
      FOR_EACH_RECORD(
        MEMBERS_OF(`SELECT COALESCE(a.organization_id, pa.organization_id) FROM scholarship_applications a
                     JOIN participants pa ON pa.id = a.participant_id
                    WHERE a.scholarship_id = rec.id AND a.status = 'draft'`),
      ),
      [ids],
    );
    return idsByRecord(rows);
  }

  async describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>> {
    const rows: { record_id: string; name: TargetDescription['name'] }[] = await db.query(
      `SELECT id AS record_id, name FROM scholarships WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return byRecord(rows, (s) => ({ name: s.name }));
  }
}
