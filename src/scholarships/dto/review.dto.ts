import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { Nfc } from '../../common/validation/validators';
import type { ApplicationReviewEntity, ReviewerConflictEntity } from '../application-review.entity';

export class CreateReviewDto {
  /** 0..100. */
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  score!: number;

  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(10000)
  comment?: string;
}

export class ReviewResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReviewListResponse {
  @ApiProperty({ type: ReviewResponse, isArray: true }) items!: ReviewResponse[];
  /** Always null: an application has at most one review per staff member. */
  @ApiProperty({ type: String, nullable: true }) nextCursor!: null;
}

export class CreateReviewerConflictDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId!: string;

  @Nfc()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ReviewerConflictResponse {
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReviewerConflictListResponse {
  @ApiProperty({ type: ReviewerConflictResponse, isArray: true })
  items!: ReviewerConflictResponse[];
  /** Always null: the caller's own declarations come in one page. */
  @ApiProperty({ type: String, nullable: true }) nextCursor!: null;
}

export function toReviewResponse(r: ApplicationReviewEntity): ReviewResponse {
  return {
    id: r.id,
    applicationId: r.applicationId,
    reviewerId: r.reviewerId,
    score: r.score,
    comment: r.comment,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toReviewerConflictResponse(c: ReviewerConflictEntity): ReviewerConflictResponse {
  return {
    reviewerId: c.reviewerId,
    organizationId: c.organizationId,
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
  };
}
