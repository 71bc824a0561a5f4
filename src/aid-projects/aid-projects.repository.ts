import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ColumnMap, toColumns } from '../common/database/column-map';
import { updateVersioned } from '../common/database/versioned-update';
import { formatAmount } from '../common/money/money.dto';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { AidCategory, AidOrgRole, AidProjectEntity, AidStatus } from './aid-project.entity';
import type {
  BudgetVsSpentResponse,
  CurrencyTotalsResponse,
  ProjectOrganizationResponse,
} from './dto/aid-project.dto';

/** The fields of a project a PATCH may change. */
export interface AidProjectChanges {
  title: I18nName;
  category: AidCategory;
  cityId: string;
  status: AidStatus;
  budgetAmount: string;
  budgetCurrency: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  beneficiariesTarget: number | null;
  beneficiariesActual: number | null;
  sectorCode: string | null;
  description: string | null;
}

const AID_PROJECT_COLUMNS: ColumnMap<AidProjectChanges> = {
  title: 'title',
  category: 'category',
  cityId: 'city_id',
  status: 'status',
  budgetAmount: 'budget_amount',
  budgetCurrency: 'budget_currency',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  actualStart: 'actual_start',
  actualEnd: 'actual_end',
  beneficiariesTarget: 'beneficiaries_target',
  beneficiariesActual: 'beneficiaries_actual',
  sectorCode: 'sector_code',
  description: 'description',
};

/** A new project's row (the id is chosen by the caller: the default IATI identifier uses it). */
export interface NewAidProject {
  id: string;
  title: I18nName;
  description: string | null;
  category: AidCategory;
  cityId: string;
  coordinatorId: string;
  status: AidStatus;
  budgetAmount: string;
  budgetCurrency: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  beneficiariesTarget: number | null;
  beneficiariesActual: number | null;
  sectorCode: string | null;
  iatiIdentifier: string;
}

export interface AidProjectFilters {
  /** LIKE pattern on search_text, already escaped and lower-cased */
  /** `?q=` as the user typed it (folded in SQL). */
  search?: string;
  category?: AidCategory;
  status?: AidStatus;
  cityId?: string;
  organizationId?: string;
}

/** Sub-resources whose project {@link AidProjectsRepository.projectIdOf} resolves. */
export type AidChild = 'milestone' | 'indicator' | 'indicatorValue' | 'deliverable';

const CHILD_PROJECT_SQL: Record<AidChild, string> = {
  milestone: `SELECT project_id FROM milestones WHERE id = $1`,
  indicator: `SELECT project_id FROM result_indicators WHERE id = $1`,
  indicatorValue: `SELECT i.project_id FROM indicator_values v JOIN result_indicators i ON i.id = v.indicator_id WHERE v.id = $1`,
  deliverable: `SELECT project_id FROM deliverables WHERE id = $1`,
};

/** Role order of the IATI OrganisationRole codelist (1 funding … 4 implementing). */
const ROLE_ORDER = `array_position(ARRAY['funding','accountable','extending','implementing'], apo.role)`;

/**
 * Set-based reads of the aid-projects domain. Money is summed by Postgres on `numeric` and
 * returned as text, so no amount ever passes through a JavaScript number.
 */
