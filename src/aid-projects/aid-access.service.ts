import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { tenantScopeOf } from '../common/tenancy/tenant-scope';
import { AidChild, AidProjectsRepository } from './aid-projects.repository';

const CHILD_LABEL: Record<AidChild, string> = {
  milestone: 'Milestone',
  indicator: 'Indicator',
  indicatorValue: 'Indicator value',
  deliverable: 'Deliverable',
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
  constructor(private readonly projects: AidProjectsRepository) {}

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
    return this.projects.takesPartCondition(projectIdExpr, scope.organizationId);
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
    const label = CHILD_LABEL[child];
    const projectId = await this.projects.projectIdOf(manager, child, id);
    if (projectId === null) throw new NotFoundError(label);
    if (tenantScopeOf(actor).kind !== 'all') {
      const p = await this.participation(actor, projectId, manager);
      if (!p.takesPart) throw new NotFoundError(label);
    }
    return projectId;
  }

  private async participation(
    actor: Actor,
    projectId: string,
    manager: EntityManager,
  ): Promise<{ exists: boolean; sees: boolean; takesPart: boolean; implements: boolean }> {
    // `sees`: the caller is confined to no organisation (staff) and so sees every project.
    const scope = tenantScopeOf(actor);
    const sees = scope.kind === 'all';
    const found = await this.projects.participation(
      manager,
      projectId,
      sees ? null : scope.organizationId,
    );
    if (!found) return { exists: false, sees, takesPart: false, implements: false };
    return { exists: true, sees, takesPart: found.takesPart, implements: found.implements };
  }
}
