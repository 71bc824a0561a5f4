import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { updateEntityVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { confinedOrganization } from '../common/tenancy/tenant-scope';
import { UserEntity } from '../users/user.entity';
import { OrganizationEntity, OrganizationStatus, OrganizationType } from './organization.entity';

/** Filters of the organisation list. */
export interface OrganizationFilter {
  status?: OrganizationStatus;
  type?: OrganizationType;
  country?: string;
  q?: string;
}

/**
 * Set-based access to organisations. Every read and write of this domain goes through
 * {@link scoped} / {@link findVisible} / {@link writeScope}, so an `ngo_member` can only ever
 * reach its own organisation: another one reads as 404 NOT_FOUND.
 */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager for reads outside a transaction. */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  /** Inserts a new organisation and returns it as stored (defaults, timestamps). */
  async insert(m: EntityManager, fields: Partial<OrganizationEntity>): Promise<OrganizationEntity> {
    const repo = m.getRepository(OrganizationEntity);
    const org = repo.create(fields);
    await repo.insert(org);
    return repo.findOneByOrFail({ id: org.id });
  }

  /** The list query of organisations the actor may see, filtered (for the paginator). */
  listQuery(
    m: EntityManager,
    actor: Actor,
    filter: OrganizationFilter,
  ): SelectQueryBuilder<OrganizationEntity> {
    const qb = this.scoped(m, actor);
    if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
    if (filter.type) qb.andWhere('o.type = :type', { type: filter.type });
    if (filter.country) qb.andWhere('o.country = :country', { country: filter.country });
    if (filter.q) qb.andWhere(searchMatch('o.search_text'), { q: searchTerm(filter.q) });
    return qb;
  }

  /** Versioned, tenancy-scoped update of the given fields (404 / 409 VERSION_CONFLICT). */
  async update(
    m: EntityManager,
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    patch: Partial<OrganizationEntity>,
  ): Promise<void> {
    await updateEntityVersioned(
      m,
      OrganizationEntity,
      id,
      expectedVersion,
      patch,
      'Organization',
      this.writeScope(actor),
    );
  }

  /** Members of organisation `id` (alias `u`, for the paginator). */
  membersQuery(m: EntityManager, id: string): SelectQueryBuilder<UserEntity> {
    return m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.organization_id = :id', { id });
  }

  /** Organisations the actor may see (alias `o`). */
  scoped(manager: EntityManager, actor: Actor): SelectQueryBuilder<OrganizationEntity> {
    const qb = manager.getRepository(OrganizationEntity).createQueryBuilder('o');
    const own = confinedOrganization(actor);
    if (own) qb.andWhere('o.id = :__tenantOrg', { __tenantOrg: own });
    return qb;
  }

  /** The organisation `id` if the actor may see it (optionally row-locked), else 404. */
  async findVisible(
    manager: EntityManager,
    actor: Actor,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<OrganizationEntity> {
    const qb = this.scoped(manager, actor).andWhere('o.id = :id', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    const org = await qb.getOne();
    if (!org) throw new NotFoundError('Organization');
    return org;
  }

  /** Tenancy condition for `updateVersioned()` on `organizations`. */
  writeScope(actor: Actor): { sql: string; params: unknown[] } | undefined {
    const own = confinedOrganization(actor);
    return own ? { sql: 'id = $1', params: [own] } : undefined;
  }

  /** Throws 404 unless `organizationId` exists and the actor may see it. */
  async assertVisible(manager: EntityManager, actor: Actor, organizationId: string): Promise<void> {
    const found = await this.scoped(manager, actor)
      .select('o.id')
      .andWhere('o.id = :id', { id: organizationId })
      .getRawOne();
    if (!found) throw new NotFoundError('Organization');
  }

  /**
   * Approved organisations whose last day is before `beforeDate` and whose members have not
   * been told of that expiry yet, locked so two workers never tell them twice.
   */
  async lockExpiryCandidates(m: EntityManager, beforeDate: string): Promise<OrganizationEntity[]> {
    return m
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .where(`o.status = 'approved'`)
      .andWhere('o.registration_expires_on < :beforeDate', { beforeDate })
      .andWhere('o.expiry_notified_for IS DISTINCT FROM o.registration_expires_on')
      .orderBy('o.registration_expires_on')
      .limit(500)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markExpiryNotified(m: EntityManager, id: string, expiresOn: string): Promise<void> {
    await m.query(`UPDATE organizations SET expiry_notified_for = $2 WHERE id = $1`, [
      id,
      expiresOn,
    ]);
  }
}
