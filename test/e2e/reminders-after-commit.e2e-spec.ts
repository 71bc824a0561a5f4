import { Client } from 'pg';
import { ReminderScheduler } from '../../src/reminders/reminder-scheduler.service';
import { createProgram } from '../factories/program.factory';
import { createUser } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { inSeconds, remindersOf, remindersOnceScheduled, ruleApplied } from '../utils/reminders';
import { waitFor } from '../utils/wait';

/**
 * A change to a dated record reaches the reminder schedule as soon as its transaction commits,
 * not at the next sweep: the sweep here runs every 10 minutes, so only the after-commit drain
 * can schedule and deliver these reminders in time.
 */
describe('reminders follow a record as soon as it is written', () => {
  let t: TestApp;
  let coord: { id: string; token: string };

  beforeAll(async () => {
    t = await createTestApp({ REMINDER_SWEEP_EVERY_MS: '600000' });
    coord = await createUser(t, 'coordinator');
    await t.startWorker();
    const rule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(await t.adminToken()))
      .send({ target: 'program.startsAt', offset: 'PT1M', channels: ['in_app'] });
    expect(rule.status).toBe(201);
    await ruleApplied(t.db, rule.body.id);
  });
  afterAll(() => t.close());

  it('schedules and delivers on time the reminder of a program created seconds before it is due', async () => {
    const startsAt = inSeconds(60 + 6);
    const { id } = await createProgram(t, coord.token, {
      startsAt: startsAt.toISOString(),
      endsAt: inSeconds(3 * 24 * 3600).toISOString(),
      registrationDeadline: inSeconds(30).toISOString(),
    });
    const [scheduled] = await remindersOnceScheduled(t.db, id, 5000);
    expect(scheduled.due_at.getTime()).toBe(startsAt.getTime() - 60_000);
    const delivered = await waitFor(
      async () =>
        (
          await t.db.query(
            `SELECT delivered_at FROM reminders WHERE id = $1 AND status = 'delivered'`,
            [scheduled.id],
          )
        ).rows[0],
      20000,
      'reminder delivered',
    );
    expect(delivered.delivered_at.getTime()).toBeGreaterThanOrEqual(
      scheduled.due_at.getTime() - 1000,
    );
    const { rows } = await t.db.query(
      `SELECT processed_at FROM reminder_outbox WHERE entity_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].processed_at).not.toBeNull();
  });

  it('reschedules at once when the date moves', async () => {
    const { id } = await createProgram(t, coord.token, {
      startsAt: inSeconds(3600).toISOString(),
      endsAt: inSeconds(3 * 24 * 3600).toISOString(),
      registrationDeadline: inSeconds(1800).toISOString(),
    });
    const [first] = await remindersOnceScheduled(t.db, id, 5000);
    const moved = await t
      .http()
      .patch(`/api/v1/programs/${id}`)
      .set(bearer(coord.token))
      .send({ startsAt: inSeconds(7200).toISOString() });
    expect(moved.status).toBe(200);
    const rows = await waitFor(
      async () => {
        const all = await remindersOf(t.db, id);
        return all.length === 2 ? all : undefined;
      },
      5000,
      'rescheduled',
    );
    expect(rows.find((r) => r.id === first.id)?.status).toBe('cancelled');
    expect(rows.find((r) => r.id !== first.id)?.status).toBe('scheduled');
  });
});

/**
 * A record whose reconcile fails (here a real Postgres error: the statement waiting for the
 * record's lock is cancelled, as a deadlock or timeout would end it) keeps its outbox rows for
 * the next drain instead of being marked processed and forgotten. No worker runs in this block,
 * so only the drains called here touch the outbox.
 */
describe('a record whose reconcile fails is retried by the next drain', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ REMINDER_SWEEP_EVERY_MS: '600000' });
  });
  afterAll(() => t.close());

  it('marks processed only the records that were reconciled', async () => {
    const scheduler = t.app.get(ReminderScheduler);
    const rule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(await t.adminToken()))
      .send({ target: 'program.startsAt', offset: 'PT1H', channels: ['in_app'] });
    expect(rule.status).toBe(201);
    await scheduler.applyRuleChanges();
    const coord = await createUser(t, 'coordinator');
    const dates = {
      startsAt: inSeconds(24 * 3600).toISOString(),
      endsAt: inSeconds(3 * 24 * 3600).toISOString(),
      registrationDeadline: inSeconds(3600 * 12).toISOString(),
    };
    const blocked = await createProgram(t, coord.token, dates);
    const free = await createProgram(t, coord.token, dates);
    const rowsOf = async (id: string) =>
      (
        await t.db.query(`SELECT count(*)::int AS n FROM reminder_outbox WHERE entity_id = $1`, [
          id,
        ])
      ).rows[0].n as number;
    const [blockedRows, freeRows] = [await rowsOf(blocked.id), await rowsOf(free.id)];
    expect(blockedRows).toBeGreaterThan(0);

    // Another session holds the blocked record's reconcile lock; the drain waits on it, and that
    // wait is then cancelled.
    const holder = new Client({ connectionString: t.env.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `reminders:program:${blocked.id}`,
    ]);
    const drained = scheduler.drainOutbox();
    const waiter = await waitFor(
      async () =>
        (
          await t.db.query(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%pg_advisory_xact_lock%' AND pid <> $1`,
            [(holder as unknown as { processID: number }).processID],
          )
        ).rows[0],
      5000,
      'drain waiting for the lock',
    );
    await t.db.query('SELECT pg_cancel_backend($1)', [waiter.pid]);
    expect(await drained).toBe(freeRows);
    await holder.query('COMMIT');
    await holder.end();

    const processed = async (id: string) =>
      (
        await t.db.query(
          `SELECT bool_and(processed_at IS NOT NULL) AS done FROM reminder_outbox WHERE entity_id = $1`,
          [id],
        )
      ).rows[0].done as boolean;
    expect(await processed(free.id)).toBe(true);
    expect(await processed(blocked.id)).toBe(false);
    expect(await remindersOf(t.db, free.id)).toHaveLength(1);
    expect(await remindersOf(t.db, blocked.id)).toHaveLength(0);

    expect(await scheduler.drainOutbox()).toBe(blockedRows);
    expect(await processed(blocked.id)).toBe(true);
    const [reminder] = await remindersOf(t.db, blocked.id);
    expect(reminder.status).toBe('scheduled');
  });
});
