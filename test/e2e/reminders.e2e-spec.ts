import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import {
  QUEUES,
  REMINDER_SWEEP_SCHEDULER_ID,
  reminderJobId,
} from '../../src/common/queue/queue.constants';
import { Clock } from '../../src/common/clock';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { DeliverReminderJob } from '../../src/reminders/jobs/deliver-reminder.job';
import { runSeed } from '../../src/scripts/seeds/run-seed';
import { TargetRegistry } from '../../src/reminders/targets/target-registry';
import { nextWindowStart } from '../../src/reminders/working-hours';
import { DataSource } from 'typeorm';
import { insertAidProject, insertMilestone } from '../factories/aid-project.factory';
import { insertApplication } from '../factories/application.factory';
import { insertCity } from '../factories/city.factory';
import { insertOrganization } from '../factories/organization.factory';
import { insertPartnership } from '../factories/partnership.factory';
import { insertProgram, moveProgram, setProgramStatus } from '../factories/program.factory';
import { insertRegistration } from '../factories/registration.factory';
import { insertScholarship } from '../factories/scholarship.factory';
import { insertMembers, insertUser } from '../factories/user.factory';
import {
  inSeconds,
  notificationCounts,
  remindersOf,
  remindersOnceScheduled,
  ruleApplied,
} from '../utils/reminders';
import { waitFor } from '../utils/wait';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { jobsFinished, watchCompletions } from '../utils/queues';
import { SmtpSink, startSmtpSink } from '../utils/smtp-sink';

const HOUR = 3600;

