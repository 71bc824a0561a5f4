import { randomBytes } from 'crypto';
import type { Client } from 'pg';

/**
 * Rows of other domains (organisations, users, programs, registrations, scholarships...) made
 * with SQL, as the reminders module reads them. Dated records also get their outbox row, as the
 * owning module's transaction would write it (touchDatedRecord).
 */
const tag = () => randomBytes(4).toString('hex');
// Any hash will do: these users never log in through these rows.
const NO_LOGIN = '$argon2id$v=19$m=19456,t=2,p=1$bm9sb2dpbg$bm9sb2dpbmJ1dG5vdGhpbmdoZXJlYXRhbGw';

export const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

export async function touch(db: Client, entityType: string, entityId: string): Promise<void> {
  await db.query(`INSERT INTO reminder_outbox (entity_type, entity_id) VALUES ($1, $2)`, [
    entityType,
    entityId,
  ]);
}

export async function createOrg(
  db: Client,
  o: {
    country?: string;
    status?: string;
    name?: { en: string; zh?: string; ur?: string };
    expiresOn?: string;
  } = {},
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status, registration_expires_on)
     VALUES ($1, 'ngo', $2, $3, $4, $5) RETURNING id`,
    [
      JSON.stringify(o.name ?? { en: `Org ${tag()}` }),
      o.country ?? 'PK',
      `org-${tag()}@test.local`,
      o.status ?? 'approved',
      o.expiresOn ?? null,
    ],
  );
  return rows[0].id;
}

export interface UserSpec {
  role?: 'admin' | 'coordinator' | 'ngo_member';
  orgId?: string | null;
  email?: string;
  timeZone?: string | null;
  displayName?: string;
  active?: boolean;
}

export async function createUser(
  db: Client,
  u: UserSpec = {},
): Promise<{ id: string; email: string }> {
  const email = u.email ?? `user-${tag()}@test.local`;
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
export async function createMembers(
  db: Client,
  orgId: string,
  count: number,
): Promise<{ id: string; email: string }[]> {
  const prefix = tag();
  const { rows } = await db.query(
    `INSERT INTO users (email, password_hash, role, display_name, organization_id)
     SELECT 'm' || g || '-' || $3 || '@test.local', $4, 'ngo_member', 'Member ' || g, $1 FROM generate_series(1, $2) AS g
     RETURNING id, email`,
    [orgId, count, prefix, NO_LOGIN],
  );
  return rows;
}

export async function createCity(
  db: Client,
  names: { en: string; zh?: string; ur?: string },
  country: string,
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO cities (names, country, kind) VALUES ($1, $2, 'city')
     ON CONFLICT (country, lower(names->>'en')) DO UPDATE SET names = EXCLUDED.names RETURNING id`,
    [JSON.stringify(names), country],
  );
  return rows[0].id;
}

export interface ProgramSpec {
  coordinatorId: string;
  startsAt: Date;
  registrationDeadline?: Date;
  title?: { en: string; zh?: string; ur?: string };
  timeZone?: string;
  cityId?: string | null;
  status?: string;
}

/** A program and its outbox row (as the programs module writes them in one transaction). */
export async function createProgram(db: Client, p: ProgramSpec): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO programs (title, type, coordinator_id, starts_at, ends_at, time_zone, registration_deadline, capacity, status, city_id)
     VALUES ($1, 'youth', $2, $3, $3::timestamptz + interval '3 days', $4, $5, 500, $6, $7) RETURNING id`,
    [
      JSON.stringify(p.title ?? { en: `Program ${tag()}` }),
      p.coordinatorId,
      p.startsAt,
      p.timeZone ?? 'Asia/Karachi',
      p.registrationDeadline ?? new Date(p.startsAt.getTime() - 24 * 3600 * 1000),
      p.status ?? 'open',
      p.cityId ?? null,
    ],
  );
  await touch(db, 'program', rows[0].id);
  return rows[0].id;
}

/** Moves a program's start (and writes the outbox row unless `silently`). */
export async function moveProgram(
  db: Client,
  programId: string,
  startsAt: Date,
  opts: { silently?: boolean } = {},
): Promise<void> {
  await db.query(
    `UPDATE programs SET starts_at = $2, ends_at = $2::timestamptz + interval '3 days', version = version + 1 WHERE id = $1`,
    [programId, startsAt],
  );
  if (!opts.silently) await touch(db, 'program', programId);
}

export async function setProgramStatus(
  db: Client,
  programId: string,
  status: string,
  opts: { silently?: boolean } = {},
): Promise<void> {
  await db.query(`UPDATE programs SET status = $2, version = version + 1 WHERE id = $1`, [
    programId,
    status,
  ]);
  if (!opts.silently) await touch(db, 'program', programId);
}

export async function createParticipant(db: Client, orgId: string | null): Promise<string> {
  const name = `Participant ${tag()}`;
  const { rows } = await db.query(
    `INSERT INTO participants (organization_id, full_name, name_key, nationality) VALUES ($1, $2, lower($2), 'PK') RETURNING id`,
    [orgId, name],
  );
  return rows[0].id;
}

/** A registration of a new participant of `orgId` in the program. */
export async function register(
  db: Client,
  programId: string,
  orgId: string,
  status = 'confirmed',
): Promise<string> {
  const participantId = await createParticipant(db, orgId);
  const { rows } = await db.query(
    `INSERT INTO registrations (program_id, participant_id, organization_id, status) VALUES ($1, $2, $3, $4) RETURNING id`,
    [programId, participantId, orgId, status],
  );
  return rows[0].id;
}

export async function createScholarship(
  db: Client,
  s: { closesAt: Date; name?: { en: string; zh?: string } },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO scholarships (name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at)
     VALUES ($1, 'master', 10, '1000.00', 'CNY', $2::timestamptz - interval '30 days', $2) RETURNING id`,
    [JSON.stringify(s.name ?? { en: `Scholarship ${tag()}` }), s.closesAt],
  );
  await touch(db, 'scholarship', rows[0].id);
  return rows[0].id;
}

