import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
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
import { ReportScheduleChanges, ReportSchedulesRepository } from './report-schedules.repository';

/** Report schedules (admin). The worker's tick turns each closed period into one report. */
@Injectable()
export class ReportSchedulesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly schedules: ReportSchedulesRepository,
    private readonly audit: AuditService,
    private readonly env: Env,
    private readonly clock: Clock,
  ) {}

  private toResponse = (s: ReportScheduleEntity): ReportScheduleResponse =>
    toReportScheduleResponse(s, currentPeriod(s.frequency, this.clock.now(), s.timeZone));

  async create(dto: CreateReportScheduleDto, actor: Actor): Promise<ReportScheduleResponse> {
    return this.tx.run(async (m) => {
      const saved = await this.schedules.insert(m, {
        kind: dto.kind,
        frequency: dto.frequency,
        format: dto.format,
        timeZone: dto.timeZone ?? this.env.REPORT_TIME_ZONE,
        skipEmpty: dto.skipEmpty ?? false,
        active: true,
        createdBy: actor.userId,
      });
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
    const page = await this.schedules.list({ active: query.active }, query);
    return { ...page, items: page.items.map(this.toResponse) };
  }

  async get(id: string): Promise<ReportScheduleResponse> {
    const schedule = await this.schedules.findById(id);
    if (!schedule) throw new NotFoundError('Report schedule');
    return this.toResponse(schedule);
  }

  async update(id: string, dto: UpdateReportScheduleDto): Promise<ReportScheduleResponse> {
    return this.tx.run(async (m) => {
      const before = await this.schedules.findById(id, m);
      if (!before) throw new NotFoundError('Report schedule');
      const changes: Partial<ReportScheduleChanges> = {
        active: dto.active,
        skipEmpty: dto.skipEmpty,
        format: dto.format,
        timeZone: dto.timeZone,
      };
      await this.schedules.update(m, id, dto.version, changes);
      const after = await this.schedules.findByIdOrFail(m, id);
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
