import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import type { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { ValidationFailedError } from '../common/errors';
import { Page, PageQueryDto } from '../common/pagination';
import { latestDateAnywhere } from '../common/time/time-zones';
import { AidAccessService } from './aid-access.service';
import { AidProjectsRepository } from './aid-projects.repository';
import { DeliverableFilters, DeliverablesRepository } from './deliverables.repository';
import {
  CreateDeliverableDto,
  CreateMaintenanceLogDto,
  DeliverableQueryDto,
  DeliverableResponse,
  MaintenanceLogResponse,
  toDeliverableResponse,
  toMaintenanceLogResponse,
  UpdateDeliverableDto,
} from './dto/deliverable.dto';

/**
 * Physical deliverables (clinic vehicles, snow-removal machines, solar lights, tents): what was
 * handed over, where it is, who keeps it, and — from the maintenance log — whether it runs.
 */
@Injectable()
export class DeliverablesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
    private readonly deliverables: DeliverablesRepository,
    private readonly projects: AidProjectsRepository,
    private readonly clock: Clock,
  ) {}

  /** Staff only (the route says so). */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateDeliverableDto,
  ): Promise<DeliverableResponse> {
    return this.tx.run(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const id = await this.deliverables.insert(m, {
        projectId,
        item: dto.item,
        quantity: dto.quantity,
        unit: dto.unit,
        handedOverOn: dto.handedOverOn ?? null,
        handedOverTo: dto.handedOverTo ?? null,
        location: dto.location ?? null,
        custodian: dto.custodian ?? null,
        condition: dto.condition ?? 'in_service',
      });
      const created = await this.response(m, id);
      await this.audit.record(m, {
        action: 'deliverable.created',
        entityType: 'deliverable',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }

  async listForProject(
    actor: Actor,
    projectId: string,
    query: PageQueryDto,
  ): Promise<Page<DeliverableResponse>> {
    await this.access.assertCanView(actor, projectId, this.projects.outsideTransaction);
    return this.page({ projectId }, query);
  }

  /**
   * Deliverables across the projects the caller may see: `?item=clinic vehicle&condition=`
   * answers "where are the clinic vehicles and do they run?".
   */
  async list(actor: Actor, query: DeliverableQueryDto): Promise<Page<DeliverableResponse>> {
    const filters: DeliverableFilters = {
      scope: this.access.visibleProjectsCondition(actor, 'd.project_id'),
      itemPattern: query.item ? `%${escapeLike(query.item.toLowerCase())}%` : undefined,
      condition: query.condition,
      projectId: query.projectId,
    };
    return this.page(filters, query);
  }

  async get(actor: Actor, id: string): Promise<DeliverableResponse> {
    await this.access.projectOf(actor, 'deliverable', id, this.projects.outsideTransaction);
    return this.response(undefined, id);
  }

  /** Staff only; optimistic `version`. */
  async update(actor: Actor, id: string, dto: UpdateDeliverableDto): Promise<DeliverableResponse> {
    return this.tx.run(async (m) => {
      await this.access.projectOf(actor, 'deliverable', id, m);
      const before = await this.response(m, id);
      await this.deliverables.update(m, id, dto.version, {
        item: dto.item || undefined,
        quantity: dto.quantity,
        unit: dto.unit || undefined,
        handedOverOn: dto.handedOverOn,
        handedOverTo: dto.handedOverTo,
        location: dto.location,
        custodian: dto.custodian,
        condition: dto.condition || undefined,
      });
      const after = await this.response(m, id);
      await this.audit.record(m, {
        action: 'deliverable.updated',
        entityType: 'deliverable',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Logs an inspection or repair (staff or implementing organisations). The deliverable takes the
   * condition of its latest log by date (ties: the later posted), so a back-dated entry does not
   * overwrite a newer one. A log dated in the future is refused (400): being "latest" until that
   * day, it would hide every real inspection meanwhile.
   */
  async logMaintenance(
    actor: Actor,
    deliverableId: string,
    dto: CreateMaintenanceLogDto,
  ): Promise<MaintenanceLogResponse> {
    if (dto.loggedOn > latestDateAnywhere(this.clock.now()))
      throw new ValidationFailedError([
        { field: 'loggedOn', message: 'loggedOn must not be in the future' },
      ]);
    return this.tx.run(async (m) => {
      const projectId = await this.access.projectOf(actor, 'deliverable', deliverableId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      // Serialise logs of one deliverable so "latest" is well defined.
      await this.deliverables.lock(m, deliverableId);
      const before = await this.response(m, deliverableId);
      const log = toMaintenanceLogResponse(
        await this.deliverables.insertLog(m, {
          deliverableId,
          loggedOn: dto.loggedOn,
          condition: dto.condition,
          note: dto.note ?? null,
          loggedBy: actor.userId,
        }),
      );
      await this.deliverables.syncConditionWithLatestLog(m, deliverableId);
      const after = await this.response(m, deliverableId);
      await this.audit.record(m, {
        action: 'deliverable.maintenance_logged',
        entityType: 'deliverable',
        entityId: deliverableId,
        before,
        after: { ...after, log },
      });
      return log;
    });
  }

  async listMaintenance(
    actor: Actor,
    deliverableId: string,
    query: PageQueryDto,
  ): Promise<Page<MaintenanceLogResponse>> {
    await this.access.projectOf(
      actor,
      'deliverable',
      deliverableId,
      this.projects.outsideTransaction,
    );
    const page = await this.deliverables.listLogs(deliverableId, query);
    return { items: page.items.map(toMaintenanceLogResponse), nextCursor: page.nextCursor };
  }

  private async page(
    filters: DeliverableFilters,
    query: PageQueryDto,
  ): Promise<Page<DeliverableResponse>> {
    const page = await this.deliverables.list(filters, query);
    const last = await this.lastLogs(page.items.map((d) => d.id));
    return {
      items: page.items.map((d) => toDeliverableResponse(d, last.get(d.id) ?? null)),
      nextCursor: page.nextCursor,
    };
  }

  /** `m` undefined: outside a transaction. */
  private async response(m: EntityManager | undefined, id: string): Promise<DeliverableResponse> {
    const d = await this.deliverables.findByIdOrFail(id, m);
    const last = await this.lastLogs([id], m);
    return toDeliverableResponse(d, last.get(id) ?? null);
  }

  private async lastLogs(
    ids: string[],
    m?: EntityManager,
  ): Promise<Map<string, MaintenanceLogResponse>> {
    const logs = await this.deliverables.latestLogs(ids, m);
    return new Map(logs.map((l) => [l.deliverableId, toMaintenanceLogResponse(l)]));
  }
}
