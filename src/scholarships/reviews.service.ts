import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { nextStatus } from './application-state-machine';
import { ApplicationReviewEntity, ReviewerConflictEntity } from './application-review.entity';
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
import { ScholarshipsRepository } from './scholarships.repository';

/**
 * Reviews by staff (coordinator, admin) and reviewers' declared conflicts of interest.
 * NGO members never reach this service (their role is refused at the controller).
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsRepository,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /**
   * Scores an application (0..100). Only submitted or under-review applications take reviews
   * (409 NOT_REVIEWABLE); the first review moves submitted → under_review. One review per
   * reviewer (409 ALREADY_REVIEWED); a reviewer who declared a conflict of interest with the
   * applicant's organisation is refused (403 CONFLICT_OF_INTEREST).
   */
  async create(actor: Actor, applicationId: string, dto: CreateReviewDto): Promise<ReviewResponse> {
    return this.dataSource.transaction(async (m) => {
      const app = await this.applications.findScoped(m, actor, applicationId, 'update');
      const to = nextStatus(app.status, 'review');
      if (!to) throw new NotReviewableError(app.status);
      if (app.organizationId && (await this.hasConflict(m, actor.userId, app.organizationId)))
        throw new ConflictOfInterestError();
      // The row lock above serialises reviews of one application; ON CONFLICT is the backstop.
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO application_reviews (application_id, reviewer_id, score, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (application_id, reviewer_id) DO NOTHING RETURNING id`,
        [applicationId, actor.userId, dto.score, dto.comment ?? null],
      );
      if (inserted.length === 0) throw new AlreadyReviewedError();
      const id = inserted[0].id;
      if (to !== app.status) {
        await updateVersioned(
          m,
          'scholarship_applications',
          applicationId,
          undefined,
          { status: to },
          'Application',
        );
        await this.audit.record(m, {
          action: 'application.under_review',
          entityType: 'scholarship_application',
          entityId: applicationId,
          before: { status: app.status },
          after: { status: to },
        });
      }
      const review = await m.getRepository(ApplicationReviewEntity).findOneByOrFail({ id });
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
    const m = this.dataSource.manager;
    await this.applications.findScoped(m, actor, applicationId);
    const reviews = await m
      .getRepository(ApplicationReviewEntity)
      .find({ where: { applicationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const visible =
      actor.role === 'admin' || reviews.some((r) => r.reviewerId === actor.userId) ? reviews : [];
    return { items: visible.map(toReviewResponse), nextCursor: null };
  }

  /** Declares a conflict of interest with an organisation (404 if it does not exist). */
  async declareConflict(
    actor: Actor,
    dto: CreateReviewerConflictDto,
  ): Promise<ReviewerConflictResponse> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.schemes.organizationExists(m, dto.organizationId)))
        throw new NotFoundError('Organization');
      const inserted: unknown[] = await m.query(
        `INSERT INTO reviewer_conflicts (reviewer_id, organization_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (reviewer_id, organization_id) DO NOTHING RETURNING reviewer_id`,
        [actor.userId, dto.organizationId, dto.reason],
      );
      if (inserted.length === 0) throw new ConflictAlreadyDeclaredError();
      const saved = await m.getRepository(ReviewerConflictEntity).findOneByOrFail({
        reviewerId: actor.userId,
        organizationId: dto.organizationId,
      });
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
    const rows = await this.dataSource
      .getRepository(ReviewerConflictEntity)
      .find({ where: { reviewerId: actor.userId }, order: { createdAt: 'ASC' } });
    return { items: rows.map(toReviewerConflictResponse), nextCursor: null };
  }

  async hasConflict(
    m: EntityManager,
    reviewerId: string,
    organizationId: string,
  ): Promise<boolean> {
    return m.getRepository(ReviewerConflictEntity).existsBy({ reviewerId, organizationId });
  }
}
