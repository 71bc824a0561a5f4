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
  /**
   * The organisation's registration ran out (an `approved` one past its `registrationExpiresOn`
   * in its country's calendar): it reads but may not write until a coordinator renews it.
   */
  organizationExpired?: boolean;
  timeZone: string | null;
  /** `en`, `zh` or `ur`: the language of the texts this user reads. */
  locale: 'en' | 'zh' | 'ur';
  /** The refresh-token family (sign-in session) the access token was issued for, if known. */
  sessionId?: string;
}

export const isStaff = (actor: Actor): boolean =>
  actor.role === 'admin' || actor.role === 'coordinator';
