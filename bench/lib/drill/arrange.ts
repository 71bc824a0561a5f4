import { randomBytes } from 'crypto';
import type { Client } from 'pg';
import { ADMIN } from './cluster';
import { DrillHttp, expectStatus } from './http';
import { sleep } from './services';

/**
 * Data the drills arrange through the public API (as clients would), except bulk reminder
 * recipients: extra organisation members are inserted with SQL (they never log in; hashing
 * hundreds of passwords with argon2 would only slow the set-up down).
 */
const tag = () => randomBytes(3).toString('hex');
// Any hash: these SQL-made members never log in.
const NO_LOGIN = '$argon2id$v=19$m=19456,t=2,p=1$bm9sb2dpbg$bm9sb2dpbmJ1dG5vdGhpbmdoZXJlYXRhbGw';

export async function login(http: DrillHttp, email: string, password: string): Promise<string> {
  const res = expectStatus(
    await http.req('POST', '/api/v1/auth/login', { body: { email, password } }),
    200,
    `login ${email}`,
  );
  return res.body.accessToken;
}

export const adminToken = (http: DrillHttp) => login(http, ADMIN.email, ADMIN.password);

export async function createStaff(
  http: DrillHttp,
  admin: string,
  role: 'coordinator' | 'admin',
): Promise<{ id: string; token: string }> {
  const email = `drill-${role}-${tag()}@silkbridge.local`;
  const password = `${role}-drill-password-1`;
  const res = expectStatus(
    await http.req('POST', '/api/v1/users', {
      token: admin,
      body: { email, password, role, displayName: `Drill ${role}` },
    }),
    201,
    `create ${role}`,
  );
  return { id: res.body.id, token: await login(http, email, password) };
}

export interface Org {
  orgId: string;
  /** The member who registered it (logs in and drives load). */
  memberId: string;
  token: string;
  /** Every active member (the registering one plus SQL-made ones): its reminder recipients. */
  memberIds: string[];
}

/** Registers an NGO through the public route, approves it as coordinator, logs its member in. */
export async function approvedOrg(http: DrillHttp, coordinator: string, i: number): Promise<Org> {
  const slug = `drill-ngo-${i}-${tag()}`;
  const password = 'drill-member-password-1';
  const reg = expectStatus(
    await http.req('POST', '/api/v1/organizations/register', {
      // A distinct forwarded address per registration keeps the per-address limit out of the way.
      headers: { 'x-forwarded-for': `198.51.100.${1 + (i % 250)}` },
      body: {
        organization: {
          name: {
            en: `Drill Friendship NGO ${i}`,
            zh: `演练友好组织${i}`,
            ur: `ڈرل دوستی تنظیم ${i}`,
          },
          type: 'ngo',
          country: i % 2 === 0 ? 'PK' : 'CN',
          contactEmail: `contact-${slug}@drill.test`,
        },
        account: { email: `${slug}@drill.test`, password, displayName: `Drill member ${i}` },
      },
    }),
    201,
    'register organisation',
  );
  const orgId = reg.body.organization.id;
  expectStatus(
    await http.req('POST', `/api/v1/organizations/${orgId}/approve`, { token: coordinator }),
    200,
    'approve organisation',
  );
  const token = await login(http, `${slug}@drill.test`, password);
  return { orgId, memberId: reg.body.account.id, token, memberIds: [reg.body.account.id] };
}

/** `count` more active members of the organisation, in one statement. */
export async function addMembers(db: Client, org: Org, count: number): Promise<void> {
  if (count <= 0) return;
  const prefix = tag();
  const { rows } = await db.query(
    `INSERT INTO users (email, password_hash, role, display_name, organization_id)
     SELECT 'm' || g || '-' || $3 || '@drill.test', $4, 'ngo_member', 'Drill recipient ' || g, $1
       FROM generate_series(1, $2) AS g RETURNING id`,
    [org.orgId, count, prefix, NO_LOGIN],
  );
  org.memberIds.push(...rows.map((r: { id: string }) => r.id));
}

export async function createProgram(
  http: DrillHttp,
  coordinator: string,
  p: { startsAt: Date; registrationDeadline: Date; capacity: number; label: string },
): Promise<string> {
  const res = expectStatus(
    await http.req('POST', '/api/v1/programs', {
      token: coordinator,
      body: {
        title: { en: `Drill ${p.label} ${tag()}`, zh: '演练交流项目' },
        type: 'youth',
        startsAt: p.startsAt.toISOString(),
        endsAt: new Date(p.startsAt.getTime() + 3 * 24 * 3600 * 1000).toISOString(),
        timeZone: 'Asia/Karachi',
        registrationDeadline: p.registrationDeadline.toISOString(),
        capacity: p.capacity,
      },
    }),
    201,
    'create program',
  );
  return res.body.id;
}

/** Creates a rule and waits until the worker applied it to the schedule. */
export async function createRule(
  http: DrillHttp,
  db: Client,
  admin: string,
  rule: { target: string; offset: string; channels: string[] },
): Promise<string> {
  const res = expectStatus(
    await http.req('POST', '/api/v1/reminder-rules', { token: admin, body: rule }),
    201,
    'create reminder rule',
  );
  const deadline = Date.now() + 30000;
  for (;;) {
    const applied = await db.query(
      `SELECT 1 FROM reminder_rules WHERE id = $1 AND scheduled_version = version`,
      [res.body.id],
    );
    if (applied.rowCount) return res.body.id;
    if (Date.now() > deadline) throw new Error('reminder rule not applied by a worker within 30 s');
    await sleep(200);
  }
}

let seq = 0;
/** A unique, valid participant body; `email` is the natural key the drills check duplicates by. */
export function participantBody(label: string) {
  seq++;
  const first = [
    'Ayesha',
    'Bilal',
    'Fatima',
    'Hamza',
    'Li',
    'Wang',
    'Zhang',
    'Mei',
    'Imran',
    'Sana',
  ][seq % 10];
  const last = ['Khan', 'Ahmed', 'Wei', 'Chen', 'Malik', 'Liu', 'Hussain', 'Zhao'][seq % 8];
  return {
    fullName: `${first} ${last} ${label} ${seq}`,
    email: `${label}-${seq}-${tag()}@drill.test`,
    nationality: seq % 2 === 0 ? 'PK' : 'CN',
    gender: seq % 2 === 0 ? 'female' : 'male',
  };
}

/** Polls until `check` is truthy or the timeout passes; returns the value or undefined. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}
