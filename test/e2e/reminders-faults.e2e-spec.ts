import { execFileSync } from 'child_process';
import { Queue } from 'bullmq';
import { createServer } from 'net';
import {
  QUEUES,
  REMINDER_SWEEP_SCHEDULER_ID,
  reminderJobId,
} from '../../src/common/queue/queue.constants';
import { bullConnection } from '../../src/common/redis/redis.module';
import { insertOrganization } from '../factories/organization.factory';
import { insertProgram } from '../factories/program.factory';
import { insertRegistration } from '../factories/registration.factory';
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
import { drainQueues, jobsFinished, watchCompletions } from '../utils/queues';
import { SmtpSink, startSmtpSink } from '../utils/smtp-sink';
import { startWorkerProcess, WorkerProcess } from '../utils/worker-processes';

const HOUR = 3600;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Exactly one of each per recipient: counts by address, over the messages of one reminder. */
function emailCounts(sink: SmtpSink, reminderId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of sink.messages.filter((x) =>
    x.deliveryKey.startsWith(`reminder:${reminderId}:`),
  )) {
    for (const to of m.envelopeTo) counts[to] = (counts[to] ?? 0) + 1;
  }
  return counts;
}

describe('reminders under faults: a worker killed mid-batch', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let workers: WorkerProcess[] = [];
  let queue: Queue;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: sink.url,
      REMINDER_SWEEP_EVERY_MS: '300',
      WORKER_LOCK_DURATION_MS: '2000',
    });
    queue = new Queue(QUEUES.notifications, {
      connection: bullConnection(t.env.REDIS_URL, 'blocking'),
      prefix: t.queuePrefix,
    });
  });

  afterAll(async () => {
    for (const w of workers) await w.kill('SIGKILL').catch(() => undefined);
    await queue?.close();
    await t?.close();
    await sink?.close();
  });

  it('two worker processes, one SIGKILLed while delivering 201 recipients: each gets one notification and one email', async () => {
    const env = { ...t.env, LOG_LEVEL: 'silent' };
    workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    await waitFor(
      async () => (await queue.getWorkersCount()) >= 2,
      10000,
      'two workers on the queue',
    );

    const admin = await t.adminToken();
    const rule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(admin))
      .send({ target: 'program.startsAt', offset: 'PT1H', channels: ['in_app', 'email'] });
    expect(rule.status).toBe(201);
    await ruleApplied(t.db, rule.body.id);

    const coordinator = await insertUser(t.db, { role: 'coordinator' });
    const org = await insertOrganization(t.db, { country: 'PK' });
    const members = await insertMembers(t.db, org, 200);
    const programId = await insertProgram(t.db, {
      coordinatorId: coordinator.id,
      startsAt: inSeconds(HOUR + 3),
    });
    await insertRegistration(t.db, { programId: programId, organizationId: org });
    const recipients = [coordinator, ...members];

    const [reminder] = await remindersOnceScheduled(t.db, programId, 10000);

    // Kill whichever process holds the job once the batch is well under way (emails already sent).
    await waitFor(
      async () =>
        (
          await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [
            programId,
          ])
        ).rows[0].n >= 30,
      15000,
      'batch under way',
      5,
    );
    const job = await queue.getJob(reminderJobId(reminder.id));
    const holder = workers.find((w) => job?.processedBy?.endsWith(`:${w.pid}`));
    expect(holder).toBeDefined();
    holder!.child.kill('SIGKILL');
    await holder!.exited;
    const notifiedAtKill = Object.keys(await notificationCounts(t.db, programId)).length;
    const emailedAtKill = Object.keys(emailCounts(sink, reminder.id)).length;
    // Really mid-batch: some recipients were done (in-app and email), others not.
    expect(notifiedAtKill).toBeGreaterThan(0);
    expect(emailedAtKill).toBeGreaterThan(0);
    expect(notifiedAtKill).toBeLessThan(recipients.length);
    expect(emailedAtKill).toBeLessThan(recipients.length);

    // The survivor takes the stalled job over once the dead worker's lock expires.
    await waitFor(
      async () => (await remindersOf(t.db, programId))[0].status === 'delivered',
      60000,
      'survivor finishes',
    );
    const survivor = workers.find((w) => w !== holder)!;
    const finished = await queue.getJob(reminderJobId(reminder.id));
    expect(finished?.processedBy).toMatch(new RegExp(`:${survivor.pid}$`));
    expect(await finished?.getState()).toBe('completed');

    expect(await notificationCounts(t.db, programId)).toEqual(
      Object.fromEntries(recipients.map((u) => [u.id, 1])),
    );
    expect(emailCounts(sink, reminder.id)).toEqual(
      Object.fromEntries(recipients.map((u) => [u.email, 1])),
    );
    const deliveries = await t.db.query(
      `SELECT status, count(*)::int AS n FROM email_deliveries WHERE delivery_key LIKE $1 GROUP BY status`,
      [`reminder:${reminder.id}:%`],
    );
    expect(deliveries.rows).toEqual([{ status: 'sent', n: recipients.length }]);
  });
});

