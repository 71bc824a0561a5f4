import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { NotFoundError } from '../common/errors';
import { ScholarshipApplicationEntity } from './scholarship-application.entity';

/**
 * The tenancy condition every read and write of an application goes through: an ngo_member
 * reaches only its own organisation's applications (anything else reads as 404 NOT_FOUND);
 * staff reach all. Returned as SQL with `$n` params (for `updateVersioned`'s scope).
 */
export function applicationScope(
  actor: Actor,
  column = 'organization_id',
): { sql: string; params: unknown[] } | undefined {
  if (actor.role !== 'ngo_member') return undefined;
  // A member always has an organisation (DB check users_member_has_org); fail closed anyway.
  return {
    sql: `${column} = $1`,
    params: [actor.organizationId ?? '00000000-0000-0000-0000-000000000000'],
  };
}

/** Thin, tenancy-scoped access to `scholarship_applications`. No business rules here. */
@Injectable()
export class ApplicationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A query builder over the applications the actor may see (alias `a`). */
  scopedQuery(
    actor: Actor,
    manager: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<ScholarshipApplicationEntity> {
    const qb = manager.getRepository(ScholarshipApplicationEntity).createQueryBuilder('a');
    const scope = applicationScope(actor);
    if (scope) qb.andWhere('a.organization_id = :__scopeOrg', { __scopeOrg: scope.params[0] });
    return qb;
  }

  /**
   * The application `id` if the actor may see it, else 404. `lock: 'update'` takes the row lock
   * (SELECT … FOR UPDATE) for a state change inside `manager`'s transaction.
   */
  async findScoped(
    manager: EntityManager,
    actor: Actor,
    id: string,
    lock?: 'update' | 'share',
  ): Promise<ScholarshipApplicationEntity> {
    const qb = this.scopedQuery(actor, manager).andWhere('a.id = :id', { id });
    if (lock === 'update') qb.setLock('pessimistic_write');
    if (lock === 'share') qb.setLock('pessimistic_read');
    const found = await qb.getOne();
    if (!found) throw new NotFoundError('Application');
    return found;
  }

  /**
   * Inserts a draft unless the participant already has an active application to the scheme
   * (partial unique index `applications_active_uq`); returns the new id, or null on conflict.
   */
  async insertDraft(
    manager: EntityManager,
    row: {
      scholarshipId: string;
      participantId: string;
      organizationId: string | null;
      createdBy: string;
      statement: string;
    },
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO scholarship_applications (scholarship_id, participant_id, organization_id, created_by, status, statement)
       VALUES ($1, $2, $3, $4, 'draft', $5)
       ON CONFLICT (scholarship_id, participant_id) WHERE status NOT IN ('withdrawn', 'rejected', 'declined') DO NOTHING
       RETURNING id`,
      [row.scholarshipId, row.participantId, row.organizationId, row.createdBy, row.statement],
    );
    return rows[0]?.id ?? null;
  }
}
