import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isStaff } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotificationEvents } from '../notifications/events/notification-events';
import { assertMove } from './application-transitions.service';
import { ApplicationChanges, ApplicationsRepository } from './applications.repository';
import {
  ApplicationResponse,
  DeclineResponse,
  Decision,
  toApplicationResponse,
} from './dto/application.dto';
import { RankingService } from './ranking.service';
import { ReviewsService } from './reviews.service';
import { ScholarshipApplicationEntity } from './scholarship-application.entity';
import { ConflictOfInterestError, QuotaExceededError } from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * Everything that takes or frees one of a scheme's places: award/reject decisions and the
 * applicant's decline. Each locks the scheme row first (SELECT … FOR UPDATE), then the
 * application row — always in that order, so concurrent decisions queue instead of deadlocking —
 * and keeps `scholarships.awarded_count` (DB check: `awarded_count <= quota`) in step.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
    private readonly reviews: ReviewsService,
    private readonly ranking: RankingService,
    private readonly clock: Clock,
    private readonly events: NotificationEvents,
  ) {}

  /**
   * under_review → awarded | rejected (coordinator, admin). An award beyond the quota is
   * 409 QUOTA_EXCEEDED, also under concurrent decisions. A decider who declared a conflict
   * of interest with the applicant's organisation is refused (403 CONFLICT_OF_INTEREST).
   */
  async decide(actor: Actor, id: string, decision: Decision): Promise<ApplicationResponse> {
    return this.tx.run(async (m) => {
      const { scholarshipId } = await this.applications.findScoped(m, actor, id);
      const scheme = await this.schemes.lock(m, scholarshipId);
      const app = await this.applications.findScoped(m, actor, id, 'update');
      const to = assertMove(app.status, decision);
      if (
        app.organizationId &&
        (await this.reviews.hasConflict(m, actor.userId, app.organizationId))
      )
        throw new ConflictOfInterestError();
      if (decision === 'award') {
        if (scheme.awardedCount >= scheme.quota) throw new QuotaExceededError(scheme.quota);
        await this.schemes.addAwarded(m, scholarshipId, 1);
      }
      const after = await this.setStatus(m, app, to, {
        decidedAt: this.clock.now(),
        decidedBy: actor.userId,
      });
      if (app.organizationId)
        await this.events.record(m, {
          kind: 'application_decision',
          entityType: 'scholarship_application',
          entityId: id,
          audience: { organizationIds: [app.organizationId] },
          params: {
            decision: decision === 'award' ? 'awarded' : 'rejected',
            participant: await this.applications.participantName(m, id),
            scholarship: scheme.name,
          },
        });
      await this.audit.record(m, {
        action: decision === 'award' ? 'application.awarded' : 'application.rejected',
        entityType: 'scholarship_application',
        entityId: id,
        before: toApplicationResponse(app),
        after: toApplicationResponse(after),
      });
      return toApplicationResponse(after);
    });
  }

  /**
   * awarded → declined (applicant side). The place is freed (`awarded_count - 1`); the next
   * ranked undecided applicant is NOT awarded automatically (a coordinator decides, and may
   * want to review first) but is returned as `nextCandidate` to staff callers, recorded in
   * the audit entry, and shown as `nextCandidate` in the ranking.
   */
  async decline(actor: Actor, id: string): Promise<DeclineResponse> {
    return this.tx.run(async (m) => {
      const { scholarshipId } = await this.applications.findScoped(m, actor, id);
      const scheme = await this.schemes.lock(m, scholarshipId);
      const app = await this.applications.findScoped(m, actor, id, 'update');
      const to = assertMove(app.status, 'decline');
      await this.schemes.addAwarded(m, scholarshipId, -1);
      const after = await this.setStatus(m, app, to, { respondedAt: this.clock.now() });
      const next = await this.ranking.nextCandidate(m, scholarshipId);
      const placesLeft = scheme.quota - (scheme.awardedCount - 1);
      await this.audit.record(m, {
        action: 'application.declined',
        entityType: 'scholarship_application',
        entityId: id,
        before: toApplicationResponse(app),
        after: {
          ...toApplicationResponse(after),
          placesLeft,
          nextCandidateApplicationId: next?.applicationId ?? null,
        },
      });
      // The next candidate belongs to another applicant: never shown to an ngo_member.
      return {
        ...toApplicationResponse(after),
        placesLeft,
        nextCandidate: isStaff(actor) ? next : null,
      };
    });
  }

  private async setStatus(
    m: EntityManager,
    app: ScholarshipApplicationEntity,
    to: ScholarshipApplicationEntity['status'],
    changes: Partial<ApplicationChanges>,
  ): Promise<ScholarshipApplicationEntity> {
    await this.applications.update(m, app.id, { status: to, ...changes });
    return this.applications.findById(m, app.id);
  }
}
