import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ValidationFailedError } from '../common/errors';
import { formatAmount } from '../common/money/money.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import {
  IndicatorValueAlreadyApprovedError,
  IndicatorValueExistsError,
  SelfApprovalError,
} from './aid-projects.errors';
import {
  CreateIndicatorDto,
  CreateIndicatorValueDto,
  IndicatorProgressResponse,
  IndicatorResponse,
  IndicatorValueResponse,
  toIndicatorResponse,
  toIndicatorValueResponse,
} from './dto/result.dto';
import { IndicatorValueEntity } from './indicator-value.entity';
import { ResultIndicatorEntity } from './result-indicator.entity';

const NO_PROGRESS: IndicatorProgressResponse = {
  actual: null,
  percentOfTarget: null,
  lastPeriodEnd: null,
  approvedValues: 0,
  pendingValues: 0,
};

/**
 * Results: indicators with baseline and target, and actual values per period. A value counts
 * towards progress once someone other than its reporter (staff) approved it.
 */
@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Staff only (the route says so): defines what a project measures. */
  async createIndicator(
    actor: Actor,
    projectId: string,
    dto: CreateIndicatorDto,
  ): Promise<IndicatorResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO result_indicators (project_id, title, unit, measure, baseline, target)
         VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric) RETURNING id`,
        [projectId, dto.title, dto.unit, dto.measure, dto.baseline ?? '0', dto.target],
      );
      const created = await this.indicator(m, inserted[0].id);
      await this.audit.record(m, {
        action: 'result_indicator.created',
        entityType: 'result_indicator',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }

  /** A project's indicators with progress; visible to staff and participating organisations. */
  async listIndicators(
    actor: Actor,
    projectId: string,
    query: PageQueryDto,
  ): Promise<Page<IndicatorResponse>> {
    await this.access.assertCanView(actor, projectId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(ResultIndicatorEntity)
      .createQueryBuilder('i')
      .where('i.project_id = :projectId', { projectId });
    const page = await paginate(qb, query, (i) => i);
    const progress = await this.progress(
      this.dataSource.manager,
      page.items.map((i) => i.id),
    );
    return {
      items: page.items.map((i) => toIndicatorResponse(i, progress.get(i.id) ?? NO_PROGRESS)),
      nextCursor: page.nextCursor,
    };
  }

  /** Reports an actual value (records `reportedBy`); staff or implementing organisations. */
  async reportValue(
    actor: Actor,
    indicatorId: string,
    dto: CreateIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    if (dto.periodEnd < dto.periodStart)
      throw new ValidationFailedError([
        { field: 'periodEnd', message: 'periodEnd must not be before periodStart' },
      ]);
    return this.dataSource.transaction(async (m) => {
      const projectId = await this.access.projectOf(actor, 'indicator', indicatorId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO indicator_values (indicator_id, period_start, period_end, value, reported_by)
         VALUES ($1, $2, $3, $4::numeric, $5)
         ON CONFLICT (indicator_id, period_start, period_end) DO NOTHING RETURNING id`,
        [indicatorId, dto.periodStart, dto.periodEnd, dto.value, actor.userId],
      );
      if (inserted.length === 0) throw new IndicatorValueExistsError();
      const id = inserted[0].id;
      const created = toIndicatorValueResponse(
        await m.getRepository(IndicatorValueEntity).findOneByOrFail({ id }),
      );
      await this.audit.record(m, {
        action: 'indicator_value.reported',
        entityType: 'indicator_value',
        entityId: id,
        after: created,
      });
      return created;
    });
  }

  async listValues(
    actor: Actor,
    indicatorId: string,
    query: PageQueryDto,
  ): Promise<Page<IndicatorValueResponse>> {
    await this.access.projectOf(actor, 'indicator', indicatorId, this.dataSource.manager);
    const qb = this.dataSource
      .getRepository(IndicatorValueEntity)
      .createQueryBuilder('v')
      .where('v.indicator_id = :indicatorId', { indicatorId });
    return paginate(qb, query, toIndicatorValueResponse, { column: 'period_start' });
  }

  /**
   * Approves a value (staff; records `approvedBy`). Four eyes: the reporter cannot approve its
   * own value (409 SELF_APPROVAL); a second approval is 409 ALREADY_APPROVED.
   */
  async approveValue(actor: Actor, valueId: string): Promise<IndicatorValueResponse> {
    return this.dataSource.transaction(async (m) => {
      await this.access.projectOf(actor, 'indicatorValue', valueId, m);
      const repo = m.getRepository(IndicatorValueEntity);
      const value = await repo
        .createQueryBuilder('v')
        .setLock('pessimistic_write')
        .where('v.id = :valueId', { valueId })
        .getOneOrFail();
      if (value.approvedAt) throw new IndicatorValueAlreadyApprovedError();
      if (value.reportedBy === actor.userId) throw new SelfApprovalError();
      const before = toIndicatorValueResponse(value);
      await m.query(
        `UPDATE indicator_values SET approved_by = $2, approved_at = now() WHERE id = $1`,
        [valueId, actor.userId],
      );
      const after = toIndicatorValueResponse(await repo.findOneByOrFail({ id: valueId }));
      await this.audit.record(m, {
        action: 'indicator_value.approved',
        entityType: 'indicator_value',
        entityId: valueId,
        before,
        after,
      });
      return after;
    });
  }

  private async indicator(m: EntityManager, id: string): Promise<IndicatorResponse> {
    const indicator = await m.getRepository(ResultIndicatorEntity).findOneByOrFail({ id });
    const progress = await this.progress(m, [id]);
    return toIndicatorResponse(indicator, progress.get(id) ?? NO_PROGRESS);
  }

  /** Progress of indicators from their approved values, computed by Postgres on numeric. */
  async progress(m: EntityManager, ids: string[]): Promise<Map<string, IndicatorProgressResponse>> {
    if (ids.length === 0) return new Map();
    const rows: {
      id: string;
      actual: string | null;
      percent: string | null;
      last_period_end: string | null;
      approved: number;
      pending: number;
    }[] = await m.query(
      `SELECT x.id, x.actual::text AS actual,
                CASE WHEN x.actual IS NULL OR x.target = 0 THEN NULL ELSE round(x.actual * 100 / x.target, 2) END::text AS percent,
                x.last_period_end::text AS last_period_end, x.approved, x.pending
           FROM (
             SELECT i.id, i.target,
                    CASE WHEN i.measure = 'cumulative' THEN latest.value ELSE agg.total END AS actual,
                    latest.period_end AS last_period_end, agg.approved, agg.pending
               FROM result_indicators i
               LEFT JOIN LATERAL (
                 SELECT v.value, v.period_end FROM indicator_values v
                  WHERE v.indicator_id = i.id AND v.approved_at IS NOT NULL
                  ORDER BY v.period_end DESC, v.period_start DESC LIMIT 1
               ) latest ON true
               CROSS JOIN LATERAL (
                 SELECT sum(v.value) FILTER (WHERE v.approved_at IS NOT NULL) AS total,
                        count(*) FILTER (WHERE v.approved_at IS NOT NULL)::int AS approved,
                        count(*) FILTER (WHERE v.approved_at IS NULL)::int AS pending
                   FROM indicator_values v WHERE v.indicator_id = i.id
               ) agg
              WHERE i.id = ANY($1::uuid[])
           ) x`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          actual: r.actual === null ? null : formatAmount(r.actual),
          percentOfTarget: r.percent === null ? null : formatAmount(r.percent),
          lastPeriodEnd: r.last_period_end,
          approvedValues: r.approved,
          pendingValues: r.pending,
        },
      ]),
    );
  }
}
