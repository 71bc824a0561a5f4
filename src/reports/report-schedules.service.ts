import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { Page, paginate } from '../common/pagination';
import { Env } from '../config/env.validation';
import {
  CreateReportScheduleDto,
  ReportScheduleQueryDto,
  ReportScheduleResponse,
  toReportScheduleResponse,
  UpdateReportScheduleDto,
} from './dto/report-schedule.dto';
import { currentPeriod } from './report-period';
import { ReportScheduleEntity } from './report-schedule.entity';

/** Report schedules (admin). The worker's tick turns each closed period into one report. */
@Injectable()
export class ReportSchedulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly env: Env,
    private readonly clock: Clock,
  ) {}

  private toResponse = (s: ReportScheduleEntity): ReportScheduleResponse =>
    toReportScheduleResponse(s, currentPeriod(s.frequency, this.clock.now(), s.timeZone));

  async create(dto: CreateReportScheduleDto, actor: Actor): Promise<ReportScheduleResponse> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ReportScheduleEntity);
      const schedule = repo.create({
        kind: dto.kind,
        frequency: dto.frequency,
        format: dto.format,
        timeZone: dto.timeZone ?? this.env.REPORT_TIME_ZONE,
        skipEmpty: dto.skipEmpty ?? false,
        active: true,
        createdBy: actor.userId,
      });
      await repo.insert(schedule);
      const saved = await repo.findOneByOrFail({ id: schedule.id });
      const response = this.toResponse(saved);
      await this.audit.record(m, {
        action: 'report_schedule.created',
        entityType: 'report_schedule',
        entityId: saved.id,
        after: response,
      });
      return response;
    });
  }

  async list(query: ReportScheduleQueryDto): Promise<Page<ReportScheduleResponse>> {
    const qb = this.dataSource.getRepository(ReportScheduleEntity).createQueryBuilder('s');
    if (query.active !== undefined) qb.andWhere('s.active = :active', { active: query.active });
    return paginate(qb, query, this.toResponse);
  }

  async get(id: string): Promise<ReportScheduleResponse> {
    const schedule = await this.dataSource.getRepository(ReportScheduleEntity).findOneBy({ id });
    if (!schedule) throw new NotFoundError('Report schedule');
    return this.toResponse(schedule);
  }

  async update(id: string, dto: UpdateReportScheduleDto): Promise<ReportScheduleResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await m.getRepository(ReportScheduleEntity).findOneBy({ id });
      if (!before) throw new NotFoundError('Report schedule');
      const set: Record<string, unknown> = {};
      if (dto.active !== undefined) set.active = dto.active;
      if (dto.skipEmpty !== undefined) set.skip_empty = dto.skipEmpty;
      if (dto.format !== undefined) set.format = dto.format;
      if (dto.timeZone !== undefined) set.time_zone = dto.timeZone;
      await updateVersioned(m, 'report_schedules', id, dto.version, set, 'Report schedule');
      const after = await m.getRepository(ReportScheduleEntity).findOneByOrFail({ id });
      const response = this.toResponse(after);
      await this.audit.record(m, {
        action:
          dto.active === false && before.active
            ? 'report_schedule.deactivated'
            : 'report_schedule.updated',
        entityType: 'report_schedule',
        entityId: id,
        before: this.toResponse(before),
        after: response,
      });
      return response;
    });
  }
}
