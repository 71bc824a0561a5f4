import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import type { ApplicationStatus } from './application-state-machine';
import { ApplicationsPrivacy, ParticipantApplications } from './applications-privacy';
import { ScholarshipApplicationEntity } from './scholarship-application.entity';

/** The fields of an application that edits and transitions change. */
export interface ApplicationChanges {
  status: ApplicationStatus;
  statement: string;
  submittedAt: Date;
  decidedAt: Date;
  decidedBy: string;
  respondedAt: Date;
}

const APPLICATION_COLUMNS: ColumnMap<ApplicationChanges> = {
  status: 'status',
  statement: 'statement',
  submittedAt: 'submitted_at',
  decidedAt: 'decided_at',
  decidedBy: 'decided_by',
  respondedAt: 'responded_at',
};

export interface ApplicationFilters {
  scholarshipId?: string;
  participantId?: string;
  organizationId?: string;
  status?: ApplicationStatus;
}

/** One application in a scheme's ranking order, with its review figures. */
export interface RankRow {
  id: string;
  participant_id: string;
  organization_id: string | null;
  status: ApplicationStatus;
  submitted_at: Date;
  review_count: number;
  average_score: string | null;
  reviewed_by_me: boolean;
}

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
export class ApplicationsRepository implements ApplicationsPrivacy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the applications the actor may see (a replica read). */
  async list(
    actor: Actor,
    filters: ApplicationFilters,
    page: PageQueryDto,
  ): Promise<Page<ScholarshipApplicationEntity>> {
    const qb = this.scopedQuery(actor);
    if (filters.scholarshipId)
      qb.andWhere('a.scholarship_id = :sid', { sid: filters.scholarshipId });
    if (filters.participantId)
      qb.andWhere('a.participant_id = :pid', { pid: filters.participantId });
    if (filters.organizationId)
      qb.andWhere('a.organization_id = :oid', { oid: filters.organizationId });
    if (filters.status) qb.andWhere('a.status = :status', { status: filters.status });
    return paginate(qb, page, (a) => a);
  }

  /** The application as stored (no scope: the caller found it through a scoped read). */
  async findById(m: EntityManager, id: string): Promise<ScholarshipApplicationEntity> {
    return m.getRepository(ScholarshipApplicationEntity).findOneByOrFail({ id });
  }

  /**
   * Updates the given fields (version + 1). `expectedVersion` and the actor's tenancy scope,
   * when given, make a stale or foreign row 409 / 404.
   */
  async update(
    m: EntityManager,
    id: string,
    changes: Partial<ApplicationChanges>,
    opts: { expectedVersion?: number; actor?: Actor } = {},
  ): Promise<void> {
    await updateVersioned(
      m,
      'scholarship_applications',
      id,
      opts.expectedVersion,
      toColumns(APPLICATION_COLUMNS, changes),
      'Application',
      opts.actor ? applicationScope(opts.actor) : undefined,
    );
  }

  /**
   * A scheme's ranked applications (submitted, in `statuses`): best average score first,
   * unreviewed last, ties by submission time. `viewerId` marks the ones that person reviewed.
   */
  async rankRows(
    scholarshipId: string,
    statuses: readonly string[],
    viewerId: string | null,
    m: EntityManager = this.dataSource.manager,
  ): Promise<RankRow[]> {
    return m.query(
      `SELECT a.id, a.participant_id, a.organization_id, a.status, a.submitted_at,
              count(r.id)::int AS review_count,
              round(avg(r.score), 2)::text AS average_score,
              coalesce(bool_or(r.reviewer_id = $3::uuid), false) AS reviewed_by_me
         FROM scholarship_applications a
         LEFT JOIN application_reviews r ON r.application_id = a.id
        WHERE a.scholarship_id = $1 AND a.status = ANY($2::text[]) AND a.submitted_at IS NOT NULL
        GROUP BY a.id
        ORDER BY avg(r.score) DESC NULLS LAST, a.submitted_at ASC, a.id ASC`,
      [scholarshipId, statuses, viewerId],
    );
  }

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
    manager: EntityManager | undefined,
    actor: Actor,
    id: string,
    lock?: 'update' | 'share',
  ): Promise<ScholarshipApplicationEntity> {
    const qb = this.scopedQuery(actor, manager ?? this.dataSource.manager).andWhere('a.id = :id', {
      id,
    });
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

  /** The applicant's name as the decision notice gives it. */
  async participantName(m: EntityManager, applicationId: string): Promise<string> {
    const rows: { full_name: string }[] = await m.query(
      `SELECT p.full_name FROM scholarship_applications a JOIN participants p ON p.id = a.participant_id
        WHERE a.id = $1`,
      [applicationId],
    );
    return rows[0]?.full_name ?? '';
  }

  async forParticipant(m: EntityManager, participantId: string): Promise<ParticipantApplications> {
    const applications: Record<string, unknown>[] = await m.query(
      `SELECT * FROM scholarship_applications WHERE participant_id = $1 ORDER BY created_at, id`,
      [participantId],
    );
    const applicationIds = applications.map((a) => a.id as string);
    const reviews: Record<string, unknown>[] = await m.query(
      `SELECT * FROM application_reviews WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [applicationIds],
    );
    const disbursements: Record<string, unknown>[] = await m.query(
      `SELECT id, application_id, amount, currency, paid_on::text AS paid_on, reference, reverses_id, reason, created_by, created_at
         FROM disbursements WHERE application_id = ANY($1::uuid[]) ORDER BY paid_on, id`,
      [applicationIds],
    );
    return { applications, reviews, disbursements };
  }

  async eraseStatements(
    m: EntityManager,
    participantId: string,
    replacement: string,
  ): Promise<number> {
    const result: [unknown, number] = await m.query(
      `UPDATE scholarship_applications SET statement = $2, version = version + 1, updated_at = now()
        WHERE participant_id = $1 AND statement <> $2`,
      [participantId, replacement],
    );
    return Array.isArray(result) ? result[1] : 0;
  }

  async clashes(m: EntityManager, fromId: string, intoId: string): Promise<string[]> {
    const rows: { scholarship_id: string }[] = await m.query(
      `SELECT a.scholarship_id FROM scholarship_applications a
         JOIN scholarship_applications b ON b.scholarship_id = a.scholarship_id
        WHERE a.participant_id = $1 AND b.participant_id = $2
          AND a.status NOT IN ('withdrawn', 'rejected', 'declined')
          AND b.status NOT IN ('withdrawn', 'rejected', 'declined')`,
      [fromId, intoId],
    );
    return rows.map((r) => r.scholarship_id);
  }

  async moveToParticipant(
    m: EntityManager,
    fromId: string,
    into: { id: string; organizationId: string | null },
  ): Promise<number> {
    const [, moved]: [unknown, number] = await m.query(
      `UPDATE scholarship_applications SET participant_id = $2, organization_id = $3, version = version + 1, updated_at = now()
        WHERE participant_id = $1`,
      [fromId, into.id, into.organizationId],
    );
    return moved;
  }
}
