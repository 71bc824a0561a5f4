import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { KeyWindow, Page, PageQueryDto, paginate } from '../common/pagination';
import { searchMatch, searchTerm } from '../common/search/search-match';
import { confinedOrganization } from '../common/tenancy/tenant-scope';
import { Gender, ParticipantEntity } from './participant.entity';
import type { ValidRow } from './participant-rules';

/** Organisation key of the de-duplication indexes (`coalesce(organization_id, zero uuid)`). */
export const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/** The fields of a participant an update may change (`nameKey` follows `fullName`). */
export interface ParticipantChanges {
  organizationId: string | null;
  fullName: string;
  nameKey: string;
  nativeName: string | null;
  email: string | null;
  phone: string | null;
  nationality: string;
  gender: Gender | null;
  dateOfBirth: string | null;
}

const PARTICIPANT_COLUMNS: ColumnMap<ParticipantChanges> = {
  organizationId: 'organization_id',
  fullName: 'full_name',
  nameKey: 'name_key',
  nativeName: 'native_name',
  email: 'email',
  phone: 'phone',
  nationality: 'nationality',
  gender: 'gender',
  dateOfBirth: 'date_of_birth',
};

/** List and export filters (never erased people). */
export interface ParticipantFilters {
  organizationId?: string;
  nationality?: string;
  /** `?q=` as the user typed it (folded in SQL). */
  search?: string;
}

/** A row of an import batch: a validated CSV row with the id the importer chose. */
export type ImportedParticipant = ValidRow & { id: string };

/** What the audit trail keeps of an imported participant (no personal data). */
export interface ImportedParticipantFacts {
  id: string;
  organizationId: string | null;
  nationality: string;
  gender: Gender | null;
  hasEmail: boolean;
  hasPhone: boolean;
  hasDateOfBirth: boolean;
}

/**
 * The one way into the participants table. {@link scoped} confines an ngo_member to its own
 * organisation's people; every read, write, import and export of this domain starts from it,
 * so another organisation's participant is simply not there (404).
 */
