import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { searchMatch, searchTerm } from '../common/search/search-match';
import type { PartnershipCityResponse } from './dto/partnership.dto';
import { PartnershipEntity, PartnershipKind, PartnershipStatus } from './partnership.entity';

/** The fields of a partnership a PATCH may change. */
export interface PartnershipChanges {
  kind: PartnershipKind;
  status: PartnershipStatus;
  establishedOn: string | null;
  agreementSignedOn: string | null;
  focusAreas: string[];
  notes: string | null;
}

const PARTNERSHIP_COLUMNS: ColumnMap<PartnershipChanges> = {
  kind: 'kind',
  status: 'status',
  establishedOn: 'established_on',
  agreementSignedOn: 'agreement_signed_on',
  focusAreas: 'focus_areas',
  notes: 'notes',
};

/** Catalogue filters, already resolved to values (the service decides what dormant means). */
export interface PartnershipFilters {
  /** `?q=` as the user typed it (folded in SQL). */
  search?: string;
  status?: PartnershipStatus;
  kind?: PartnershipKind;
  cityId?: string;
  /**
   * Dormant (or, with `dormant: false`, not dormant): active, and the latest program that
   * started by `now` (not cancelled) began before `cutoff`, or with no such program, established
   * (else created) before `cutoffDate`.
   */
  dormant?: { dormant: boolean; now: Date; cutoff: Date; cutoffDate: string };
}

export interface ActivityRow {
  partnershipId: string;
  programCount: number;
  lastActivityAt: Date | null;
}

/**
 * Partnerships, and the set-based reads the partnership service needs; no rules here. Reads
 * without a manager use the default one, so query-builder reads go to a replica and raw reads
 * to the primary, as before.
 */
@Injectable()
export class PartnershipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager for reads outside a transaction. */
  get outsideTransaction(): EntityManager {
    return this.dataSource.manager;
  }

  /** Inserts a partnership and returns its id (a unique violation is the caller's to map). */
  async insert(m: EntityManager, values: Partial<PartnershipEntity>): Promise<string> {
    const repo = m.getRepository(PartnershipEntity);
    const entity = repo.create(values);
    await repo.insert(entity);
    return entity.id;
  }

  async findById(id: string): Promise<PartnershipEntity | null> {
    return this.dataSource.getRepository(PartnershipEntity).findOneBy({ id });
  }

  async findByIdOrFail(m: EntityManager, id: string): Promise<PartnershipEntity> {
    return m.getRepository(PartnershipEntity).findOneByOrFail({ id });
  }

  /** Locks the partnership row (SELECT … FOR UPDATE). */
  async lock(m: EntityManager, id: string): Promise<PartnershipEntity | null> {
    return m
      .getRepository(PartnershipEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Optimistic update of the given fields (404 / 409 VERSION_CONFLICT from updateVersioned). */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<PartnershipChanges>,
  ): Promise<void> {
    await updateVersioned(
      m,
      'partnerships',
      id,
      expectedVersion,
      toColumns(PARTNERSHIP_COLUMNS, changes),
      'Partnership',
    );
  }

  /** Whether the partnership exists (a primary read). */
  async exists(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM partnerships WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** A page of partnerships, oldest first. */
  async list(filters: PartnershipFilters, page: PageQueryDto): Promise<Page<PartnershipEntity>> {
    const qb = this.dataSource.getRepository(PartnershipEntity).createQueryBuilder('p');
    if (filters.search) {
      // Two index-driven look-ups (cities' trigram index, then city_a / city_b indexes).
      qb.andWhere(
        `p.id IN (SELECT pa.id FROM partnerships pa WHERE pa.city_a_id IN (SELECT c.id FROM cities c WHERE ${searchMatch('c.search_text')})
                  UNION SELECT pb.id FROM partnerships pb WHERE pb.city_b_id IN (SELECT c.id FROM cities c WHERE ${searchMatch('c.search_text')}))`,
        { q: searchTerm(filters.search) },
      );
    }
    if (filters.status) qb.andWhere('p.status = :status', { status: filters.status });
    if (filters.kind) qb.andWhere('p.kind = :kind', { kind: filters.kind });
    if (filters.cityId)
      qb.andWhere('(p.city_a_id = :cityId OR p.city_b_id = :cityId)', { cityId: filters.cityId });
    if (filters.dormant) {
      const d = filters.dormant;
      const expr = `(p.status = 'active' AND COALESCE(
        (SELECT max(pr.starts_at) FROM programs pr WHERE pr.partnership_id = p.id AND pr.status <> 'cancelled' AND pr.starts_at <= :dormantNow) < :dormantCutoff,
        COALESCE(p.established_on, (p.created_at AT TIME ZONE 'UTC')::date) < :dormantCutoffDate))`;
      qb.andWhere(d.dormant ? expr : `NOT ${expr}`, {
        dormantNow: d.now,
        dormantCutoff: d.cutoff,
        dormantCutoffDate: d.cutoffDate,
      });
    }
    return paginate(qb, page, (p) => p);
  }

  /** Active partnerships established before `day` (YYYY-MM-DD, exclusive). */
  async activeEstablishedBefore(day: string): Promise<PartnershipEntity[]> {
    return this.dataSource
      .getRepository(PartnershipEntity)
      .createQueryBuilder('p')
      .where(`p.status = 'active'`)
      .andWhere('p.established_on IS NOT NULL AND p.established_on < :to', { to: day })
      .getMany();
  }
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
