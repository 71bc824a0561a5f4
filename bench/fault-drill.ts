import { Queue } from 'bullmq';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { QUEUES, reminderJobId } from '../src/common/queue/queue.constants';
import { bullConnection } from '../src/common/redis/redis.module';
import {
  addMembers,
  adminToken,
  approvedOrg,
  createProgram,
  createRule,
  createStaff,
  Org,
  participantBody,
  pollUntil,
} from './lib/drill/arrange';
import { Cluster, NodeProc, startCluster } from './lib/drill/cluster';
import { Counter, DrillHttp, groupFailures, Outcome } from './lib/drill/http';
import { machineLine, table, writeDrillResult } from './lib/drill/report';
import {
  createDatabase,
  makeWorkDir,
  PrivatePostgres,
  PrivateRedis,
  sleep,
  startPrivatePostgres,
  startPrivateRedis,
} from './lib/drill/services';
import { DrillSmtpSink, startSmtpSink } from './lib/drill/smtp-sink';
import {
  AckedRegistration,
  Checks,
  verifyParticipants,
  verifyRegistrations,
  verifyReminders,
} from './lib/drill/verify';

/**
 * Fault drill (`npm run drill:faults`): two APIs and two workers on a private Postgres and Redis,
 * under a steady write load (participants and registrations through both APIs, every 2xx id
 * recorded), then:
 *  (a) Postgres stopped (pg_ctl stop -m fast) and started again: /health/ready must answer 503
 *      naming postgres on both APIs while it is down and 200 again afterwards, without
 *      restarting anything; requests meanwhile answer 503, not 500 and not never;
 *  (b) Redis shut down (NOSAVE: it comes back empty) and started again: 503 naming redis, queue
 *      producers answer 503 quickly, then everything recovers (workers' canaries included);
 *  (c) the worker holding a reminder batch SIGKILLed mid-batch: the other worker takes the
 *      stalled job over and each recipient gets the reminder exactly once (in-app and email).
 * At the end every id that got a 2xx must be in Postgres and nothing may be duplicated.
 * Exit code 1 on any violation. Takes about 2 minutes.
 */
const WRITERS = Number(process.env.DRILL_WRITERS ?? 4);
/** Pause between two requests of one writer loop (a steady, not a saturating, load). */
const WRITER_PAUSE_MS = Number(process.env.DRILL_WRITER_PAUSE_MS ?? 20);
const OUTAGE_MS = Number(process.env.DRILL_OUTAGE_MS ?? 5000);
const KILL_RECIPIENTS = Number(process.env.DRILL_KILL_RECIPIENTS ?? 300);
/** Slow SMTP relay (per message), so the reminder batch is still in flight when the worker dies. */
const SMTP_DELAY_MS = Number(process.env.DRILL_SMTP_DELAY_MS ?? 5);
const RECOVERY_TIMEOUT_MS = 60000;

interface PhaseRow {
  phase: string;
  seconds: number;
  counter?: Counter;
  notes: string;
}

interface Health {
  status: number;
  body: { message?: string; details?: Record<string, { status: string }> } | null;
}

async function health(url: string): Promise<Health> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: (await res.json().catch(() => null)) as Health['body'] };
  } catch {
    return { status: 0, body: null };
  }
}

/** 503 that names `dep` as down (in the message and the details). */
const names = (h: Health, dep: string) =>
  h.status === 503 &&
  (h.body?.message ?? '').includes(dep) &&
  h.body?.details?.[dep]?.status === 'down';

/** Waits until `ok(health)` holds on every API; ms it took, or undefined on timeout. */
async function waitAllHealth(
  urls: string[],
  ok: (h: Health) => boolean,
  timeoutMs: number,
): Promise<{ ms?: number; last: Health[] }> {
  const started = Date.now();
  let last: Health[] = [];
  while (Date.now() - started < timeoutMs) {
    last = await Promise.all(urls.map(health));
    if (last.every(ok)) return { ms: Date.now() - started, last };
    await sleep(100);
  }
  return { last };
}

