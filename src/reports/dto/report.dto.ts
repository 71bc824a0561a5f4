import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../common/i18n';
import { PageQueryDto } from '../../common/pagination';
import { IsDateOnly } from '../../common/validation/validators';
import { ReportEntity } from '../report.entity';
import {
  REPORT_FORMATS,
  REPORT_KINDS,
  REPORT_STATUSES,
  ReportFormat,
  ReportKind,
  ReportStatus,
} from '../report.model';

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind!: ReportKind;

  /** First day of the period (inclusive), a calendar date in REPORT_TIME_ZONE. */
  @ApiProperty({ example: '2026-01-01', format: 'date' })
  @IsDateOnly()
  periodStart!: string;

  /** Last day of the period (inclusive); at most 3660 days after periodStart. */
  @ApiProperty({ example: '2026-03-31', format: 'date' })
  @IsDateOnly()
  periodEnd!: string;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS)
  format!: ReportFormat;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_KINDS })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  scheduleId?: string;
}

export class ReportQueuedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class ReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: ReportFormat;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  /** `skipped`: a scheduled report of a period without activity (schedule with skipEmpty). */
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) scheduleId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy!: string | null;
  /** The report's language (from Accept-Language or the requester's locale); scheduled ones are English. */
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'silkbridge-summary-2026-01-01_2026-03-31.xlsx',
  })
  fileName!: string | null;
  @ApiProperty({ nullable: true, type: String }) contentType!: string | null;
  @ApiProperty({ nullable: true, type: Number }) byteSize!: number | null;
  /** SHA-256 of the file, hex; also the download's ETag. */
  @ApiProperty({ nullable: true, type: String }) checksum!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  /** Path of the file once `ready`. */
  @ApiProperty({ nullable: true, type: String }) downloadUrl!: string | null;
}

export function toReportResponse(r: ReportEntity): ReportResponse {
  return {
    id: r.id,
    kind: r.kind,
    format: r.format,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    status: r.status,
    scheduleId: r.scheduleId,
    requestedBy: r.requestedBy,
    locale: r.locale ?? DEFAULT_LOCALE,
    fileName: r.fileName,
    contentType: r.contentType,
    byteSize: r.byteSize,
    checksum: r.checksumSha256,
    failureReason: r.failureReason,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    downloadUrl: r.status === 'ready' ? `/api/v1/reports/${r.id}/download` : null,
  };
}
