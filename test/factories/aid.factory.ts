import { randomBytes } from 'crypto';
import { bearer, TestApp } from '../utils/create-app';

/**
 * Rows the aid-projects tests need from OTHER domains (organisations, cities) are arranged by
 * SQL; users through POST /users as admin, so they can log in.
 */
export async function createOrganization(
  t: TestApp,
  o: {
    name: string;
    type?: string;
    country?: string;
    status?: 'pending' | 'approved' | 'rejected' | 'suspended';
    zh?: string;
  },
): Promise<string> {
  const name = o.zh ? { en: o.name, zh: o.zh } : { en: o.name };
  const res = await t.db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      JSON.stringify(name),
      o.type ?? 'ngo',
      o.country ?? 'PK',
      `contact-${randomBytes(3).toString('hex')}@test.local`,
      o.status ?? 'approved',
    ],
  );
  return res.rows[0].id;
}

export async function createCity(
  t: TestApp,
  name: string,
  country = 'PK',
  zh?: string,
): Promise<string> {
  const res = await t.db.query(
    `INSERT INTO cities (names, country, region, kind) VALUES ($1, $2, 'Gilgit-Baltistan', 'county') RETURNING id`,
    [JSON.stringify(zh ? { en: name, zh } : { en: name }), country],
  );
  return res.rows[0].id;
}

/** Creates a user through the API and logs it in; returns its id and access token. */
export async function createUser(
  t: TestApp,
  role: 'coordinator' | 'ngo_member' | 'admin',
  organizationId?: string,
): Promise<{ id: string; token: string; email: string }> {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.local`;
  const password = 'aid-test-password-1';
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

/** A valid POST /aid-projects body; override what a test cares about. */
export function projectBody(
  cityId: string,
  organizations: { organizationId: string; role: string }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    title: {
      en: 'Safe drinking water for Hunza',
      zh: '罕萨安全饮用水',
      ur: 'ہنزہ کے لیے محفوظ پینے کا پانی',
    },
    category: 'drinking_water',
    cityId,
    status: 'pipeline',
    budget: { amount: '1500000.00', currency: 'CNY' },
    plannedStart: '2026-03-01',
    plannedEnd: '2027-02-28',
    organizations,
    beneficiariesTarget: 1500,
    sectorCode: '14031',
    ...overrides,
  };
}

/** Row counts of every aid table, to prove a refused request changed nothing. */
export async function aidCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'aid_projects',
    'aid_project_organizations',
    'aid_transactions',
    'milestones',
    'result_indicators',
    'indicator_values',
    'deliverables',
    'maintenance_logs',
    'reminder_outbox',
  ];
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return out;
}
