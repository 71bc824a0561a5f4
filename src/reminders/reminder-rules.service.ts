import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import type { Page } from '../common/pagination';
import { QueueProducer } from '../common/queue/queue-producer.service';
import {
  CreateReminderRuleDto,
  ReminderRuleQueryDto,
  ReminderRuleResponse,
  toReminderRuleResponse,
  UpdateReminderRuleDto,
} from './dto/reminder-rule.dto';
import { parseOffset } from './offset';
import { ReminderRuleChanges, ReminderRulesRepository } from './reminder-rules.repository';

/**
 * Reminder rules (admin). A change only writes the rule (its `version` moves ahead of its
 * `scheduled_version`); the worker's sweep applies it to the schedule, so a rule saved while Redis
 * is down is applied once it is back. After commit the API asks for a sweep at once (best effort).
 */
@Injectable()
export class ReminderRulesService {
  private readonly logger = new Logger(ReminderRulesService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly rules: ReminderRulesRepository,
    private readonly audit: AuditService,
    private readonly producer: QueueProducer,
  ) {}

  async create(actor: Actor, dto: CreateReminderRuleDto): Promise<ReminderRuleResponse> {
    const offset = parseOffset(dto.offset);
    if (!offset.ok) throw new Error('unreachable: offset validated by the DTO');
    const saved = await this.tx.run(async (m) => {
      const row = await this.rules.insert(m, {
        target: dto.target,
        offset: offset.normalized,
        offsetSeconds: offset.seconds,
        channels: dto.channels,
        workingHoursStart: dto.workingHours?.start ?? null,
        workingHoursEnd: dto.workingHours?.end ?? null,
        active: true,
        createdBy: actor.userId,
      });
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
    const page = await this.rules.list({ target: query.target, active: query.active }, query);
    return { ...page, items: page.items.map(toReminderRuleResponse) };
  }

  async get(id: string): Promise<ReminderRuleResponse> {
    const rule = await this.rules.findById(id);
    if (!rule) throw new NotFoundError('Reminder rule');
    return toReminderRuleResponse(rule);
  }

  async update(id: string, dto: UpdateReminderRuleDto): Promise<ReminderRuleResponse> {
    const after = await this.tx.run(async (m) => {
      const before = await this.rules.findById(id, m);
      if (!before) throw new NotFoundError('Reminder rule');
      const changes: Partial<ReminderRuleChanges> = {};
      if (dto.offset !== undefined) {
        const offset = parseOffset(dto.offset);
        if (offset.ok)
          Object.assign(changes, { offset: offset.normalized, offsetSeconds: offset.seconds });
      }
      if (dto.channels !== undefined) changes.channels = dto.channels;
      if (dto.workingHours !== undefined) {
        changes.workingHoursStart = dto.workingHours?.start ?? null;
        changes.workingHoursEnd = dto.workingHours?.end ?? null;
      }
      if (dto.active !== undefined) changes.active = dto.active;
      const row = await this.rules.update(m, id, dto.version, changes);
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
