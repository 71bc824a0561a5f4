import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'crypto';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Env } from '../config/env.validation';
import { activitySql, collectSections, reportQueryParams } from './queries';
import { localDate, previousPeriod } from './report-period';
import { KIND_TITLES, ReportModel } from './report.model';
import { ReportMailer } from './report-mailer';
import { ReportNotifier } from './report-notifier';
import { renderReport } from './renderers';
import { groupDigits } from './renderers/format';
import { localizeReport } from './report-i18n';
import { ClaimedReport, ReportsRepository } from './reports.repository';
import { DEFAULT_LOCALE, isLocale, translate } from '../common/i18n';

export type BuildOutcome = 'ready' | 'skipped' | 'not-buildable';

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
    private readonly tx: TransactionRunner,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly notifier: ReportNotifier,
    private readonly mailer: ReportMailer,
  ) {}

  async build(reportId: string): Promise<BuildOutcome> {
    // queued|running → running (running again after a crash or a stalled job); anything else is done.
    const report = await this.reports.claim(reportId);
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

    // Every section reads the same snapshot, so the figures agree with each other.
    const sections = await this.reports.readSnapshot(async (run) => {
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
    // Headings and labels in the report's language; data files keep the category codes (the PDF
    // renderer turns them into words itself).
    const written = localizeReport(model, locale, { values: false });
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

    const notified = await this.tx.run(async (m) => {
      const updated = await this.reports.markReady(m, report.id, {
        fileName: file.fileName,
        contentType: file.contentType,
        body: file.body,
        checksum,
      });
      if (!updated) return null;
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
            kind: report.kind,
            params: {
              periodStart: notice.periodStart,
              periodEnd: notice.periodEnd,
              frequency: notice.frequency,
              format: notice.format,
              size: notice.size,
            },
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
      await this.reports.requeue(reportId);
      return;
    }
    await this.tx.run(async (m) => {
      if (await this.reports.markFailed(m, reportId, reason)) {
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

  private async markSkipped(report: ClaimedReport): Promise<BuildOutcome> {
    await this.tx.run(async (m) => {
      if (await this.reports.markSkipped(m, report.id)) {
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
