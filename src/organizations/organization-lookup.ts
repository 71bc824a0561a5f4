import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';

/**
 * The read port other domains use to ask about organisations, instead of querying the
 * `organizations` table themselves. Exported by OrganizationsModule.
 */
@Injectable()
export class OrganizationLookup {
  constructor(private readonly repo: OrganizationsRepository) {}

  /** Throws 404 unless organisation `id` exists and is within the actor's tenancy scope. */
  assertVisible(m: EntityManager, actor: Actor, id: string): Promise<void> {
    return this.repo.assertVisible(m, actor, id);
  }

  /** Of `ids`, those naming an existing organisation. */
  existingIds(m: EntityManager, ids: string[]): Promise<Set<string>> {
    return this.ids(m, ids, false);
  }

  /** Of `ids`, those naming an approved organisation. */
  approvedIds(m: EntityManager, ids: string[]): Promise<Set<string>> {
    return this.ids(m, ids, true);
  }

  /** Whether organisation `id` exists. */
  async exists(m: EntityManager, id: string): Promise<boolean> {
    return (await this.existingIds(m, [id])).has(id);
  }

  private async ids(m: EntityManager, ids: string[], approvedOnly: boolean): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const qb = m
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .where('o.id IN (:...ids)', { ids });
    if (approvedOnly) qb.andWhere("o.status = 'approved'");
    const rows: { id: string }[] = await qb.getRawMany();
    return new Set(rows.map((r) => r.id));
  }
}
