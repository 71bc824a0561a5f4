import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PageOf, PageQueryDto } from '../../common/pagination';
import { Nfc } from '../../common/validation/validators';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state-machine';
import type { ScholarshipApplicationEntity } from '../scholarship-application.entity';
import { RankingEntryResponse } from './ranking.dto';

export class CreateApplicationDto {
  /** The person applying; an ngo_member may only name its own organisation's participants. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  participantId!: string;

  /** Motivation statement. */
  @Nfc()
  @IsString()
  @Length(1, 20000)
  statement!: string;
}

export class UpdateApplicationDto {
  @Nfc()
  @IsString()
  @Length(1, 20000)
  statement!: string;

  /** The version you read; 409 VERSION_CONFLICT when the application changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export const DECISIONS = ['award', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision!: Decision;
}

export class ApplicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  scholarshipId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  /** Staff only narrow by organisation; an ngo_member always sees its own. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;
}

/**
 * An application as every caller sees it. It never carries review data (scores, comments,
 * reviewers): NGO members see only the status and the decision; staff read reviews through
 * `/applications/:id/reviews` and the ranking, where reviewer blinding applies.
 */
export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) scholarshipId!: string;
  @ApiProperty({ format: 'uuid' }) participantId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  /** `award` once awarded (also after accept/decline), `reject` once rejected, else null. */
  @ApiProperty({ enum: DECISIONS, nullable: true, type: String }) decision!: Decision | null;
  @ApiProperty() statement!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondedAt!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ApplicationPage extends PageOf(ApplicationResponse) {}

/** The answer to a decline: the place it freed and, for staff, who is next in line. */
export class DeclineResponse extends ApplicationResponse {
  /** Places left on the scheme after the decline. */
  @ApiProperty() placesLeft!: number;
  /**
   * The best-ranked undecided (submitted or under review) application of the scheme, now
   * eligible for the freed place; it is NOT awarded automatically. Null for ngo_member callers
   * (it belongs to another applicant) and when nobody is waiting.
   */
  @ApiProperty({ type: RankingEntryResponse, nullable: true })
  nextCandidate!: RankingEntryResponse | null;
}

const DECISION_BY_STATUS: Partial<Record<ApplicationStatus, Decision>> = {
  awarded: 'award',
  accepted: 'award',
  declined: 'award',
  rejected: 'reject',
};

export function toApplicationResponse(a: ScholarshipApplicationEntity): ApplicationResponse {
  return {
    id: a.id,
    scholarshipId: a.scholarshipId,
    participantId: a.participantId,
    organizationId: a.organizationId,
    status: a.status,
    decision: DECISION_BY_STATUS[a.status] ?? null,
    statement: a.statement,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    respondedAt: a.respondedAt?.toISOString() ?? null,
    createdBy: a.createdBy,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
