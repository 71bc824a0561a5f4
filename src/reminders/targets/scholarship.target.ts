import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import { MEMBERS_OF, Queryable, TargetDescription, TargetProvider } from './target-provider';
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

  async recipients(db: Queryable, id: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      MEMBERS_OF(`SELECT COALESCE(a.organization_id, pa.organization_id) FROM scholarship_applications a
                   JOIN participants pa ON pa.id = a.participant_id
                  WHERE a.scholarship_id = $1 AND a.status = 'draft'`),
      [id],
    );
    return rows.map((r) => r.id);
  }

  async describe(db: Queryable, id: string): Promise<TargetDescription | null> {
    const rows: { name: TargetDescription['name'] }[] = await db.query(
      `SELECT name FROM scholarships WHERE id = $1`,
      [id],
    );
    return rows[0] ? { name: rows[0].name } : null;
  }
}