@Injectable()
export class AidProjectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The manager for reads outside a transaction: its raw queries go to the primary, its query
   * builders to a replica. For `AidAccessService`, which takes a manager on every call.
   */
  get outsideTransaction(): EntityManager {
    return this.dataSource.manager;
  }

  /** Inserts a project; false when its IATI identifier is taken (no aborted transaction). */
  async insert(m: EntityManager, p: NewAidProject): Promise<boolean> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO aid_projects (id, title, description, category, city_id, coordinator_id, status, budget_amount, budget_currency,
                                 planned_start, planned_end, actual_start, actual_end, beneficiaries_target, beneficiaries_actual,
                                 sector_code, iati_identifier)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (iati_identifier) DO NOTHING RETURNING id`,
      [
        p.id,
        JSON.stringify(p.title),
        p.description,
        p.category,
        p.cityId,
        p.coordinatorId,
        p.status,
        p.budgetAmount,
        p.budgetCurrency,
        p.plannedStart,
        p.plannedEnd,
        p.actualStart,
        p.actualEnd,
        p.beneficiariesTarget,
        p.beneficiariesActual,
        p.sectorCode,
        p.iatiIdentifier,
      ],
    );
    return inserted.length > 0;
  }

  /** A page of projects (a replica read). */
  async list(filters: AidProjectFilters, page: PageQueryDto): Promise<Page<AidProjectEntity>> {
    const qb = this.dataSource.getRepository(AidProjectEntity).createQueryBuilder('p');
    if (filters.search)
      qb.andWhere(searchMatch('p.search_text'), { q: searchTerm(filters.search) });
    if (filters.category) qb.andWhere('p.category = :category', { category: filters.category });
    if (filters.status) qb.andWhere('p.status = :status', { status: filters.status });
    if (filters.cityId) qb.andWhere('p.city_id = :cityId', { cityId: filters.cityId });
    if (filters.organizationId)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM aid_project_organizations f WHERE f.project_id = p.id AND f.organization_id = :orgId)',
        { orgId: filters.organizationId },
      );
    return paginate(qb, page, (p) => p);
  }

  async findById(m: EntityManager, id: string): Promise<AidProjectEntity | null> {
    return m.getRepository(AidProjectEntity).findOneBy({ id });
  }

  /** Locks the project row (SELECT … FOR UPDATE) for the rest of the transaction. */
  async lock(m: EntityManager, id: string): Promise<AidProjectEntity | null> {
    return m
      .getRepository(AidProjectEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  /** Optimistic update of the given fields (404 / 409 VERSION_CONFLICT from updateVersioned). */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<AidProjectChanges>,
  ): Promise<void> {
    const set = toColumns(AID_PROJECT_COLUMNS, changes);
    if (set.title !== undefined) set.title = JSON.stringify(set.title);
    await updateVersioned(m, 'aid_projects', id, expectedVersion, set, 'Aid project');
  }

  /** Participating organisations of the given projects, keyed by project id. */
  async organizationsOf(
    manager: EntityManager,
    projectIds: string[],
  ): Promise<Map<string, ProjectOrganizationResponse[]>> {
    const map = new Map<string, ProjectOrganizationResponse[]>(projectIds.map((id) => [id, []]));
    if (projectIds.length === 0) return map;
    const rows: {
      project_id: string;
      organization_id: string;
      role: AidOrgRole;
      name: I18nName;
    }[] = await manager.query(
      `SELECT apo.project_id, apo.organization_id, apo.role, o.name
         FROM aid_project_organizations apo JOIN organizations o ON o.id = apo.organization_id
        WHERE apo.project_id = ANY($1::uuid[])
        ORDER BY ${ROLE_ORDER}, o.name->>'en', apo.organization_id`,
      [projectIds],
    );
    for (const r of rows)
      map
        .get(r.project_id)
        ?.push({ organizationId: r.organization_id, role: r.role, name: r.name });
    return map;
  }

  /** Commitment, disbursement and expenditure per currency (exact SQL SUM on numeric). */
  async totals(manager: EntityManager, projectId: string): Promise<CurrencyTotalsResponse[]> {
    const rows: {
      currency: string;
      commitment: string;
      disbursement: string;
      expenditure: string;
    }[] = await manager.query(
      `SELECT currency,
              coalesce(sum(amount) FILTER (WHERE type = 'commitment'), 0)::text AS commitment,
              coalesce(sum(amount) FILTER (WHERE type = 'disbursement'), 0)::text AS disbursement,
              coalesce(sum(amount) FILTER (WHERE type = 'expenditure'), 0)::text AS expenditure
         FROM aid_transactions WHERE project_id = $1
        GROUP BY currency ORDER BY currency`,
      [projectId],
    );
    return rows.map((r) => ({
      currency: r.currency.trim(),
      commitment: formatAmount(r.commitment),
      disbursement: formatAmount(r.disbursement),
      expenditure: formatAmount(r.expenditure),
    }));
  }

  /** Budget, expenditure in the budget's currency and what remains, computed by Postgres. */
  async budgetVsSpent(manager: EntityManager, projectId: string): Promise<BudgetVsSpentResponse> {
    const rows: { currency: string; budget: string; spent: string; remaining: string }[] =
      await manager.query(
        `SELECT p.budget_currency AS currency, p.budget_amount::text AS budget, s.spent::text AS spent,
              (p.budget_amount - s.spent)::text AS remaining
         FROM aid_projects p
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(t.amount), 0) AS spent FROM aid_transactions t
           WHERE t.project_id = p.id AND t.type = 'expenditure' AND t.currency = p.budget_currency
        ) s
        WHERE p.id = $1`,
        [projectId],
      );
    const r = rows[0];
    return {
      currency: r.currency.trim(),
      budget: formatAmount(r.budget),
      spent: formatAmount(r.spent),
      remaining: formatAmount(r.remaining),
    };
  }

  /** Ids of the given organisations that exist. */
  async existingOrganizations(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async cityExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM cities WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Replaces a project's participating organisations. */
  async replaceOrganizations(
    manager: EntityManager,
    projectId: string,
    orgs: { organizationId: string; role: AidOrgRole }[],
  ): Promise<void> {
    await manager.query(`DELETE FROM aid_project_organizations WHERE project_id = $1`, [projectId]);
    if (orgs.length === 0) return;
    await manager.query(
      `INSERT INTO aid_project_organizations (project_id, organization_id, role)
       SELECT $1, o, r FROM unnest($2::uuid[], $3::text[]) AS x(o, r)`,
      [projectId, orgs.map((o) => o.organizationId), orgs.map((o) => o.role)],
    );
  }

  /** Open milestones of a project (their reminders must be re-evaluated when the project closes). */
  async openMilestoneIds(manager: EntityManager, projectId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM milestones WHERE project_id = $1 AND completed_at IS NULL`,
      [projectId],
    );
    return rows.map((r) => r.id);
  }

  // Access facts for AidAccessService (the rule itself lives there).

  /**
   * A WHERE condition limiting rows to projects the organisation takes part in, for list
   * queries; `projectIdExpr` is the SQL expression of the project id.
   */
  takesPartCondition(
    projectIdExpr: string,
    organizationId: string,
  ): { sql: string; params: Record<string, unknown> } {
    return {
      sql: `EXISTS (SELECT 1 FROM aid_project_organizations apo_scope WHERE apo_scope.project_id = ${projectIdExpr} AND apo_scope.organization_id = :scopeOrganizationId)`,
      params: { scopeOrganizationId: organizationId },
    };
  }

  /** The project of a sub-resource, or null when it does not exist. */
  async projectIdOf(manager: EntityManager, child: AidChild, id: string): Promise<string | null> {
    const rows: { project_id: string }[] = await manager.query(CHILD_PROJECT_SQL[child], [id]);
    return rows[0]?.project_id ?? null;
  }

  /**
   * Whether the project exists (null when not) and whether the organisation takes part in it,
   * in any role and as `implementing`; a null organisation takes part in nothing.
   */
  async participation(
    manager: EntityManager,
    projectId: string,
    organizationId: string | null,
  ): Promise<{ takesPart: boolean; implements: boolean } | null> {
    const rows: { takes_part: boolean; implements: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM aid_project_organizations o WHERE o.project_id = p.id AND o.organization_id = $2) AS takes_part,
              EXISTS (SELECT 1 FROM aid_project_organizations o WHERE o.project_id = p.id AND o.organization_id = $2 AND o.role = 'implementing') AS implements
         FROM aid_projects p WHERE p.id = $1`,
      [projectId, organizationId],
    );
    if (rows.length === 0) return null;
    return { takesPart: rows[0].takes_part, implements: rows[0].implements };
  }
}
