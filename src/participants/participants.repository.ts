import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { NotFoundError } from '../common/errors';
import { InvalidCursorError } from '../organizations/organizations.repository';
import { confinedOrganization } from '../common/tenancy/tenant-scope';
import { ParticipantEntity } from './participant.entity';

/** Organisation key of the de-duplication indexes (`coalesce(organization_id, zero uuid)`). */
export const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/**
 * The one way into the participants table. {@link scoped} confines an ngo_member to its own
 * organisation's people; every read, write, import and export of this domain starts from it,
 * so another organisation's participant is simply not there (404).
 */
@Injectable()
export class ParticipantsRepository {
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

  /** A list cursor must be one of the actor's participants (see OrganizationsRepository.assertCursorVisible). */
  async assertCursorVisible(
    manager: EntityManager,
    actor: Actor,
    cursor: string | undefined,
  ): Promise<void> {
    if (!cursor) return;
    const found = await this.scoped(manager, actor)
      .select('p.id')
      .andWhere('p.id = :cursor', { cursor })
      .getRawOne();
    if (!found) throw new InvalidCursorError();
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
}
