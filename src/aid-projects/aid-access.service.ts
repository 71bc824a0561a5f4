import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { tenantScopeOf } from '../common/tenancy/tenant-scope';

/** Sub-resources whose project is resolved by {@link AidAccessService.projectOf}. */
export type AidChild = 'milestone' | 'indicator' | 'indicatorValue' | 'deliverable';

const CHILD_PROJECT_SQL: Record<AidChild, { sql: string; label: string }> = {
  milestone: { sql: `SELECT project_id FROM milestones WHERE id = $1`, label: 'Milestone' },
  indicator: { sql: `SELECT project_id FROM result_indicators WHERE id = $1`, label: 'Indicator' },
  indicatorValue: {
    sql: `SELECT i.project_id FROM indicator_values v JOIN result_indicators i ON i.id = v.indicator_id WHERE v.id = $1`,
    label: 'Indicator value',
  },
  deliverable: { sql: `SELECT project_id FROM deliverables WHERE id = $1`, label: 'Deliverable' },
};

/**
 * Who may see and change what in the aid-projects domain — the one place the rule lives.
 *
 * - Everyone signed in reads a project's public fields (the project record, its organisations
 *   and totals — the same facts the IATI export publishes).
 * - Non-public sub-resources (transaction lines, milestones, indicators and their values,
 *   deliverables and maintenance logs) are visible to staff and to members of an organisation
 *   that takes part in the project in any role; for anyone else they answer 404 NOT_FOUND.
 * - Contributing (adding transactions, milestones, indicator values, maintenance logs) is for
 *   staff and for members of an organisation taking part with role `implementing`. A member
 *   who can read the project but may not contribute gets 403 FORBIDDEN.
 */
@Injectable()
export class AidAccessService {
  /**
   * A WHERE condition limiting rows to projects whose non-public parts the actor may see, for
   * list queries; `projectIdExpr` is the SQL expression of the project id. Null for staff.
   */
  visibleProjectsCondition(
    actor: Actor,
    projectIdExpr: string,
  ): { sql: string; params: Record<string, unknown> } | null {
    const scope = tenantScopeOf(actor);
    if (scope.kind === 'all') return null;
    return {
      sql: `EXISTS (SELECT 1 FROM aid_project_organizations apo_scope WHERE apo_scope.project_id = ${projectIdExpr} AND apo_scope.organization_id = :scopeOrganizationId)`,
      params: { scopeOrganizationId: scope.organizationId },
    };
  }

  /** 404 unless the project exists and its non-public parts are visible to the actor. */
  async assertCanView(actor: Actor, projectId: string, manager: EntityManager): Promise<void> {
    const p = await this.participation(actor, projectId, manager);
    if (!p.exists || (!p.sees && !p.takesPart)) throw new NotFoundError('Aid project');
  }

  /**
   * The single rule for writes by contributors: staff always; an ngo_member only when its
   * organisation takes part in the project as `implementing`. Unknown project → 404; a project
   * the member may read but not contribute to → 403 FORBIDDEN.
   */
  async assertCanContribute(
    actor: Actor,
    projectId: string,
    manager: EntityManager,
  ): Promise<void> {
    const p = await this.participation(actor, projectId, manager);
    if (!p.exists) throw new NotFoundError('Aid project');
    if (p.sees || p.implements) return;
    throw new ForbiddenError(
      'Only staff and organisations implementing this project may add to it',
    );
  }

  /**
   * Resolves a sub-resource to its project id, answering 404 when it does not exist or is not
   * visible to the actor (a member of an organisation not taking part learns nothing).
   */
  async projectOf(
    actor: Actor,
    child: AidChild,
    id: string,
    manager: EntityManager,
  ): Promise<string> {
    const { sql, label } = CHILD_PROJECT_SQL[child];
    const rows: { project_id: string }[] = await manager.query(sql, [id]);
    if (rows.length === 0) throw new NotFoundError(label);
    if (tenantScopeOf(actor).kind !== 'all') {
      const p = await this.participation(actor, rows[0].project_id, manager);
      if (!p.takesPart) throw new NotFoundError(label);
    }
    return rows[0].project_id;
  }

  private async participation(
    actor: Actor,
    projectId: string,
    manager: EntityManager,
  ): Promise<{ exists: boolean; sees: boolean; takesPart: boolean; implements: boolean }> {
    // `sees`: the caller is confined to no organisation (staff) and so sees every project.
    const scope = tenantScopeOf(actor);
    const sees = scope.kind === 'all';
    const rows: { takes_part: boolean; implements: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM aid_project_organizations o WHERE o.project_id = p.id AND o.organization_id = $2) AS takes_part,
              EXISTS (SELECT 1 FROM aid_project_organizations o WHERE o.project_id = p.id AND o.organization_id = $2 AND o.role = 'implementing') AS implements
         FROM aid_projects p WHERE p.id = $1`,
      [projectId, sees ? null : scope.organizationId],
    );
    if (rows.length === 0) return { exists: false, sees, takesPart: false, implements: false };
    return { exists: true, sees, takesPart: rows[0].takes_part, implements: rows[0].implements };
  }
}
