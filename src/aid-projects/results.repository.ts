import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { formatAmount } from '../common/money/money.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import type { IndicatorProgressResponse } from './dto/result.dto';
import { IndicatorValueEntity } from './indicator-value.entity';
import { IndicatorMeasure, ResultIndicatorEntity } from './result-indicator.entity';

/** `result_indicators` and their reported `indicator_values`. */
@Injectable()
export class ResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertIndicator(
    m: EntityManager,
    i: {
      projectId: string;
      title: string;
      unit: string;
      measure: IndicatorMeasure;
      baseline: string;
      target: string;
    },
  ): Promise<string> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO result_indicators (project_id, title, unit, measure, baseline, target)
       VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric) RETURNING id`,
      [i.projectId, i.title, i.unit, i.measure, i.baseline, i.target],
    );
    return inserted[0].id;
  }

  async findIndicatorOrFail(m: EntityManager, id: string): Promise<ResultIndicatorEntity> {
    return m.getRepository(ResultIndicatorEntity).findOneByOrFail({ id });
  }

  /** A page of a project's indicators (a replica read). */
  async listIndicators(
    projectId: string,
    page: PageQueryDto,
  ): Promise<Page<ResultIndicatorEntity>> {
    const qb = this.dataSource
      .getRepository(ResultIndicatorEntity)
      .createQueryBuilder('i')
      .where('i.project_id = :projectId', { projectId });
    return paginate(qb, page, (i) => i);
  }

  /** Inserts a reported value; null when the indicator already has one for that period. */
  async insertValue(
    m: EntityManager,
    v: {
      indicatorId: string;
      periodStart: string;
      periodEnd: string;
      value: string;
      reportedBy: string;
    },
  ): Promise<IndicatorValueEntity | null> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO indicator_values (indicator_id, period_start, period_end, value, reported_by)
       VALUES ($1, $2, $3, $4::numeric, $5)
       ON CONFLICT (indicator_id, period_start, period_end) DO NOTHING RETURNING id`,
      [v.indicatorId, v.periodStart, v.periodEnd, v.value, v.reportedBy],
    );
    if (inserted.length === 0) return null;
    return this.findValueOrFail(m, inserted[0].id);
  }

  async findValueOrFail(m: EntityManager, id: string): Promise<IndicatorValueEntity> {
    return m.getRepository(IndicatorValueEntity).findOneByOrFail({ id });
  }

  /** Locks the value row (SELECT … FOR UPDATE). */
  async lockValue(m: EntityManager, id: string): Promise<IndicatorValueEntity> {
    return m
      .getRepository(IndicatorValueEntity)
      .createQueryBuilder('v')
      .setLock('pessimistic_write')
      .where('v.id = :valueId', { valueId: id })
      .getOneOrFail();
  }

  async approveValue(m: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE indicator_values SET status = 'approved', approved_by = $2, approved_at = $3, version = version + 1
        WHERE id = $1`,
      [id, by, at],
    );
  }

  /** Returns a value to its reporter: it no longer counts, whether it was approved or not. */
  async returnValue(
    m: EntityManager,
    id: string,
    r: { by: string; at: Date; reason: string },
  ): Promise<void> {
    await m.query(
      `UPDATE indicator_values
          SET status = 'returned', approved_by = NULL, approved_at = NULL,
              return_reason = $4, returned_by = $2, returned_at = $3, version = version + 1
        WHERE id = $1`,
      [id, r.by, r.at, r.reason],
    );
  }

  /** A corrected value, reported again by `reportedBy`. */
  async correctValue(
    m: EntityManager,
    id: string,
    c: { value: string; comment: string | null; reportedBy: string; reportedAt: Date },
  ): Promise<void> {
    await m.query(
      `UPDATE indicator_values
          SET status = 'reported', value = $2::numeric, comment = $3, reported_by = $4, reported_at = $5,
              version = version + 1
        WHERE id = $1`,
      [id, c.value, c.comment, c.reportedBy, c.reportedAt],
    );
  }

  /** A page of an indicator's values by period (a replica read). */
  async listValues(indicatorId: string, page: PageQueryDto): Promise<Page<IndicatorValueEntity>> {
    const qb = this.dataSource
      .getRepository(IndicatorValueEntity)
      .createQueryBuilder('v')
      .where('v.indicator_id = :indicatorId', { indicatorId });
    return paginate(qb, page, (v) => v, { column: 'period_start' });
  }

  /**
   * Progress of the given indicators from their approved values: the latest value for a
   * cumulative measure, the sum otherwise; percent of target rounded by Postgres.
   */
  async progress(
    ids: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, IndicatorProgressResponse>> {
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
                        count(*) FILTER (WHERE v.status = 'reported')::int AS pending
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
