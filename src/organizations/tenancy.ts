import type { Actor } from '../common/auth/actor';
import { ForbiddenError } from '../common/errors';

/**
 * The organisation an actor is confined to: its own for an `ngo_member`, `null` (everything)
 * for coordinators and admins. Every scoped query helper (organisations, participants) starts
 * from this one function, so tenancy is decided in one place.
 */
export function confinedOrganization(actor: Actor): string | null {
  if (actor.role === 'admin' || actor.role === 'coordinator') return null;
  // A member without an organisation cannot exist (users_member_has_org); refuse rather than widen.
  if (!actor.organizationId) throw new ForbiddenError();
  return actor.organizationId;
}
