import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page } from '../common/pagination';
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
import { AidProjectsRepository } from './aid-projects.repository';
import { MilestoneEntity } from './milestone.entity';
import { MilestoneFilters, MilestonesRepository } from './milestones.repository';

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
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly milestones: MilestonesRepository,
    private readonly projects: AidProjectsRepository,
  ) {}

  /** Staff, or members of an implementing organisation. */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateMilestoneDto,
  ): Promise<MilestoneResponse> {
    return this.tx.run(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const id = await this.milestones.insert(m, {
        projectId,
        title: dto.title,
        dueOn: dto.dueOn,
      });
      await this.datedRecords.touch(m, 'milestone', id);
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
    await this.access.assertCanView(actor, projectId, this.projects.outsideTransaction);
    return this.page({ projectId }, query, query.asOf ?? utcToday(this.clock));
  }

  /**
   * Milestones across the projects the caller may see; `?overdue=true` lists the open ones due
   * before `asOf` (default: today, UTC) whose project is not cancelled, earliest due first.
   */
  async list(actor: Actor, query: MilestoneQueryDto): Promise<Page<MilestoneResponse>> {
    const today = query.asOf ?? utcToday(this.clock);
    const filters: MilestoneFilters = {
      scope: this.access.visibleProjectsCondition(actor, 'm.project_id'),
      projectId: query.projectId,
      overdue: query.overdue === undefined ? undefined : { is: query.overdue, today },
    };
    return this.page(filters, query, today);
  }

  /** Marks a milestone done (once: again → 409 MILESTONE_ALREADY_COMPLETED). */
  async complete(actor: Actor, id: string): Promise<MilestoneResponse> {
    return this.tx.run(async (m) => {
      const projectId = await this.access.projectOf(actor, 'milestone', id, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const before = await this.response(m, id);
      if (!(await this.milestones.complete(m, id, actor.userId, this.clock.now())))
        throw new MilestoneAlreadyCompletedError();
      await this.datedRecords.touch(m, 'milestone', id);
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
    return this.tx.run(async (m) => {
      const projectId = await this.access.projectOf(actor, 'milestone', id, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const before = await this.response(m, id);
      await this.milestones.update(m, id, dto.version, {
        title: dto.title || undefined,
        dueOn: dto.dueOn || undefined,
      });
      if (dto.dueOn && dto.dueOn !== before.dueOn)
        await this.datedRecords.touch(m, 'milestone', id);
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
    filters: MilestoneFilters,
    query: ProjectMilestoneQueryDto,
    today: string,
  ): Promise<Page<MilestoneResponse>> {
    const page = await this.milestones.list(filters, query);
    const cancelled = await this.milestones.cancelledProjects([
      ...new Set(page.items.map((x) => x.projectId)),
    ]);
    return {
      items: page.items.map((x) => toMilestoneResponse(x, today, cancelled.has(x.projectId))),
      nextCursor: page.nextCursor,
    };
  }

  private async response(m: EntityManager, id: string): Promise<MilestoneResponse> {
    const milestone: MilestoneEntity = await this.milestones.findByIdOrFail(m, id);
    const cancelled = await this.milestones.cancelledProjects([milestone.projectId], m);
    return toMilestoneResponse(milestone, utcToday(this.clock), cancelled.has(milestone.projectId));
  }
}
