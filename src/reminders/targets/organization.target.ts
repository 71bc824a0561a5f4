import type { DatedEntityType } from '../../common/outbox/dated-record-outbox';
import { dateOnlyAt, zoneForCountry } from '../../common/time/time-zones';
import {
  byRecord,
  COORDINATORS,
  FOR_EACH_RECORD,
  idsByRecord,
  MEMBERS_OF,
  Queryable,
  TargetDescription,
  TargetProvider,
} from './target-provider';
import type { TargetState } from './target-state';

/** When an approved organisation's registration expires, at 09:00 in its country. */
export class OrganizationRegistrationExpiresOnTarget implements TargetProvider {
  readonly target = 'organization.registrationExpiresOn' as const;
  readonly entityType: DatedEntityType = 'organization';

  async resolve(db: Queryable, ids: string[]): Promise<Map<string, TargetState>> {
    const rows: { id: string; expires_on: string; country: string }[] = await db.query(
      `SELECT id, registration_expires_on::text AS expires_on, country FROM organizations
        WHERE id = ANY($1::uuid[]) AND status = 'approved' AND registration_expires_on IS NOT NULL`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { kind: 'once', at: dateOnlyAt(r.expires_on, zoneForCountry(r.country)) },
      ]),
    );
  }

  async candidates(
    db: Queryable,
    afterId: string | null,
    limit: number,
    notBefore: Date,
  ): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM organizations WHERE status = 'approved' AND registration_expires_on >= ($1::timestamptz AT TIME ZONE 'UTC')::date - 1
          AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [notBefore, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Its own members and every coordinator (who renews approvals). */
  async recipients(db: Queryable, ids: string[]): Promise<Map<string, string[]>> {
    const rows: { record_id: string; id: string }[] = await db.query(
      FOR_EACH_RECORD(`${MEMBERS_OF('SELECT rec.id')} UNION ${COORDINATORS}`),
      [ids],
    );
    return idsByRecord(rows);
  }

  async describe(db: Queryable, ids: string[]): Promise<Map<string, TargetDescription>> {
    const rows: {
      record_id: string;
      name: TargetDescription['name'];
      expires_on: string | null;
      country: string;
    }[] = await db.query(
      `SELECT id AS record_id, name, registration_expires_on::text AS expires_on, country
         FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return byRecord(rows, (o) => ({
      name: o.name,
      date: o.expires_on,
      placeZone: zoneForCountry(o.country),
    }));
  }
}
