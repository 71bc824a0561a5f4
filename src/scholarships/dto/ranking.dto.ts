import { ApiProperty } from '@nestjs/swagger';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state-machine';

export class RankingEntryResponse {
  /**
   * 1-based position: average score desc, then earliest submission, then id. Null when the
   * ranking is blinded for the caller (a coordinator who has not reviewed every scored
   * application): the items then come in submission order.
   */
  @ApiProperty({ nullable: true, type: Number }) rank!: number | null;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) participantId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId!: string | null;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: ApplicationStatus;
  /**
   * Mean review score as a decimal string with two decimals; null when there is no review yet,
   * or when the calling coordinator has not reviewed this application (reviewer blinding).
   */
  @ApiProperty({ nullable: true, type: String, example: '84.50' }) averageScore!: string | null;
  @ApiProperty() reviewCount!: number;
  /** True when the calling coordinator has not reviewed this application yet. */
  @ApiProperty() scoreHidden!: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class RankingResponse {
  @ApiProperty({ format: 'uuid' }) scholarshipId!: string;
  @ApiProperty() quota!: number;
  @ApiProperty() awardedCount!: number;
  @ApiProperty() placesLeft!: number;
  /**
   * Best-ranked undecided application (submitted or under review), or null; also null when the
   * ranking is blinded for the caller.
   */
  @ApiProperty({ type: RankingEntryResponse, nullable: true })
  nextCandidate!: RankingEntryResponse | null;
  @ApiProperty({ type: RankingEntryResponse, isArray: true }) items!: RankingEntryResponse[];
}
