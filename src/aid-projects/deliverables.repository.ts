import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { DeliverableCondition, DeliverableEntity } from './deliverable.entity';
import { MaintenanceLogEntity } from './maintenance-log.entity';

/** The fields of a deliverable a PATCH may change. */
export interface DeliverableChanges {
  item: string;
  quantity: number;
  unit: string;
  handedOverOn: string | null;
  handedOverTo: string | null;
  location: string | null;
  custodian: string | null;
  condition: DeliverableCondition;
}

const DELIVERABLE_COLUMNS: ColumnMap<DeliverableChanges> = {
  item: 'item',
  quantity: 'quantity',
  unit: 'unit',
  handedOverOn: 'handed_over_on',
  handedOverTo: 'handed_over_to',
  location: 'location',
  custodian: 'custodian',
  condition: 'condition',
};

export interface DeliverableFilters {
  /** A condition on `d.project_id` with named parameters (the caller's tenancy scope). */
  scope?: { sql: string; params: Record<string, unknown> } | null;
  /** LIKE pattern on lower(item), already escaped and lower-cased */
  itemPattern?: string;
  condition?: DeliverableCondition;
  projectId?: string;
}

/** `deliverables` handed over by aid projects and their `maintenance_logs`. */
@Injectable()
export class DeliverablesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, values: Partial<DeliverableEntity>): Promise<string> {
    const inserted = await m.getRepository(DeliverableEntity).insert(values);
    return (inserted.identifiers[0] as { id: string }).id;
  }

  /** `m` defaults to the manager outside a transaction (a replica read). */
  async findByIdOrFail(
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<DeliverableEntity> {
    return m.getRepository(DeliverableEntity).findOneByOrFail({ id });
  }

  /** A page of deliverables (a replica read). */
  async list(filters: DeliverableFilters, page: PageQueryDto): Promise<Page<DeliverableEntity>> {
    const qb = this.dataSource.getRepository(DeliverableEntity).createQueryBuilder('d');
    if (filters.scope) qb.andWhere(filters.scope.sql, filters.scope.params);
    if (filters.itemPattern) qb.andWhere('lower(d.item) LIKE :item', { item: filters.itemPattern });
    if (filters.condition)
      qb.andWhere('d.condition = :condition', { condition: filters.condition });
    if (filters.projectId)
      qb.andWhere('d.project_id = :projectId', { projectId: filters.projectId });
    return paginate(qb, page, (d) => d);
  }

  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<DeliverableChanges>,
  ): Promise<void> {
    await updateVersioned(
      m,
      'deliverables',
      id,
      expectedVersion,
      toColumns(DELIVERABLE_COLUMNS, changes),
      'Deliverable',
    );
  }

  /** Locks the deliverable row (SELECT … FOR UPDATE). */
  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT id FROM deliverables WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** Inserts a maintenance log and returns it as stored. */
  async insertLog(
    m: EntityManager,
    l: {
      deliverableId: string;
      loggedOn: string;
      condition: DeliverableCondition;
      note: string | null;
      loggedBy: string;
    },
  ): Promise<MaintenanceLogEntity> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO maintenance_logs (deliverable_id, logged_on, condition, note, logged_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [l.deliverableId, l.loggedOn, l.condition, l.note, l.loggedBy],
    );
    return m.getRepository(MaintenanceLogEntity).findOneByOrFail({ id: inserted[0].id });
  }

  /** Sets the deliverable's condition to that of its latest log (version + 1). */
  async syncConditionWithLatestLog(m: EntityManager, deliverableId: string): Promise<void> {
    await m.query(
      `UPDATE deliverables d SET condition = l.condition, version = d.version + 1, updated_at = now()
         FROM (SELECT condition FROM maintenance_logs WHERE deliverable_id = $1 ORDER BY logged_on DESC, created_at DESC, id DESC LIMIT 1) l
        WHERE d.id = $1`,
      [deliverableId],
    );
  }

  /** A page of a deliverable's logs, newest first (a replica read). */
  async listLogs(deliverableId: string, page: PageQueryDto): Promise<Page<MaintenanceLogEntity>> {
    const qb = this.dataSource
      .getRepository(MaintenanceLogEntity)
      .createQueryBuilder('l')
      .where('l.deliverable_id = :deliverableId', { deliverableId });
    return paginate(qb, page, (l) => l, { column: 'logged_on', direction: 'DESC' });
  }

  /** The latest log of each of these deliverables. */
  async latestLogs(
    ids: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<MaintenanceLogEntity[]> {
    if (ids.length === 0) return [];
    return m
      .getRepository(MaintenanceLogEntity)
      .createQueryBuilder('l')
      .distinctOn(['l.deliverable_id'])
      .where('l.deliverable_id = ANY(:ids)', { ids })
      .orderBy('l.deliverable_id')
      .addOrderBy('l.logged_on', 'DESC')
      .addOrderBy('l.created_at', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .getMany();
  }
}
