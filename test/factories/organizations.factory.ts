import { randomBytes } from 'crypto';
import { bearer, TestApp } from '../utils/create-app';

export interface RegisteredOrg {
  orgId: string;
  userId: string;
  email: string;
  password: string;
}

export interface Member extends RegisteredOrg {
  token: string;
}

/** Registers an organisation through the public route (status pending). */
export async function registerOrganization(
  t: TestApp,
  name: string,
  overrides: { type?: string; country?: string; address?: string; zh?: string; ur?: string } = {},
): Promise<RegisteredOrg> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const email = `${slug}@test.local`;
  const password = 'member-password-1';
  const req = t.http().post('/api/v1/organizations/register');
  // A distinct forwarded address per registration keeps the per-address limit out of other tests.
  req.set('X-Forwarded-For', overrides.address ?? `198.51.100.${1 + (randomBytes(1)[0] % 250)}`);
  const res = await req.send({
    organization: {
      name: {
        en: name,
        ...(overrides.zh ? { zh: overrides.zh } : {}),
        ...(overrides.ur ? { ur: overrides.ur } : {}),
      },
      type: overrides.type ?? 'ngo',
      country: overrides.country ?? 'PK',
      contactEmail: `contact-${email}`,
    },
    account: { email, password, displayName: `${name} member` },
  });
  if (res.status !== 201)
    throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { orgId: res.body.organization.id, userId: res.body.account.id, email, password };
}

/** A registered, approved organisation and a logged-in member. */
export async function approvedMember(
  t: TestApp,
  name: string,
  overrides: Parameters<typeof registerOrganization>[2] = {},
): Promise<Member> {
  const org = await registerOrganization(t, name, overrides);
  const approve = await t
    .http()
    .post(`/api/v1/organizations/${org.orgId}/approve`)
    .set(bearer(await t.adminToken()));
  if (approve.status !== 200)
    throw new Error(`approve ${name}: ${approve.status} ${JSON.stringify(approve.body)}`);
  return { ...org, token: await t.login(org.email, org.password) };
}

/** A staff user created by the admin, logged in. */
export async function staffToken(
  t: TestApp,
  role: 'coordinator' | 'admin',
  email = `${role}-${randomBytes(3).toString('hex')}@test.local`,
): Promise<string> {
  const password = `${role}-password-1`;
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(await t.adminToken()))
    .send({ email, password, role, displayName: `Test ${role}` });
  if (res.status !== 201)
    throw new Error(`create ${role}: ${res.status} ${JSON.stringify(res.body)}`);
  return t.login(email, password);
}

/** A CSV text from rows of cells (quotes cells that need it). */
export function csv(rows: string[][]): string {
  return (
    rows
      .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
      .join('\n') + '\n'
  );
}
