import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationReviewEntity, ReviewerConflictEntity } from './application-review.entity';

/** `application_reviews` and `reviewer_conflicts`. */
@Injectable()
export class ReviewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a review; null when this reviewer already reviewed the application. */
  async insert(
    m: EntityManager,
    r: { applicationId: string; reviewerId: string; score: number; comment: string | null },
  ): Promise<ApplicationReviewEntity | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO application_reviews (application_id, reviewer_id, score, comment) VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id, reviewer_id) DO NOTHING RETURNING id`,
      [r.applicationId, r.reviewerId, r.score, r.comment],
    );
    if (inserted.length === 0) return null;
    return m.getRepository(ApplicationReviewEntity).findOneByOrFail({ id: inserted[0].id });
  }

  /** An application's reviews, oldest first (a replica read outside a transaction). */
  async listForApplication(applicationId: string): Promise<ApplicationReviewEntity[]> {
    return this.dataSource
      .getRepository(ApplicationReviewEntity)
      .find({ where: { applicationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Declares a conflict; null when it was already declared. */
  async insertConflict(
    m: EntityManager,
    c: { reviewerId: string; organizationId: string; reason: string },
  ): Promise<ReviewerConflictEntity | null> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO reviewer_conflicts (reviewer_id, organization_id, reason) VALUES ($1, $2, $3)
       ON CONFLICT (reviewer_id, organization_id) DO NOTHING RETURNING reviewer_id`,
      [c.reviewerId, c.organizationId, c.reason],
    );
    if (inserted.length === 0) return null;
    return m.getRepository(ReviewerConflictEntity).findOneByOrFail({
      reviewerId: c.reviewerId,
      organizationId: c.organizationId,
    });
  }

  async listConflicts(reviewerId: string): Promise<ReviewerConflictEntity[]> {
    return this.dataSource
      .getRepository(ReviewerConflictEntity)
      .find({ where: { reviewerId }, order: { createdAt: 'ASC' } });
  }

  async hasConflict(
    m: EntityManager,
    reviewerId: string,
    organizationId: string,
  ): Promise<boolean> {
    return m.getRepository(ReviewerConflictEntity).existsBy({ reviewerId, organizationId });
  }
}
