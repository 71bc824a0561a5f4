import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { DelayedError, Queue } from 'bullmq';
import { randomUUID } from 'crypto';
import { DateTime } from 'luxon';
import { Clock } from '../../src/common/clock';
import { QUEUES, reminderJobId } from '../../src/common/queue/queue.constants';
import { DeliverReminderJob } from '../../src/reminders/jobs/deliver-reminder.job';
import { ReminderBatcher } from '../../src/reminders/jobs/reminder-batcher';
import { RemindersRepository } from '../../src/reminders/reminders.repository';
import { DataSource } from 'typeorm';
import { insertCity } from '../factories/city.factory';
import { insertOrganization } from '../factories/organization.factory';
import { insertProgram, moveProgram, setProgramStatus } from '../factories/program.factory';
import { insertRegistration } from '../factories/registration.factory';
import { insertMembers, insertUser } from '../factories/user.factory';
import { inSeconds, notificationCounts, remindersOf, ruleApplied } from '../utils/reminders';
import { waitFor } from '../utils/wait';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { SmtpSink, startSmtpSink } from '../utils/smtp-sink';

const DAY = 24 * 3600;

/**
 * The worker's batched path (ReminderBatcher): due in-app reminders written together, everything
 * else handed to the one-by-one handler. Most cases call the batcher directly with the worker's
 * clock set to the due time; the last one goes through the queue.
 */
