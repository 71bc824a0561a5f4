import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import type { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import { DeliverableEntity } from './deliverable.entity';
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
import { MaintenanceLogEntity } from './maintenance-log.entity';

/**
 * Physical deliverables (clinic vehicles, snow-removal machines, solar lights, tents): what was
 * handed over, where it is, who keeps it, and — from the maintenance log — whether it runs.
 */
@Injectable()
export class DeliverablesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Staff only (the route says so). */
  async create(
    actor: Actor,
    projectId: string,
    dto: CreateDeliverableDto,
  ): Promise<DeliverableResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const inserted = await m.getRepository(DeliverableEntity).insert({
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
      const created = await this.response(m, (inserted.identifiers[0] as { id: string }).id);
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
    await this.access.assertCanView(actor, projectId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(DeliverableEntity)
      .createQueryBuilder('d')
      .where('d.project_id = :projectId', { projectId });
    return this.page(qb, query);
  }

  /**
   * Deliverables across the projects the caller may see: `?item=clinic vehicle&condition=`
   * answers "where are the clinic vehicles and do they run?".
   */
  async list(actor: Actor, query: DeliverableQueryDto): Promise<Page<DeliverableResponse>> {
    const qb = this.dataSource.getRepository(DeliverableEntity).createQueryBuilder('d');
    const scope = this.access.visibleProjectsCondition(actor, 'd.project_id');
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (query.item)
      qb.andWhere('lower(d.item) LIKE :item', {
        item: `%${escapeLike(query.item.toLowerCase())}%`,
      });
    if (query.condition) qb.andWhere('d.condition = :condition', { condition: query.condition });
    if (query.projectId) qb.andWhere('d.project_id = :projectId', { projectId: query.projectId });
    return this.page(qb, query);
  }

  async get(actor: Actor, id: string): Promise<DeliverableResponse> {
    await this.access.projectOf(actor, 'deliverable', id, this.dataSource.manager);
    return this.response(this.dataSource.manager, id);
  }

  /** Staff only; optimistic `version`. */
  async update(actor: Actor, id: string, dto: UpdateDeliverableDto): Promise<DeliverableResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.projectOf(actor, 'deliverable', id, m);
      const before = await this.response(m, id);
      const set: Record<string, unknown> = {};
      if (dto.item) set.item = dto.item;
      if (dto.quantity !== undefined) set.quantity = dto.quantity;
      if (dto.unit) set.unit = dto.unit;
      if (dto.handedOverOn !== undefined) set.handed_over_on = dto.handedOverOn;
      if (dto.handedOverTo !== undefined) set.handed_over_to = dto.handedOverTo;
      if (dto.location !== undefined) set.location = dto.location;
      if (dto.custodian !== undefined) set.custodian = dto.custodian;
      if (dto.condition) set.condition = dto.condition;
      await updateVersioned(m, 'deliverables', id, dto.version, set, 'Deliverable');
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
   * condition of its latest log by date, so a back-dated entry does not overwrite a newer one.
   */
  async logMaintenance(
    actor: Actor,
    deliverableId: string,
    dto: CreateMaintenanceLogDto,
  ): Promise<MaintenanceLogResponse> {
    return this.dataSource.transaction(async (m) => {
      const projectId = await this.access.projectOf(actor, 'deliverable', deliverableId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      // Serialise logs of one deliverable so "latest" is well defined.
      await m.query(`SELECT id FROM deliverables WHERE id = $1 FOR UPDATE`, [deliverableId]);
      const before = await this.response(m, deliverableId);
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO maintenance_logs (deliverable_id, logged_on, condition, note, logged_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [deliverableId, dto.loggedOn, dto.condition, dto.note ?? null, actor.userId],
      );
      await m.query(
        `UPDATE deliverables d SET condition = l.condition, version = d.version + 1, updated_at = now()
           FROM (SELECT condition FROM maintenance_logs WHERE deliverable_id = $1 ORDER BY logged_on DESC, created_at DESC, id DESC LIMIT 1) l
          WHERE d.id = $1`,
        [deliverableId],
      );
      const log = toMaintenanceLogResponse(
        await m.getRepository(MaintenanceLogEntity).findOneByOrFail({ id: inserted[0].id }),
      );
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
    await this.access.projectOf(actor, 'deliverable', deliverableId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(MaintenanceLogEntity)
      .createQueryBuilder('l')
      .where('l.deliverable_id = :deliverableId', { deliverableId });
    return paginate(qb, query, toMaintenanceLogResponse, {
      column: 'logged_on',
      direction: 'DESC',
    });
  }

  private async page(
    qb: SelectQueryBuilder<DeliverableEntity>,
    query: PageQueryDto,
  ): Promise<Page<DeliverableResponse>> {
    const page = await paginate(qb, query, (d) => d);
    const last = await this.lastLogs(
      this.dataSource.manager,
      page.items.map((d) => d.id),
    );
    return {
      items: page.items.map((d) => toDeliverableResponse(d, last.get(d.id) ?? null)),
      nextCursor: page.nextCursor,
    };
  }

  private async response(m: EntityManager, id: string): Promise<DeliverableResponse> {
    const d = await m.getRepository(DeliverableEntity).findOneByOrFail({ id });
    const last = await this.lastLogs(m, [id]);
    return toDeliverableResponse(d, last.get(id) ?? null);
  }

  private async lastLogs(
    m: EntityManager,
    ids: string[],
  ): Promise<Map<string, MaintenanceLogResponse>> {
    if (ids.length === 0) return new Map();
    const logs = await m
      .getRepository(MaintenanceLogEntity)
      .createQueryBuilder('l')
      .distinctOn(['l.deliverable_id'])
      .where('l.deliverable_id = ANY(:ids)', { ids })
      .orderBy('l.deliverable_id')
      .addOrderBy('l.logged_on', 'DESC')
      .addOrderBy('l.created_at', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .getMany();
    return new Map(logs.map((l) => [l.deliverableId, toMaintenanceLogResponse(l)]));
  }
}
