import type { Client } from 'pg';
import type { DrillSmtpSink } from './smtp-sink';

/** Collects pass/fail lines; a drill exits non-zero when any check failed. */
export class Checks {
  readonly lines: { ok: boolean; name: string; detail: string }[] = [];

  check(ok: boolean, name: string, detail: string): boolean {
    this.lines.push({ ok, name, detail });
    return ok;
  }

  get violations(): number {
    return this.lines.filter((l) => !l.ok).length;
  }

  print(): void {
    const width = Math.max(...this.lines.map((l) => l.name.length));
    for (const l of this.lines)
      console.log(`  ${l.ok ? 'PASS' : 'FAIL'}  ${l.name.padEnd(width)}  ${l.detail}`);
  }
}

export interface AckedRegistration {
  programId: string;
  participantId: string;
  /** Status in the 201 answer. */
  status: 'confirmed' | 'waitlisted';
}

/**
 * Registrations against Postgres: every 201 is a row (once), no participant twice in a program,
 * confirmed never above capacity, the seat counter true, nobody waiting while a seat is free,
 * every acknowledged cancellation cancelled. `unanswered` = write requests that got no answer or
 * a 5xx: rows without a 201 are only acceptable up to that many.
 */
export async function verifyRegistrations(
  db: Client,
  checks: Checks,
  o: {
    programIds: string[];
    acked: Map<string, AckedRegistration>;
    ackedCount: number;
    cancelled: Set<string>;
    unanswered: number;
  },
): Promise<{ rows: number; confirmed: number; waitlisted: number; cancelled: number }> {
  const { rows } = await db.query<{
    id: string;
    program_id: string;
    participant_id: string;
    status: string;
  }>(
    `SELECT id, program_id, participant_id, status FROM registrations WHERE program_id = ANY($1::uuid[])`,
    [o.programIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = [...o.acked.keys()].filter((id) => !byId.has(id));
  checks.check(
    missing.length === 0 && o.acked.size === o.ackedCount,
    'registrations: every 201 stored once',
    `${o.ackedCount} answered 201, ${o.acked.size} distinct ids, ${o.acked.size - missing.length} found${missing.length ? `; MISSING ${missing.slice(0, 3).join(', ')}` : ''}`,
  );
  const ghosts = rows.filter((r) => !o.acked.has(r.id));
  checks.check(
    ghosts.length <= o.unanswered,
    'registrations: no row without a 201',
    `${ghosts.length} row(s) without a 201 (allowed up to ${o.unanswered} unanswered/5xx write requests)`,
  );
  const live = new Map<string, number>();
  for (const r of rows.filter((r) => r.status !== 'cancelled')) {
    const k = `${r.program_id}:${r.participant_id}`;
    live.set(k, (live.get(k) ?? 0) + 1);
  }
  const dup = [...live.values()].filter((n) => n > 1).length;
  checks.check(
    dup === 0,
    'registrations: no duplicates',
    `${dup} (program, participant) pair(s) registered more than once`,
  );

  const seats = await db.query<{
    id: string;
    capacity: number;
    confirmed_count: number;
    confirmed: number;
    waitlisted: number;
  }>(
    `SELECT p.id, p.capacity, p.confirmed_count,
            count(r.id) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
            count(r.id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
       FROM programs p LEFT JOIN registrations r ON r.program_id = p.id
      WHERE p.id = ANY($1::uuid[]) GROUP BY p.id`,
    [o.programIds],
  );
  const over = seats.rows.filter((p) => p.confirmed > p.capacity);
  const counter = seats.rows.filter((p) => p.confirmed !== p.confirmed_count);
  const idleSeats = seats.rows.filter((p) => p.waitlisted > 0 && p.confirmed < p.capacity);
  checks.check(
    over.length === 0,
    'registrations: confirmed ≤ capacity',
    seats.rows.map((p) => `${p.confirmed}/${p.capacity}+${p.waitlisted}w`).join(' '),
  );
  checks.check(
    counter.length === 0,
    'registrations: seat counter = confirmed rows',
    `${counter.length} program(s) off`,
  );
  checks.check(
    idleSeats.length === 0,
    'registrations: waitlist consistent',
    `${idleSeats.length} program(s) with a free seat and a waitlist`,
  );
  const notCancelled = [...o.cancelled].filter((id) => byId.get(id)?.status !== 'cancelled');
  // Confirmed at 201 and never cancelled by us must still be confirmed (seats are not taken back).
  const demoted = [...o.acked].filter(
    ([id, a]) =>
      a.status === 'confirmed' && !o.cancelled.has(id) && byId.get(id)?.status !== 'confirmed',
  );
  checks.check(
    notCancelled.length === 0 && demoted.length === 0,
    'registrations: statuses as acknowledged',
    `${o.cancelled.size} cancellations acknowledged (${notCancelled.length} not cancelled); ${demoted.length} confirmed seat(s) lost`,
  );
  return {
    rows: rows.length,
    confirmed: rows.filter((r) => r.status === 'confirmed').length,
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
    cancelled: rows.filter((r) => r.status === 'cancelled').length,
  };
}

/** Participants: every 201 id stored, and each natural key (email) at most once. */
export async function verifyParticipants(
  db: Client,
  checks: Checks,
  o: { acked: Map<string, string>; ackedCount: number; triedEmails: string[]; unanswered: number },
): Promise<void> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `SELECT id, email FROM participants WHERE email = ANY($1::text[])`,
    [o.triedEmails],
  );
  const ids = new Set(rows.map((r) => r.id));
  const missing = [...o.acked.keys()].filter((id) => !ids.has(id));
  checks.check(
    missing.length === 0 && o.acked.size === o.ackedCount,
    'participants: every 201 stored once',
    `${o.ackedCount} answered 201, ${o.acked.size - missing.length} found${missing.length ? `; MISSING ${missing.slice(0, 3).join(', ')}` : ''}`,
  );
  const perEmail = new Map<string, number>();
  for (const r of rows) perEmail.set(r.email, (perEmail.get(r.email) ?? 0) + 1);
  const dup = [...perEmail.values()].filter((n) => n > 1).length;
  const ghosts = rows.filter((r) => !o.acked.has(r.id)).length;
  checks.check(dup === 0, 'participants: no duplicates', `${dup} email(s) stored twice`);
  checks.check(
    ghosts <= o.unanswered,
    'participants: no row without a 201',
    `${ghosts} (allowed up to ${o.unanswered} unanswered/5xx)`,
  );
}

