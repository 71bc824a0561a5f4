import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import { ApplicationEvent, ApplicationStatus, nextStatus } from './application-state-machine';
import { ApplicationChanges, ApplicationsRepository } from './applications.repository';
import { ApplicationResponse, toApplicationResponse } from './dto/application.dto';
import { checkEligibility } from './eligibility';
import { ScholarshipApplicationEntity } from './scholarship-application.entity';
import {
  DeadlinePassedError,
  invalidApplicationTransition,
  NotEligibleError,
  NotOpenError,
} from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * Moves the applicant side makes (ngo_member of the owning organisation, or staff): submit,
 * withdraw, accept. Decisions and declines change the scheme's places: see DecisionsService.
 */
@Injectable()
export class ApplicationTransitionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * draft → submitted. Checked in this order: the state machine (409 INVALID_TRANSITION), the
   * window against the database clock (422 NOT_OPEN before `opensAt`, 422 DEADLINE_PASSED after
   * `closesAt`), then every eligibility rule (422 NOT_ELIGIBLE listing each failed rule).
   */
  async submit(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.tx.run(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      const to = assertMove(app.status, 'submit');
      const scheme = await this.schemes.find(m, app.scholarshipId);
      const now = this.clock.now();
      if (now.getTime() < scheme.opensAt.getTime()) throw new NotOpenError(scheme.opensAt);
      if (now.getTime() > scheme.closesAt.getTime()) throw new DeadlinePassedError(scheme.closesAt);
      const participant = await this.schemes.findParticipant(m, app.participantId);
      if (!participant) throw new NotFoundError('Participant');
      const failed = checkEligibility(scheme.eligibility ?? {}, participant, scheme.closesAt);
      if (failed.length > 0) throw new NotEligibleError(failed);
      return this.move(m, app, to, 'application.submitted', { submittedAt: now });
    });
  }

  /** draft | submitted | under_review → withdrawn. */
  async withdraw(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.tx.run(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      return this.move(m, app, assertMove(app.status, 'withdraw'), 'application.withdrawn', {});
    });
  }

  /** awarded → accepted (the place stays taken). */
  async accept(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.tx.run(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      return this.move(m, app, assertMove(app.status, 'accept'), 'application.accepted', {
        respondedAt: this.clock.now(),
      });
    });
  }

  private async move(
    m: EntityManager,
    before: ScholarshipApplicationEntity,
    to: ApplicationStatus,
    action: string,
    changes: Partial<ApplicationChanges>,
  ): Promise<ApplicationResponse> {
    await this.applications.update(m, before.id, { status: to, ...changes });
    const after = await this.applications.findById(m, before.id);
    await this.audit.record(m, {
      action,
      entityType: 'scholarship_application',
      entityId: before.id,
      before: toApplicationResponse(before),
      after: toApplicationResponse(after),
    });
    return toApplicationResponse(after);
  }
}

/** The status `event` leads to, or 409 INVALID_TRANSITION. */
export function assertMove(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  const to = nextStatus(from, event);
  if (!to) throw invalidApplicationTransition(from, event);
  return to;
}
