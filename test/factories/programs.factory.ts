import { randomBytes } from 'crypto';
import { bearer, TestApp } from '../utils/create-app';

/**
 * Rows the partnerships/programs tests need. Organisations and participants belong to other
 * domains (built in parallel), so they are arranged with SQL; users through POST /users.
 */
const uniq = () => randomBytes(4).toString('hex');

export async function createStaff(
  t: TestApp,
  role: 'coordinator' | 'admin' = 'coordinator',
): Promise<{ id: string; token: string }> {
  const email = `${role}-${uniq()}@test.local`;
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(await t.adminToken()))
    .send({ email, password: 'staff-password-1', role, displayName: `Staff ${email}` });
  if (res.status !== 201)
    throw new Error(`create staff: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: await t.login(email, 'staff-password-1') };
}

export async function createOrganization(
  t: TestApp,
  opts: { name?: string; status?: 'pending' | 'approved' } = {},
): Promise<string> {
  const name = opts.name ?? `NGO ${uniq()}`;
  const rows = await t.db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status) VALUES ($1, 'ngo', 'PK', $2, $3) RETURNING id`,
    [JSON.stringify({ en: name }), `${uniq()}@ngo.test`, opts.status ?? 'approved'],
  );
  return rows.rows[0].id;
}

export async function createNgoMember(
  t: TestApp,
  organizationId: string,
): Promise<{ id: string; token: string }> {
  const email = `member-${uniq()}@test.local`;
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(await t.adminToken()))
    .send({
      email,
      password: 'member-password-1',
      role: 'ngo_member',
      displayName: 'Member',
      organizationId,
    });
  if (res.status !== 201)
    throw new Error(`create member: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, token: await t.login(email, 'member-password-1') };
}

export async function createParticipant(
  t: TestApp,
  organizationId: string | null,
  fullName = `Person ${uniq()}`,
): Promise<string> {
  const rows = await t.db.query(
    `INSERT INTO participants (organization_id, full_name, name_key, nationality) VALUES ($1, $2, $3, 'PK') RETURNING id`,
    [organizationId, fullName, fullName.toLowerCase()],
  );
  return rows.rows[0].id;
}

export async function createParticipants(
  t: TestApp,
  organizationId: string | null,
  n: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(await createParticipant(t, organizationId, `Person ${i} ${uniq()}`));
  return ids;
}

export const CITIES = {
  Karamay: {
    names: { en: 'Karamay', zh: '克拉玛依', ur: 'کرامائی' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
  Gwadar: {
    names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
    country: 'PK',
    region: 'Balochistan',
    kind: 'city',
  },
  Tashkurgan: {
    names: { en: 'Tashkurgan', zh: '塔什库尔干', ur: 'تاشقرغان' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'county',
  },
  Hunza: {
    names: { en: 'Hunza', zh: '罕萨', ur: 'ہنزہ' },
    country: 'PK',
    region: 'Gilgit-Baltistan',
    kind: 'county',
  },
  Kashgar: {
    names: { en: 'Kashgar', zh: '喀什', ur: 'کاشغر' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
} as const;

export async function createCity(
  t: TestApp,
  token: string,
  key: keyof typeof CITIES,
): Promise<string> {
  const res = await t.http().post('/api/v1/cities').set(bearer(token)).send(CITIES[key]);
  if (res.status !== 201)
    throw new Error(`create city ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A program body that passes validation; override what the test is about. */
export function programBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { en: `Program ${uniq()}`, zh: '交流项目' },
    type: 'youth',
    startsAt: '2027-06-07T09:00:00+05:00',
    endsAt: '2027-06-12T18:00:00+05:00',
    timeZone: 'Asia/Karachi',
    registrationDeadline: '2027-05-15T23:59:00+05:00',
    capacity: 10,
    ...overrides,
  };
}

export async function createProgram(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; body: Record<string, unknown> }> {
  const res = await t
    .http()
    .post('/api/v1/programs')
    .set(bearer(token))
    .send(programBody(overrides));
  if (res.status !== 201)
    throw new Error(`create program: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, body: res.body };
}

export function register(t: TestApp, token: string, programId: string, participantId: string) {
  return t
    .http()
    .post(`/api/v1/programs/${programId}/registrations`)
    .set(bearer(token))
    .send({ participantId });
}
