import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import type { Frequency } from './report-period';
import type { ReportFormat } from './report.model';
import { ReportScheduleEntity } from './report-schedule.entity';

/** The fields of a schedule a PATCH may change. */
export interface ReportScheduleChanges {
  active: boolean;
  skipEmpty: boolean;
  format: ReportFormat;
  timeZone: string;
}

const SCHEDULE_COLUMNS: ColumnMap<ReportScheduleChanges> = {
  active: 'active',
  skipEmpty: 'skip_empty',
  format: 'format',
  timeZone: 'time_zone',
};

/** What the tick needs of an active schedule. */
export interface ActiveSchedule {
  id: string;
  kind: string;
  format: string;
  frequency: Frequency;
  time_zone: string;
}

/**
 * The `report_schedules` table. Reads without a manager use the default one (query-builder
 * reads may go to a replica, raw reads to the primary), as before.
 */
@Injectable()
export class ReportSchedulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a schedule and returns it as stored. */
  async insert(
    m: EntityManager,
    values: Partial<ReportScheduleEntity>,
  ): Promise<ReportScheduleEntity> {
    const repo = m.getRepository(ReportScheduleEntity);
    const schedule = repo.create(values);
    await repo.insert(schedule);
    return repo.findOneByOrFail({ id: schedule.id });
  }

  async findById(
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<ReportScheduleEntity | null> {
    return m.getRepository(ReportScheduleEntity).findOneBy({ id });
  }

  async findByIdOrFail(m: EntityManager, id: string): Promise<ReportScheduleEntity> {
    return m.getRepository(ReportScheduleEntity).findOneByOrFail({ id });
  }

  async list(
    filters: { active?: boolean },
    page: PageQueryDto,
  ): Promise<Page<ReportScheduleEntity>> {
    const qb = this.dataSource.getRepository(ReportScheduleEntity).createQueryBuilder('s');
    if (filters.active !== undefined) qb.andWhere('s.active = :active', { active: filters.active });
    return paginate(qb, page, (s) => s);
  }

  /** Active schedules, oldest first. */
  async findActive(): Promise<ActiveSchedule[]> {
    return this.dataSource.query(
      `SELECT id, kind, format, frequency, time_zone FROM report_schedules WHERE active ORDER BY created_at, id`,
    );
  }

  /** Optimistic update of the given fields (404 / 409 VERSION_CONFLICT from updateVersioned). */
  async update(
    m: EntityManager,
    id: string,
    version: number | undefined,
    changes: Partial<ReportScheduleChanges>,
  ): Promise<void> {
    await updateVersioned(
      m,
      'report_schedules',
      id,
      version,
      toColumns(SCHEDULE_COLUMNS, changes),
      'Report schedule',
    );
  }
}
