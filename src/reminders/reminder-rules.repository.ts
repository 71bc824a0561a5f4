import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import type { ReminderChannel } from './reminder-rule.entity';
import { ReminderRuleEntity } from './reminder-rule.entity';
import type { ReminderTarget } from './targets/target-provider';

/** The fields of a rule a PATCH may change. */
export interface ReminderRuleChanges {
  offset: string;
  offsetSeconds: number;
  channels: ReminderChannel[];
  workingHoursStart: number | null;
  workingHoursEnd: number | null;
  active: boolean;
}

const RULE_COLUMNS: ColumnMap<ReminderRuleChanges> = {
  offset: 'offset',
  offsetSeconds: 'offset_seconds',
  channels: 'channels',
  workingHoursStart: 'working_hours_start',
  workingHoursEnd: 'working_hours_end',
  active: 'active',
};

/**
 * Reminder rules as the admin API reads and writes them (the scheduler's set-based reads are in
 * {@link RemindersRepository}). Reads without a manager use the default one, as before.
 */
@Injectable()
export class ReminderRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts a rule and returns it as stored. */
  async insert(m: EntityManager, values: Partial<ReminderRuleEntity>): Promise<ReminderRuleEntity> {
    const repo = m.getRepository(ReminderRuleEntity);
    const rule = repo.create(values);
    await repo.insert(rule);
    return repo.findOneByOrFail({ id: rule.id });
  }

  async list(
    filters: { target?: ReminderTarget; active?: boolean },
    page: PageQueryDto,
  ): Promise<Page<ReminderRuleEntity>> {
    const qb = this.dataSource.getRepository(ReminderRuleEntity).createQueryBuilder('r');
    if (filters.target) qb.andWhere('r.target = :target', { target: filters.target });
    if (filters.active !== undefined) qb.andWhere('r.active = :active', { active: filters.active });
    return paginate(qb, page, (r) => r);
  }

  async findById(
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<ReminderRuleEntity | null> {
    return m.getRepository(ReminderRuleEntity).findOneBy({ id });
  }

  /**
   * Optimistic update (version check, `version` moves ahead of `scheduled_version`); returns
   * the rule as stored.
   */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<ReminderRuleChanges>,
  ): Promise<ReminderRuleEntity> {
    await updateVersioned(
      m,
      'reminder_rules',
      id,
      expectedVersion,
      toColumns(RULE_COLUMNS, changes),
      'Reminder rule',
    );
    return m.getRepository(ReminderRuleEntity).findOneByOrFail({ id });
  }
}
