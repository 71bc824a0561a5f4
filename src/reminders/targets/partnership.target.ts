import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import { zoneForCountry } from '../../common/time/time-zones';
import {
  byRecord,
  COORDINATORS,
  FOR_EACH_RECORD,
  idsByRecord,
  Queryable,
  TargetDescription,
  TargetProvider,
} from './target-provider';
import type { TargetState } from './target-state';

/**
 * Each anniversary of an active partnership's `established_on`, at 09:00 in the zone of its
 * first city (`city_a`). After one is delivered the next year's is scheduled.
 */
export class PartnershipAnniversaryTarget implements TargetProvider {
  readonly target = 'partnership.anniversary' as const;
  readonly entityType: DatedEntityType = 'partnership';

  async resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>> {
    const rows: { id: string; established_on: string; country: string }[] = await db.query(
      `SELECT p.id, p.established_on::text AS established_on, c.country FROM partnerships p JOIN cities c ON c.id = p.city_a_id
        WHERE p.id = ANY($1::uuid[]) AND p.status = 'active' AND p.established_on IS NOT NULL`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { kind: 'yearly', anchor: r.established_on, zone: zoneForCountry(r.country) },
      ]),
    );
  }

  async candidates(db: Queryable, afterId: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM partnerships WHERE status = 'active' AND established_on IS NOT NULL AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Coordinators (they manage partnerships). */
  async recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { record_id: string; id: string }[] = await db.query(
      FOR_EACH_RECORD(COORDINATORS),
      [ids],
    );
    return idsByRecord(rows);
  }

  async describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>> {
    const rows: {
      record_id: string;
      a: TargetDescription['name'];
      b: TargetDescription['name'];
      kind: string;
      established_on: string;
      country: string;
    }[] = await db.query(
      `SELECT p.id AS record_id, ca.names AS a, cb.names AS b, p.kind, p.established_on::text AS established_on, ca.country
         FROM partnerships p JOIN cities ca ON ca.id = p.city_a_id JOIN cities cb ON cb.id = p.city_b_id
        WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    const join = (x?: string, y?: string) => (x && y ? `${x}–${y}` : undefined);
    return byRecord(rows, (p) => ({
      name: { en: `${p.a.en}–${p.b.en}`, zh: join(p.a.zh, p.b.zh), ur: join(p.a.ur, p.b.ur) },
      anchor: p.established_on,
      relation: p.kind,
      placeZone: zoneForCountry(p.country),
    }));
  }
}
