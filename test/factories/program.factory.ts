import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { localized, LocalizedName, uniq } from './names';
import { insertOutboxRow } from './reminder-outbox.factory';

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

/** A program through POST /programs. */
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

export interface ProgramSpec {
  coordinatorId: string;
  startsAt: Date | string;
  /** Three days after the start unless given. */
  endsAt?: Date | string;
  /** A day before the start unless given. */
  registrationDeadline?: Date | string;
  title?: string | LocalizedName;
  type?: string;
  timeZone?: string;
  cityId?: string | null;
  partnershipId?: string | null;
  status?: string;
  capacity?: number;
  /** Write the outbox row, as the programs module does in the same transaction (default). */
  outbox?: boolean;
}

/** A program row by SQL. */
export async function insertProgram(db: Client, p: ProgramSpec): Promise<string> {
  const startsAt = new Date(p.startsAt);
  const { rows } = await db.query(
    `INSERT INTO programs (title, type, coordinator_id, starts_at, ends_at, time_zone, registration_deadline, capacity, status, city_id, partnership_id)
     VALUES ($1, $2, $3, $4, coalesce($5, $4::timestamptz + interval '3 days'), $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      JSON.stringify(localized(p.title ?? `Program ${uniq()}`)),
      p.type ?? 'youth',
      p.coordinatorId,
      startsAt,
      p.endsAt === undefined ? null : new Date(p.endsAt),
      p.timeZone ?? 'Asia/Karachi',
      p.registrationDeadline === undefined
        ? new Date(startsAt.getTime() - 24 * 3600 * 1000)
        : new Date(p.registrationDeadline),
      p.capacity ?? 500,
      p.status ?? 'open',
      p.cityId ?? null,
      p.partnershipId ?? null,
    ],
  );
  if (p.outbox ?? true) await insertOutboxRow(db, 'program', rows[0].id);
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
  if (!opts.silently) await insertOutboxRow(db, 'program', programId);
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
  if (!opts.silently) await insertOutboxRow(db, 'program', programId);
}
