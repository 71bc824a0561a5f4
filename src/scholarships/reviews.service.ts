import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import { nextStatus } from './application-state-machine';
import { ApplicationsRepository } from './applications.repository';
import {
  CreateReviewDto,
  CreateReviewerConflictDto,
  ReviewerConflictListResponse,
  ReviewerConflictResponse,
  ReviewListResponse,
  ReviewResponse,
  toReviewerConflictResponse,
  toReviewResponse,
} from './dto/review.dto';
import {
  AlreadyReviewedError,
  ConflictAlreadyDeclaredError,
  ConflictOfInterestError,
  NotReviewableError,
} from './scholarships.errors';
import { ReviewsRepository } from './reviews.repository';
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * Reviews by staff (coordinator, admin) and reviewers' declared conflicts of interest.
 * NGO members never reach this service (their role is refused at the controller).
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
    private readonly reviews: ReviewsRepository,
  ) {}

  /**
   * Scores an application (0..100). Only submitted or under-review applications take reviews
   * (409 NOT_REVIEWABLE); the first review moves submitted → under_review. One review per
   * reviewer (409 ALREADY_REVIEWED); a reviewer who declared a conflict of interest with the
   * applicant's organisation is refused (403 CONFLICT_OF_INTEREST).
   */
  async create(actor: Actor, applicationId: string, dto: CreateReviewDto): Promise<ReviewResponse> {
    return this.tx.run(async (m) => {
      const app = await this.applications.findScoped(m, actor, applicationId, 'update');
      const to = nextStatus(app.status, 'review');
      if (!to) throw new NotReviewableError(app.status);
      if (app.organizationId && (await this.hasConflict(m, actor.userId, app.organizationId)))
        throw new ConflictOfInterestError();
      // The row lock above serialises reviews of one application; ON CONFLICT is the backstop.
      const review = await this.reviews.insert(m, {
        applicationId,
        reviewerId: actor.userId,
        score: dto.score,
        comment: dto.comment ?? null,
      });
      if (!review) throw new AlreadyReviewedError();
      const id = review.id;
      if (to !== app.status) {
        await this.applications.update(m, applicationId, { status: to });
        await this.audit.record(m, {
          action: 'application.under_review',
          entityType: 'scholarship_application',
          entityId: applicationId,
          before: { status: app.status },
          after: { status: to },
        });
      }
      await this.audit.record(m, {
        action: 'review.created',
        entityType: 'application_review',
        entityId: id,
        after: toReviewResponse(review),
      });
      return toReviewResponse(review);
    });
  }

  /**
   * Reviews of an application. Reviewer blinding: a coordinator sees nothing until they have
   * reviewed it themselves, then every review; admins see all.
   */
  async list(actor: Actor, applicationId: string): Promise<ReviewListResponse> {
    await this.applications.findScoped(undefined, actor, applicationId);
    const reviews = await this.reviews.listForApplication(applicationId);
    const visible =
      actor.role === 'admin' || reviews.some((r) => r.reviewerId === actor.userId) ? reviews : [];
    return { items: visible.map(toReviewResponse), nextCursor: null };
  }

  /** Declares a conflict of interest with an organisation (404 if it does not exist). */
  async declareConflict(
    actor: Actor,
    dto: CreateReviewerConflictDto,
  ): Promise<ReviewerConflictResponse> {
    return this.tx.run(async (m) => {
      if (!(await this.schemes.organizationExists(m, dto.organizationId)))
        throw new NotFoundError('Organization');
      const saved = await this.reviews.insertConflict(m, {
        reviewerId: actor.userId,
        organizationId: dto.organizationId,
        reason: dto.reason,
      });
      if (!saved) throw new ConflictAlreadyDeclaredError();
      await this.audit.record(m, {
        action: 'reviewer_conflict.declared',
        entityType: 'reviewer_conflict',
        entityId: null,
        after: toReviewerConflictResponse(saved),
      });
      return toReviewerConflictResponse(saved);
    });
  }

  /** The caller's own declarations. */
  async listConflicts(actor: Actor): Promise<ReviewerConflictListResponse> {
    const rows = await this.reviews.listConflicts(actor.userId);
    return { items: rows.map(toReviewerConflictResponse), nextCursor: null };
  }

  async hasConflict(
    m: EntityManager,
    reviewerId: string,
    organizationId: string,
  ): Promise<boolean> {
    return this.reviews.hasConflict(m, reviewerId, organizationId);
  }
}
