import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { PartnershipCityResponse } from './dto/partnership.dto';

export interface ActivityRow {
  partnershipId: string;
  programCount: number;
  lastActivityAt: Date | null;
}

/** Set-based reads the partnership service needs; no rules here. */
@Injectable()
export class PartnershipsRepository {
  /** Cities by id (names and country only). */
  async citiesByIds(
    m: EntityManager,
    ids: string[],
  ): Promise<Map<string, PartnershipCityResponse>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; names: I18nName; country: string }[] = await m.query(
      `SELECT id, names, country FROM cities WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, names: r.names, country: r.country }]));
  }

  /**
   * Per partnership: how many programs it has, and when the latest one that already started
   * (not cancelled) began. Uses programs_partnership_idx (partnership_id, starts_at).
   */
  async activity(m: EntityManager, ids: string[], now: Date): Promise<Map<string, ActivityRow>> {
    if (ids.length === 0) return new Map();
    const rows: { partnership_id: string; n: number; last: Date | null }[] = await m.query(
      `SELECT partnership_id, count(*)::int AS n,
              max(starts_at) FILTER (WHERE status <> 'cancelled' AND starts_at <= $2) AS last
         FROM programs WHERE partnership_id = ANY($1::uuid[]) GROUP BY partnership_id`,
      [ids, now],
    );
    return new Map(
      rows.map((r) => [
        r.partnership_id,
        { partnershipId: r.partnership_id, programCount: r.n, lastActivityAt: r.last },
      ]),
    );
  }

  /** The partnership of this pair in either order, if any (uses partnerships_pair_uq). */
  async findPair(m: EntityManager, cityA: string, cityB: string): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM partnerships
        WHERE LEAST(city_a_id, city_b_id) = LEAST($1::uuid, $2::uuid)
          AND GREATEST(city_a_id, city_b_id) = GREATEST($1::uuid, $2::uuid)`,
      [cityA, cityB],
    );
    return rows[0]?.id ?? null;
  }

  async existingCityIds(m: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM cities WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
