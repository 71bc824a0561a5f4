import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsTimeZone, ToBool } from '../../common/validation/validators';
import { FREQUENCIES, Frequency, Period } from '../report-period';
import { ReportScheduleEntity } from '../report-schedule.entity';
import { REPORT_FORMATS, REPORT_KINDS, ReportFormat, ReportKind } from '../report.model';

export class CreateReportScheduleDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind!: ReportKind;

  /** Calendar months, quarters or years, closed in `timeZone`. */
  @ApiProperty({ enum: FREQUENCIES })
  @IsIn(FREQUENCIES)
  frequency!: Frequency;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS)
  format!: ReportFormat;

  /** IANA zone in which periods close; default REPORT_TIME_ZONE. */
  @ApiPropertyOptional({ example: 'Asia/Karachi' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  /** Mark the period's report `skipped` (no file, no notification) when nothing happened in it. */
  @IsOptional()
  @IsBoolean()
  skipEmpty?: boolean;
}

/** `{active: false}` deactivates a schedule (reports already built stay). */
export class UpdateReportScheduleDto {
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsBoolean()
  skipEmpty?: boolean;

  @ApiPropertyOptional({ enum: REPORT_FORMATS })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  /** The version you read; 409 VERSION_CONFLICT when the schedule changed meanwhile. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ReportScheduleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @ToBool()
  @IsBoolean()
  active?: boolean;
}

export class PeriodResponse {
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) end!: string;
}

export class ReportScheduleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ enum: FREQUENCIES }) frequency!: Frequency;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: ReportFormat;
  @ApiProperty() timeZone!: string;
  @ApiProperty() skipEmpty!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  /** The period in progress now; its report is built after it closes. */
  @ApiProperty({ type: PeriodResponse }) currentPeriod!: PeriodResponse;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toReportScheduleResponse(
  s: ReportScheduleEntity,
  currentPeriod: Period,
): ReportScheduleResponse {
  return {
    id: s.id,
    kind: s.kind,
    frequency: s.frequency,
    format: s.format,
    timeZone: s.timeZone,
    skipEmpty: s.skipEmpty,
    active: s.active,
    createdBy: s.createdBy,
    currentPeriod,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
