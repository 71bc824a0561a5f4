import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { Page, paginate } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import { Clock } from '../common/clock';

import { MilestoneAlreadyCompletedError } from './aid-projects.errors';
import {
  CreateMilestoneDto,
  MilestoneQueryDto,
  MilestoneResponse,
  ProjectMilestoneQueryDto,
  toMilestoneResponse,
  UpdateMilestoneDto,
} from './dto/milestone.dto';
import { MilestoneEntity } from './milestone.entity';

/** `YYYY-MM-DD` in UTC: the date against which milestones are overdue. */
const utcToday = (clock: Clock) => clock.now().toISOString().slice(0, 10);

/**
 * Project milestones and the overdue view. Every change of a due date or completion writes the
 * dated-record outbox in the same transaction, so the reminders module reschedules or drops
 * the milestone's reminders.
 */
@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Staff, or members of an implementing organisation. */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateMilestoneDto,
  ): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const repo = m.getRepository(MilestoneEntity);
      const inserted = await repo.insert({ projectId, title: dto.title, dueOn: dto.dueOn });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await touchDatedRecord(m, 'milestone', id);
      const created = await this.response(m, id);
      await this.audit.record(m, {
        action: 'milestone.created',
        entityType: 'milestone',
        entityId: id,
        after: created,
      });
      return created;
    });
  }

  async listForProject(
    actor: Actor,
    projectId: string,
    query: ProjectMilestoneQueryDto,
  ): Promise<Page<MilestoneResponse>> {
    await this.access.assertCanView(actor, projectId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(MilestoneEntity)
      .createQueryBuilder('m')
      .where('m.project_id = :projectId', { projectId });
    return this.page(qb, query, query.asOf ?? utcToday(this.clock));
  }

  /**
   * Milestones across the projects the caller may see; `?overdue=true` lists the open ones due
   * before `asOf` (default: today, UTC) whose project is not cancelled, earliest due first.
   */
  async list(actor: Actor, query: MilestoneQueryDto): Promise<Page<MilestoneResponse>> {
    const today = query.asOf ?? utcToday(this.clock);
    const qb = this.dataSource.getRepository(MilestoneEntity).createQueryBuilder('m');
    const scope = this.access.visibleProjectsCondition(actor, 'm.project_id');
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (query.projectId) qb.andWhere('m.project_id = :projectId', { projectId: query.projectId });
    const overdueSql = `(m.completed_at IS NULL AND m.due_on < :today AND EXISTS (SELECT 1 FROM aid_projects op WHERE op.id = m.project_id AND op.status <> 'cancelled'))`;
    if (query.overdue === true) qb.andWhere(overdueSql, { today });
    if (query.overdue === false) qb.andWhere(`NOT ${overdueSql}`, { today });
    return this.page(qb, query, today);
  }

  /** Marks a milestone done (once: again → 409 MILESTONE_ALREADY_COMPLETED). */
  async complete(actor: Actor, id: string): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (m) => {
      const projectId = await this.access.projectOf(actor, 'milestone', id, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const before = await this.response(m, id);
      const updated: unknown[] = await m.query(
        `UPDATE milestones SET completed_at = now(), completed_by = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND completed_at IS NULL RETURNING id`,
        [id, actor.userId],
      );
      if ((Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated).length === 0)
        throw new MilestoneAlreadyCompletedError();
      await touchDatedRecord(m, 'milestone', id);
      const after = await this.response(m, id);
      await this.audit.record(m, {
        action: 'milestone.completed',
        entityType: 'milestone',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Renames or moves a milestone (optimistic `version`); a new due date reschedules reminders. */
  async update(actor: Actor, id: string, dto: UpdateMilestoneDto): Promise<MilestoneResponse> {
    return this.dataSource.transaction(async (m) => {
      const projectId = await this.access.projectOf(actor, 'milestone', id, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const before = await this.response(m, id);
      const set: Record<string, unknown> = {};
      if (dto.title) set.title = dto.title;
      if (dto.dueOn) set.due_on = dto.dueOn;
      await updateVersioned(m, 'milestones', id, dto.version, set, 'Milestone');
      if (dto.dueOn && dto.dueOn !== before.dueOn) await touchDatedRecord(m, 'milestone', id);
      const after = await this.response(m, id);
      await this.audit.record(m, {
        action: 'milestone.updated',
        entityType: 'milestone',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async page(
    qb: SelectQueryBuilder<MilestoneEntity>,
    query: ProjectMilestoneQueryDto,
    today: string,
  ): Promise<Page<MilestoneResponse>> {
    const page = await paginate(qb, query, (x) => x, { column: 'due_on' });
    const cancelled = await this.cancelledProjects(this.dataSource.manager, [
      ...new Set(page.items.map((x) => x.projectId)),
    ]);
    return {
      items: page.items.map((x) => toMilestoneResponse(x, today, cancelled.has(x.projectId))),
      nextCursor: page.nextCursor,
    };
  }

  private async response(m: EntityManager, id: string): Promise<MilestoneResponse> {
    const milestone = await m.getRepository(MilestoneEntity).findOneByOrFail({ id });
    const cancelled = await this.cancelledProjects(m, [milestone.projectId]);
    return toMilestoneResponse(milestone, utcToday(this.clock), cancelled.has(milestone.projectId));
  }

  private async cancelledProjects(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM aid_projects WHERE id = ANY($1::uuid[]) AND status = 'cancelled'`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