/** Polls health every 50 ms in the background; the returned stop() gives the APIs where `seen` held. */
function watchHealth(urls: string[], seen: (h: Health) => boolean): () => Promise<Set<string>> {
  let stop = false;
  const hits = new Set<string>();
  const loop = (async () => {
    while (!stop) {
      const hs = await Promise.all(urls.map(health));
      hs.forEach((h, i) => seen(h) && hits.add(urls[i]));
      await sleep(50);
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return hits;
  };
}

async function workerReady(w: NodeProc): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${w.port}/health/ready`, {
      signal: AbortSignal.timeout(8000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

const secs = (ms?: number) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

async function main(): Promise<number> {
  const t0 = Date.now();
  const workDir = makeWorkDir('faults');
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  let cluster: Cluster | undefined;
  let sink: DrillSmtpSink | undefined;
  let db: Client | undefined;
  let queue: Queue | undefined;
  let keep = process.env.DRILL_KEEP === '1';
  const cleanup = async () => {
    await queue?.close().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    await redis?.destroy().catch(() => undefined);
    await pg?.destroy();
    if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
    else console.log(`work directory kept: ${workDir} (logs in ${path.join(workDir, 'logs')})`);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    console.log(`Fault drill: 2 API + 2 workers, ${WRITERS} writer loops · ${machineLine()}`);
    pg = await startPrivatePostgres(workDir, Number(process.env.DRILL_PG_PORT ?? 5499));
    redis = await startPrivateRedis(workDir, Number(process.env.DRILL_REDIS_PORT ?? 6399));
    const databaseUrl = await createDatabase(pg, 'silkbridge_drill');
    sink = await startSmtpSink(SMTP_DELAY_MS);
    cluster = await startCluster({
      workDir,
      databaseUrl,
      redisUrl: redis.url,
      env: { SMTP_URL: sink.url, REMINDER_SWEEP_EVERY_MS: '1000', WORKER_LOCK_DURATION_MS: '3000' },
    });
    const apis = cluster.apiUrls;
    console.log(
      `private postgres :${pg.port}, redis :${redis.port}; APIs ${apis.join(', ')}; workers pid ${cluster.workers.map((w) => w.pid).join(', ')}`,
    );
    // The drill's own connection: reconnected after Postgres restarts.
    const connectDb = async () => {
      await db?.end().catch(() => undefined);
      db = new Client({ connectionString: databaseUrl });
      db.on('error', () => undefined);
      await db.connect();
      return db;
    };
    await connectDb();
    const http = new DrillHttp(apis, 15000);
    const checks = new Checks();
    const phases: PhaseRow[] = [];

    // ---- arrange ----
    const admin = await adminToken(http);
    const coordinator = await createStaff(http, admin, 'coordinator');
    const rule = { target: 'program.startsAt', offset: 'PT1H', channels: ['in_app', 'email'] };
    const ruleId = await createRule(http, db!, admin, rule);
    const orgs: Org[] = [];
    for (let i = 0; i < 3; i++) orgs.push(await approvedOrg(http, coordinator.token, i + 1));
    const seatPrograms: string[] = [];
    for (let k = 0; k < 4; k++)
      seatPrograms.push(
        await createProgram(http, coordinator.token, {
          label: `faults ${k}`,
          startsAt: new Date(Date.now() + 30 * 24 * 3600e3),
          registrationDeadline: new Date(Date.now() + 20 * 24 * 3600e3),
          capacity: 10,
        }),
      );

    // ---- steady write load ----
    const participantsAcked = new Map<string, string>();
    let participantsAckedCount = 0;
    const triedEmails: string[] = [];
    const registrations = new Map<string, AckedRegistration>();
    let registrationsAcked = 0;
    let unansweredWrites = 0;
    const unexpected: string[] = [];
    let stopWriters = false;
    const note = (res: Outcome, what: string, ok: number[], allowed: string[] = []) => {
      if (ok.includes(res.status)) return;
      if (res.status === 0 || res.status >= 500) unansweredWrites++;
      else if (!allowed.includes(res.body?.code))
        unexpected.push(`${what} → ${res.status} ${res.body?.code ?? ''} (${http.phase})`);
    };
    const writer = async (i: number) => {
      const org = orgs[i % orgs.length];
      const mine: string[] = [];
      let turn = 0;
      while (!stopWriters) {
        if (turn++ % 2 === 0 || mine.length === 0) {
          const body = participantBody('fault');
          triedEmails.push(body.email);
          const res = await http.req('POST', '/api/v1/participants', { token: org.token, body });
          if (res.status === 201) {
            participantsAcked.set(res.body.id, body.email);
            participantsAckedCount++;
            mine.push(res.body.id);
          }
          note(res, 'POST participant', [201]);
        } else {
          const programId = seatPrograms[Math.floor(Math.random() * seatPrograms.length)];
          const participantId = mine[mine.length - 1];
          const res = await http.req('POST', `/api/v1/programs/${programId}/registrations`, {
            token: org.token,
            body: { participantId },
          });
          if (res.status === 201) {
            registrationsAcked++;
            registrations.set(res.body.id, { programId, participantId, status: res.body.status });
          }
          note(res, 'POST registration', [201], ['ALREADY_REGISTERED']);
        }
        await sleep(WRITER_PAUSE_MS);
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
    const phase = async (name: string, body: () => Promise<string>) => {
      http.phase = name;
      const started = Date.now();
      console.log(`  phase ${name} …`);
      const notes = await body();
      phases.push({
        phase: name,
        seconds: (Date.now() - started) / 1000,
        counter: http.byPhase.get(name),
        notes,
      });
    };
    phases.push({
      phase: 'set-up',
      seconds: (Date.now() - t0) / 1000,
      counter: http.byPhase.get('setup'),
      notes: 'private services, 2 APIs, 2 workers, data',
    });

    await phase('steady', async () => {
      await sleep(5000);
      return 'baseline';
    });

    // (a) Postgres: a one-step restart, then a longer outage (stop, hold, start).
    await phase('postgres restart', async () => {
      const watching = watchHealth(apis, (h) => names(h, 'postgres'));
      const started = Date.now();
      await pg!.restart();
      const restartedIn = Date.now() - started;
      const up = await waitAllHealth(apis, (h) => h.status === 200, RECOVERY_TIMEOUT_MS);
      const seen = await watching();
      checks.check(
        up.ms !== undefined,
        '(a) APIs recover from pg_ctl restart',
        up.ms !== undefined
          ? `200 on both ${secs(up.ms)} after the restart returned`
          : `still ${JSON.stringify(up.last)}`,
      );
      await connectDb();
      await sleep(3000);
      return `pg_ctl restart -m fast took ${secs(restartedIn)}; 503 naming postgres seen on ${seen.size}/2 APIs (polling every 50 ms); 200 again ${secs(up.ms)} after`;
    });
    let pgStoppedAt = 0;
    await phase('postgres down', async () => {
      await pg!.stop();
      pgStoppedAt = Date.now();
      const down = await waitAllHealth(apis, (h) => names(h, 'postgres'), 20000);
      checks.check(
        down.ms !== undefined,
        '(a) /health/ready 503 naming postgres',
        down.ms !== undefined
          ? `both APIs after ${secs(down.ms)}`
          : `got ${JSON.stringify(down.last)}`,
      );
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - pgStoppedAt)));
      return `pg_ctl stop -m fast; both APIs 503 naming postgres ${secs(down.ms)} after the stop`;
    });
    await phase('postgres back', async () => {
      const started = Date.now();
      await pg!.start();
      const startedIn = Date.now() - started;
      const upAt = Date.now();
      const up = await waitAllHealth(apis, (h) => h.status === 200, RECOVERY_TIMEOUT_MS);
      checks.check(
        up.ms !== undefined,
        '(a) APIs recover by themselves',
        up.ms !== undefined
          ? `200 on both ${secs(up.ms)} after Postgres accepted connections`
          : `still ${JSON.stringify(up.last)}`,
      );
      await connectDb();
      const workersOk = await pollUntil(
        async () => (await Promise.all(cluster!.workers.map(workerReady))).every(Boolean),
        RECOVERY_TIMEOUT_MS,
        200,
      );
      checks.check(
        !!workersOk,
        '(a) workers ready after Postgres restart',
        workersOk ? 'canary through both workers' : 'canary failed',
      );
      await sleep(3000);
      const lastFail = http.failures.filter((f) => f.phase === 'postgres back').pop();
      const writesOk = lastFail ? Date.parse(lastFail.at) - upAt : 0;
      return `pg_ctl start took ${secs(startedIn)}; /health/ready 200 on both APIs ${secs(up.ms)} later; last failed write ${secs(Math.max(0, writesOk))} after the start; down ${secs(upAt - pgStoppedAt)}`;
    });

    // (b) Redis
    let redisStoppedAt = 0;
    let lateRuleId: string | undefined;
    await phase('redis down', async () => {
      await redis!.stop();
      redisStoppedAt = Date.now();
      const down = await waitAllHealth(apis, (h) => names(h, 'redis'), 20000);
      checks.check(
        down.ms !== undefined,
        '(b) /health/ready 503 naming redis',
        down.ms !== undefined
          ? `both APIs after ${secs(down.ms)}`
          : `got ${JSON.stringify(down.last)}`,
      );
      // Queue producers: a canary through the queue (and a report, when built in) must answer 503 at once.
      const producers: string[] = [];
      for (const api of apis) {
        const ping = await http.req('POST', '/api/v1/system/worker-ping', {
          token: admin,
          api,
          op: 'POST /system/worker-ping (redis down)',
        });
        producers.push(`worker-ping ${ping.status} in ${Math.round(ping.ms)} ms`);
        checks.check(
          ping.status === 503 && ping.ms < 5000,
          `(b) producer answers 503 fast (${api.replace('http://127.0.0.1', '')})`,
          `worker-ping → ${ping.status} in ${Math.round(ping.ms)} ms`,
        );
        {
          const rep = await http.req('POST', '/api/v1/reports', {
            token: admin,
            api,
            op: 'POST /reports (redis down)',
            body: {
              kind: 'summary',
              periodStart: '2025-01-01',
              periodEnd: '2025-12-31',
              format: 'csv',
            },
          });
          producers.push(`report ${rep.status} in ${Math.round(rep.ms)} ms`);
          checks.check(
            rep.status === 503 && rep.ms < 5000,
            `(b) report request answers 503 fast (${api.replace('http://127.0.0.1', '')})`,
            `POST /reports → ${rep.status} in ${Math.round(rep.ms)} ms`,
          );
        }
      }
      // A write whose queue side-effect fails: committed (201) at once, applied by the sweep later.
      const lateRule = await http.req('POST', '/api/v1/reminder-rules', {
        token: admin,
        op: 'POST /reminder-rules (redis down)',
        body: { target: 'program.registrationDeadline', offset: 'PT2H', channels: ['in_app'] },
      });
      lateRuleId = lateRule.status === 201 ? lateRule.body.id : undefined;
      checks.check(
        lateRule.status === 201 && lateRule.ms < 5000,
        '(b) a rule saved while Redis is down answers 201 fast',
        `POST /reminder-rules → ${lateRule.status} in ${Math.round(lateRule.ms)} ms`,
      );
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - redisStoppedAt)));
      return `SHUTDOWN NOSAVE; 503 naming redis ${secs(down.ms)} after; ${producers.join(', ')}; rule saved ${lateRule.status}`;
    });
    await phase('redis back', async () => {
      await redis!.start();
      const up = await waitAllHealth(apis, (h) => h.status === 200, RECOVERY_TIMEOUT_MS);
      checks.check(
        up.ms !== undefined,
        '(b) APIs recover by themselves',
        up.ms !== undefined
          ? `200 on both ${secs(up.ms)} after Redis came back (empty)`
          : `still ${JSON.stringify(up.last)}`,
      );
      const started = Date.now();
      const workersOk = await pollUntil(
        async () => (await Promise.all(cluster!.workers.map(workerReady))).every(Boolean),
        RECOVERY_TIMEOUT_MS,
        200,
      );
      checks.check(
        !!workersOk,
        '(b) workers take jobs again',
        workersOk
          ? `canary through both workers ${secs(Date.now() - started)} after`
          : 'canary failed',
      );
      const ping = await http.req('POST', '/api/v1/system/worker-ping', {
        token: admin,
        op: 'POST /system/worker-ping (redis back)',
      });
      checks.check(
        ping.status === 200,
        '(b) queue producers work again',
        `worker-ping → ${ping.status}`,
      );
      const applied = await pollUntil(
        async () =>
          lateRuleId &&
          (
            await db!.query(
              `SELECT 1 FROM reminder_rules WHERE id = $1 AND scheduled_version = version`,
              [lateRuleId],
            )
          ).rowCount,
        30000,
        200,
      );
      checks.check(
        !!applied,
        '(b) the rule saved during the outage is applied',
        applied ? 'scheduled by the sweep after Redis came back' : 'never applied',
      );
      await sleep(2000);
      return `APIs 200 ${secs(up.ms)} after restart; workers' canaries ${workersOk ? 'ok' : 'FAILED'}; down ${secs(Date.now() - redisStoppedAt)} in all`;
    });

    // (c) kill -9 the worker holding a reminder batch
    await phase('worker kill', async () => {
      const org = await approvedOrg(http, coordinator.token, 9);
      await addMembers(db!, org, KILL_RECIPIENTS);
      const body = participantBody('kill');
      const p = await http.req('POST', '/api/v1/participants', { token: org.token, body });
      const programId = await createProgram(http, coordinator.token, {
        label: 'kill -9',
        startsAt: new Date(Date.now() + 3600e3 + 6000),
        registrationDeadline: new Date(Date.now() + 600e3),
        capacity: 10,
      });
      const reg = await http.req('POST', `/api/v1/programs/${programId}/registrations`, {
        token: org.token,
        body: { participantId: p.body?.id },
      });
      if (p.status !== 201 || reg.status !== 201)
        throw new Error(`arranging the kill program failed: ${p.status}/${reg.status}`);
      const recipients = new Set([coordinator.id, ...org.memberIds]);
      queue = new Queue(QUEUES.notifications, {
        connection: bullConnection(redis!.url, 'blocking'),
        prefix: cluster!.env.QUEUE_PREFIX,
      });
      const reminder = await pollUntil(
        async () =>
          (await db!.query(`SELECT id FROM reminders WHERE entity_id = $1`, [programId]))
            .rows[0] as { id: string } | undefined,
        30000,
        100,
      );
      if (!reminder) throw new Error('the kill program was never scheduled');
      const count = async () =>
        (
          await db!.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [
            programId,
          ])
        ).rows[0].n as number;
      const underWay = await pollUntil(async () => (await count()) >= 20 || undefined, 30000, 20);
      const job = await queue.getJob(reminderJobId(reminder.id));
      const holder = cluster!.workers.find(
        (w) => w.alive() && job?.processedBy?.endsWith(`:${w.pid}`),
      );
      const status = (await db!.query(`SELECT status FROM reminders WHERE id = $1`, [reminder.id]))
        .rows[0].status;
      if (!underWay || !holder || status !== 'scheduled') {
        checks.check(
          false,
          '(c) worker killed mid-batch',
          `could not catch the batch in flight (under way: ${!!underWay}, holder: ${holder?.label}, status: ${status})`,
        );
        return 'inconclusive';
      }
      await holder.kill('SIGKILL');
      const killedAt = Date.now();
      const atKill = await count();
      const emailedAtKill = [...sink!.byKey.keys()].filter((k) =>
        k.startsWith(`reminder:${reminder.id}:`),
      ).length;
      checks.check(
        atKill > 0 && atKill < recipients.size,
        '(c) worker killed mid-batch',
        `${holder.label} (pid ${holder.pid}) SIGKILLed with ${atKill}/${recipients.size} in-app and ${emailedAtKill} emails done`,
      );
      const done = await pollUntil(
        async () =>
          (await db!.query(`SELECT status FROM reminders WHERE id = $1`, [reminder.id])).rows[0]
            .status === 'delivered',
        90000,
        100,
      );
      const finished = await queue.getJob(reminderJobId(reminder.id));
      const survivor = cluster!.workers.find((w) => w !== holder && w.alive());
      checks.check(
        !!done && !!survivor && !!finished?.processedBy?.endsWith(`:${survivor.pid}`),
        '(c) the other worker finishes',
        done
          ? `${survivor?.label} completed it ${secs(Date.now() - killedAt)} after the kill (lock ${cluster!.env.WORKER_LOCK_DURATION_MS ?? 3000} ms)`
          : 'never delivered',
      );
      await verifyReminders(db!, checks, sink, {
        programs: [{ programId, recipients }],
        rules: [{ id: ruleId, channels: rule.channels }],
      });
      return `${holder.label} killed at ${atKill}/${recipients.size} recipients; ${survivor?.label} finished ${secs(Date.now() - killedAt)} later`;
    });

    // ---- stop the load, verify ----
    stopWriters = true;
    await Promise.all(writers);
    http.phase = 'verify';
    await connectDb();
    const all = [...http.byPhase.values()];
    const other5xx = all.reduce((s, c) => s + c.s5xxOther, 0);
    const timeouts = all.reduce((s, c) => s + c.timeouts, 0);
    checks.check(
      other5xx === 0,
      'HTTP: only 503 while a dependency is down',
      `${other5xx} other 5xx${other5xx ? `: ${JSON.stringify(http.failures.filter((f) => f.status > 503 || (f.status >= 500 && f.status < 503)).slice(0, 3))}` : ''}`,
    );
    checks.check(
      timeouts === 0,
      'HTTP: no request hangs',
      `${timeouts} request(s) without an answer in ${http.timeoutMs} ms`,
    );
    // Once both dependencies are back, writes succeed again without anything being restarted.
    const after = http.byPhase.get('worker kill');
    checks.check(
      !!after && after.ok2xx > 0 && after.s503 + after.s5xxOther + after.noResponse === 0,
      'HTTP: writes succeed after recovery',
      `last phase: ${after?.ok2xx ?? 0} 2xx, ${(after?.s503 ?? 0) + (after?.s5xxOther ?? 0) + (after?.noResponse ?? 0)} failed`,
    );
    checks.check(
      unexpected.length === 0,
      'HTTP: no unexpected 4xx',
      unexpected.length ? unexpected.slice(0, 5).join('; ') : 'none',
    );
    await verifyParticipants(db!, checks, {
      acked: participantsAcked,
      ackedCount: participantsAckedCount,
      triedEmails,
      unanswered: unansweredWrites,
    });
    const seats = await verifyRegistrations(db!, checks, {
      programIds: seatPrograms,
      acked: registrations,
      ackedCount: registrationsAcked,
      cancelled: new Set(),
      unanswered: unansweredWrites,
    });

    // ---- summary ----
    console.log('');
    console.log(
      table(
        [
          'phase',
          'seconds',
          'requests',
          '2xx',
          '4xx',
          '503',
          'other 5xx',
          'no answer',
          'max ms',
          'notes',
        ],
        phases.map((p) => [
          p.phase,
          p.seconds.toFixed(1),
          p.counter?.requests ?? 0,
          p.counter?.ok2xx ?? 0,
          p.counter?.c4xx ?? 0,
          p.counter?.s503 ?? 0,
          p.counter?.s5xxOther ?? 0,
          p.counter?.noResponse ?? 0,
          Math.round(p.counter?.maxMs ?? 0),
          p.notes,
        ]),
      ),
    );
    console.log('');
    console.log(
      `writes: ${participantsAckedCount} participants and ${registrationsAcked} registrations answered 2xx, ${unansweredWrites} answered 503/none; in Postgres: ${seats.rows} registrations (${seats.confirmed} confirmed, ${seats.waitlisted} waitlisted)`,
    );
    const errors = cluster.errorLines();
    console.log(
      `error log lines: ${Object.entries(errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    console.log('');
    checks.print();
    const verdict = checks.violations === 0 ? 'PASS' : `FAIL (${checks.violations} violation(s))`;
    console.log(`\nFAULT DRILL: ${verdict}`);
    const file = writeDrillResult('drill-faults', {
      verdict,
      checks: checks.lines,
      phases: phases.map((p) => ({
        ...p,
        counter: p.counter ? { ...p.counter, latencies: undefined } : undefined,
      })),
      failures: groupFailures(http.failures),
      errorLogLines: errors,
    });
    console.log(`written to ${file}`);
    if (checks.violations > 0) keep = true;
    return checks.violations === 0 ? 0 : 1;
  } catch (err) {
    keep = true;
    console.error(`drill aborted: ${(err as Error).stack}`);
    return 2;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code));
