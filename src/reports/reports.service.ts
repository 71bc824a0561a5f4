import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError, ServiceUnavailableError, ValidationFailedError } from '../common/errors';
import { DEFAULT_LOCALE, type Locale } from '../common/i18n';
import { Page } from '../common/pagination';
import { QueueProducer } from '../common/queue/queue-producer.service';
import {
  CreateReportDto,
  ReportQueryDto,
  ReportQueuedResponse,
  ReportResponse,
  toReportResponse,
} from './dto/report.dto';
import { periodDays } from './report-period';
import { ReportNotReadyError } from './reports.errors';
import { ReportsRepository } from './reports.repository';

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
    private readonly tx: TransactionRunner,
    private readonly reports: ReportsRepository,
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
    const report = await this.tx.run(async (m) => {
      const saved = await this.reports.insert(m, {
        kind: dto.kind,
        format: dto.format,
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
        status: 'queued',
        requestedBy: actor.userId,
        locale,
      });
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
        await this.reports.failQueued(
          report.id,
          'The job queue was unavailable; the report was not built. Request it again.',
        );
        this.logger.warn(`report ${report.id}: queue unavailable, marked failed`);
      }
      throw err;
    }
    return { id: report.id, status: 'queued' };
  }

  async list(query: ReportQueryDto): Promise<Page<ReportResponse>> {
    const page = await this.reports.list(
      { kind: query.kind, status: query.status, scheduleId: query.scheduleId },
      query,
    );
    return { ...page, items: page.items.map(toReportResponse) };
  }

  async get(id: string): Promise<ReportResponse> {
    const report = await this.reports.findById(id);
    if (!report) throw new NotFoundError('Report');
    return toReportResponse(report);
  }

  /** The stored file; 409 REPORT_NOT_READY unless the report is `ready`. */
  async file(id: string): Promise<ReportFile> {
    const r = await this.reports.findFile(id);
    if (!r) throw new NotFoundError('Report');
    if (r.status !== 'ready' || !r.content) throw new ReportNotReadyError(r.status);
    return {
      fileName: r.file_name,
      contentType: r.content_type,
      content: r.content,
      checksum: r.checksum_sha256,
    };
  }
}
