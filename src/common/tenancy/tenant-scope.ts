import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../errors';

/**
 * Whose rows a caller may touch: staff (admin, coordinator) everything, an ngo_member only its
 * own organisation's. Every tenancy-scoped query in every domain starts from {@link tenantScopeOf},
 * so who is confined to what is decided in one place; a row outside the scope reads as not
 * found (404), never revealed.
 */
export type TenantScope = { kind: 'all' } | { kind: 'organization'; organizationId: string };

export function tenantScopeOf(actor: Pick<Actor, 'role' | 'organizationId'>): TenantScope {
  if (actor.role === 'admin' || actor.role === 'coordinator') return { kind: 'all' };
  // A member without an organisation cannot exist (users_member_has_org); refuse rather than widen.
  if (!actor.organizationId) throw new ForbiddenError();
  return { kind: 'organization', organizationId: actor.organizationId };
}

/** The organisation the actor is confined to, or `null` when it sees every organisation. */
export function confinedOrganization(actor: Pick<Actor, 'role' | 'organizationId'>): string | null {
  const scope = tenantScopeOf(actor);
  return scope.kind === 'all' ? null : scope.organizationId;
}
