export type Role = 'admin' | 'coordinator' | 'ngo_member';
export const ROLES: Role[] = ['admin', 'coordinator', 'ngo_member'];

/** Who is calling, read fresh from the database on every request (roles and approval apply at once). */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Set for ngo_member only. */
  organizationId: string | null;
  organizationStatus: 'pending' | 'approved' | 'rejected' | 'suspended' | null;
  timeZone: string | null;
}

export const isStaff = (actor: Actor): boolean =>
  actor.role === 'admin' || actor.role === 'coordinator';
