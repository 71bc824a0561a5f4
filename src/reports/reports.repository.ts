import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import type { RunQuery } from './queries';
import { ReportFormat, ReportKind, ReportStatus } from './report.model';
import { ReportEntity } from './report.entity';

/** List filters of the reports list. */
export interface ReportFilters {
  kind?: ReportKind;
  status?: ReportStatus;
  scheduleId?: string;
}

/** A report's stored file; `content` is null unless the report is `ready`. */
export interface ReportFileRow {
  status: string;
  file_name: string;
  content_type: string;
  content: Buffer | null;
  checksum_sha256: string;
}

/** A claimed report with its schedule's settings (null for an on-demand report). */
export interface ClaimedReport {
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

/** The report row a schedule's tick creates for one closed period. */
export interface ScheduledReportRow {
  scheduleId: string;
  kind: string;
  format: string;
  periodStart: string;
  periodEnd: string;
}

/** The stored file of a built report. */
export interface BuiltFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  checksum: string;
}

/**
 * The `reports` table. Every status change is a conditional UPDATE on the current status, so a
 * retry, a second worker or a late tick never moves a report backwards; each returns whether
 * it changed the row. Reads without a manager use the default one (query-builder reads may go
 * to a replica, raw reads to the primary), as before.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a report row and returns it as stored. */
  async insert(m: EntityManager, values: Partial<ReportEntity>): Promise<ReportEntity> {
    const repo = m.getRepository(ReportEntity);
    const row = repo.create(values);
    await repo.insert(row);
    return repo.findOneByOrFail({ id: row.id });
  }

  /**
   * A schedule's report for one period, unless that period already has one (the unique
   * (schedule_id, period_start) index): the id when this call inserted it, else null.
   */
  async insertScheduled(m: EntityManager, row: ScheduledReportRow): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO reports (kind, format, period_start, period_end, status, schedule_id)
       VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT (schedule_id, period_start) WHERE schedule_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [row.kind, row.format, row.periodStart, row.periodEnd, row.scheduleId],
    );
    return rows[0]?.id ?? null;
  }

  async findById(id: string): Promise<ReportEntity | null> {
    return this.dataSource.getRepository(ReportEntity).findOneBy({ id });
  }

  /** Newest first. */
  async list(filters: ReportFilters, page: PageQueryDto): Promise<Page<ReportEntity>> {
    const qb = this.dataSource.getRepository(ReportEntity).createQueryBuilder('r');
    if (filters.kind) qb.andWhere('r.kind = :kind', { kind: filters.kind });
    if (filters.status) qb.andWhere('r.status = :status', { status: filters.status });
    if (filters.scheduleId)
      qb.andWhere('r.schedule_id = :scheduleId', { scheduleId: filters.scheduleId });
    return paginate(qb, page, (r) => r, { direction: 'DESC' });
  }

  /** The file columns; the content only of a `ready` report (a partial one is never read). */
  async findFile(id: string): Promise<ReportFileRow | null> {
    const rows: ReportFileRow[] = await this.dataSource.query(
      `SELECT status, file_name, content_type, checksum_sha256, CASE WHEN status = 'ready' THEN content END AS content FROM reports WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Scheduled reports still `queued` longer than `olderThan` (a Postgres interval) after creation. */
  async findStaleScheduled(olderThan: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM reports WHERE schedule_id IS NOT NULL AND status = 'queued' AND created_at < now() - $1::interval`,
      [olderThan],
    );
    return rows.map((r) => r.id);
  }

  /**
   * queued|running → running; the report with its schedule's settings, or null when it is
   * already done (or gone).
   */
  async claim(reportId: string): Promise<ClaimedReport | null> {
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

  /**
   * Runs `work` in one read-only REPEATABLE READ snapshot on its own connection, so every
   * section query sees the same data.
   */
  async readSnapshot<T>(work: (run: RunQuery) => Promise<T>): Promise<T> {
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

  /** running → ready with its file. */
  async markReady(m: EntityManager, id: string, file: BuiltFile): Promise<boolean> {
    const [updated] = (await m.query(
      `UPDATE reports SET status = 'ready', file_name = $2, content_type = $3, content = $4, byte_size = $5,
              checksum_sha256 = $6, failure_reason = NULL, finished_at = now()
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, file.fileName, file.contentType, file.body, file.body.length, file.checksum],
    )) as [{ id: string }[], number];
    return updated.length > 0;
  }

  /** running → skipped. */
  async markSkipped(m: EntityManager, id: string): Promise<boolean> {
    const [updated] = (await m.query(
      `UPDATE reports SET status = 'skipped', finished_at = now() WHERE id = $1 AND status = 'running' RETURNING id`,
      [id],
    )) as [{ id: string }[], number];
    return updated.length > 0;
  }

  /** queued|running → failed with the reason. */
  async markFailed(m: EntityManager, id: string, reason: string): Promise<boolean> {
    const [updated] = (await m.query(
      `UPDATE reports SET status = 'failed', failure_reason = $2, finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id, reason],
    )) as [{ id: string }[], number];
    return updated.length > 0;
  }

  /** queued → failed with the reason (a report whose build never got enqueued). */
  async failQueued(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reports SET status = 'failed', failure_reason = $2, finished_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /** running → queued, while the queue waits to retry the build. */
  async requeue(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reports SET status = 'queued' WHERE id = $1 AND status = 'running'`,
      [id],
    );
  }
}
