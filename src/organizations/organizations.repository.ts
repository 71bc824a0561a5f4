import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { OrganizationEntity } from './organization.entity';
import { confinedOrganization } from '../common/tenancy/tenant-scope';

/**
 * Set-based access to organisations. Every read and write of this domain goes through
 * {@link scoped} / {@link findVisible} / {@link writeScope}, so an `ngo_member` can only ever
 * reach its own organisation: another one reads as 404 NOT_FOUND.
 */
@Injectable()
export class OrganizationsRepository {
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

  /**
   * A list cursor must be a row the actor may see: the shared paginator reads the cursor row
   * unscoped, so another organisation's id would otherwise answer differently from an unknown one.
   */
  async assertCursorVisible(
    manager: EntityManager,
    actor: Actor,
    cursor: string | undefined,
  ): Promise<void> {
    if (!cursor) return;
    const found = await this.scoped(manager, actor)
      .select('o.id')
      .andWhere('o.id = :cursor', { cursor })
      .getRawOne();
    if (!found) throw new InvalidCursorError();
  }

  /** Throws 404 unless `organizationId` exists and the actor may see it. */
  async assertVisible(manager: EntityManager, actor: Actor, organizationId: string): Promise<void> {
    const found = await this.scoped(manager, actor)
      .select('o.id')
      .andWhere('o.id = :id', { id: organizationId })
      .getRawOne();
    if (!found) throw new NotFoundError('Organization');
  }
}

/** 400 for a cursor that is not a row of the caller's list (unknown or another organisation's). */
export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([
      { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
    ]);
  }
}
