import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/**
 * The read port other domains use to ask about organisations, instead of querying the
 * `organizations` table themselves. Exported by OrganizationsModule.
 */
@Injectable()
export class OrganizationLookup {
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
