import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { ApplicationEvent, ApplicationStatus, nextStatus } from './application-state-machine';
import { ApplicationsRepository } from './applications.repository';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /**
   * draft → submitted. Checked in this order: the state machine (409 INVALID_TRANSITION), the
   * window against the database clock (422 NOT_OPEN before `opensAt`, 422 DEADLINE_PASSED after
   * `closesAt`), then every eligibility rule (422 NOT_ELIGIBLE listing each failed rule).
   */
  async submit(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.dataSource.transaction(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      const to = assertMove(app.status, 'submit');
      const scheme = await this.schemes.find(m, app.scholarshipId);
      const [{ now }]: { now: Date }[] = await m.query('SELECT now() AS now');
      if (now.getTime() < scheme.opensAt.getTime()) throw new NotOpenError(scheme.opensAt);
      if (now.getTime() > scheme.closesAt.getTime()) throw new DeadlinePassedError(scheme.closesAt);
      const participant = await this.schemes.findParticipant(m, app.participantId);
      if (!participant) throw new NotFoundError('Participant');
      const failed = checkEligibility(scheme.eligibility ?? {}, participant, scheme.closesAt);
      if (failed.length > 0) throw new NotEligibleError(failed);
      return this.move(m, app, to, 'application.submitted', { submitted_at: now });
    });
  }

  /** draft | submitted | under_review → withdrawn. */
  async withdraw(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.dataSource.transaction(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      return this.move(m, app, assertMove(app.status, 'withdraw'), 'application.withdrawn', {});
    });
  }

  /** awarded → accepted (the place stays taken). */
  async accept(actor: Actor, id: string): Promise<ApplicationResponse> {
    return this.dataSource.transaction(async (m) => {
      const app = await this.applications.findScoped(m, actor, id, 'update');
      return this.move(m, app, assertMove(app.status, 'accept'), 'application.accepted', {
        responded_at: new Date(),
      });
    });
  }

  private async move(
    m: EntityManager,
    before: ScholarshipApplicationEntity,
    to: ApplicationStatus,
    action: string,
    set: Record<string, unknown>,
  ): Promise<ApplicationResponse> {
    await updateVersioned(
      m,
      'scholarship_applications',
      before.id,
      undefined,
      { status: to, ...set },
      'Application',
    );
    const after = await m
      .getRepository(ScholarshipApplicationEntity)
      .findOneByOrFail({ id: before.id });
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