@Injectable()
export class ParticipantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The manager for reads outside a transaction: its raw queries go to the primary, its query
   * builders to a replica.
   */
  get outsideTransaction(): EntityManager {
    return this.dataSource.manager;
  }

  /** Participants the actor may see (alias `p`). */
  scoped(manager: EntityManager, actor: Actor): SelectQueryBuilder<ParticipantEntity> {
    const qb = manager.getRepository(ParticipantEntity).createQueryBuilder('p');
    const own = confinedOrganization(actor);
    if (own) qb.andWhere('p.organization_id = :__tenantOrg', { __tenantOrg: own });
    return qb;
  }

  /** The participant if the actor may see it (optionally row-locked), else 404 NOT_FOUND. */
  async findVisible(
    manager: EntityManager,
    actor: Actor,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ParticipantEntity> {
    const qb = this.scoped(manager, actor).andWhere('p.id = :id', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    const found = await qb.getOne();
    if (!found) throw new NotFoundError('Participant');
    return found;
  }

  /** Inserts a participant and returns it as stored. */
  async insert(m: EntityManager, values: Partial<ParticipantEntity>): Promise<ParticipantEntity> {
    const repo = m.getRepository(ParticipantEntity);
    const entity = repo.create(values);
    await repo.insert(entity);
    return repo.findOneByOrFail({ id: entity.id });
  }

  /**
   * A page of the actor's live participants matching the filters, read window by window when
   * given (a search reads year by year: search-years.ts).
   */
  async list(
    actor: Actor,
    filters: ParticipantFilters,
    page: PageQueryDto,
    windows?: readonly KeyWindow[],
  ): Promise<Page<ParticipantEntity>> {
    return paginate(this.filtered(this.dataSource.manager, actor, filters), page, (p) => p, {
      windows,
    });
  }

  /** Scoped, filtered query shared by the list and the CSV export. */
  private filtered(
    manager: EntityManager,
    actor: Actor,
    filters: ParticipantFilters,
  ): SelectQueryBuilder<ParticipantEntity> {
    const qb = this.scoped(manager, actor).andWhere('p.erased_at IS NULL');
    if (filters.organizationId)
      qb.andWhere('p.organization_id = :org', { org: filters.organizationId });
    if (filters.nationality) qb.andWhere('p.nationality = :nat', { nat: filters.nationality });
    if (filters.search)
      qb.andWhere(searchMatch('p.search_text'), { q: searchTerm(filters.search) });
    return qb;
  }

  /**
   * Up to `limit` of the actor's live participants matching the filters, in (created_at, id)
   * order after participant `after` (from the start when null): the CSV export's keyset pages.
   */
  async exportPage(
    actor: Actor,
    filters: ParticipantFilters,
    after: string | null,
    limit: number,
  ): Promise<ParticipantEntity[]> {
    const qb = this.filtered(this.dataSource.manager, actor, filters)
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(limit);
    if (after)
      qb.andWhere(
        '(p.created_at, p.id) > (SELECT c.created_at, c.id FROM participants c WHERE c.id = :__after)',
        { __after: after },
      );
    return qb.getMany();
  }

  /**
   * Optimistic update of the given fields within the actor's tenancy (404 / 409
   * VERSION_CONFLICT from updateVersioned).
   */
  async update(
    m: EntityManager,
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<ParticipantChanges>,
  ): Promise<void> {
    await updateVersioned(
      m,
      'participants',
      id,
      expectedVersion,
      toColumns(PARTICIPANT_COLUMNS, changes),
      'Participant',
      this.writeScope(actor),
    );
  }

  /**
   * Inserts an import batch in one statement. Rows the unique indexes refuse are skipped,
   * including a repeat of an earlier row of the same batch; returns the rows inserted.
   */
  async insertImported(
    m: EntityManager,
    rows: ImportedParticipant[],
  ): Promise<ImportedParticipantFacts[]> {
    if (rows.length === 0) return [];
    const col = <K extends keyof ImportedParticipant>(k: K) => rows.map((r) => r[k]);
    const inserted: {
      id: string;
      organization_id: string | null;
      nationality: string;
      gender: Gender | null;
      has_email: boolean;
      has_phone: boolean;
      has_date_of_birth: boolean;
    }[] = await m.query(
      `INSERT INTO participants (id, organization_id, full_name, native_name, name_key, email, phone, nationality, gender, date_of_birth)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[])
       ON CONFLICT DO NOTHING
       RETURNING id, organization_id, nationality, gender, email IS NOT NULL AS has_email,
                 phone IS NOT NULL AS has_phone, date_of_birth IS NOT NULL AS has_date_of_birth`,
      [
        col('id'),
        col('organizationId'),
        col('fullName'),
        col('nativeName'),
        col('nameKey'),
        col('email'),
        col('phone'),
        col('nationality'),
        col('gender'),
        col('dateOfBirth'),
      ],
    );
    return inserted.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      nationality: r.nationality,
      gender: r.gender,
      hasEmail: r.has_email,
      hasPhone: r.has_phone,
      hasDateOfBirth: r.has_date_of_birth,
    }));
  }

  /**
   * Anonymises a participant: `fullName` becomes `erasedName`, the other personal fields null,
   * the name key `erased:<id>`; `erased_at` is set.
   */
  async erase(m: EntityManager, id: string, erasedName: string): Promise<void> {
    await m.query(
      `UPDATE participants
          SET full_name = $2, native_name = NULL, email = NULL, phone = NULL, date_of_birth = NULL,
              name_key = 'erased:' || id::text, erased_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1`,
      [id, erasedName],
    );
  }

  /** Tenancy condition for `updateVersioned()` on `participants`. */
  writeScope(actor: Actor): { sql: string; params: unknown[] } | undefined {
    const own = confinedOrganization(actor);
    return own ? { sql: 'organization_id = $1', params: [own] } : undefined;
  }

  /**
   * A live (not erased) participant of the same organisation with the same email
   * (case-insensitive), or the same name key and date of birth; `exceptId` skips the record itself.
   */
  async findDuplicate(
    manager: EntityManager,
    candidate: {
      organizationId: string | null;
      email: string | null;
      nameKey: string;
      dateOfBirth: string | null;
    },
    exceptId?: string,
  ): Promise<{ id: string; matchedOn: 'email' | 'name_and_date_of_birth' } | null> {
    if (!candidate.email && !candidate.dateOfBirth) return null;
    // The organisation expression is spelled as in the unique indexes, so they serve this lookup.
    const rows: { id: string; by_email: boolean }[] = await manager.query(
      `SELECT id, ($1::text IS NOT NULL AND lower(email) = lower($1)) AS by_email
         FROM participants
        WHERE coalesce(organization_id, '${NO_ORGANIZATION}'::uuid) = coalesce($4::uuid, '${NO_ORGANIZATION}'::uuid)
          AND erased_at IS NULL
          AND ($5::uuid IS NULL OR id <> $5)
          AND ((email IS NOT NULL AND lower(email) = lower($1))
               OR (date_of_birth IS NOT NULL AND name_key = $2 AND date_of_birth = $3::date))
        ORDER BY by_email DESC, created_at
        LIMIT 1`,
      [
        candidate.email,
        candidate.nameKey,
        candidate.dateOfBirth,
        candidate.organizationId,
        exceptId ?? null,
      ],
    );
    if (rows.length === 0) return null;
    return { id: rows[0].id, matchedOn: rows[0].by_email ? 'email' : 'name_and_date_of_birth' };
  }

  /**
   * Groups of live records that are likely the same person across organisations (within one
   * organisation the unique indexes already refuse them): the same email, or the same name key
   * and date of birth. Newest groups first, at most `limit`.
   */
  async likelyDuplicates(
    m: EntityManager,
    limit: number,
  ): Promise<{ matchedOn: 'email' | 'name_and_date_of_birth'; ids: string[] }[]> {
    return m.query(
      `WITH live AS (
         SELECT id, lower(email) AS email, name_key, date_of_birth, created_at
           FROM participants WHERE erased_at IS NULL)
       SELECT "matchedOn", ids FROM (
         SELECT 'email' AS "matchedOn", array_agg(id ORDER BY created_at, id) AS ids, max(created_at) AS newest
           FROM live WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1
         UNION ALL
         SELECT 'name_and_date_of_birth', array_agg(id ORDER BY created_at, id), max(created_at)
           FROM live WHERE date_of_birth IS NOT NULL GROUP BY name_key, date_of_birth HAVING count(*) > 1
       ) groups ORDER BY newest DESC, ids[1] LIMIT $1`,
      [limit],
    );
  }

  async findByIds(m: EntityManager, ids: string[]): Promise<ParticipantEntity[]> {
    if (ids.length === 0) return [];
    return m
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids })
      .getMany();
  }

  /** Both records, row-locked in id order (so two merges of the same pair cannot deadlock). */
  async lockPair(m: EntityManager, a: string, b: string): Promise<ParticipantEntity[]> {
    return m
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids: [a, b] })
      .orderBy('p.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM participants WHERE id = $1`, [id]);
  }
}
