import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { Page, paginate } from '../common/pagination';
import { applicationScope, ApplicationsRepository } from './applications.repository';
import {
  ApplicationQueryDto,
  ApplicationResponse,
  CreateApplicationDto,
  toApplicationResponse,
  UpdateApplicationDto,
} from './dto/application.dto';
import { ScholarshipApplicationEntity } from './scholarship-application.entity';
import {
  AlreadyAppliedError,
  ApplicationNotEditableError,
  DeadlinePassedError,
} from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * Drafting and reading applications. Every read and write goes through the tenancy-scoped
 * {@link ApplicationsRepository}: an ngo_member never reaches another organisation's application.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /**
   * Starts a draft for a participant. An ngo_member may only name its own organisation's
   * participants (others: 404); the application belongs to the participant's organisation.
   * Drafts can be prepared before the scheme opens, not after it closed (422 DEADLINE_PASSED).
   * A second active application of the same participant to the scheme: 409 ALREADY_APPLIED.
   */
  async create(
    actor: Actor,
    scholarshipId: string,
    dto: CreateApplicationDto,
  ): Promise<ApplicationResponse> {
    return this.dataSource.transaction(async (m) => {
      const scheme = await this.schemes.find(m, scholarshipId);
      const orgScope =
        actor.role === 'ngo_member'
          ? (actor.organizationId ?? '00000000-0000-0000-0000-000000000000')
          : undefined;
      const participant = await this.schemes.findParticipant(m, dto.participantId, orgScope);
      if (!participant) throw new NotFoundError('Participant');
      const now: { now: Date }[] = await m.query('SELECT now() AS now');
      if (now[0].now.getTime() > scheme.closesAt.getTime())
        throw new DeadlinePassedError(scheme.closesAt);

      const id = await this.applications.insertDraft(m, {
        scholarshipId,
        participantId: participant.id,
        organizationId: participant.organizationId,
        createdBy: actor.userId,
        statement: dto.statement,
      });
      if (!id) throw new AlreadyAppliedError();
      const saved = await m.getRepository(ScholarshipApplicationEntity).findOneByOrFail({ id });
      await this.audit.record(m, {
        action: 'application.created',
        entityType: 'scholarship_application',
        entityId: id,
        after: toApplicationResponse(saved),
      });
      return toApplicationResponse(saved);
    });
  }

  /** Lists the applications the caller may see, oldest first, with optional filters. */
  async list(actor: Actor, query: ApplicationQueryDto): Promise<Page<ApplicationResponse>> {
    const qb = this.applications.scopedQuery(actor);
    if (query.scholarshipId) qb.andWhere('a.scholarship_id = :sid', { sid: query.scholarshipId });
    if (query.participantId) qb.andWhere('a.participant_id = :pid', { pid: query.participantId });
    if (query.organizationId)
      qb.andWhere('a.organization_id = :oid', { oid: query.organizationId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    return paginate(qb, query, toApplicationResponse);
  }

  async get(actor: Actor, id: string): Promise<ApplicationResponse> {
    return toApplicationResponse(
      await this.applications.findScoped(this.dataSource.manager, actor, id),
    );
  }

  /** Edits the statement; only drafts (409 APPLICATION_NOT_EDITABLE otherwise). */
  async update(actor: Actor, id: string, dto: UpdateApplicationDto): Promise<ApplicationResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.applications.findScoped(m, actor, id, 'update');
      if (before.status !== 'draft') throw new ApplicationNotEditableError(before.status);
      await updateVersioned(
        m,
        'scholarship_applications',
        id,
        dto.version,
        { statement: dto.statement },
        'Application',
        applicationScope(actor),
      );
      const after = await this.applications.findScoped(m, actor, id);
      await this.audit.record(m, {
        action: 'application.updated',
        entityType: 'scholarship_application',
        entityId: id,
        before: toApplicationResponse(before),
        after: toApplicationResponse(after),
      });
      return toApplicationResponse(after);
    });
  }
}
