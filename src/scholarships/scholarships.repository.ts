import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { EligibilityRules, ScholarshipEntity, ScholarshipLevel } from './scholarship.entity';

/** The fields of a scheme a PATCH may change. */
export interface ScholarshipChanges {
  name: I18nName;
  level: ScholarshipLevel;
  quota: number;
  stipendAmount: string;
  stipendCurrency: string;
  opensAt: Date;
  closesAt: Date;
  sponsorOrganizationId: string | null;
  hostInstitution: string | null;
  description: string | null;
  eligibility: EligibilityRules;
}

const SCHOLARSHIP_COLUMNS: ColumnMap<ScholarshipChanges> = {
  name: 'name',
  level: 'level',
  quota: 'quota',
  stipendAmount: 'stipend_amount',
  stipendCurrency: 'stipend_currency',
  opensAt: 'opens_at',
  closesAt: 'closes_at',
  sponsorOrganizationId: 'sponsor_organization_id',
  hostInstitution: 'host_institution',
  description: 'description',
  eligibility: 'eligibility',
};

/** Catalogue filters; `openAt` set: open (or, with `open` false, not open) at that time. */
export interface ScholarshipFilters {
  /** LIKE pattern on search_text, already escaped and lower-cased */
  /** `?q=` as the user typed it (folded in SQL). */
  search?: string;
  level?: ScholarshipLevel;
  sponsorOrganizationId?: string;
  open?: { at: Date; is: boolean };
}

/** Participant facts the applications use (participants belong to another domain: raw SQL). */
export interface ParticipantFacts {
  id: string;
  organizationId: string | null;
  nationality: string;
  dateOfBirth: string | null;
  gender: string | null;
  organizationType: string | null;
}

/** Thin access to `scholarships` and the facts of other domains it needs. */
@Injectable()
export class ScholarshipsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `manager` undefined: outside a transaction. */
  async find(manager: EntityManager | undefined, id: string): Promise<ScholarshipEntity> {
    const s = await (manager ?? this.dataSource.manager)
      .getRepository(ScholarshipEntity)
      .findOneBy({ id });
    if (!s) throw new NotFoundError('Scholarship');
    return s;
  }

  /**
   * Locks the scheme row for the rest of the transaction (SELECT … FOR NO KEY UPDATE: the
   * FOR UPDATE variant that still lets other transactions insert applications referencing the
   * scheme). Every change of `awarded_count` or `quota` takes this lock first, so awards are
   * serialised per scheme and each one sees the count the previous one committed.
   */
  async lock(manager: EntityManager, id: string): Promise<ScholarshipEntity> {
    const s = await manager
      .getRepository(ScholarshipEntity)
      .createQueryBuilder('s')
      .where('s.id = :id', { id })
      .setLock('for_no_key_update')
      .getOne();
    if (!s) throw new NotFoundError('Scholarship');
    return s;
  }

  async insert(m: EntityManager, values: Partial<ScholarshipEntity>): Promise<ScholarshipEntity> {
    const repo = m.getRepository(ScholarshipEntity);
    const inserted = await repo.insert(values);
    return repo.findOneByOrFail({ id: inserted.identifiers[0].id as string });
  }

  /** A page of the catalogue (query builder: a replica read outside a transaction). */
  async list(filters: ScholarshipFilters, page: PageQueryDto): Promise<Page<ScholarshipEntity>> {
    const qb = this.dataSource.getRepository(ScholarshipEntity).createQueryBuilder('s');
    if (filters.search)
      qb.andWhere(searchMatch('s.search_text'), { q: searchTerm(filters.search) });
    if (filters.level) qb.andWhere('s.level = :level', { level: filters.level });
    if (filters.sponsorOrganizationId)
      qb.andWhere('s.sponsor_organization_id = :sponsor', {
        sponsor: filters.sponsorOrganizationId,
      });
    if (filters.open?.is === true)
      qb.andWhere('s.opens_at <= :at AND s.closes_at >= :at', { at: filters.open.at });
    if (filters.open?.is === false)
      qb.andWhere('NOT (s.opens_at <= :at AND s.closes_at >= :at)', { at: filters.open.at });
    return paginate(qb, page, (s) => s);
  }

  /** Optimistic update of the given fields (404 / 409 VERSION_CONFLICT from updateVersioned). */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<ScholarshipChanges>,
  ): Promise<void> {
    const set = toColumns(SCHOLARSHIP_COLUMNS, changes);
    for (const json of ['name', 'eligibility'])
      if (set[json] !== undefined) set[json] = JSON.stringify(set[json]);
    await updateVersioned(m, 'scholarships', id, expectedVersion, set, 'Scholarship');
  }

  /** Adds `delta` (+1 award, -1 decline) to the places taken. */
  async addAwarded(manager: EntityManager, id: string, delta: 1 | -1): Promise<void> {
    await manager.query(
      `UPDATE scholarships SET awarded_count = awarded_count + $2, updated_at = now() WHERE id = $1`,
      [id, delta],
    );
  }

  /**
   * A participant, scoped like the applications: an ngo_member reaches only its own
   * organisation's participants (`organizationId` set), staff reach everyone. Erased people
   * are not found.
   */
  async findParticipant(
    manager: EntityManager,
    id: string,
    organizationId?: string,
  ): Promise<ParticipantFacts | null> {
    const rows: {
      id: string;
      organization_id: string | null;
      nationality: string;
      dob: string | null;
      gender: string | null;
      org_type: string | null;
    }[] = await manager.query(
      `SELECT p.id, p.organization_id, p.nationality, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, p.gender, o.type AS org_type
         FROM participants p LEFT JOIN organizations o ON o.id = p.organization_id
        WHERE p.id = $1 AND p.erased_at IS NULL AND ($2::uuid IS NULL OR p.organization_id = $2::uuid)`,
      [id, organizationId ?? null],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      organizationId: r.organization_id,
      nationality: r.nationality.trim(),
      dateOfBirth: r.dob,
      gender: r.gender,
      organizationType: r.org_type,
    };
  }

  async organizationExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM organizations WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
