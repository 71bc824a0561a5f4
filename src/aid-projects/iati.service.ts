import { Injectable } from '@nestjs/common';
import { formatAmount } from '../common/money/money.dto';
import { ExportTooLargeError, NothingToExportError } from './aid-projects.errors';
import { Clock } from '../common/clock';
import { IATI_EXPORT_LIMIT, IatiExportQueryDto } from './dto/iati.dto';
import { IatiActivityInput, renderIatiActivities } from './iati-xml';
import { IatiRepository } from './iati.repository';

/**
 * `GET /aid-projects/iati.xml`: the selected projects as IATI 2.03 activities. The file is
 * built in memory, so one request carries at most {@link IATI_EXPORT_LIMIT} projects (422
 * EXPORT_TOO_LARGE beyond); the data is loaded with five set-based queries, whatever the count.
 * Only approved indicator values are published.
 */
@Injectable()
export class IatiService {
  constructor(
    private readonly iati: IatiRepository,
    private readonly clock: Clock,
  ) {}

  async export(query: IatiExportQueryDto): Promise<string> {
    // One snapshot for all queries: the file is consistent even while projects change.
    return this.iati.snapshot(async (m) => {
      const projects = await this.iati.projects(
        m,
        { ids: query.ids, category: query.category },
        IATI_EXPORT_LIMIT + 1,
      );
      if (projects.length > IATI_EXPORT_LIMIT) throw new ExportTooLargeError(IATI_EXPORT_LIMIT);
      if (projects.length === 0) throw new NothingToExportError();
      const ids = projects.map((p) => p.id);

      const orgs = await this.iati.organizations(m, ids);
      const transactions = await this.iati.transactions(m, ids);
      const indicators = await this.iati.indicators(m, ids);
      const values = await this.iati.approvedValues(m, ids);

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