export interface ReminderExpectation {
  programId: string;
  /** Who must get each of the program's reminders. */
  recipients: Set<string>;
}

/**
 * Reminders: each (program, rule) has exactly one delivered reminder; each expected recipient has
 * exactly one in-app notification of it (and, for email rules, exactly one message accepted by
 * the SMTP sink and one `sent` delivery row); nobody else got one.
 */
export async function verifyReminders(
  db: Client,
  checks: Checks,
  sink: DrillSmtpSink | undefined,
  o: { programs: ReminderExpectation[]; rules: { id: string; channels: string[] }[] },
): Promise<{
  reminders: number;
  notifications: number;
  expectedNotifications: number;
  emails: number;
  expectedEmails: number;
}> {
  const { rows: reminders } = await db.query<{
    id: string;
    rule_id: string;
    entity_id: string;
    status: string;
    due_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT id, rule_id, entity_id, status, due_at, delivered_at FROM reminders WHERE entity_id = ANY($1::uuid[])`,
    [o.programs.map((p) => p.programId)],
  );
  let notifications = 0;
  let expectedNotifications = 0;
  let emails = 0;
  let expectedEmails = 0;
  const problems: string[] = [];
  for (const p of o.programs) {
    for (const rule of o.rules) {
      const mine = reminders.filter((r) => r.entity_id === p.programId && r.rule_id === rule.id);
      const delivered = mine.filter((r) => r.status === 'delivered');
      if (delivered.length !== 1 || mine.length !== 1) {
        problems.push(
          `program ${p.programId} rule ${rule.id}: ${mine.map((r) => r.status).join(',') || 'no reminder'}`,
        );
        continue;
      }
      const rid = delivered[0].id;
      const n = await db.query<{ user_id: string; n: number }>(
        `SELECT user_id, count(*)::int AS n FROM notifications WHERE delivery_key LIKE $1 GROUP BY user_id`,
        [`reminder:${rid}:%`],
      );
      const got = new Map(n.rows.map((r) => [r.user_id, r.n]));
      expectedNotifications += p.recipients.size;
      notifications += n.rows.reduce((s, r) => s + r.n, 0);
      const missing = [...p.recipients].filter((u) => got.get(u) !== 1);
      const extra = [...got.keys()].filter((u) => !p.recipients.has(u));
      if (missing.length || extra.length)
        problems.push(
          `reminder ${rid} in-app: ${missing.length} missing/duplicated, ${extra.length} unexpected`,
        );
      if (rule.channels.includes('email') && sink) {
        expectedEmails += p.recipients.size;
        const prefix = `reminder:${rid}:`;
        const keys = [...sink.byKey].filter(([k]) => k.startsWith(prefix));
        emails += keys.reduce((s, [, c]) => s + c, 0);
        const byUser = new Map(keys.map(([k, c]) => [k.slice(prefix.length).split(':')[0], c]));
        const eMissing = [...p.recipients].filter((u) => byUser.get(u) !== 1);
        const eExtra = [...byUser.keys()].filter((u) => !p.recipients.has(u));
        const sent = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM email_deliveries WHERE delivery_key LIKE $1 AND status = 'sent'`,
          [prefix + '%'],
        );
        if (eMissing.length || eExtra.length || sent.rows[0].n !== p.recipients.size)
          problems.push(
            `reminder ${rid} email: ${eMissing.length} missing/duplicated, ${eExtra.length} unexpected, ${sent.rows[0].n} sent rows`,
          );
      }
    }
  }
  const expectedReminders = o.programs.length * o.rules.length;
  const delivered = reminders.filter((r) => r.status === 'delivered').length;
  checks.check(
    problems.length === 0 && delivered === expectedReminders,
    'reminders: each due reminder delivered once',
    `${delivered}/${expectedReminders} delivered${problems.length ? `; ${problems.slice(0, 3).join('; ')}` : ''}`,
  );
  checks.check(
    notifications === expectedNotifications && problems.length === 0,
    'reminders: in-app once per recipient',
    `${notifications} notifications for ${expectedNotifications} expected (reminder × recipient)`,
  );
  if (sink)
    checks.check(
      emails === expectedEmails && problems.length === 0,
      'reminders: email once per recipient',
      `${emails} messages accepted by the SMTP sink for ${expectedEmails} expected`,
    );
  return { reminders: delivered, notifications, expectedNotifications, emails, expectedEmails };
}
