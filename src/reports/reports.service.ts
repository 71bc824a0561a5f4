import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { NotFoundError, ServiceUnavailableError, ValidationFailedError } from '../common/errors';
import { DEFAULT_LOCALE, type Locale } from '../common/i18n';
import { Page, paginate } from '../common/pagination';
import { QueueProducer } from '../common/queue/queue-producer.service';
import {
  CreateReportDto,
  ReportQueryDto,
  ReportQueuedResponse,
  ReportResponse,
  toReportResponse,
} from './dto/report.dto';
import { periodDays } from './report-period';
import { ReportEntity } from './report.entity';
import { ReportNotReadyError } from './reports.errors';

/** Longest on-demand period (about ten years). */
export const MAX_PERIOD_DAYS = 3660;

/** The deterministic BullMQ job id of a report's build (BullMQ ids may not contain ':'). */
export const buildJobId = (reportId: string) => `report-build-${reportId}`;

/** Enqueues a build after its row has committed (shared by the API and the schedule tick). */
export async function enqueueBuild(producer: QueueProducer, reportId: string): Promise<void> {
  await producer.add('report.build', { reportId }, { jobId: buildJobId(reportId) });
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  content: Buffer;
  checksum: string;
}

/** On-demand reports: request (202 + job), status, list and download. Admins only. */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly producer: QueueProducer,
  ) {}

  /**
   * Creates the report row (`queued`) and, after the commit, enqueues `report.build`.
   * When Redis is down the row is kept but marked `failed` ("queue unavailable"), so the
   * admin sees what happened in the list, and the call answers 503 SERVICE_UNAVAILABLE.
   */
  async request(
    dto: CreateReportDto,
    actor: Actor,
    locale: Locale = DEFAULT_LOCALE,
  ): Promise<ReportQueuedResponse> {
    if (dto.periodEnd < dto.periodStart) {
      throw new ValidationFailedError([
        { field: 'periodEnd', message: 'periodEnd must be on or after periodStart' },
      ]);
    }
    if (periodDays({ start: dto.periodStart, end: dto.periodEnd }) > MAX_PERIOD_DAYS) {
      throw new ValidationFailedError([
        { field: 'periodEnd', message: `a period may span at most ${MAX_PERIOD_DAYS} days` },
      ]);
    }
    const report = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ReportEntity);
      const row = repo.create({
        kind: dto.kind,
        format: dto.format,
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
        status: 'queued',
        requestedBy: actor.userId,
        locale,
      });
      await repo.insert(row);
      const saved = await repo.findOneByOrFail({ id: row.id });
      await this.audit.record(m, {
        action: 'report.requested',
        entityType: 'report',
        entityId: saved.id,
        after: toReportResponse(saved),
      });
      return saved;
    });
    try {
      await enqueueBuild(this.producer, report.id);
    } catch (err) {
      if (err instanceof ServiceUnavailableError) {
        await this.dataSource.query(
          `UPDATE reports SET status = 'failed', failure_reason = $2, finished_at = now() WHERE id = $1 AND status = 'queued'`,
          [report.id, 'The job queue was unavailable; the report was not built. Request it again.'],
        );
        this.logger.warn(`report ${report.id}: queue unavailable, marked failed`);
      }
      throw err;
    }
    return { id: report.id, status: 'queued' };
  }

  async list(query: ReportQueryDto): Promise<Page<ReportResponse>> {
    const qb = this.dataSource.getRepository(ReportEntity).createQueryBuilder('r');
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.scheduleId)
      qb.andWhere('r.schedule_id = :scheduleId', { scheduleId: query.scheduleId });
    return paginate(qb, query, toReportResponse, { direction: 'DESC' });
  }

  async get(id: string): Promise<ReportResponse> {
    const report = await this.dataSource.getRepository(ReportEntity).findOneBy({ id });
    if (!report) throw new NotFoundError('Report');
    return toReportResponse(report);
  }

  /** The stored file; 409 REPORT_NOT_READY unless the report is `ready`. */
  async file(id: string): Promise<ReportFile> {
    const rows: {
      status: string;
      file_name: string;
      content_type: string;
      content: Buffer;
      checksum_sha256: string;
    }[] = await this.dataSource.query(
      `SELECT status, file_name, content_type, checksum_sha256, CASE WHEN status = 'ready' THEN content END AS content FROM reports WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundError('Report');
    const r = rows[0];
    if (r.status !== 'ready' || !r.content) throw new ReportNotReadyError(r.status);
    return {
      fileName: r.file_name,
      contentType: r.content_type,
      content: r.content,
      checksum: r.checksum_sha256,
    };
  }
}
