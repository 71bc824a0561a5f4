import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatAmount } from '../common/money/money.dto';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { AidOrgRole } from './aid-project.entity';
import type {
  BudgetVsSpentResponse,
  CurrencyTotalsResponse,
  ProjectOrganizationResponse,
} from './dto/aid-project.dto';

/** Role order of the IATI OrganisationRole codelist (1 funding … 4 implementing). */
const ROLE_ORDER = `array_position(ARRAY['funding','accountable','extending','implementing'], apo.role)`;

/**
 * Set-based reads of the aid-projects domain. Money is summed by Postgres on `numeric` and
 * returned as text, so no amount ever passes through a JavaScript number.
 */
@Injectable()
export class AidProjectsRepository {
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
}
