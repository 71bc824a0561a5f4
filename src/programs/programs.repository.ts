import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { ProgramEntity, ProgramStatus, ProgramType } from './program.entity';

/** The fields of a program a PATCH may change. */
export interface ProgramChanges {
  title: I18nName;
  type: ProgramType;
  description: string | null;
  partnershipId: string | null;
  cityId: string | null;
  timeZone: string;
  capacity: number;
  status: ProgramStatus;
  startsAt: Date;
  endsAt: Date;
  registrationDeadline: Date;
}

const PROGRAM_COLUMNS: ColumnMap<ProgramChanges> = {
  title: 'title',
  type: 'type',
  description: 'description',
  partnershipId: 'partnership_id',
  cityId: 'city_id',
  timeZone: 'time_zone',
  capacity: 'capacity',
  status: 'status',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  registrationDeadline: 'registration_deadline',
};

/** Catalogue filters, already resolved to values (the service decides what a date means). */
export interface ProgramFilters {
  status?: ProgramStatus;
  type?: ProgramType;
  partnershipId?: string;
  cityId?: string;
  /** ends_at >= endsFrom */
  endsFrom?: Date;
  /** starts_at before the end of this UTC day (YYYY-MM-DD) */
  startsOnOrBeforeDay?: string;
  /** starts_at <= startsUntil */
  startsUntil?: Date;
  /** LIKE pattern on search_text, already escaped and lower-cased */
  /** `?q=` as the user typed it (folded in SQL). */
  search?: string;
}

/**
 * Programs, their seats counter and the organisations taking part. Reads without a manager
 * use the default one, so query-builder reads go to a replica and raw reads to the primary,
 * as before.
 */
@Injectable()
export class ProgramsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a program and returns it as stored. */
  async insert(m: EntityManager, values: Partial<ProgramEntity>): Promise<ProgramEntity> {
    const repo = m.getRepository(ProgramEntity);
    const program = repo.create(values);
    await repo.insert(program);
    return repo.findOneByOrFail({ id: program.id });
  }

  async findById(id: string, m: EntityManager = this.dataSource.manager) {
    return m.getRepository(ProgramEntity).findOneBy({ id });
  }

  async findByIdOrFail(m: EntityManager, id: string): Promise<ProgramEntity> {
    return m.getRepository(ProgramEntity).findOneByOrFail({ id });
  }

  /** Whether the program exists (a primary read, as the registrations list always did). */
  async exists(id: string, m: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM programs WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** A page of the catalogue by start time. */
  async list(filters: ProgramFilters, page: PageQueryDto): Promise<Page<ProgramEntity>> {
    const qb = this.dataSource.getRepository(ProgramEntity).createQueryBuilder('p');
    if (filters.status) qb.andWhere('p.status = :status', { status: filters.status });
    if (filters.type) qb.andWhere('p.type = :type', { type: filters.type });
    if (filters.partnershipId)
      qb.andWhere('p.partnership_id = :partnershipId', { partnershipId: filters.partnershipId });
    if (filters.cityId) qb.andWhere('p.city_id = :cityId', { cityId: filters.cityId });
    if (filters.endsFrom) qb.andWhere('p.ends_at >= :from', { from: filters.endsFrom });
    if (filters.startsOnOrBeforeDay)
      qb.andWhere(`p.starts_at < (:to::date + 1)::timestamp AT TIME ZONE 'UTC'`, {
        to: filters.startsOnOrBeforeDay,
      });
    if (filters.startsUntil) qb.andWhere('p.starts_at <= :to', { to: filters.startsUntil });
    if (filters.search)
      qb.andWhere(searchMatch('p.search_text'), { q: searchTerm(filters.search) });
    return paginate(qb, page, (p) => p, { column: 'starts_at' });
  }

  /** Locks the program row (SELECT … FOR UPDATE): every seat change holds this lock. */
  async lock(m: EntityManager, programId: string): Promise<ProgramEntity | null> {
    return m
      .getRepository(ProgramEntity)
      .findOne({ where: { id: programId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Optimistic update of the given fields (404 / 409 VERSION_CONFLICT from updateVersioned). */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<ProgramChanges>,
  ): Promise<void> {
    const set = toColumns(PROGRAM_COLUMNS, changes);
    if (set.title !== undefined) set.title = JSON.stringify(set.title);
    await updateVersioned(m, 'programs', id, expectedVersion, set, 'Program');
  }

  /** confirmed_count += delta; the check constraint refuses anything beyond capacity. */
  async addConfirmed(m: EntityManager, programId: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await m.query(`UPDATE programs SET confirmed_count = confirmed_count + $2 WHERE id = $1`, [
      programId,
      delta,
    ]);
  }

  /** Records that the organisation takes part in the program (idempotent). */
  async addOrganization(
    m: EntityManager,
    programId: string,
    organizationId: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO program_organizations (program_id, organization_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [programId, organizationId],
    );
  }

  /** Drops the organisations not in `keep`, except those with an active registration. */
  async removeOrganizationsExcept(
    m: EntityManager,
    programId: string,
    keep: string[],
  ): Promise<void> {
    await m.query(
      `DELETE FROM program_organizations po
        WHERE po.program_id = $1 AND NOT (po.organization_id = ANY($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.program_id = po.program_id
                            AND r.organization_id = po.organization_id AND r.status <> 'cancelled')`,
      [programId, keep],
    );
  }

  /** The (program, organisation) links of these programs, optionally of one organisation only. */
  async organizationLinks(
    programIds: string[],
    onlyOrganizationId: string | null | undefined,
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ programId: string; organizationId: string }[]> {
    const params: unknown[] = [programIds];
    let sql = `SELECT program_id, organization_id FROM program_organizations WHERE program_id = ANY($1::uuid[])`;
    if (onlyOrganizationId !== undefined) {
      params.push(onlyOrganizationId);
      sql += ` AND organization_id = $2`;
    }
    const rows: { program_id: string; organization_id: string }[] = await m.query(
      `${sql} ORDER BY organization_id`,
      params,
    );
    return rows.map((r) => ({ programId: r.program_id, organizationId: r.organization_id }));
  }

  // References to other domains' records, checked inside the program's transaction. These read
  // the owners' tables until their lookup ports exist (issue 14).

  async partnershipExists(
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM partnerships WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async cityExists(id: string, m: EntityManager): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM cities WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The country of a city, or null when there is no such city. */
  async cityCountry(id: string, m: EntityManager): Promise<string | null> {
    const rows: { country: string }[] = await m.query(`SELECT country FROM cities WHERE id = $1`, [
      id,
    ]);
    return rows[0]?.country ?? null;
  }

  async countOrganizations(ids: string[], m: EntityManager): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows[0].n;
  }
}
