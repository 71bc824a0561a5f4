import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { uniq } from './names';

export type Role = 'admin' | 'coordinator' | 'ngo_member';

// Any hash will do: users inserted by SQL never log in.
const NO_LOGIN = '$argon2id$v=19$m=19456,t=2,p=1$bm9sb2dpbg$bm9sb2dpbmJ1dG5vdGhpbmdoZXJlYXRhbGw';

/** Creates a user through POST /users as admin and logs it in. */
export async function createUser(
  t: TestApp,
  role: Role,
  organizationId?: string,
): Promise<{ id: string; token: string; email: string }> {
  const email = `${role.replace('_', '-')}-${uniq()}@test.local`;
  const password = 'test-password-12345';
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(await t.adminToken()))
    .send({
      email,
      password,
      role,
      displayName: `${role} ${email}`,
      ...(organizationId ? { organizationId } : {}),
    });
  if (res.status !== 201)
    throw new Error(`POST /users failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: await t.login(email, password), email };
}

/** The access token of a new staff user. */
export async function staffToken(t: TestApp, role: 'coordinator' | 'admin'): Promise<string> {
  return (await createUser(t, role)).token;
}

export interface UserSpec {
  role?: Role;
  orgId?: string | null;
  email?: string;
  timeZone?: string | null;
  displayName?: string;
  active?: boolean;
}

/** A user row by SQL (cannot log in), for tests that only need someone to notify or refer to. */
export async function insertUser(
  db: Client,
  u: UserSpec = {},
): Promise<{ id: string; email: string }> {
  const email = u.email ?? `user-${uniq()}@test.local`;
  const { rows } = await db.query(
    `INSERT INTO users (email, password_hash, role, display_name, organization_id, time_zone, is_active)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      email,
      NO_LOGIN,
      u.role ?? 'ngo_member',
      u.displayName ?? `User ${email}`,
      u.orgId ?? null,
      u.timeZone ?? null,
      u.active ?? true,
    ],
  );
  return { id: rows[0].id, email };
}

/** `count` active members of an organisation in one statement. */
export async function insertMembers(
  db: Client,
  orgId: string,
  count: number,
): Promise<{ id: string; email: string }[]> {
  const { rows } = await db.query(
    `INSERT INTO users (email, password_hash, role, display_name, organization_id)
     SELECT 'm' || g || '-' || $3 || '@test.local', $4, 'ngo_member', 'Member ' || g, $1 FROM generate_series(1, $2) AS g
     RETURNING id, email`,
    [orgId, count, uniq(), NO_LOGIN],
  );
  return rows;
}
