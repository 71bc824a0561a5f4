import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Env } from '../config/env.validation';
import { activitySql, collectSections, reportQueryParams, RunQuery } from './queries';
import { localDate, previousPeriod } from './report-period';
import { KIND_TITLES, ReportFormat, ReportKind, ReportModel } from './report.model';
import { ReportMailer } from './report-mailer';
import { ReportNotifier } from './report-notifier';
import { renderReport } from './renderers';
import { groupDigits } from './renderers/format';
import { localizeReport } from './report-i18n';
import { DEFAULT_LOCALE, isLocale, translate } from '../common/i18n';

export type BuildOutcome = 'ready' | 'skipped' | 'not-buildable';

interface ClaimedReport {
  id: string;
  kind: ReportKind;
  format: ReportFormat;
  period_start: string;
  period_end: string;
  schedule_id: string | null;
  requested_by: string | null;
  locale: string | null;
  time_zone: string | null;
  skip_empty: boolean | null;
  frequency: string | null;
}

/** First lines of an error as a failure reason an admin can read. */
const reasonOf = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 500);

/**
 * Builds one report: claims the row, runs the section queries (GROUP BY in Postgres) in one
 * read-only REPEATABLE READ snapshot, renders, stores the file with its SHA-256 and notifies,
 * all idempotently: a report already ready, failed or skipped is left alone, and the "ready"
 * update, its audit entry and the notifications commit together.
 */
@Injectable()
export class ReportBuilder {
  private readonly logger = new Logger(ReportBuilder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly notifier: ReportNotifier,
    private readonly mailer: ReportMailer,
  ) {}

  async build(reportId: string): Promise<BuildOutcome> {
    const report = await this.claim(reportId);
    if (!report) return 'not-buildable';
    const timeZone = report.time_zone ?? this.env.REPORT_TIME_ZONE;
    const now = this.clock.now();
    const input = {
      periodStart: report.period_start,
      periodEnd: report.period_end,
      timeZone,
      asOf: localDate(now, timeZone),
    };
    const params = reportQueryParams(input);

    const sections = await this.readSnapshot(async (run) => {
      if (report.schedule_id && report.skip_empty) {
        const [{ active }] = (await run(activitySql(report.kind), params)) as { active: boolean }[];
        if (!active) return null;
      }
      return collectSections(run, report.kind, params);
    });
    if (!sections) return this.markSkipped(report);

    const prev = previousPeriod({ start: report.period_start, end: report.period_end });
    const model: ReportModel = {
      meta: {
        id: report.id,
        kind: report.kind,
        title: KIND_TITLES[report.kind],
        periodStart: report.period_start,
        periodEnd: report.period_end,
        previousPeriodStart: prev.start,
        previousPeriodEnd: prev.end,
        timeZone,
        asOf: input.asOf,
        generatedAt: now.toISOString(),
      },
      sections,
    };
    const locale = isLocale(report.locale) ? report.locale : DEFAULT_LOCALE;
    // Headings and labels in the report's language; category words only where people read them.
    const written = localizeReport(model, locale, { values: report.format === 'pdf' });
    const file = await renderReport(report.format, written, {
      fontPath: this.env.REPORT_PDF_FONT,
      locale,
    });
    const checksum = createHash('sha256').update(file.body).digest('hex');
    const notice = {
      title: written.meta.title,
      periodStart: report.period_start,
      periodEnd: report.period_end,
      frequency: report.frequency ?? 'none',
      format: report.format.toUpperCase(),
      size: groupDigits(file.body.length),
    };
    const title = translate(locale, 'notifications.reportReady.title', notice);
    const body = translate(locale, 'notifications.reportReady.body', notice);

    const notified = await this.dataSource.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE reports SET status = 'ready', file_name = $2, content_type = $3, content = $4, byte_size = $5,
                checksum_sha256 = $6, failure_reason = NULL, finished_at = now()
         WHERE id = $1 AND status = 'running' RETURNING id`,
        [report.id, file.fileName, file.contentType, file.body, file.body.length, checksum],
      )) as [{ id: string }[], number];
      if (updated.length === 0) return null;
      await this.audit.record(m, {
        action: 'report.built',
        entityType: 'report',
        entityId: report.id,
        after: { status: 'ready', fileName: file.fileName, byteSize: file.body.length, checksum },
        actor: null,
      });
      // Scheduled reports go to every active admin; an on-demand one to the admin who asked.
      return this.notifier.notifyReady(m, {
        reportId: report.id,
        title,
        body,
        onlyUserId: report.schedule_id ? null : report.requested_by,
      });
    });
    if (notified === null) return 'not-buildable';
    if (notified.length && this.mailer.enabled) {
      await this.mailer
        .send(
          {
            reportId: report.id,
            subject: title,
            text: body,
            fileName: file.fileName,
            contentType: file.contentType,
            content: file.body,
          },
          notified,
        )
        .catch((err: Error) =>
          this.logger.warn(`report ${report.id}: email failed: ${err.message}`),
        );
    }
    return 'ready';
  }

  /**
   * Records a failed attempt. On the last attempt the report becomes `failed` with the reason;
   * before that it goes back to `queued` while BullMQ waits to retry.
   */
  async recordFailure(reportId: string, err: unknown, finalAttempt: boolean): Promise<void> {
    const reason = reasonOf(err);
    if (!finalAttempt) {
      await this.dataSource.query(
        `UPDATE reports SET status = 'queued' WHERE id = $1 AND status = 'running'`,
        [reportId],
      );
      return;
    }
    await this.dataSource.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE reports SET status = 'failed', failure_reason = $2, finished_at = now()
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [reportId, reason],
      )) as [{ id: string }[], number];
      if (updated.length) {
        await this.audit.record(m, {
          action: 'report.failed',
          entityType: 'report',
          entityId: reportId,
          after: { status: 'failed', failureReason: reason },
          actor: null,
        });
      }
    });
    this.logger.warn(`report ${reportId} failed: ${reason}`);
  }

  /** queued|running → running (running again after a crash or a stalled job); anything else is done. */
  private async claim(reportId: string): Promise<ClaimedReport | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE reports r SET status = 'running', started_at = now()
       WHERE r.id = $1 AND r.status IN ('queued', 'running')
       RETURNING r.id, r.kind, r.format, r.period_start::text, r.period_end::text, r.schedule_id, r.requested_by, r.locale,
                 (SELECT s.time_zone FROM report_schedules s WHERE s.id = r.schedule_id) AS time_zone,
                 (SELECT s.skip_empty FROM report_schedules s WHERE s.id = r.schedule_id) AS skip_empty,
                 (SELECT s.frequency FROM report_schedules s WHERE s.id = r.schedule_id) AS frequency`,
      [reportId],
    )) as [ClaimedReport[], number];
    return rows[0] ?? null;
  }

  /** Every section reads the same snapshot, so the figures agree with each other. */
  private async readSnapshot<T>(work: (run: RunQuery) => Promise<T>): Promise<T> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work((sql, params) => qr.query(sql, params));
      await qr.query('COMMIT');
      return result;
    } catch (err) {
      await qr.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  private async markSkipped(report: ClaimedReport): Promise<BuildOutcome> {
    await this.dataSource.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE reports SET status = 'skipped', finished_at = now() WHERE id = $1 AND status = 'running' RETURNING id`,
        [report.id],
      )) as [{ id: string }[], number];
      if (updated.length) {
        await this.audit.record(m, {
          action: 'report.skipped',
          entityType: 'report',
          entityId: report.id,
          after: { status: 'skipped', reason: 'no activity in the period' },
          actor: null,
        });
      }
    });
    return 'skipped';
  }
}