describe('reminders delivered in batches', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: string;
  let worker: INestApplicationContext;
  let coordinator: { id: string; email: string };
  let pkOrg: string;
  let cnOrg: string;
  let pkMembers: { id: string; email: string }[];
  let cnMember: { id: string; email: string };
  let gwadar: string;
  let inAppRule: string;

  const recipients = () => [coordinator, ...pkMembers, cnMember];
  const oncePerRecipient = () => Object.fromEntries(recipients().map((u) => [u.id, 1]));
  const job = (reminderId: string) => ({ data: { reminderId }, moveToDelayed: jest.fn() });

  async function createRule(body: object): Promise<string> {
    const res = await t.http().post('/api/v1/reminder-rules').set(bearer(admin)).send(body);
    expect(res.status).toBe(201);
    await ruleApplied(t.db, res.body.id);
    return res.body.id;
  }

  /** `count` programs of PK and CN organisations, and each one's scheduled reminder of `ruleId`. */
  async function programsWithReminders(count: number, startsIn: number, ruleId = inAppRule) {
    const programs: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = await insertProgram(t.db, {
        coordinatorId: coordinator.id,
        startsAt: inSeconds(startsIn + i),
        cityId: gwadar,
        title: { en: `Friendship School Visit ${i}`, zh: `友谊学校访问 ${i}` },
      });
      await insertRegistration(t.db, { programId: id, organizationId: pkOrg });
      await insertRegistration(t.db, { programId: id, organizationId: cnOrg });
      programs.push(id);
    }
    const scheduled = [];
    for (const programId of programs) {
      // Enqueued too: a job added while a test holds the worker's clock later would be due at once.
      const [reminder] = await waitFor(
        async () => {
          const { rows } = await t.db.query(
            `SELECT id, status, due_at, target_at, rule_id FROM reminders
              WHERE entity_id = $1 AND rule_id = $2 AND enqueued_at IS NOT NULL`,
            [programId, ruleId],
          );
          return rows.length ? (rows as Awaited<ReturnType<typeof remindersOf>>) : undefined;
        },
        15000,
        'reminder scheduled and enqueued',
      );
      scheduled.push({ programId, reminder });
    }
    return scheduled;
  }

  /** The worker's clock (and so its batcher's and handler's) at `at`. */
  const clockAt = (context: INestApplicationContext, at: Date) =>
    jest.spyOn(context.get(Clock, { strict: false }), 'now').mockReturnValue(at);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      REMINDER_SWEEP_EVERY_MS: '300',
      REPORT_TIME_ZONE: 'Asia/Karachi',
    });
    admin = await t.adminToken();
    coordinator = await insertUser(t.db, { role: 'coordinator', displayName: 'Amina Yusufzai' });
    pkOrg = await insertOrganization(t.db, { country: 'PK' });
    cnOrg = await insertOrganization(t.db, { country: 'CN' });
    pkMembers = await insertMembers(t.db, pkOrg, 2);
    cnMember = await insertUser(t.db, { orgId: cnOrg, displayName: 'Li Na' });
    gwadar = await insertCity(t.db, {
      names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
      country: 'PK',
    });
    worker = await t.startWorker();
    inAppRule = await createRule({
      target: 'program.startsAt',
      offset: 'P1D',
      channels: ['in_app'],
    });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('writes due in-app reminders in one statement: one notification per recipient, each job its own result', async () => {
    const due = await programsWithReminders(30, 2 * DAY);
    const batcher = worker.get(ReminderBatcher);
    clockAt(worker, new Date(Math.max(...due.map((d) => d.reminder.due_at.getTime())) + 500));
    const before = batcher.batchesWritten;

    const results = await Promise.all(due.map((d) => batcher.deliver(job(d.reminder.id))));

    expect(results).toEqual(
      due.map(() => ({ outcome: 'delivered', recipients: 4, inApp: 4, emails: 0 })),
    );
    expect(batcher.batchesWritten - before).toBe(1);
    for (const d of due) {
      expect(await notificationCounts(t.db, d.programId)).toEqual(oncePerRecipient());
      expect((await remindersOf(t.db, d.programId))[0].status).toBe('delivered');
    }
    // Each reader's own zone, names in their scripts: the same text as the one-by-one path.
    const first = due[0];
    const titleFor = async (userId: string) =>
      (
        await t.db.query(`SELECT title FROM notifications WHERE user_id = $1 AND entity_id = $2`, [
          userId,
          first.programId,
        ])
      ).rows[0].title;
    const local = (zone: string, abbreviation: string) =>
      `${DateTime.fromJSDate(first.reminder.target_at, { zone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')} ${abbreviation}`;
    expect(await titleFor(pkMembers[0].id)).toBe(
      `Reminder: Friendship School Visit 0 (友谊学校访问 0) starts on ${local('Asia/Karachi', 'PKT')}`,
    );
    expect(await titleFor(cnMember.id)).toContain(local('Asia/Shanghai', 'CST'));
    expect(sink.messages).toHaveLength(0);

    // Run again (a retry, a stalled job taken over; ids in any case): nothing more is written.
    const again = await Promise.all(
      due.map((d) => batcher.deliver(job(d.reminder.id.toUpperCase()))),
    );
    expect(again.every((r) => r.outcome === 'discarded' && r.reason === 'not-scheduled')).toBe(
      true,
    );
    expect(await notificationCounts(t.db, due[0].programId)).toEqual(oncePerRecipient());
  });

  it('hands the rest to the one-by-one handler: emails, not due yet, moved or closed records, unknown ids', async () => {
    const emailRule = await createRule({
      target: 'program.startsAt',
      offset: 'PT36H',
      channels: ['in_app', 'email'],
    });
    const [withEmail] = await programsWithReminders(1, 3 * DAY, emailRule);
    const [plain, moved, closed] = await programsWithReminders(3, 3 * DAY + 10);
    const [early] = await programsWithReminders(1, 3 * DAY + 3600);
    await moveProgram(t.db, moved.programId, inSeconds(4 * DAY), { silently: true });
    await setProgramStatus(t.db, closed.programId, 'cancelled', { silently: true });
    const batcher = worker.get(ReminderBatcher);
    // Everything due except `early` (an hour later).
    clockAt(worker, new Date(closed.reminder.due_at.getTime() + 500));
    const before = batcher.batchesWritten;
    const earlyJob = job(early.reminder.id);
    const emailJob = job(withEmail.reminder.id);

    const [email, ok, wasMoved, wasClosed, notDue, unknown, malformed] = await Promise.allSettled([
      batcher.deliver(emailJob),
      batcher.deliver(job(plain.reminder.id)),
      batcher.deliver(job(moved.reminder.id)),
      batcher.deliver(job(closed.reminder.id)),
      batcher.deliver(earlyJob),
      batcher.deliver(job(randomUUID())),
      batcher.deliver(job('not-a-uuid')),
    ]);

    expect(email).toEqual({
      status: 'fulfilled',
      value: { outcome: 'delivered', recipients: 4, inApp: 4, emails: 4 },
    });
    expect(sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(
      recipients()
        .map((u) => u.email)
        .sort(),
    );
    expect(ok).toEqual({
      status: 'fulfilled',
      value: { outcome: 'delivered', recipients: 4, inApp: 4, emails: 0 },
    });
    expect(wasMoved).toEqual({
      status: 'fulfilled',
      value: { outcome: 'discarded', reason: 'date-moved' },
    });
    expect(wasClosed).toEqual({
      status: 'fulfilled',
      value: { outcome: 'discarded', reason: 'record-closed' },
    });
    expect(notDue.status).toBe('rejected');
    expect((notDue as PromiseRejectedResult).reason).toBeInstanceOf(DelayedError);
    expect(earlyJob.moveToDelayed).toHaveBeenCalledWith(early.reminder.due_at.getTime(), undefined);
    for (const r of [unknown, malformed])
      expect(r).toEqual({
        status: 'fulfilled',
        value: { outcome: 'discarded', reason: 'missing' },
      });
    // Only `plain` went through a batch statement.
    expect(batcher.batchesWritten - before).toBe(1);
    expect(await notificationCounts(t.db, plain.programId)).toEqual(oncePerRecipient());
    expect(await notificationCounts(t.db, moved.programId)).toEqual({});
    expect(await notificationCounts(t.db, closed.programId)).toEqual({});
    expect(await notificationCounts(t.db, early.programId)).toEqual({});
    // The moved program got a new reminder at its new date.
    expect((await remindersOf(t.db, moved.programId)).map((r) => r.status)).toEqual(
      expect.arrayContaining(['cancelled', 'scheduled']),
    );
    await t
      .http()
      .patch(`/api/v1/reminder-rules/${emailRule}`)
      .set(bearer(admin))
      .send({ active: false });
  });

  it('writes each notification once when the same jobs run twice in one worker and in two workers at once', async () => {
    const due = await programsWithReminders(20, 5 * DAY);
    const second = await t.startWorker();
    const at = new Date(Math.max(...due.map((d) => d.reminder.due_at.getTime())) + 500);
    clockAt(worker, at);
    clockAt(second, at);
    const [a, b] = [worker.get(ReminderBatcher), second.get(ReminderBatcher)];

    const results = await Promise.all(
      due.flatMap((d) => [
        a.deliver(job(d.reminder.id)),
        // The same id spelled in upper case is the same reminder.
        a.deliver(job(d.reminder.id.toUpperCase())),
        b.deliver(job(d.reminder.id)),
      ]),
    );

    // The same reminder twice in one batcher: the second run waits for the next batch and finds
    // it delivered (by the first run or by the other worker).
    for (let i = 0; i < due.length; i++)
      expect(results[3 * i + 1]).toEqual({ outcome: 'discarded', reason: 'not-scheduled' });
    expect(results.filter((r) => r.outcome === 'delivered').length).toBeGreaterThanOrEqual(
      due.length,
    );
    // Each job counts only what its own statement wrote: together, every notification once.
    const inApp = results.reduce((n, r) => n + (r.outcome === 'delivered' ? r.inApp : 0), 0);
    expect(inApp).toBe(due.length * recipients().length);
    for (const d of due) {
      expect(await notificationCounts(t.db, d.programId)).toEqual(oncePerRecipient());
      expect((await remindersOf(t.db, d.programId))[0].status).toBe('delivered');
    }
  });

  it('fails only the job whose text cannot be rendered, not the rest of its batch', async () => {
    const [good, bad] = await programsWithReminders(2, 6 * DAY);
    // A zone this runtime does not know, written past the API's validation.
    await t.db.query(`UPDATE programs SET time_zone = 'Mars/Olympus_Mons' WHERE id = $1`, [
      bad.programId,
    ]);
    const batcher = worker.get(ReminderBatcher);
    clockAt(worker, new Date(bad.reminder.due_at.getTime() + 500));
    const before = batcher.batchesWritten;

    const [ok, failed] = await Promise.allSettled([
      batcher.deliver(job(good.reminder.id)),
      batcher.deliver(job(bad.reminder.id)),
    ]);

    expect(ok).toEqual({
      status: 'fulfilled',
      value: { outcome: 'delivered', recipients: 4, inApp: 4, emails: 0 },
    });
    expect(failed.status).toBe('rejected');
    expect(batcher.batchesWritten - before).toBe(1);
    expect(await notificationCounts(t.db, good.programId)).toEqual(oncePerRecipient());
    expect(await notificationCounts(t.db, bad.programId)).toEqual({});
    expect((await remindersOf(t.db, bad.programId))[0].status).toBe('scheduled');
  });

  it('writes nothing for a reminder cancelled after it was read: the write re-checks its status', async () => {
    const [cancelled] = await programsWithReminders(1, 7 * DAY);
    await t.db.query(`UPDATE reminders SET status = 'cancelled' WHERE id = $1`, [
      cancelled.reminder.id,
    ]);

    const result = await t.app.get(RemindersRepository).deliverInAppBatch(t.app.get(DataSource), {
      reminders: [
        { id: cancelled.reminder.id, entityType: 'program', entityId: cancelled.programId },
      ],
      texts: [{ title: 'Reminder', body: 'Body' }],
      messages: [{ reminder: 0, userId: coordinator.id, text: 0 }],
    });

    expect(result).toEqual({ written: 0, inAppOf: new Map() });
    // The one-by-one write (emails, working hours) re-checks the same way.
    const single = await t.app.get(RemindersRepository).deliverInApp(t.app.get(DataSource), {
      reminderId: cancelled.reminder.id,
      entityType: 'program',
      entityId: cancelled.programId,
      eventKey: `reminder:${cancelled.reminder.id}`,
      messages: [{ userId: coordinator.id, title: 'Reminder', body: 'Body' }],
      markDelivered: false,
    });
    expect(single).toEqual({ inApp: 0, delivered: false });
    expect(await notificationCounts(t.db, cancelled.programId)).toEqual({});
    expect((await remindersOf(t.db, cancelled.programId))[0].status).toBe('cancelled');
  });

  it('stops an email loop when its reminder is cancelled meanwhile: nobody after that is mailed', async () => {
    const emailRule = await createRule({
      target: 'program.startsAt',
      offset: 'PT40H',
      channels: ['in_app', 'email'],
    });
    const [r] = await programsWithReminders(1, 3 * DAY, emailRule);
    clockAt(worker, new Date(r.reminder.due_at.getTime() + 500));
    const mailed = () => sink.messages.filter((m) => m.deliveryKey.includes(r.reminder.id));
    // The program is cancelled while the first recipient's email is on the wire.
    sink.beforeAccept = async (mail) => {
      if (mail.deliveryKey.includes(r.reminder.id))
        await t.db.query(`UPDATE reminders SET status = 'cancelled' WHERE id = $1`, [
          r.reminder.id,
        ]);
    };
    try {
      const result = await worker.get(DeliverReminderJob).run(job(r.reminder.id));
      expect(result).toEqual({ outcome: 'discarded', reason: 'cancelled-midway' });
    } finally {
      sink.beforeAccept = undefined;
    }
    expect(mailed()).toHaveLength(1);
    expect(Object.values(await notificationCounts(t.db, r.programId))).toEqual([1]);
    expect((await remindersOf(t.db, r.programId)).find((x) => x.id === r.reminder.id)?.status).toBe(
      'cancelled',
    );
  });

  it('through the queue: a reminder due in a moment is delivered by the worker, and its job keeps the outcome', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.notifications), { strict: false });
    const [soon] = await programsWithReminders(1, DAY + 2);
    await waitFor(
      async () => (await remindersOf(t.db, soon.programId))[0].status === 'delivered',
      15000,
      'delivery',
    );
    expect(await notificationCounts(t.db, soon.programId)).toEqual(oncePerRecipient());
    const done = await waitFor(
      async () => {
        const j = await queue.getJob(reminderJobId(soon.reminder.id));
        return j?.finishedOn ? j : undefined;
      },
      5000,
      'job finished',
    );
    expect(done.returnvalue).toEqual({ outcome: 'delivered', recipients: 4, inApp: 4, emails: 0 });
  });
});
