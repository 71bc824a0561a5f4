import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import { formatAmount } from '../common/money/money.dto';
import type { OrganizationType } from '../organizations/organization.entity';
import type { AidCategory, AidOrgRole, AidStatus } from './aid-project.entity';
import { ExportTooLargeError, NothingToExportError } from './aid-projects.errors';
import type { AidTransactionType } from './aid-transaction.entity';
import { Clock } from '../common/clock';
import { IATI_EXPORT_LIMIT, IatiExportQueryDto } from './dto/iati.dto';
import { IatiActivityInput, renderIatiActivities } from './iati-xml';
import type { IndicatorMeasure } from './result-indicator.entity';

interface ProjectRow {
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

/**
 * `GET /aid-projects/iati.xml`: the selected projects as IATI 2.03 activities. The file is
 * built in memory, so one request carries at most {@link IATI_EXPORT_LIMIT} projects (422
 * EXPORT_TOO_LARGE beyond); the data is loaded with five set-based queries, whatever the count.
 * Only approved indicator values are published.
 */
@Injectable()
export class IatiService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async export(query: IatiExportQueryDto): Promise<string> {
    // One snapshot for all queries: the file is consistent even while projects change.
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const params: unknown[] = [];
      const where: string[] = ['p.iati_identifier IS NOT NULL'];
      if (query.ids) {
        params.push(query.ids);
        where.push(`p.id = ANY($${params.length}::uuid[])`);
      }
      if (query.category) {
        params.push(query.category);
        where.push(`p.category = $${params.length}`);
      }
      params.push(IATI_EXPORT_LIMIT + 1);
      const projects: ProjectRow[] = await m.query(
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
      if (projects.length > IATI_EXPORT_LIMIT) throw new ExportTooLargeError(IATI_EXPORT_LIMIT);
      if (projects.length === 0) throw new NothingToExportError();
      const ids = projects.map((p) => p.id);

      const orgs: {
        project_id: string;
        role: AidOrgRole;
        name: I18nName;
        type: OrganizationType;
        country: string;
      }[] = await m.query(
        `SELECT apo.project_id, apo.role, o.name, o.type, o.country
           FROM aid_project_organizations apo JOIN organizations o ON o.id = apo.organization_id
          WHERE apo.project_id = ANY($1::uuid[])
          ORDER BY array_position(ARRAY['funding','accountable','extending','implementing'], apo.role), o.name->>'en', o.id`,
        [ids],
      );
      const transactions: {
        project_id: string;
        type: AidTransactionType;
        amount: string;
        currency: string;
        date: string;
        description: string | null;
      }[] = await m.query(
        `SELECT project_id, type, amount::text AS amount, currency, transaction_date::text AS date, description
             FROM aid_transactions WHERE project_id = ANY($1::uuid[])
            ORDER BY transaction_date, created_at, id`,
        [ids],
      );
      const indicators: {
        id: string;
        project_id: string;
        title: string;
        unit: string;
        measure: IndicatorMeasure;
        baseline: string;
        target: string;
      }[] = await m.query(
        `SELECT id, project_id, title, unit, measure, baseline::text AS baseline, target::text AS target
             FROM result_indicators WHERE project_id = ANY($1::uuid[]) ORDER BY created_at, id`,
        [ids],
      );
      const values: {
        indicator_id: string;
        period_start: string;
        period_end: string;
        value: string;
      }[] = await m.query(
        `SELECT v.indicator_id, v.period_start::text AS period_start, v.period_end::text AS period_end, v.value::text AS value
           FROM indicator_values v JOIN result_indicators i ON i.id = v.indicator_id
          WHERE i.project_id = ANY($1::uuid[]) AND v.approved_at IS NOT NULL
          ORDER BY v.period_start, v.period_end, v.id`,
        [ids],
      );

      const orgsOf = groupBy(orgs, (o) => o.project_id);
      const transactionsOf = groupBy(transactions, (t) => t.project_id);
      const indicatorsOf = groupBy(indicators, (i) => i.project_id);
      const valuesOf = groupBy(values, (v) => v.indicator_id);
      const activities: IatiActivityInput[] = projects.map((p) => ({
        iatiIdentifier: p.iati_identifier,
        title: p.title,
        description: p.description,
        category: p.category,
        status: p.status,
        plannedStart: p.planned_start,
        plannedEnd: p.planned_end,
        actualStart: p.actual_start,
        actualEnd: p.actual_end,
        recipientCountry: p.country?.trim() ?? null,
        sectorCode: p.sector_code,
        budget: { amount: formatAmount(p.budget_amount), currency: p.budget_currency.trim() },
        organizations: (orgsOf.get(p.id) ?? []).map((o) => ({
          role: o.role,
          name: o.name,
          type: o.type,
          country: o.country.trim(),
        })),
        transactions: (transactionsOf.get(p.id) ?? []).map((t) => ({
          type: t.type,
          amount: formatAmount(t.amount),
          currency: t.currency.trim(),
          date: t.date,
          description: t.description,
        })),
        indicators: (indicatorsOf.get(p.id) ?? []).map((i) => ({
          title: i.title,
          unit: i.unit,
          measure: i.measure,
          baseline: formatAmount(i.baseline),
          target: formatAmount(i.target),
          values: (valuesOf.get(i.id) ?? []).map((v) => ({
            periodStart: v.period_start,
            periodEnd: v.period_end,
            value: formatAmount(v.value),
          })),
        })),
        createdAt: p.created_at,
        updatedAt: p.updated_at,
      }));
      return renderIatiActivities(activities, this.clock.now());
    });
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
