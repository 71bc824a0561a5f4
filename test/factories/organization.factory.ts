import { randomBytes } from 'crypto';
import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { localized, LocalizedName, uniq } from './names';

export type OrganizationStatus = 'pending' | 'approved' | 'rejected' | 'suspended';

/**
 * An organisation row by SQL, for tests of other domains. An approved one is approved now
 * unless `approvedAt` says otherwise.
 */
export async function insertOrganization(
  db: Client,
  o: {
    name?: string | LocalizedName;
    type?: string;
    country?: string;
    status?: OrganizationStatus;
    contactEmail?: string;
    createdAt?: string;
    approvedAt?: string | null;
    expiresOn?: string | null;
  } = {},
): Promise<string> {
  const status = o.status ?? 'approved';
  const { rows } = await db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status, approved_at, registration_expires_on, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now())) RETURNING id`,
    [
      JSON.stringify(localized(o.name ?? `NGO ${uniq()}`)),
      o.type ?? 'ngo',
      o.country ?? 'PK',
      o.contactEmail ?? `contact-${uniq()}@test.local`,
      status,
      o.approvedAt !== undefined ? o.approvedAt : status === 'approved' ? new Date() : null,
      o.expiresOn ?? null,
      o.createdAt ?? null,
    ],
  );
  return rows[0].id;
}

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
