import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { MilestoneEntity } from './milestone.entity';

/** The fields of a milestone a PATCH may change. */
export interface MilestoneChanges {
  title: string;
  dueOn: string;
}

const MILESTONE_COLUMNS: ColumnMap<MilestoneChanges> = { title: 'title', dueOn: 'due_on' };

/** A condition on `m.project_id` with named parameters (the caller's tenancy scope). */
export type SqlCondition = { sql: string; params: Record<string, unknown> };

export interface MilestoneFilters {
  scope?: SqlCondition | null;
  projectId?: string;
  /** overdue as of `today` (YYYY-MM-DD): open, due before today, project not cancelled */
  overdue?: { is: boolean; today: string };
}

/** `milestones` of aid projects. */
@Injectable()
export class MilestonesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    m: EntityManager,
    values: { projectId: string; title: string; dueOn: string },
  ): Promise<string> {
    const inserted = await m.getRepository(MilestoneEntity).insert(values);
    return (inserted.identifiers[0] as { id: string }).id;
  }

  async findByIdOrFail(m: EntityManager, id: string): Promise<MilestoneEntity> {
    return m.getRepository(MilestoneEntity).findOneByOrFail({ id });
  }

  /** A page of milestones by due date (a replica read). */
  async list(filters: MilestoneFilters, page: PageQueryDto): Promise<Page<MilestoneEntity>> {
    const qb = this.dataSource.getRepository(MilestoneEntity).createQueryBuilder('m');
    if (filters.scope) qb.andWhere(filters.scope.sql, filters.scope.params);
    if (filters.projectId)
      qb.andWhere('m.project_id = :projectId', { projectId: filters.projectId });
    if (filters.overdue) {
      const overdueSql = `(m.completed_at IS NULL AND m.due_on < :today AND EXISTS (SELECT 1 FROM aid_projects op WHERE op.id = m.project_id AND op.status <> 'cancelled'))`;
      qb.andWhere(filters.overdue.is ? overdueSql : `NOT ${overdueSql}`, {
        today: filters.overdue.today,
      });
    }
    return paginate(qb, page, (x) => x, { column: 'due_on' });
  }

  /** Marks the milestone completed unless it already is; false when it already was. */
  async complete(m: EntityManager, id: string, by: string, at: Date): Promise<boolean> {
    const updated: unknown[] = await m.query(
      `UPDATE milestones SET completed_at = $3, completed_by = $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND completed_at IS NULL RETURNING id`,
      [id, by, at],
    );
    return (Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated).length > 0;
  }

  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<MilestoneChanges>,
  ): Promise<void> {
    await updateVersioned(
      m,
      'milestones',
      id,
      expectedVersion,
      toColumns(MILESTONE_COLUMNS, changes),
      'Milestone',
    );
  }

  /** Which of these projects are cancelled (a primary read outside a transaction, as before). */
  async cancelledProjects(
    ids: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM aid_projects WHERE id = ANY($1::uuid[]) AND status = 'cancelled'`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