describe('reminders under faults: Redis stopped and restarted (empty)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let port: number;
  let redisUp = false;

  const startRedis = () => {
    execFileSync('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--dir',
      '/tmp',
      '--pidfile',
      `/tmp/silkbridge-test-redis-${port}.pid`,
      '--logfile',
      '',
    ]);
    redisUp = true;
  };
  const stopRedis = () => {
    // SHUTDOWN NOSAVE: the restarted server comes back empty (delayed jobs and the job scheduler are gone).
    try {
      execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']);
    } catch {
      // redis-cli reports the dropped connection of a successful SHUTDOWN as an error
    }
    redisUp = false;
  };
  const ping = () => {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(port), 'ping'])
          .toString()
          .trim() === 'PONG'
      );
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    port = await freePort();
    startRedis();
    await waitFor(async () => ping(), 5000, 'redis up');
    sink = await startSmtpSink();
    t = await createTestApp({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      SMTP_URL: sink.url,
      REMINDER_SWEEP_EVERY_MS: '300',
    });
  });

  afterAll(async () => {
    await t?.close().catch(() => undefined);
    if (redisUp) stopRedis();
    await sink?.close();
  });

  it('commits writes while Redis is down, then the reconnected worker schedules and delivers each reminder once', async () => {
    await t.startWorker();
    const admin = await t.adminToken();
    const rule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(admin))
      .send({ target: 'program.startsAt', offset: 'PT1H', channels: ['in_app', 'email'] });
    await ruleApplied(t.db, rule.body.id);
    const coordinator = await insertUser(t.db, { role: 'coordinator' });
    const org = await insertOrganization(t.db, { country: 'CN' });
    const members = await insertMembers(t.db, org, 3);
    const recipients = [coordinator, ...members];

    // Program A is scheduled (a delayed job in Redis) before the outage.
    const programA = await insertProgram(t.db, {
      coordinatorId: coordinator.id,
      startsAt: inSeconds(HOUR + 6),
    });
    await insertRegistration(t.db, { programId: programA, organizationId: org });
    const [reminderA] = await waitFor(
      async () => {
        const rows = await remindersOf(t.db, programA);
        return rows.length && rows[0].status === 'scheduled' ? rows : undefined;
      },
      10000,
      'A scheduled',
    );

    stopRedis();
    expect(ping()).toBe(false);
    // Writes while Redis is down: the record and its outbox row commit; a rule is saved (201).
    const startsB = inSeconds(HOUR + 2);
    const programB = await insertProgram(t.db, {
      coordinatorId: coordinator.id,
      startsAt: startsB,
    });
    await insertRegistration(t.db, { programId: programB, organizationId: org });
    const pendingOutboxOfB = async () =>
      (
        await t.db.query(
          `SELECT 1 FROM reminder_outbox WHERE entity_id = $1 AND processed_at IS NULL`,
          [programB],
        )
      ).rowCount;
    expect(await pendingOutboxOfB()).toBe(1);
    const lateRule = await t
      .http()
      .post('/api/v1/reminder-rules')
      .set(bearer(admin))
      .send({ target: 'program.registrationDeadline', offset: 'PT1H', channels: ['in_app'] });
    expect(lateRule.status).toBe(201);
    const ping503 = await t.http().post('/api/v1/system/worker-ping').set(bearer(admin));
    expect(ping503.status).toBe(503);
    // Stay down until B's reminder is overdue (real time is what this models), so it comes back late.
    const dueB = startsB.getTime() - HOUR * 1000;
    await waitFor(async () => Date.now() > dueB + 1000, 10000, "B's reminder time passed");
    // Nothing could schedule B meanwhile: its outbox row is still waiting for a sweep.
    expect(await pendingOutboxOfB()).toBe(1);
    expect(await remindersOf(t.db, programB)).toEqual([]);

    startRedis();
    await waitFor(async () => ping(), 5000, 'redis back');

    await waitFor(
      async () => (await remindersOf(t.db, programB))[0]?.status === 'delivered',
      30000,
      'B delivered after the outage',
    );
    await waitFor(
      async () => (await remindersOf(t.db, programA))[0]?.status === 'delivered',
      30000,
      'A delivered (its lost job re-enqueued)',
    );
    await ruleApplied(t.db, lateRule.body.id);
    const [reminderB] = await remindersOf(t.db, programB);
    expect((await remindersOf(t.db, programA)).map((r) => r.id)).toEqual([reminderA.id]);

    const once = Object.fromEntries(recipients.map((u) => [u.id, 1]));
    expect(await notificationCounts(t.db, programA)).toEqual(once);
    expect(await notificationCounts(t.db, programB)).toEqual(once);
    const onceByEmail = Object.fromEntries(recipients.map((u) => [u.email, 1]));
    expect(emailCounts(sink, reminderA.id)).toEqual(onceByEmail);
    expect(emailCounts(sink, reminderB.id)).toEqual(onceByEmail);

    // The worker takes jobs again (canary through the queue), and the sweep's scheduler is back.
    const canary = await waitFor(
      async () => {
        const res = await t.http().post('/api/v1/system/worker-ping').set(bearer(admin));
        return res.status === 200 ? res : undefined;
      },
      15000,
      'canary',
    );
    expect(canary.body.ok).toBe(true);
    // Nothing more arrives later: both delivery jobs are finished, a whole sweep ran after them
    // (it would re-enqueue a reminder it thought lost) and the work it left is done.
    await jobsFinished(t, QUEUES.notifications, [
      reminderJobId(reminderA.id),
      reminderJobId(reminderB.id),
    ]);
    const completions = await watchCompletions(t, QUEUES.notifications);
    try {
      await completions.seen(`repeat:${REMINDER_SWEEP_SCHEDULER_ID}:`, 2);
    } finally {
      await completions.close();
    }
    await drainQueues(t, [QUEUES.notifications]);
    expect(await notificationCounts(t.db, programB)).toEqual(once);
    expect(emailCounts(sink, reminderB.id)).toEqual(onceByEmail);
    expect(await notificationCounts(t.db, programA)).toEqual(once);
    expect(emailCounts(sink, reminderA.id)).toEqual(onceByEmail);
  });
});
