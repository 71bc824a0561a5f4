import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { formatAmount } from '../../common/money/money.dto';
import { IsDateOnly, IsDecimalString, Nfc } from '../../common/validation/validators';
import {
  INDICATOR_VALUE_STATUSES,
  IndicatorValueEntity,
  IndicatorValueStatus,
} from '../indicator-value.entity';
import {
  INDICATOR_MEASURES,
  IndicatorMeasure,
  ResultIndicatorEntity,
} from '../result-indicator.entity';

export class CreateIndicatorDto {
  /** e.g. "Cataract operations performed". */
  @Nfc()
  @IsString()
  @Length(1, 300)
  title!: string;

  /** e.g. "operations", "households". */
  @Nfc()
  @IsString()
  @Length(1, 50)
  unit!: string;

  /** cumulative: each value is the running total at period end; per_period: values add up. */
  @ApiProperty({ enum: INDICATOR_MEASURES })
  @IsIn(INDICATOR_MEASURES)
  measure!: IndicatorMeasure;

  /** Decimal string; defaults to "0.00". */
  @ApiPropertyOptional({ example: '0.00' })
  @IsOptional()
  @IsDecimalString()
  baseline?: string;

  @ApiProperty({ example: '1000.00' })
  @IsDecimalString()
  target!: string;
}

export class CreateIndicatorValueDto {
  @ApiProperty({ format: 'date', example: '2026-01-01' })
  @IsDateOnly()
  periodStart!: string;

  @ApiProperty({ format: 'date', example: '2026-03-31' })
  @IsDateOnly()
  periodEnd!: string;

  /** Decimal string, e.g. "250" or "250.00". */
  @ApiProperty({ example: '250.00' })
  @IsDecimalString()
  value!: string;
}

/** Why a value is returned to its reporter. */
export class ReturnIndicatorValueDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Typed 99999 instead of 99' })
  @Nfc()
  @IsString()
  @Matches(/\S/, { message: '$property must not be empty' })
  @MaxLength(1000)
  reason!: string;
}

/** The correction of a returned value; it is then `reported` again. */
export class CorrectIndicatorValueDto {
  /** Decimal string, e.g. "99" or "99.00". */
  @ApiProperty({ example: '99.00' })
  @IsDecimalString()
  value!: string;

  /** What was corrected. */
  @ApiPropertyOptional({ maxLength: 1000, example: 'Typo corrected' })
  @IsOptional()
  @Nfc()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  /** The version read; 409 VERSION_CONFLICT when the value changed meanwhile. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class IndicatorProgressResponse {
  /**
   * Approved actual: the latest value (by period end) for a cumulative indicator, the sum of
   * all values for a per-period one; null before the first approved value.
   */
  @ApiProperty({ nullable: true, type: String, example: '640.00' }) actual!: string | null;
  /** actual ÷ target × 100, rounded to 2 decimals (decimal string); null when target is 0 or no actual. */
  @ApiProperty({ nullable: true, type: String, example: '64.00' }) percentOfTarget!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastPeriodEnd!: string | null;
  @ApiProperty() approvedValues!: number;
  /** Reported values waiting for approval; they do not count yet (returned ones neither). */
  @ApiProperty() pendingValues!: number;
}

export class IndicatorResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: INDICATOR_MEASURES }) measure!: IndicatorMeasure;
  @ApiProperty({ example: '0.00' }) baseline!: string;
  @ApiProperty({ example: '1000.00' }) target!: string;
  @ApiProperty({ type: IndicatorProgressResponse }) progress!: IndicatorProgressResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class IndicatorValueResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) indicatorId!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty({ example: '250.00' }) value!: string;
  @ApiProperty({ format: 'uuid' }) reportedBy!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) approvedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) approvedAt!: string | null;
  /** reported → approved; reported or approved → returned (to its reporter) → reported. */
  @ApiProperty({ enum: INDICATOR_VALUE_STATUSES }) status!: IndicatorValueStatus;
  /** The reporter's note with a corrected value. */
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  /** Why the value was last returned. */
  @ApiProperty({ nullable: true, type: String }) returnReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) returnedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) returnedAt!: string | null;
  @ApiProperty() version!: number;
}

export function toIndicatorResponse(
  i: ResultIndicatorEntity,
  progress: IndicatorProgressResponse,
): IndicatorResponse {
  return {
    id: i.id,
    projectId: i.projectId,
    title: i.title,
    unit: i.unit,
    measure: i.measure,
    baseline: formatAmount(i.baseline),
    target: formatAmount(i.target),
    progress,
    createdAt: i.createdAt.toISOString(),
  };
}

export function toIndicatorValueResponse(v: IndicatorValueEntity): IndicatorValueResponse {
  return {
    id: v.id,
    indicatorId: v.indicatorId,
    periodStart: v.periodStart,
    periodEnd: v.periodEnd,
    value: formatAmount(v.value),
    reportedBy: v.reportedBy,
    reportedAt: v.reportedAt.toISOString(),
    approvedBy: v.approvedBy,
    approvedAt: v.approvedAt ? v.approvedAt.toISOString() : null,
    status: v.status,
    comment: v.comment,
    returnReason: v.returnReason,
    returnedBy: v.returnedBy,
    returnedAt: v.returnedAt ? v.returnedAt.toISOString() : null,
    version: v.version,
  };
}
