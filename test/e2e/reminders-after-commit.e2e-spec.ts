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
