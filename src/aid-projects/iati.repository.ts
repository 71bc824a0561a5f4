import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { OrganizationType } from '../organizations/organization.entity';
import type { AidCategory, AidOrgRole, AidStatus } from './aid-project.entity';
import type { AidTransactionType } from './aid-transaction.entity';
import type { IndicatorMeasure } from './result-indicator.entity';

export interface ProjectRow {
  id: string;
  iati_identifier: string;
  title: I18nName;
  description: string | null;
  category: AidCategory;
  status: AidStatus;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  country: string | null;
  sector_code: string | null;
  budget_amount: string;
  budget_currency: string;
  created_at: Date;
  updated_at: Date;
}

/** The set-based reads of the IATI export, all inside one snapshot. */
@Injectable()
export class IatiRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one REPEATABLE READ transaction, so every read sees the same snapshot. */
  snapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** Projects with an IATI identifier, oldest first, at most `limit`. */
  async projects(
    m: EntityManager,
    filters: { ids?: string[]; category?: AidCategory },
    limit: number,
  ): Promise<ProjectRow[]> {
    const params: unknown[] = [];
    const where: string[] = ['p.iati_identifier IS NOT NULL'];
    if (filters.ids) {
      params.push(filters.ids);
      where.push(`p.id = ANY($${params.length}::uuid[])`);
    }
    if (filters.category) {
      params.push(filters.category);
      where.push(`p.category = $${params.length}`);
    }
    params.push(limit);
    return m.query(
      `SELECT p.id, p.iati_identifier, p.title, p.description, p.category, p.status,
              p.planned_start::text AS planned_start, p.planned_end::text AS planned_end,
              p.actual_start::text AS actual_start, p.actual_end::text AS actual_end,
              c.country, p.sector_code, p.budget_amount::text AS budget_amount, p.budget_currency,
              p.created_at, p.updated_at
         FROM aid_projects p LEFT JOIN cities c ON c.id = p.city_id
        WHERE ${where.join(' AND ')}
        ORDER BY p.created_at, p.id
        LIMIT $${params.length}`,
      params,
    );
  }

  async organizations(
    m: EntityManager,
    projectIds: string[],
  ): Promise<
    {
      project_id: string;
      role: AidOrgRole;
      name: I18nName;
      type: OrganizationType;
      country: string;
    }[]
  > {
    return m.query(
      `SELECT apo.project_id, apo.role, o.name, o.type, o.country
         FROM aid_project_organizations apo JOIN organizations o ON o.id = apo.organization_id
        WHERE apo.project_id = ANY($1::uuid[])
        ORDER BY array_position(ARRAY['funding','accountable','extending','implementing'], apo.role), o.name->>'en', o.id`,
      [projectIds],
    );
  }

  async transactions(
    m: EntityManager,
    projectIds: string[],
  ): Promise<
    {
      project_id: string;
      type: AidTransactionType;
      amount: string;
      currency: string;
      date: string;
      description: string | null;
    }[]
  > {
    return m.query(
      `SELECT project_id, type, amount::text AS amount, currency, transaction_date::text AS date, description
           FROM aid_transactions WHERE project_id = ANY($1::uuid[])
          ORDER BY transaction_date, created_at, id`,
      [projectIds],
    );
  }

  async indicators(
    m: EntityManager,
    projectIds: string[],
  ): Promise<
    {
      id: string;
      project_id: string;
      title: string;
      unit: string;
      measure: IndicatorMeasure;
      baseline: string;
      target: string;
    }[]
  > {
    return m.query(
      `SELECT id, project_id, title, unit, measure, baseline::text AS baseline, target::text AS target
           FROM result_indicators WHERE project_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [projectIds],
    );
  }

  /** Approved values only: unapproved figures are never published. */
  async approvedValues(
    m: EntityManager,
    projectIds: string[],
  ): Promise<{ indicator_id: string; period_start: string; period_end: string; value: string }[]> {
    return m.query(
      `SELECT v.indicator_id, v.period_start::text AS period_start, v.period_end::text AS period_end, v.value::text AS value
         FROM indicator_values v JOIN result_indicators i ON i.id = v.indicator_id
        WHERE i.project_id = ANY($1::uuid[]) AND v.approved_at IS NOT NULL
        ORDER BY v.period_start, v.period_end, v.id`,
      [projectIds],
    );
  }
}
