import { bearer, TestApp } from '../utils/create-app';

/**
 * Rows the scholarship tests need. Organisations and participants belong to other domains
 * (built in parallel), so they are arranged by SQL; users go through POST /users.
 */

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function insertOrganization(
  t: TestApp,
  opts: {
    name?: string;
    status?: 'pending' | 'approved' | 'rejected' | 'suspended';
    type?: string;
    country?: string;
  } = {},
): Promise<string> {
  const name = opts.name ?? `Test NGO ${next()}`;
  const { rows } = await t.db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status, approved_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'approved' THEN now() END) RETURNING id`,
    [
      JSON.stringify({ en: name }),
      opts.type ?? 'ngo',
      opts.country ?? 'PK',
      `contact-${next()}@test.local`,
      opts.status ?? 'approved',
    ],
  );
  return rows[0].id;
}

export interface ParticipantOpts {
  organizationId: string | null;
  fullName?: string;
  nationality?: string;
  dateOfBirth?: string | null;
  gender?: 'female' | 'male' | 'other' | 'undisclosed' | null;
}

export async function insertParticipant(t: TestApp, opts: ParticipantOpts): Promise<string> {
  const fullName = opts.fullName ?? `Participant ${next()}`;
  const { rows } = await t.db.query(
    `INSERT INTO participants (organization_id, full_name, name_key, nationality, gender, date_of_birth)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      opts.organizationId,
      fullName,
      fullName.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim(),
      opts.nationality ?? 'PK',
      opts.gender === undefined ? 'female' : opts.gender,
      opts.dateOfBirth === undefined ? '2000-05-10' : opts.dateOfBirth,
    ],
  );
  return rows[0].id;
}

/** Creates a user as admin and logs in; returns its id and access token. */
export async function createUser(
  t: TestApp,
  role: 'admin' | 'coordinator' | 'ngo_member',
  organizationId?: string,
): Promise<{ id: string; token: string; email: string }> {
  const email = `${role.replace('_', '-')}-${next()}@test.local`;
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

const DAY = 24 * 3600 * 1000;

/** A valid scheme body, open from yesterday for 30 days. */
export function schemeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: {
      en: `China–Pakistan Test Scholarship ${next()}`,
      zh: '中巴测试奖学金',
      ur: 'پاک چین ٹیسٹ اسکالرشپ',
    },
    level: 'master',
    quota: 5,
    stipend: { amount: '3500.00', currency: 'CNY' },
    opensAt: new Date(Date.now() - DAY).toISOString(),
    closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
    ...overrides,
  };
}

export async function createScheme(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; closesAt: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post('/api/v1/scholarships')
    .set(bearer(token))
    .send(schemeBody(overrides));
  if (res.status !== 201)
    throw new Error(`POST /scholarships failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createApplication(
  t: TestApp,
  token: string,
  schemeId: string,
  participantId: string,
  statement = 'I want to study in Kashgar.',
): Promise<string> {
  const res = await t
    .http()
    .post(`/api/v1/scholarships/${schemeId}/applications`)
    .set(bearer(token))
    .send({ participantId, statement });
  if (res.status !== 201)
    throw new Error(`POST applications failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** POST /applications/:id/<move> expecting 200. */
export async function move(
  t: TestApp,
  token: string,
  applicationId: string,
  verb: 'submit' | 'withdraw' | 'accept' | 'decline',
  body?: object,
): Promise<Record<string, unknown>> {
  const res = await t
    .http()
    .post(`/api/v1/applications/${applicationId}/${verb}`)
    .set(bearer(token))
    .send(body ?? {});
  if (res.status !== 200)
    throw new Error(`${verb} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function review(
  t: TestApp,
  token: string,
  applicationId: string,
  score: number,
  comment = 'Strong statement.',
): Promise<void> {
  const res = await t
    .http()
    .post(`/api/v1/applications/${applicationId}/reviews`)
    .set(bearer(token))
    .send({ score, comment });
  if (res.status !== 201)
    throw new Error(`review failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function decide(
  t: TestApp,
  token: string,
  applicationId: string,
  decision: 'award' | 'reject',
) {
  return t
    .http()
    .post(`/api/v1/applications/${applicationId}/decision`)
    .set(bearer(token))
    .send({ decision });
}

/** Status and version of an application row, for "nothing changed" assertions. */
export async function applicationRow(
  t: TestApp,
  id: string,
): Promise<{ status: string; version: number; submitted_at: Date | null }> {
  const { rows } = await t.db.query(
    `SELECT status, version, submitted_at FROM scholarship_applications WHERE id = $1`,
    [id],
  );
  return rows[0];
}
