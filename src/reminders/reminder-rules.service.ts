import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { Page, paginate } from '../common/pagination';
import { QueueProducer } from '../common/queue/queue-producer.service';
import {
  CreateReminderRuleDto,
  ReminderRuleQueryDto,
  ReminderRuleResponse,
  toReminderRuleResponse,
  UpdateReminderRuleDto,
} from './dto/reminder-rule.dto';
import { parseOffset } from './offset';
import { ReminderRuleEntity } from './reminder-rule.entity';

/**
 * Reminder rules (admin). A change only writes the rule (its `version` moves ahead of its
 * `scheduled_version`); the worker's sweep applies it to the schedule, so a rule saved while Redis
 * is down is applied once it is back. After commit the API asks for a sweep at once (best effort).
 */
@Injectable()
export class ReminderRulesService {
  private readonly logger = new Logger(ReminderRulesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly producer: QueueProducer,
  ) {}

  async create(actor: Actor, dto: CreateReminderRuleDto): Promise<ReminderRuleResponse> {
    const offset = parseOffset(dto.offset);
    if (!offset.ok) throw new Error('unreachable: offset validated by the DTO');
    const saved = await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ReminderRuleEntity);
      const rule = repo.create({
        target: dto.target,
        offset: offset.normalized,
        offsetSeconds: offset.seconds,
        channels: dto.channels,
        workingHoursStart: dto.workingHours?.start ?? null,
        workingHoursEnd: dto.workingHours?.end ?? null,
        active: true,
        createdBy: actor.userId,
      });
      await repo.insert(rule);
      const row = await repo.findOneByOrFail({ id: rule.id });
      await this.audit.record(m, {
        action: 'reminder_rule.created',
        entityType: 'reminder_rule',
        entityId: row.id,
        after: toReminderRuleResponse(row),
      });
      return row;
    });
    await this.requestSweep();
    return toReminderRuleResponse(saved);
  }

  async list(query: ReminderRuleQueryDto): Promise<Page<ReminderRuleResponse>> {
    const qb = this.dataSource.getRepository(ReminderRuleEntity).createQueryBuilder('r');
    if (query.target) qb.andWhere('r.target = :target', { target: query.target });
    if (query.active !== undefined) qb.andWhere('r.active = :active', { active: query.active });
    return paginate(qb, query, toReminderRuleResponse);
  }

  async get(id: string): Promise<ReminderRuleResponse> {
    const rule = await this.dataSource.getRepository(ReminderRuleEntity).findOneBy({ id });
    if (!rule) throw new NotFoundError('Reminder rule');
    return toReminderRuleResponse(rule);
  }

  async update(id: string, dto: UpdateReminderRuleDto): Promise<ReminderRuleResponse> {
    const after = await this.dataSource.transaction(async (m) => {
      const before = await m.getRepository(ReminderRuleEntity).findOneBy({ id });
      if (!before) throw new NotFoundError('Reminder rule');
      const set: Record<string, unknown> = {};
      if (dto.offset !== undefined) {
        const offset = parseOffset(dto.offset);
        if (offset.ok)
          Object.assign(set, { offset: offset.normalized, offset_seconds: offset.seconds });
      }
      if (dto.channels !== undefined) set.channels = dto.channels;
      if (dto.workingHours !== undefined) {
        set.working_hours_start = dto.workingHours?.start ?? null;
        set.working_hours_end = dto.workingHours?.end ?? null;
      }
      if (dto.active !== undefined) set.active = dto.active;
      await updateVersioned(m, 'reminder_rules', id, dto.version, set, 'Reminder rule');
      const row = await m.getRepository(ReminderRuleEntity).findOneByOrFail({ id });
      await this.audit.record(m, {
        action:
          dto.active === false && before.active
            ? 'reminder_rule.deactivated'
            : 'reminder_rule.updated',
        entityType: 'reminder_rule',
        entityId: id,
        before: toReminderRuleResponse(before),
        after: toReminderRuleResponse(row),
      });
      return row;
    });
    await this.requestSweep();
    return toReminderRuleResponse(after);
  }

  /** Asks the worker to apply rule changes now; the periodic sweep does it anyway. */
  private async requestSweep(): Promise<void> {
    try {
      await this.producer.add('reminders.sweep', { reason: 'rule-changed' });
    } catch {
      this.logger.warn(
        'could not request a reminders sweep now; the periodic sweep will apply the rule',
      );
    }
  }
}