export async function draftApplication(
  db: Client,
  scholarshipId: string,
  orgId: string,
  createdBy: string,
): Promise<string> {
  const participantId = await createParticipant(db, orgId);
  const { rows } = await db.query(
    `INSERT INTO scholarship_applications (scholarship_id, participant_id, organization_id, created_by, statement) VALUES ($1, $2, $3, $4, 'statement') RETURNING id`,
    [scholarshipId, participantId, orgId, createdBy],
  );
  return rows[0].id;
}

/** Waits until `check` returns a truthy value (polling the database or Redis), or fails. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20000,
  label = 'condition',
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function remindersOf(
  db: Client,
  entityId: string,
): Promise<{ id: string; status: string; due_at: Date; target_at: Date; rule_id: string }[]> {
  const { rows } = await db.query(
    `SELECT id, status, due_at, target_at, rule_id FROM reminders WHERE entity_id = $1 ORDER BY created_at, id`,
    [entityId],
  );
  return rows;
}

/** Waits until the worker applied a rule's latest version to the schedule. */
export async function ruleApplied(db: Client, ruleId: string, timeoutMs = 10000): Promise<void> {
  await waitFor(
    async () =>
      (
        await db.query(
          `SELECT 1 FROM reminder_rules WHERE id = $1 AND scheduled_version = version`,
          [ruleId],
        )
      ).rowCount,
    timeoutMs,
    'rule applied',
  );
}

/** Notifications per user for one record: {userId: count}. */
export async function notificationCounts(
  db: Client,
  entityId: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT user_id, count(*)::int AS n FROM notifications WHERE entity_id = $1 GROUP BY user_id`,
    [entityId],
  );
  return Object.fromEntries(rows.map((r: { user_id: string; n: number }) => [r.user_id, r.n]));
}

/** An aid project in `cityId` with its organisations by role, and one milestone (with its outbox row). */
export async function createMilestone(
  db: Client,
  m: {
    coordinatorId: string;
    cityId: string;
    dueOn: string;
    orgs: { id: string; role: string }[];
    title?: string;
    projectTitle?: { en: string; zh?: string };
  },
): Promise<{ projectId: string; milestoneId: string }> {
  const project = await db.query(
    `INSERT INTO aid_projects (title, category, city_id, coordinator_id, status, budget_amount, budget_currency)
     VALUES ($1, 'solar_lighting', $2, $3, 'implementation', '100000.00', 'PKR') RETURNING id`,
    [JSON.stringify(m.projectTitle ?? { en: `Project ${tag()}` }), m.cityId, m.coordinatorId],
  );
  const projectId = project.rows[0].id;
  for (const o of m.orgs) {
    await db.query(
      `INSERT INTO aid_project_organizations (project_id, organization_id, role) VALUES ($1, $2, $3)`,
      [projectId, o.id, o.role],
    );
  }
  const milestone = await db.query(
    `INSERT INTO milestones (project_id, title, due_on) VALUES ($1, $2, $3) RETURNING id`,
    [projectId, m.title ?? 'Milestone', m.dueOn],
  );
  await touch(db, 'milestone', milestone.rows[0].id);
  return { projectId, milestoneId: milestone.rows[0].id };
}

export async function createPartnership(
  db: Client,
  p: { cityA: string; cityB: string; establishedOn: string; status?: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO partnerships (city_a_id, city_b_id, kind, status, established_on) VALUES ($1, $2, 'sister_city', $3, $4) RETURNING id`,
    [p.cityA, p.cityB, p.status ?? 'active', p.establishedOn],
  );
  await touch(db, 'partnership', rows[0].id);
  return rows[0].id;
}
