import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import { ApplicationsRepository } from './applications.repository';
import {
  ApplicationQueryDto,
  ApplicationResponse,
  CreateApplicationDto,
  toApplicationResponse,
  UpdateApplicationDto,
} from './dto/application.dto';
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
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
    private readonly clock: Clock,
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
    return this.tx.run(async (m) => {
      const scheme = await this.schemes.find(m, scholarshipId);
      const orgScope =
        actor.role === 'ngo_member'
          ? (actor.organizationId ?? '00000000-0000-0000-0000-000000000000')
          : undefined;
      const participant = await this.schemes.findParticipant(m, dto.participantId, orgScope);
      if (!participant) throw new NotFoundError('Participant');
      if (this.clock.now().getTime() > scheme.closesAt.getTime())
        throw new DeadlinePassedError(scheme.closesAt);

      const id = await this.applications.insertDraft(m, {
        scholarshipId,
        participantId: participant.id,
        organizationId: participant.organizationId,
        createdBy: actor.userId,
        statement: dto.statement,
      });
      if (!id) throw new AlreadyAppliedError();
      const saved = await this.applications.findById(m, id);
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
    const page = await this.applications.list(
      actor,
      {
        scholarshipId: query.scholarshipId,
        participantId: query.participantId,
        organizationId: query.organizationId,
        status: query.status,
      },
      query,
    );
    return { items: page.items.map(toApplicationResponse), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ApplicationResponse> {
    return toApplicationResponse(await this.applications.findScoped(undefined, actor, id));
  }

  /** Edits the statement; only drafts (409 APPLICATION_NOT_EDITABLE otherwise). */
  async update(actor: Actor, id: string, dto: UpdateApplicationDto): Promise<ApplicationResponse> {
    return this.tx.run(async (m) => {
      const before = await this.applications.findScoped(m, actor, id, 'update');
      if (before.status !== 'draft') throw new ApplicationNotEditableError(before.status);
      await this.applications.update(
        m,
        id,
        { statement: dto.statement },
        { expectedVersion: dto.version, actor },
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