describe('reminders and notifications', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: string;
  let worker: INestApplicationContext;
  let queue: Queue;
  let coordinator: { id: string; email: string };
  let pkOrg: string;
  let cnOrg: string;
  let idleOrg: string;
  let pkMembers: { id: string; email: string }[];
  let cnMember: { id: string; email: string };
  let londonMember: { id: string; email: string };
  let urduMember: { id: string; email: string };
  let inactiveMember: { id: string; email: string };
  let idleMember: { id: string; email: string };
  let gwadar: string;
  let startsAtRule: string;

  const emailsTo = (address: string, entityKeyPart?: string) =>
    sink.messages.filter(
      (m) =>
        m.envelopeTo.includes(address) && (!entityKeyPart || m.deliveryKey.includes(entityKeyPart)),
    );

  /** A program of PK and CN organisations (plus a cancelled registration and a member who left). */
  async function programWithRegistrations(
    startsAt: Date,
    title?: { en: string; zh?: string; ur?: string },
  ): Promise<string> {
    const id = await insertProgram(t.db, {
      coordinatorId: coordinator.id,
      startsAt,
      title,
      cityId: gwadar,
      timeZone: 'Asia/Karachi',
    });
    await insertRegistration(t.db, { programId: id, organizationId: pkOrg });
    await insertRegistration(t.db, { programId: id, organizationId: pkOrg, status: 'waitlisted' });
    await insertRegistration(t.db, { programId: id, organizationId: cnOrg });
    await insertRegistration(t.db, { programId: id, organizationId: idleOrg, status: 'cancelled' });
    return id;
  }
  const expectedRecipients = () => [coordinator, ...pkMembers, cnMember, londonMember, urduMember];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      REMINDER_SWEEP_EVERY_MS: '300',
      REPORT_TIME_ZONE: 'Asia/Karachi',
    });
    admin = await t.adminToken();
    coordinator = await insertUser(t.db, { role: 'coordinator', displayName: 'Amina Yusufzai' });
    pkOrg = await insertOrganization(t.db, {
      country: 'PK',
      name: { en: 'Gwadar Youth Forum', ur: 'گوادر یوتھ فورم' },
    });
    cnOrg = await insertOrganization(t.db, {
      country: 'CN',
      name: { en: 'Karamay Friendship Association', zh: '克拉玛依友好协会' },
    });
    idleOrg = await insertOrganization(t.db, { country: 'PK' });
    pkMembers = await insertMembers(t.db, pkOrg, 2);
    cnMember = await insertUser(t.db, { orgId: cnOrg, displayName: 'Li Na' });
    londonMember = await insertUser(t.db, {
      orgId: cnOrg,
      timeZone: 'Europe/London',
      displayName: 'Sam',
    });
    urduMember = await insertUser(t.db, { orgId: cnOrg, displayName: 'Sana Baig' });
    await t.db.query(`UPDATE users SET locale = 'ur' WHERE id = $1`, [urduMember.id]);
    inactiveMember = await insertUser(t.db, { orgId: pkOrg, active: false });
    idleMember = await insertUser(t.db, { orgId: idleOrg });
    gwadar = await insertCity(t.db, {
      names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
      country: 'PK',
    });
    worker = await t.startWorker();
    queue = worker.get<Queue>(getQueueToken(QUEUES.notifications), { strict: false });
    const rule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(admin))
      .send({ target: 'program.startsAt', offset: 'PT1H', channels: ['in_app', 'email'] });
    expect(rule.status).toBe(201);
    startsAtRule = rule.body.id;
    await ruleApplied(t.db, startsAtRule);
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  describe('a program starting soon with a PT1H rule', () => {
    it('sends one in-app notification and one email per recipient, in their own time zone', async () => {
      const title = {
        en: 'Karamay–Gwadar Youth Exchange',
        zh: '克拉玛依–瓜达尔青年交流',
        ur: 'کرامائی–گوادر یوتھ ایکسچینج',
      };
      const startsAt = inSeconds(HOUR + 3);
      const programId = await programWithRegistrations(startsAt, title);
      const [reminder] = await remindersOnceScheduled(t.db, programId, 10000);
      expect(reminder).toMatchObject({ status: 'scheduled', rule_id: startsAtRule });
      expect(reminder.due_at.getTime()).toBe(startsAt.getTime() - HOUR * 1000);
      // The job is added right after the scheduling transaction commits.
      await waitFor(
        async () => (await queue.getJobState(reminderJobId(reminder.id))) === 'delayed',
        5000,
        'delayed job',
      );
      expect(await notificationCounts(t.db, programId)).toEqual({});

      await waitFor(
        async () => (await remindersOf(t.db, programId))[0].status === 'delivered',
        15000,
        'delivery',
      );
      const expected = expectedRecipients();
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expected.map((u) => [u.id, 1])),
      );
      for (const u of expected) expect(emailsTo(u.email, reminder.id)).toHaveLength(1);
      for (const u of [inactiveMember, idleMember]) expect(emailsTo(u.email)).toHaveLength(0);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM email_deliveries WHERE delivery_key LIKE $1 AND status = 'sent'`,
            [`reminder:${reminder.id}:%`],
          )
        ).rows[0].n,
      ).toBe(expected.length);

      // Times in the recipient's zone; names in their own scripts.
      const local = (zone: string, abbr: string) =>
        `${DateTime.fromJSDate(startsAt, { zone }).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm')} ${abbr}`;
      const pkMail = emailsTo(pkMembers[0].email, reminder.id)[0];
      expect(pkMail.subject).toBe(
        `Reminder: Karamay–Gwadar Youth Exchange (克拉玛依–瓜达尔青年交流 · کرامائی–گوادر یوتھ ایکسچینج) starts on ${local('Asia/Karachi', 'PKT')}`,
      );
      expect(pkMail.text).toMatch(/^Hello Member \d,/);
      expect(emailsTo(cnMember.email, reminder.id)[0].subject).toContain(
        local('Asia/Shanghai', 'CST'),
      );
      expect(emailsTo(cnMember.email, reminder.id)[0].text).toContain(
        `Local time in Gwadar (瓜达尔 · گوادر): ${local('Asia/Karachi', 'PKT')}`,
      );
      expect(emailsTo(coordinator.email, reminder.id)[0].subject).toContain(
        local('Asia/Karachi', 'PKT'),
      );
      const london = await t.db.query(
        `SELECT title, body, kind, entity_type, read_at FROM notifications WHERE user_id = $1 AND entity_id = $2`,
        [londonMember.id, programId],
      );
      expect(london.rows[0]).toMatchObject({
        kind: 'reminder',
        entity_type: 'program',
        read_at: null,
      });
      expect(london.rows[0].title).toContain(
        DateTime.fromJSDate(startsAt, { zone: 'Europe/London' }).toFormat('HH:mm'),
      );
      // A recipient who chose Urdu reads the reminder in Urdu, with the program's Urdu title.
      const urduMail = emailsTo(urduMember.email, reminder.id)[0];
      expect(urduMail.subject).toContain('کرامائی–گوادر یوتھ ایکسچینج');
      expect(urduMail.subject).not.toMatch(/Reminder|starts on/);
      expect(urduMail.html).toContain('dir="rtl"');
      const urduInApp = await t.db.query(
        `SELECT title FROM notifications WHERE user_id = $1 AND entity_id = $2`,
        [urduMember.id, programId],
      );
      expect(urduInApp.rows[0].title).toContain('کرامائی–گوادر یوتھ ایکسچینج');
      // Same Message-ID for the same delivery key, different across recipients.
      expect(
        new Set(
          sink.messages.filter((m) => m.deliveryKey.includes(reminder.id)).map((m) => m.messageId),
        ).size,
      ).toBe(expected.length);
    });

    it('reschedules when the date moves: the old job is removed, the new one delivers once', async () => {
      const programId = await programWithRegistrations(inSeconds(HOUR + 4));
      const [old] = await waitFor(
        async () => {
          const rows = await remindersOf(t.db, programId);
          return rows.length && (await queue.getJobState(reminderJobId(rows[0].id))) === 'delayed'
            ? rows
            : undefined;
        },
        10000,
        'first schedule',
      );
      const newStart = inSeconds(HOUR + 7);
      await moveProgram(t.db, programId, newStart);
      await waitFor(
        async () => (await remindersOf(t.db, programId)).length === 2,
        10000,
        'reschedule',
      );
      const [cancelled, current] = await remindersOf(t.db, programId);
      expect(cancelled).toMatchObject({ id: old.id, status: 'cancelled' });
      expect(current.status).toBe('scheduled');
      expect(current.target_at.getTime()).toBe(newStart.getTime());
      expect(await queue.getJobState(reminderJobId(old.id))).toBe('unknown');

      await waitFor(
        async () => (await remindersOf(t.db, programId))[1].status === 'delivered',
        15000,
        'delivery',
      );
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expectedRecipients().map((u) => [u.id, 1])),
      );
      for (const u of expectedRecipients()) {
        expect(emailsTo(u.email, old.id)).toHaveLength(0);
        expect(emailsTo(u.email, current.id)).toHaveLength(1);
      }
    });

    it('discards a job that fires after its date moved unnoticed, and delivers at the new time once', async () => {
      const programId = await programWithRegistrations(inSeconds(HOUR + 3));
      const [old] = await waitFor(
        async () => {
          const rows = await remindersOf(t.db, programId);
          return rows.length && rows[0].status === 'scheduled' ? rows : undefined;
        },
        10000,
        'first schedule',
      );
      // The date moves without an outbox row (e.g. written by hand): only the handler can notice.
      const newStart = inSeconds(HOUR + 6);
      await moveProgram(t.db, programId, newStart, { silently: true });
      await waitFor(
        async () => (await remindersOf(t.db, programId))[0].status === 'cancelled',
        10000,
        'stale job discarded',
      );
      await waitFor(
        async () => (await remindersOf(t.db, programId))[1]?.status === 'delivered',
        15000,
        'delivery at the new time',
      );
      const rows = await remindersOf(t.db, programId);
      expect(rows).toHaveLength(2);
      expect(rows[0].id).toBe(old.id);
      expect(rows[1].target_at.getTime()).toBe(newStart.getTime());
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expectedRecipients().map((u) => [u.id, 1])),
      );
      expect(sink.messages.filter((m) => m.deliveryKey.includes(old.id))).toHaveLength(0);
    });

    it('sends nothing for a cancelled program, whether the outbox or the handler notices', async () => {
      const viaOutbox = await programWithRegistrations(inSeconds(HOUR + 3));
      const viaHandler = await programWithRegistrations(inSeconds(HOUR + 3));
      await waitFor(
        async () =>
          (await remindersOf(t.db, viaOutbox)).length &&
          (await remindersOf(t.db, viaHandler)).length,
        10000,
        'scheduled',
      );
      await setProgramStatus(t.db, viaOutbox, 'cancelled');
      await setProgramStatus(t.db, viaHandler, 'cancelled', { silently: true });
      await waitFor(
        async () => (await remindersOf(t.db, viaOutbox))[0].status === 'cancelled',
        10000,
        'cancelled by the sweep',
      );
      await waitFor(
        async () => (await remindersOf(t.db, viaHandler))[0].status === 'cancelled',
        15000,
        'discarded by the handler',
      );
      // Nothing can arrive later: both delivery jobs are finished (or were removed), and a whole
      // sweep ran after the cancellations (it would schedule or re-enqueue anything still owed).
      const ids = [
        ...(await remindersOf(t.db, viaOutbox)),
        ...(await remindersOf(t.db, viaHandler)),
      ].map((r) => r.id);
      await jobsFinished(t, QUEUES.notifications, ids.map(reminderJobId));
      const completions = await watchCompletions(t, QUEUES.notifications);
      try {
        await completions.seen(`repeat:${REMINDER_SWEEP_SCHEDULER_ID}:`, 2);
      } finally {
        await completions.close();
      }
      expect(await notificationCounts(t.db, viaOutbox)).toEqual({});
      expect(await notificationCounts(t.db, viaHandler)).toEqual({});
      expect(
        [...(await remindersOf(t.db, viaOutbox)), ...(await remindersOf(t.db, viaHandler))].map(
          (r) => r.id,
        ),
      ).toEqual(ids);
      expect(ids).toHaveLength(2);
      expect(
        sink.messages.filter((m) => ids.some((id) => m.deliveryKey.includes(id))),
      ).toHaveLength(0);
    });
  });

  describe('the delivery handler, called directly (injected clock)', () => {
    /** A scheduled reminder for a new program, and the API process's handler with its clock at the due time. */
    async function dueReminder() {
      const programId = await programWithRegistrations(inSeconds(2 * HOUR));
      const [reminder] = await remindersOnceScheduled(t.db, programId, 10000);
      jest
        .spyOn(t.app.get(Clock), 'now')
        .mockReturnValue(new Date(reminder.due_at.getTime() + 1000));
      const job = { data: { reminderId: reminder.id }, moveToDelayed: jest.fn() };
      return { programId, reminder, job, handler: t.app.get(DeliverReminderJob) };
    }
    const emailsOf = (reminderId: string) => {
      const counts: Record<string, number> = {};
      for (const m of sink.messages.filter((x) =>
        x.deliveryKey.startsWith(`reminder:${reminderId}:`),
      ))
        counts[m.envelopeTo[0]] = (counts[m.envelopeTo[0]] ?? 0) + 1;
      return counts;
    };
    afterEach(() => jest.restoreAllMocks());

    it('delivers exactly once when the same job runs three times at once, and discards later runs', async () => {
      const { programId, reminder, job, handler } = await dueReminder();
      const results = await Promise.all([
        handler.run(job as never),
        handler.run(job as never),
        handler.run(job as never),
      ]);
      expect(results.filter((r) => r.outcome === 'delivered').length).toBeGreaterThanOrEqual(1);
      expect(job.moveToDelayed).not.toHaveBeenCalled();
      const expected = expectedRecipients();
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expected.map((u) => [u.id, 1])),
      );
      expect(emailsOf(reminder.id)).toEqual(Object.fromEntries(expected.map((u) => [u.email, 1])));
      expect((await remindersOf(t.db, programId))[0].status).toBe('delivered');
      expect(await handler.run(job as never)).toEqual({
        outcome: 'discarded',
        reason: 'not-scheduled',
      });
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expected.map((u) => [u.id, 1])),
      );
    });

    it('retries recipients the SMTP server refused (before or after the data) and sends each of them once', async () => {
      const { programId, reminder, job, handler } = await dueReminder();
      sink.rejectRcpt.add(pkMembers[0].email);
      sink.rejectData.add(cnMember.email);
      try {
        await expect(handler.run(job as never)).rejects.toThrow(/email failed for 2 recipient/);
      } finally {
        sink.rejectRcpt.clear();
        sink.rejectData.clear();
      }
      const expected = expectedRecipients();
      // In-app went to everyone; email to everyone but the two refused; the reminder waits for the retry.
      expect(await notificationCounts(t.db, programId)).toEqual(
        Object.fromEntries(expected.map((u) => [u.id, 1])),
      );
      const refused = [pkMembers[0].email, cnMember.email];
      expect(emailsOf(reminder.id)).toEqual(
        Object.fromEntries(
          expected.filter((u) => !refused.includes(u.email)).map((u) => [u.email, 1]),
        ),
      );
      const failed = await t.db.query(
        `SELECT to_address, status, attempts, last_error FROM email_deliveries WHERE delivery_key LIKE $1 AND status <> 'sent' ORDER BY to_address`,
        [`reminder:${reminder.id}:%`],
      );
      expect(failed.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            to_address: pkMembers[0].email,
            status: 'failed',
            attempts: 1,
            last_error: expect.stringMatching(/mailbox unavailable/),
          }),
          expect.objectContaining({
            to_address: cnMember.email,
            status: 'failed',
            last_error: expect.stringMatching(/rejected after data \(550\)/),
          }),
        ]),
      );
      expect((await remindersOf(t.db, programId))[0].status).toBe('scheduled');

      expect(await handler.run(job as never)).toMatchObject({
        outcome: 'delivered',
        emails: 2,
        inApp: 0,
      });
      expect(emailsOf(reminder.id)).toEqual(Object.fromEntries(expected.map((u) => [u.email, 1])));
      const statuses = await t.db.query(
        `SELECT status, count(*)::int AS n FROM email_deliveries WHERE delivery_key LIKE $1 GROUP BY status`,
        [`reminder:${reminder.id}:%`],
      );
      expect(statuses.rows).toEqual([{ status: 'sent', n: expected.length }]);
    });
  });

  describe('reminder rules', () => {
    it('lets only admins manage rules, validates them and stores nothing when invalid', async () => {
      const coordinatorToken = await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'rules-coord@test.local',
        password: 'coordinator-pass-1',
        role: 'coordinator',
        displayName: 'C',
      });
      expect(coordinatorToken.status).toBe(201);
      const c = await t.login('rules-coord@test.local', 'coordinator-pass-1');
      expect((await t.http().get('/api/v1/reminder-rules').set(bearer(c))).status).toBe(403);
      expect(
        (
          await t
            .http()
            .post('/api/v1/reminder-rules')
            .set(bearer(c))
            .send({ target: 'program.startsAt', offset: 'P1D', channels: ['in_app'] })
        ).body.code,
      ).toBe('FORBIDDEN');

      const before = (await t.db.query(`SELECT count(*)::int AS n FROM reminder_rules`)).rows[0].n;
      const bad = [
        [{ target: 'program.startsAt', offset: 'P1M', channels: ['in_app'] }, 'offset', /months/],
        [
          { target: 'program.startsAt', offset: '-P1D', channels: ['in_app'] },
          'offset',
          /negative/,
        ],
        [
          { target: 'program.startsAt', offset: 'tomorrow', channels: ['in_app'] },
          'offset',
          /ISO 8601/,
        ],
        [{ target: 'program.endsAt', offset: 'P1D', channels: ['in_app'] }, 'target', /.+/],
        [{ target: 'program.startsAt', offset: 'P1D', channels: [] }, 'channels', /.+/],
        [{ target: 'program.startsAt', offset: 'P1D', channels: ['sms'] }, 'channels', /.+/],
        [
          { target: 'program.startsAt', offset: 'P1D', channels: ['email', 'email'] },
          'channels',
          /.+/,
        ],
        [
          {
            target: 'program.startsAt',
            offset: 'P1D',
            channels: ['email'],
            workingHours: { start: 8, end: 8 },
          },
          'workingHours',
          /differ/,
        ],
        [
          {
            target: 'program.startsAt',
            offset: 'P1D',
            channels: ['email'],
            workingHours: { start: 8, end: 25 },
          },
          'workingHours',
          /.+/,
        ],
      ] as const;
      for (const [body, field, message] of bad) {
        const res = await t.http().post('/api/v1/reminder-rules').set(bearer(admin)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        const detail = (res.body.details as { field: string; message: string }[]).find((d) =>
          d.field.startsWith(field),
        );
        expect(detail?.message).toMatch(message);
      }
      const unknown = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({
          target: 'program.startsAt',
          offset: 'P1D',
          channels: ['email'],
          recipients: 'all',
        });
      expect(unknown.status).toBe(400);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM reminder_rules`)).rows[0].n).toBe(
        before,
      );
    });

    it('documents the routes and their schemas in OpenAPI', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      for (const path of [
        '/api/v1/reminder-rules',
        '/api/v1/reminder-rules/{id}',
        '/api/v1/notifications',
        '/api/v1/notifications/unread-count',
        '/api/v1/notifications/{id}/read',
      ]) {
        expect(doc.paths[path]).toBeDefined();
      }
      expect(doc.components.schemas.ReminderRuleResponse.properties.target.enum).toContain(
        'partnership.anniversary',
      );
      expect(doc.components.schemas.CreateReminderRuleDto.required).toEqual(
        expect.arrayContaining(['target', 'offset', 'channels']),
      );
      expect(doc.components.schemas.NotificationResponse.properties.readAt.nullable).toBe(true);
    });

    it('creates, reads, lists, patches with versions and audits rules', async () => {
      const created = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({
          target: 'milestone.dueOn',
          offset: 'p1dt12h',
          channels: ['email'],
          workingHours: { start: 8, end: 20 },
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        target: 'milestone.dueOn',
        offset: 'P1DT12H',
        offsetSeconds: 129600,
        channels: ['email'],
        workingHours: { start: 8, end: 20 },
        active: true,
        version: 1,
      });
      const id = created.body.id;
      expect((await t.http().get(`/api/v1/reminder-rules/${id}`).set(bearer(admin))).body).toEqual(
        created.body,
      );
      const list = await t
        .http()
        .get('/api/v1/reminder-rules?target=milestone.dueOn&active=true')
        .set(bearer(admin));
      expect(list.status).toBe(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);

      const patched = await t
        .http()
        .patch(`/api/v1/reminder-rules/${id}`)
        .set(bearer(admin))
        .send({ offset: 'P2D', workingHours: null, version: 1 });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        offset: 'P2D',
        offsetSeconds: 172800,
        workingHours: null,
        version: 2,
      });
      const stale = await t
        .http()
        .patch(`/api/v1/reminder-rules/${id}`)
        .set(bearer(admin))
        .send({ channels: ['in_app'], version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const target = await t
        .http()
        .patch(`/api/v1/reminder-rules/${id}`)
        .set(bearer(admin))
        .send({ target: 'program.startsAt' });
      expect(target.status).toBe(400);
      const off = await t
        .http()
        .patch(`/api/v1/reminder-rules/${id}`)
        .set(bearer(admin))
        .send({ active: false });
      expect(off.body).toMatchObject({ active: false, version: 3 });
      expect(
        (
          await t
            .http()
            .get(`/api/v1/reminder-rules/00000000-0000-4000-8000-000000000000`)
            .set(bearer(admin))
        ).status,
      ).toBe(404);
      const audit = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at`,
        [id],
      );
      expect(audit.rows.map((r: { action: string }) => r.action)).toEqual([
        'reminder_rule.created',
        'reminder_rule.updated',
        'reminder_rule.deactivated',
      ]);
    });

    it('applies a new rule only to records whose reminder time is still ahead', async () => {
      const soon = await insertProgram(t.db, {
        coordinatorId: coordinator.id,
        startsAt: inSeconds(3 * HOUR),
        registrationDeadline: inSeconds(12 * HOUR),
      });
      const later = await insertProgram(t.db, {
        coordinatorId: coordinator.id,
        startsAt: inSeconds(72 * HOUR),
        registrationDeadline: inSeconds(48 * HOUR),
      });
      const closed = await insertProgram(t.db, {
        coordinatorId: coordinator.id,
        startsAt: inSeconds(72 * HOUR),
        registrationDeadline: inSeconds(48 * HOUR),
        status: 'completed',
      });
      await waitFor(
        async () =>
          (await t.db.query(`SELECT 1 FROM reminder_outbox WHERE processed_at IS NULL`))
            .rowCount === 0,
        10000,
        'outbox drained',
      );
      const rule = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({ target: 'program.registrationDeadline', offset: 'P1D', channels: ['in_app'] });
      expect(rule.status).toBe(201);
      await ruleApplied(t.db, rule.body.id);
      const mine = async (id: string) =>
        (await remindersOf(t.db, id)).filter((r) => r.rule_id === rule.body.id);
      expect(await mine(soon)).toEqual([]);
      expect(await mine(closed)).toEqual([]);
      const [r] = await mine(later);
      expect(r.status).toBe('scheduled');
      expect(r.due_at.getTime()).toBe(r.target_at.getTime() - 24 * HOUR * 1000);
      await waitFor(
        async () => (await queue.getJobState(reminderJobId(r.id))) === 'delayed',
        5000,
        'delayed job',
      );

      // Re-timing the rule moves its reminders; deactivating it cancels them and removes the jobs.
      const retimed = await t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.body.id}`)
        .set(bearer(admin))
        .send({ offset: 'P1DT1H' });
      expect(retimed.status).toBe(200);
      await waitFor(async () => (await mine(later)).length === 2, 10000, 're-timed');
      const [was, now] = await mine(later);
      expect(was.status).toBe('cancelled');
      expect(now.due_at.getTime()).toBe(now.target_at.getTime() - 25 * HOUR * 1000);
      await t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.body.id}`)
        .set(bearer(admin))
        .send({ active: false });
      await waitFor(
        async () => (await mine(later)).every((x) => x.status === 'cancelled'),
        10000,
        'deactivated',
      );
      expect(await queue.getJobState(reminderJobId(now.id))).toBe('unknown');
    });
  });

  describe('working hours', () => {
    it("delivers to recipients inside their local window and postpones the others to their window's start", async () => {
      const hour = DateTime.now().setZone('Asia/Karachi').hour;
      // Karachi is inside [hour, hour+2); Shanghai, 3 hours ahead, is outside.
      const workingHours = { start: hour, end: hour + 2 > 24 ? hour + 2 - 24 : hour + 2 };
      const rule = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({
          target: 'scholarship.closesAt',
          offset: 'PT30H',
          channels: ['in_app', 'email'],
          workingHours,
        });
      expect(rule.status).toBe(201);
      await ruleApplied(t.db, rule.body.id);
      // Everyone's window opens within a day, before the scholarship closes: worth waiting for.
      const scholarshipId = await insertScholarship(t.db, {
        closesAt: inSeconds(30 * HOUR + 2),
        name: { en: 'CPEC Master Scholarship', zh: '中巴经济走廊硕士奖学金' },
      });
      await insertApplication(t.db, {
        scholarshipId: scholarshipId,
        organizationId: pkOrg,
        createdBy: coordinator.id,
        statement: 'statement',
      });
      await insertApplication(t.db, {
        scholarshipId: scholarshipId,
        organizationId: cnOrg,
        createdBy: coordinator.id,
        statement: 'statement',
      });
      const [reminder] = await remindersOnceScheduled(t.db, scholarshipId, 10000);
      await waitFor(
        async () => (await notificationCounts(t.db, scholarshipId))[pkMembers[1].id],
        15000,
        'PK delivery',
      );
      const job = await waitFor(
        async () => {
          const j = await queue.getJob(reminderJobId(reminder.id));
          return j && (await j.getState()) === 'delayed' ? j : undefined;
        },
        10000,
        're-delayed job',
      );
      const counts = await notificationCounts(t.db, scholarshipId);
      expect(counts).toEqual({ [pkMembers[0].id]: 1, [pkMembers[1].id]: 1 });
      expect(emailsTo(pkMembers[0].email, reminder.id)).toHaveLength(1);
      expect(emailsTo(cnMember.email, reminder.id)).toHaveLength(0);
      expect((await remindersOf(t.db, scholarshipId))[0].status).toBe('scheduled');
      // The job waits for the earliest window start among those still waiting (Li Na in Shanghai, Sam in London).
      const expected = Math.min(
        nextWindowStart(new Date(), 'Asia/Shanghai', workingHours).getTime(),
        nextWindowStart(new Date(), 'Europe/London', workingHours).getTime(),
      );
      expect(Math.abs(job.timestamp + job.delay - expected)).toBeLessThan(60_000);
      await t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.body.id}`)
        .set(bearer(admin))
        .send({ active: false });
    });
    /** A scholarship rule whose one-hour window is hours away in Karachi, Shanghai and London alike. */
    async function ruleOutsideHours(offset: string, channels: string[]): Promise<string> {
      const hour = DateTime.now().setZone('Asia/Karachi').hour;
      const workingHours = { start: (hour + 6) % 24, end: (hour + 7) % 24 || 24 };
      const rule = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({ target: 'scholarship.closesAt', offset, channels, workingHours });
      expect(rule.status).toBe(201);
      await ruleApplied(t.db, rule.body.id);
      return rule.body.id;
    }
    const deactivate = (ruleId: string) =>
      t.http().patch(`/api/v1/reminder-rules/${ruleId}`).set(bearer(admin)).send({ active: false });

    it('delivers at once, outside working hours, a reminder whose window would open only after its event', async () => {
      const ruleId = await ruleOutsideHours('PT9M', ['in_app', 'email']);
      const scholarshipId = await insertScholarship(t.db, { closesAt: inSeconds(9 * 60 + 2) });
      for (const organizationId of [pkOrg, cnOrg])
        await insertApplication(t.db, {
          scholarshipId,
          organizationId,
          createdBy: coordinator.id,
          statement: 'statement',
        });
      const [reminder] = await waitFor(
        async () => {
          const rows = (await remindersOf(t.db, scholarshipId)).filter(
            (r) => r.status === 'delivered',
          );
          return rows.length ? rows : undefined;
        },
        20000,
        'delivered at once',
      );
      const counts = await notificationCounts(t.db, scholarshipId);
      for (const member of [...pkMembers, cnMember, londonMember, urduMember])
        expect(counts[member.id]).toBe(1);
      expect(emailsTo(cnMember.email, reminder.id)).toHaveLength(1);
      expect(emailsTo(londonMember.email, reminder.id)).toHaveLength(1);
      await deactivate(ruleId);
    });

    it('sends an at-the-event reminder (offset zero) outside working hours instead of dropping it', async () => {
      const ruleId = await ruleOutsideHours('PT0S', ['in_app']);
      const scholarshipId = await insertScholarship(t.db, { closesAt: inSeconds(4) });
      await insertApplication(t.db, {
        scholarshipId,
        organizationId: cnOrg,
        createdBy: coordinator.id,
        statement: 'statement',
      });
      await waitFor(
        async () => (await remindersOf(t.db, scholarshipId)).some((r) => r.status === 'delivered'),
        20000,
        'delivered',
      );
      expect((await notificationCounts(t.db, scholarshipId))[cnMember.id]).toBe(1);
      await deactivate(ruleId);
    });
  });

  describe('notifications API', () => {
    let memberToken: string;
    let memberId: string;
    let otherToken: string;

    beforeAll(async () => {
      const pendingOrg = await insertOrganization(t.db, { status: 'pending' });
      const member = await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'inbox@test.local',
        password: 'inbox-password-1',
        role: 'ngo_member',
        displayName: 'Inbox',
        organizationId: pendingOrg,
      });
      expect(member.status).toBe(201);
      memberId = member.body.id;
      memberToken = await t.login('inbox@test.local', 'inbox-password-1');
      await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'other@test.local',
        password: 'other-password-1',
        role: 'coordinator',
        displayName: 'Other',
      });
      otherToken = await t.login('other@test.local', 'other-password-1');
      const notifications = t.app.get(NotificationsService);
      for (let i = 1; i <= 3; i++) {
        const inserted = await notifications.notify(null, {
          userIds: [memberId],
          kind: 'report_ready',
          entityType: 'report',
          title: `Report ${i} ready`,
          body: 'b',
          deliveryKey: `report:test-${i}`,
        });
        expect(inserted).toBe(1);
      }
      // The same event again reaches nobody twice.
      expect(
        await notifications.notify(null, {
          userIds: [memberId],
          kind: 'report_ready',
          title: 'again',
          body: 'b',
          deliveryKey: 'report:test-1',
        }),
      ).toBe(0);
    });

    it("lists the caller's own notifications newest first, paginated, with an unread filter and count", async () => {
      const page1 = await t.http().get('/api/v1/notifications?limit=2').set(bearer(memberToken));
      expect(page1.status).toBe(200);
      expect(page1.body.items.map((n: { title: string }) => n.title)).toEqual([
        'Report 3 ready',
        'Report 2 ready',
      ]);
      expect(page1.body.items[0]).toEqual({
        id: expect.any(String),
        kind: 'report_ready',
        entityType: 'report',
        entityId: null,
        title: 'Report 3 ready',
        body: 'b',
        readAt: null,
        createdAt: expect.any(String),
      });
      const page2 = await t
        .http()
        .get(`/api/v1/notifications?limit=2&cursor=${page1.body.nextCursor}`)
        .set(bearer(memberToken));
      expect(page2.body.items.map((n: { title: string }) => n.title)).toEqual(['Report 1 ready']);
      expect(page2.body.nextCursor).toBeNull();
      expect(
        (await t.http().get('/api/v1/notifications/unread-count').set(bearer(memberToken))).body,
      ).toEqual({ count: 3 });
      expect(
        (await t.http().get('/api/v1/notifications').set(bearer(otherToken))).body.items,
      ).toEqual([]);
      expect(
        (await t.http().get('/api/v1/notifications?unread=yes').set(bearer(memberToken))).status,
      ).toBe(400);
    });

    it('marks read (also for a member of an unapproved organisation); another user gets 404 and changes nothing', async () => {
      const list = await t.http().get('/api/v1/notifications').set(bearer(memberToken));
      const id = list.body.items[0].id;
      const foreign = await t
        .http()
        .post(`/api/v1/notifications/${id}/read`)
        .set(bearer(otherToken));
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect(
        (await t.db.query(`SELECT read_at FROM notifications WHERE id = $1`, [id])).rows[0].read_at,
      ).toBeNull();

      const read = await t.http().post(`/api/v1/notifications/${id}/read`).set(bearer(memberToken));
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      const again = await t
        .http()
        .post(`/api/v1/notifications/${id}/read`)
        .set(bearer(memberToken));
      expect(again.body.readAt).toBe(read.body.readAt);
      expect(
        (await t.http().get('/api/v1/notifications/unread-count').set(bearer(memberToken))).body,
      ).toEqual({ count: 2 });
      const unread = await t
        .http()
        .get('/api/v1/notifications?unread=true')
        .set(bearer(memberToken));
      expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
      const readOnly = await t
        .http()
        .get('/api/v1/notifications?unread=false')
        .set(bearer(memberToken));
      expect(readOnly.body.items.map((n: { id: string }) => n.id)).toEqual([id]);
      expect(
        (await t.http().post('/api/v1/notifications/not-a-uuid/read').set(bearer(memberToken)))
          .status,
      ).toBe(400);
      const all = await t.http().post('/api/v1/notifications/read-all').set(bearer(memberToken));
      expect(all.body).toEqual({ updated: 2 });
      expect(
        (await t.http().get('/api/v1/notifications/unread-count').set(bearer(memberToken))).body,
      ).toEqual({ count: 0 });
      expect((await t.http().get('/api/v1/notifications')).status).toBe(401);
    });
  });

  describe('queue dashboard', () => {
    it('answers 200 for an admin, 403 for others and 401 without a token, in the error shape', async () => {
      const page = await t.http().get('/api/v1/admin/queues').set(bearer(admin));
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/html/);
      const api = await t.http().get('/api/v1/admin/queues/api/queues').set(bearer(admin));
      expect(api.status).toBe(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
        'events',
        'maintenance',
        'notifications',
        'reports',
        'system',
      ]);

      await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'dash-coord@test.local',
        password: 'coordinator-pass-1',
        role: 'coordinator',
        displayName: 'D',
      });
      const coord = await t.login('dash-coord@test.local', 'coordinator-pass-1');
      const forbidden = await t.http().get('/api/v1/admin/queues').set(bearer(coord));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: expect.any(String),
      });
      expect(
        (await t.http().get('/api/v1/admin/queues/api/queues').set(bearer(coord))).status,
      ).toBe(403);
      const anonymous = await t.http().get('/api/v1/admin/queues');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      expect((await t.http().get('/api/v1/admin/queues').set(bearer('garbage'))).status).toBe(401);
      const badCookie = await t
        .http()
        .get('/api/v1/admin/queues/api/queues')
        .set('Cookie', 'sb_queues_token=%E0%A4%A');
      expect(badCookie.status).toBe(401);
      expect(badCookie.body.code).toBe('UNAUTHENTICATED');
    });

    it('lets a browser in with ?token= once, then by an HttpOnly cookie', async () => {
      const first = await t.http().get(`/api/v1/admin/queues?token=${admin}`);
      expect(first.status).toBe(302);
      expect(first.headers.location).toBe('/api/v1/admin/queues');
      const cookie = String(first.headers['set-cookie']);
      expect(cookie).toMatch(
        /sb_queues_token=.+; Max-Age=\d+; Path=\/api\/v1\/admin\/queues; .*HttpOnly; SameSite=Strict/,
      );
      const withCookie = await t
        .http()
        .get('/api/v1/admin/queues/api/queues')
        .set('Cookie', cookie.split(';')[0]);
      expect(withCookie.status).toBe(200);
      const coord = await t.login('dash-coord@test.local', 'coordinator-pass-1');
      expect((await t.http().get(`/api/v1/admin/queues?token=${coord}`)).status).toBe(403);
    });
  });

  describe("target providers on the other domains' tables", () => {
    const sorted = (ids: string[] | undefined) => [...(ids ?? [])].sort();
    const coordinators = async () =>
      (await t.db.query(`SELECT id FROM users WHERE role = 'coordinator' AND is_active`)).rows.map(
        (r: { id: string }) => r.id,
      );

    it('milestones: 09:00 where the project is; its coordinator and implementing members; closed once completed', async () => {
      const registry = t.app.get(TargetRegistry);
      const db = t.app.get(DataSource);
      const hunza = await insertCity(t.db, {
        names: { en: 'Hunza', zh: '罕萨', ur: 'ہنزہ' },
        country: 'PK',
      });
      const funder = await insertOrganization(t.db, { country: 'CN' });
      await insertUser(t.db, { orgId: funder });
      const dueOn = DateTime.now().setZone('Asia/Karachi').plus({ days: 3 }).toISODate()!;
      const projectId = await insertAidProject(t.db, {
        title: { en: 'Hunza Solar Lighting', zh: '罕萨太阳能照明' },
        coordinatorId: coordinator.id,
        cityId: hunza,
        organizations: [
          { id: pkOrg, role: 'implementing' },
          { id: funder, role: 'funding' },
        ],
      });
      const milestoneId = await insertMilestone(t.db, {
        projectId,
        dueOn,
        title: 'Panels installed',
      });
      const provider = registry.byTarget('milestone.dueOn');
      const state = (await provider.resolve(db, [milestoneId])).get(milestoneId);
      expect(state).toEqual({
        kind: 'once',
        at: DateTime.fromISO(`${dueOn}T09:00`, { zone: 'Asia/Karachi' }).toJSDate(),
      });
      expect(sorted((await provider.recipients(db, [milestoneId])).get(milestoneId))).toEqual(
        sorted([coordinator.id, ...pkMembers.map((u) => u.id)]),
      );

      const rule = await t
        .http()
        .post('/api/v1/reminder-rules')
        .set(bearer(admin))
        .send({ target: 'milestone.dueOn', offset: 'P1D', channels: ['in_app'] });
      expect(rule.status).toBe(201);
      const [reminder] = await waitFor(
        async () => {
          const rows = (await remindersOf(t.db, milestoneId)).filter(
            (r) => r.rule_id === rule.body.id,
          );
          return rows.length ? rows : undefined;
        },
        10000,
        'milestone reminder',
      );
      jest
        .spyOn(t.app.get(Clock), 'now')
        .mockReturnValue(new Date(reminder.due_at.getTime() + 1000));
      try {
        expect(
          await t.app
            .get(DeliverReminderJob)
            .run({ data: { reminderId: reminder.id }, moveToDelayed: jest.fn() } as never),
        ).toMatchObject({ outcome: 'delivered', recipients: 3, inApp: 3 });
      } finally {
        jest.restoreAllMocks();
      }
      const titles = await t.db.query(
        `SELECT DISTINCT title FROM notifications WHERE entity_id = $1`,
        [milestoneId],
      );
      expect(titles.rows).toEqual([
        {
          title: `Reminder: milestone “Panels installed” of Hunza Solar Lighting (罕萨太阳能照明) is due on ${DateTime.fromISO(dueOn).setLocale('en-GB').toFormat('d LLL yyyy')}`,
        },
      ]);

      await t.db.query(`UPDATE milestones SET completed_at = now() WHERE id = $1`, [milestoneId]);
      expect((await provider.resolve(db, [milestoneId])).size).toBe(0);
      await t
        .http()
        .patch(`/api/v1/reminder-rules/${rule.body.id}`)
        .set(bearer(admin))
        .send({ active: false });
    });

    it('organisations, partnerships and scholarships: dates, recipients and closing', async () => {
      const registry = t.app.get(TargetRegistry);
      const db = t.app.get(DataSource);
      const org = await insertOrganization(t.db, { country: 'CN', expiresOn: '2027-06-30' });
      const orgMember = await insertUser(t.db, { orgId: org });
      const orgs = registry.byTarget('organization.registrationExpiresOn');
      expect((await orgs.resolve(db, [org])).get(org)).toEqual({
        kind: 'once',
        at: new Date('2027-06-30T01:00:00Z'),
      });
      // Set-based: each record gets its own recipients from one statement.
      const byOrg = await orgs.recipients(db, [org, pkOrg]);
      expect(sorted(byOrg.get(org))).toEqual(sorted([orgMember.id, ...(await coordinators())]));
      expect(sorted(byOrg.get(pkOrg))).toEqual(
        sorted([...pkMembers.map((u) => u.id), ...(await coordinators())]),
      );
      await t.db.query(`UPDATE organizations SET status = 'suspended' WHERE id = $1`, [org]);
      expect((await orgs.resolve(db, [org])).size).toBe(0);

      const karamay = await insertCity(t.db, {
        names: { en: 'Karamay', zh: '克拉玛依', ur: 'کرامائی' },
        country: 'CN',
      });
      const partnership = await insertPartnership(t.db, {
        cityA: karamay,
        cityB: gwadar,
        establishedOn: '2015-04-20',
      });
      const anniversaries = registry.byTarget('partnership.anniversary');
      expect((await anniversaries.resolve(db, [partnership])).get(partnership)).toEqual({
        kind: 'yearly',
        anchor: '2015-04-20',
        zone: 'Asia/Shanghai',
      });
      expect(sorted((await anniversaries.recipients(db, [partnership])).get(partnership))).toEqual(
        sorted(await coordinators()),
      );
      expect((await anniversaries.describe(db, [partnership])).get(partnership)).toMatchObject({
        name: { en: 'Karamay–Gwadar', zh: '克拉玛依–瓜达尔', ur: 'کرامائی–گوادر' },
        relation: 'sister_city',
      });
      await t.db.query(`UPDATE partnerships SET status = 'ended' WHERE id = $1`, [partnership]);
      expect((await anniversaries.resolve(db, [partnership])).size).toBe(0);

      const closesAt = inSeconds(10 * 24 * HOUR);
      const scholarship = await insertScholarship(t.db, { closesAt });
      await insertApplication(t.db, {
        scholarshipId: scholarship,
        organizationId: cnOrg,
        createdBy: coordinator.id,
        statement: 'statement',
      });
      const submitted = await insertOrganization(t.db, { country: 'PK' });
      await insertUser(t.db, { orgId: submitted });
      await t.db.query(`UPDATE scholarship_applications SET status = 'submitted' WHERE id = $1`, [
        await insertApplication(t.db, {
          scholarshipId: scholarship,
          organizationId: submitted,
          createdBy: coordinator.id,
          statement: 'statement',
        }),
      ]);
      const scholarships = registry.byTarget('scholarship.closesAt');
      expect((await scholarships.resolve(db, [scholarship])).get(scholarship)).toEqual({
        kind: 'once',
        at: closesAt,
      });
      expect(sorted((await scholarships.recipients(db, [scholarship])).get(scholarship))).toEqual(
        sorted([cnMember.id, londonMember.id, urduMember.id]),
      );
    });
  });

  // Last: the demo seed adds staff users that would change other tests' recipients.
  describe('demo data', () => {
    it('seeds the demo rules once, and the worker applies them', async () => {
      await runSeed({ DATABASE_URL: t.env.DATABASE_URL });
      await runSeed({ DATABASE_URL: t.env.DATABASE_URL });
      const rules = await t.db.query(
        `SELECT target, "offset", scheduled_version FROM reminder_rules WHERE created_by IS NULL ORDER BY target, "offset"`,
      );
      expect(rules.rows).toHaveLength(7);
      expect(
        new Set(
          rules.rows.map((r: { target: string; offset: string }) => `${r.target} ${r.offset}`),
        ).size,
      ).toBe(7);
      await waitFor(
        async () =>
          (await t.db.query(`SELECT 1 FROM reminder_rules WHERE scheduled_version < version`))
            .rowCount === 0,
        10000,
        'demo rules applied',
      );
    });
  });
});
