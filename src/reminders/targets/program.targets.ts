import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import {
  byRecord,
  FOR_EACH_RECORD,
  idsByRecord,
  MEMBERS_OF,
  Queryable,
  ReminderTarget,
  TargetDescription,
  TargetProvider,
} from './target-provider';
import type { TargetState } from './target-state';

/** Programs remind while `planned` or `open`; in progress, completed or cancelled ones are closed. */
const OPEN = `status IN ('planned', 'open')`;

abstract class ProgramTarget implements TargetProvider {
  abstract readonly target: ReminderTarget;
  readonly entityType: DatedEntityType = 'program';
  protected abstract readonly column: 'starts_at' | 'registration_deadline';

  async resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>> {
    const rows: { id: string; at: Date }[] = await db.query(
      `SELECT id, ${this.column} AS at FROM programs WHERE id = ANY($1::uuid[]) AND ${OPEN}`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { kind: 'once', at: new Date(r.at) }]));
  }

  async candidates(
    db: Queryable,
    afterId: string | null,
    limit: number,
    notBefore: Date,
  ): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM programs WHERE ${OPEN} AND ${this.column} >= $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [notBefore, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** The program's coordinator and the members of every organisation with a live registration. */
  async recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { record_id: string; id: string }[] = await db.query(
      FOR_EACH_RECORD(`
        SELECT coordinator_id AS id FROM programs WHERE id = rec.id
        UNION
        ${MEMBERS_OF(`SELECT COALESCE(r.organization_id, pa.organization_id) FROM registrations r
                        JOIN participants pa ON pa.id = r.participant_id
                       WHERE r.program_id = rec.id AND r.status <> 'cancelled'`)}`),
      [ids],
    );
    return idsByRecord(rows);
  }

  async describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>> {
    const rows: {
      record_id: string;
      title: TargetDescription['name'];
      time_zone: string;
      names: TargetDescription['name'] | null;
    }[] = await db.query(
      `SELECT p.id AS record_id, p.title, p.time_zone, c.names
         FROM programs p LEFT JOIN cities c ON c.id = p.city_id WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    return byRecord(rows, (p) => ({ name: p.title, place: p.names, placeZone: p.time_zone }));
  }
}

export class ProgramStartsAtTarget extends ProgramTarget {
  readonly target = 'program.startsAt' as const;
  protected readonly column = 'starts_at' as const;
}

export class ProgramRegistrationDeadlineTarget extends ProgramTarget {
  readonly target = 'program.registrationDeadline' as const;
  protected readonly column = 'registration_deadline' as const;
}
