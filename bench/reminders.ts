import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import type { Client } from 'pg';
import { randomUUID } from 'crypto';
import {
  DEFAULT_JOB_OPTIONS,
  JOB_OPTIONS,
  QUEUES,
  reminderJobId,
} from '../src/common/queue/queue.constants';
import { bullConnection } from '../src/common/redis/redis.module';
import { BENCH } from './lib/env';
import { distSrc, samplePeakRss, stop, waitForHttp } from './lib/processes';
import { Row, throughputRow } from './lib/results';
import {
  clearRedisPrefix,
  dropScratchDatabase,
  recreateScratchDatabase,
  scratchUrl,
} from './lib/scratch-db';

/**
 * Scenario `reminders`: BENCH_REMINDERS (100k by default) due reminders delivered in-app by the
 * real worker process(es) (`dist-bench/src/worker.js`), against the same number of no-op jobs
 * through a plain BullMQ worker (bench/bare-worker.ts) with the same concurrency, lock settings,
 * job name, job options and job-id pattern, on the same Redis. Target: ≥ 50% of the baseline.
 *
 * Arranged in SQL (database `silkbridge_bench_reminders`, re-created every run): 20 coordinators,
 * 100 approved NGOs with one member each, ⌈N/10⌉ open programs starting in ~30 days, each with one
 * confirmed registration, and 10 active in-app `program.startsAt` rules whose offsets (31 days
 * plus 1..10 minutes) make every reminder due now: N `scheduled` reminders, each with 2 recipients
 * (the coordinator and the registered organisation's member), so 2N notifications.
 *
 * Timed, both ways: from the first enqueue to the last job done; enqueueing (queue.addBulk in
 * chunks of 1,000, the scheduler's job name, options and ids `reminder-<id>`, delay 0 since they
 * are due) overlaps processing. For Silkbridge "done" is read from Postgres (no `scheduled`
 * reminder left, polled every 200 ms), for the baseline from the workers' completed counters
 * (IPC, every 100 ms). NOT timed: arranging the rows, the scheduler's own decision-making (the
 * outbox drain and rule backfill that create the rows; the reminders are inserted directly with
 * `enqueued_at` set), process start-up, and a 1,000-job warm-up on each side.
 * The sweep runs once at worker start (before the reminders exist) and then only hourly.
 *
 * Checks (throws): every reminder delivered exactly once, exactly 2 notifications per reminder,
 * no failed jobs; the baseline completed exactly as many jobs as enqueued.
 */
const DATABASE = 'silkbridge_bench_reminders';
const COUNT = Number(process.env.BENCH_REMINDERS ?? 100_000);
const WORKERS = Number(process.env.BENCH_REMINDER_WORKERS ?? 1);
/** The product's default NOTIFICATIONS_CONCURRENCY (jobs a worker holds at once); the baseline gets the same. */
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 400);
const LOCK_MS = 30_000;
const RULES = 10;
const WARMUP = 1_000;
const COORDINATORS = 20;
const ORGS = 100;
const PREFIX = 'bench-reminders';
const BARE_PREFIX = 'bench-reminders-bare';
const HEALTH_PORT = Number(process.env.BENCH_WORKER_HEALTH_PORT ?? 3103);
const CHUNK = 1_000;
/** A run that makes no progress for this long is broken, not slow. */
const STALL_MS = 60_000;
// Any hash will do: these users never log in.
const NO_LOGIN = '$argon2id$v=19$m=19456,t=2,p=1$bm9sb2dpbg$bm9sb2dpbmJ1dG5vdGhpbmdoZXJlYXRhbGw';

const id = (kind: string, expr: string) => `md5('${kind}' || (${expr})::text)::uuid`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything but the reminders themselves (safe to exist while the worker's first sweep runs). */
async function arrangeRecords(db: Client, programs: number): Promise<void> {
  await db.query(
    `INSERT INTO cities (id, names, country, kind) VALUES (${id('bcity', '1')}, '{"en":"Gwadar","ur":"گوادر","zh":"瓜达尔"}', 'PK', 'city')`,
  );
  await db.query(
    `
    INSERT INTO users (id, email, password_hash, role, display_name)
    SELECT ${id('bcoord', 'i')}, 'coordinator' || i || '@bench.example', $1, 'coordinator', 'Coordinator ' || i
    FROM generate_series(1, ${COORDINATORS}) i`,
    [NO_LOGIN],
  );
  await db.query(`
    INSERT INTO organizations (id, name, type, country, contact_email, status, approved_at)
    SELECT ${id('borg', 'i')}, jsonb_build_object('en', 'Friendship NGO ' || i), 'ngo',
           CASE WHEN i % 2 = 0 THEN 'PK' ELSE 'CN' END, 'ngo' || i || '@bench.example', 'approved', now()
    FROM generate_series(1, ${ORGS}) i`);
  await db.query(
    `
    INSERT INTO users (email, password_hash, role, display_name, organization_id)
    SELECT 'member' || i || '@bench.example', $1, 'ngo_member', 'Member ' || i, ${id('borg', 'i')}
    FROM generate_series(1, ${ORGS}) i`,
    [NO_LOGIN],
  );
  await db.query(`
    INSERT INTO programs (id, title, type, coordinator_id, city_id, starts_at, ends_at, time_zone, registration_deadline, capacity, status)
    SELECT ${id('bprog', 'i')}, jsonb_build_object('en', 'Youth Exchange ' || i, 'zh', '青年交流' || i, 'ur', 'نوجوانوں کا تبادلہ ' || i),
           'youth', ${id('bcoord', `1 + i % ${COORDINATORS}`)}, ${id('bcity', '1')},
           st, st + interval '5 days', 'Asia/Karachi', st - interval '7 days', 100, 'open'
    FROM (SELECT i, date_trunc('second', now()) + interval '30 days' + (i % 3600) * interval '1 second' AS st
          FROM generate_series(1, ${programs}) i) g`);
  await db.query(`
    INSERT INTO participants (id, organization_id, full_name, name_key, nationality)
    SELECT ${id('bpart', 'i')}, ${id('borg', `1 + i % ${ORGS}`)}, 'Participant ' || i, 'participant ' || i, 'PK'
    FROM generate_series(1, ${programs}) i`);
  await db.query(`
    INSERT INTO registrations (program_id, participant_id, organization_id, status)
    SELECT ${id('bprog', 'i')}, ${id('bpart', 'i')}, ${id('borg', `1 + i % ${ORGS}`)}, 'confirmed'
    FROM generate_series(1, ${programs}) i`);
  await db.query(`UPDATE programs SET confirmed_count = 1`);
  // Rule 0 is the warm-up's; rules 1..10 the measured ones. Applied already (scheduled_version).
  await db.query(`
    INSERT INTO reminder_rules (id, target, "offset", offset_seconds, channels, active, version, scheduled_version)
    SELECT ${id('brule', 'k')}, 'program.startsAt', 'P31DT' || k || 'M', 31 * 86400 + k * 60, ARRAY['in_app'], true, 1, 1
    FROM generate_series(0, ${RULES}) k`);
  await db.query('ANALYZE');
}

/** `count` reminders of rule(s) `rule`, due now, as the scheduler would have stored and enqueued them. */
async function insertReminders(
  db: Client,
  count: number,
  rule: 'warmup' | 'measured',
): Promise<string[]> {
  const k = rule === 'warmup' ? '0' : `1 + g % ${RULES}`;
  const program = rule === 'warmup' ? '1 + g' : `1 + g / ${RULES}`;
  const { rows } = await db.query(`
    INSERT INTO reminders (rule_id, entity_type, entity_id, target_at, due_at, status, enqueued_at)
    SELECT r.id, 'program', p.id, p.starts_at, p.starts_at - make_interval(secs => r.offset_seconds), 'scheduled', now()
      FROM generate_series(0, ${count - 1}) g
      JOIN programs p ON p.id = ${id('bprog', program)}
      JOIN reminder_rules r ON r.id = ${id('brule', k)}
    ORDER BY g
    RETURNING id`);
  if (rows.length !== count)
    throw new Error(`inserted ${rows.length} reminders, expected ${count}`);
  return rows.map((r) => r.id as string);
}

/** The scheduler's enqueue (same job name, options, id and delay), in bulk. */
async function enqueue(queue: Queue, reminderIds: string[]): Promise<void> {
  const opts = { ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS['reminder.deliver'], delay: 0 };
  for (let i = 0; i < reminderIds.length; i += CHUNK) {
    await queue.addBulk(
      reminderIds.slice(i, i + CHUNK).map((reminderId) => ({
        name: 'reminder.deliver',
        data: { reminderId },
        opts: { ...opts, jobId: reminderJobId(reminderId) },
      })),
    );
  }
}

/**
 * Polls `probe` until it reports `target` done; prints progress every 5 s; throws on failed jobs
 * or when an exact probe shows no progress for STALL_MS. `probe(true)` must count exactly (every
 * 5 s); `probe(false)` may be a cheaper check that is exact only near the end.
 */
async function waitUntil(
  label: string,
  target: number,
  everyMs: number,
  probe: (exact: boolean) => Promise<{ done: number; failed: number }>,
): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  let lastExact = Date.now();
  const started = Date.now();
  for (;;) {
    const exact = Date.now() - lastExact >= 5000;
    const s = await probe(exact);
    if (s.failed > 0) throw new Error(`${label}: ${s.failed} job(s) failed`);
    if (s.done >= target) return;
    if (exact) {
      lastExact = Date.now();
      console.log(
        `   ${label}: ${s.done}/${target} (${(s.done / ((Date.now() - started) / 1000)).toFixed(0)}/s)`,
      );
      if (s.done !== last) {
        last = s.done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > STALL_MS) {
        throw new Error(`${label}: stuck at ${s.done}/${target} for ${STALL_MS / 1000} s`);
      }
    }
    await sleep(everyMs);
  }
}

/** CPU seconds (user + system) a set of processes used so far (Linux /proc; 0 for gone ones). */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

/** Postgres backends serving a database (the worker's pool keeps its connections while busy). */
async function backendPids(db: Client): Promise<number[]> {
  const { rows } = await db.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid as number);
}

const queueOn = (prefix: string) =>
  new Queue(QUEUES.notifications, {
    connection: bullConnection(BENCH.redisUrl, 'blocking'),
    prefix,
  });

interface Measured {
  seconds: number;
  peakRss: number;
  /** CPU seconds the worker process(es) used during the timed run. */
  workerCpu: number;
  /** CPU seconds of the Postgres backends serving the worker(s) (Silkbridge only). */
  postgresCpu: number;
}

/** The baseline: plain BullMQ no-op workers, fed exactly like the real ones. */
async function runBaseline(): Promise<Measured> {
  await clearRedisPrefix(BARE_PREFIX);
  const queue = queueOn(BARE_PREFIX);
  const workers: ChildProcess[] = [];
  const counts = new Map<number, { completed: number; failed: number }>();
  try {
    const ready: Promise<unknown>[] = [];
    for (let w = 0; w < WORKERS; w++) {
      const child = spawn(process.execPath, [path.resolve(__dirname, 'bare-worker.js')], {
        env: {
          ...process.env,
          REDIS_URL: BENCH.redisUrl,
          QUEUE_PREFIX: BARE_PREFIX,
          WORKER_CONCURRENCY: String(CONCURRENCY),
          WORKER_LOCK_DURATION_MS: String(LOCK_MS),
        },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      child.stderr?.on('data', (d) => process.stderr.write(`[bare-worker] ${d}`));
      ready.push(
        new Promise((resolve, reject) => {
          child.on('message', (m: { ready?: boolean; completed: number; failed: number }) => {
            counts.set(w, m);
            if (m.ready) resolve(undefined);
          });
          child.once('exit', (code) => reject(new Error(`bare worker exited with ${code}`)));
        }),
      );
      workers.push(child);
    }
    await Promise.all(
      ready.map((r) =>
        Promise.race([
          r,
          sleep(30_000).then(() => Promise.reject(new Error('bare worker not ready in 30 s'))),
        ]),
      ),
    );
    const total = () => {
      let done = 0;
      let failed = 0;
      for (const c of counts.values()) {
        done += c.completed;
        failed += c.failed;
      }
      return { done, failed };
    };
    const fakeIds = (n: number) => Array.from({ length: n }, () => randomUUID());
    await enqueue(queue, fakeIds(WARMUP));
    await waitUntil('bare warm-up', WARMUP, 100, async () => total());

    const peaks = workers.map((c) => samplePeakRss(c.pid!));
    const ids = fakeIds(COUNT);
    const pids = workers.map((c) => c.pid!);
    const cpu0 = cpuSeconds(pids);
    const started = process.hrtime.bigint();
    const enqueued = enqueue(queue, ids);
    await waitUntil('bare BullMQ', WARMUP + COUNT, 100, async () => total());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const workerCpu = cpuSeconds(pids) - cpu0;
    await enqueued;
    const peakRss = Math.max(...peaks.map((p) => p()));
    // Nothing ran twice: the counters must not go past the number of jobs.
    await sleep(500);
    const { done } = total();
    if (done !== WARMUP + COUNT)
      throw new Error(`bare BullMQ completed ${done} jobs, expected ${WARMUP + COUNT}`);
    return { seconds, peakRss, workerCpu, postgresCpu: 0 };
  } finally {
    await Promise.all(workers.map((w) => stop(w)));
    await queue.close();
    await clearRedisPrefix(BARE_PREFIX);
  }
}

/**
 * A real worker process (`dist-bench/src/worker.js`). BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU
 * profile of each worker there when it exits (`node /tmp/prof/analyze.js <file>` summarises it).
 */
function startWorker(env: Record<string, string>, label: string): ChildProcess {
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  // BENCH_WORKER_ENTRY: another build of the worker (e.g. the code before a change, for an A/B run).
  const entry = process.env.BENCH_WORKER_ENTRY || distSrc('worker.js');
  const child = spawn(process.execPath, [...profile, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(`[${label}] ${d}`));
  return child;
}

/** Silkbridge: the real worker process(es) delivering the reminders. */
async function runSilkbridge(db: Client): Promise<Measured> {
  await clearRedisPrefix(PREFIX);
  const queue = queueOn(PREFIX);
  const workers: ChildProcess[] = [];
  try {
    for (let w = 0; w < WORKERS; w++) {
      workers.push(
        startWorker(
          {
            NODE_ENV: 'production',
            JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
            DATABASE_URL: scratchUrl(DATABASE),
            REDIS_URL: BENCH.redisUrl,
            QUEUE_PREFIX: PREFIX,
            LOG_LEVEL: 'warn',
            NOTIFICATIONS_CONCURRENCY: String(CONCURRENCY),
            WORKER_LOCK_DURATION_MS: String(LOCK_MS),
            WORKER_HEALTH_PORT: String(HEALTH_PORT + w),
            REMINDER_SWEEP_EVERY_MS: String(3600_000),
          },
          `worker${w}`,
        ),
      );
    }
    for (let w = 0; w < WORKERS; w++) {
      const exited = new Promise<never>((_, reject) =>
        workers[w].once('exit', (code) =>
          reject(new Error(`worker ${w} exited with ${code} before it was ready`)),
        ),
      );
      await Promise.race([waitForHttp(`http://127.0.0.1:${HEALTH_PORT + w}/health/ready`), exited]);
    }
    // Let the start-up sweep finish before any reminder exists (it would enqueue some itself).
    // A finished sweep removes itself, so "finished" is: the next one waits (delayed), none runs.
    const sweepDeadline = Date.now() + 20_000;
    for (;;) {
      const c = await queue.getJobCounts('active', 'wait', 'delayed', 'prioritized');
      if (c.delayed > 0 && !c.active && !c.wait && !c.prioritized) break;
      if (Date.now() > sweepDeadline) {
        console.log('   (no start-up sweep seen in 20 s; going on)');
        break;
      }
      await sleep(200);
    }

    // Reminders still to deliver; counting at most 1,000 keeps the frequent probe cheap (it runs
    // on the same Postgres the worker uses), exact once fewer are left.
    const scheduled = async (exact = true) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM reminders WHERE status = 'scheduled' ${exact ? '' : 'LIMIT 1000'}) s`,
      );
      return rows[0].n as number;
    };
    const failedJobs = async () => (await queue.getJobCounts('failed')).failed;

    const warm = await insertReminders(db, WARMUP, 'warmup');
    await enqueue(queue, warm);
    await waitUntil('silkbridge warm-up', WARMUP, 200, async () => ({
      done: WARMUP - (await scheduled()),
      failed: await failedJobs(),
    }));

    console.log(`   inserting ${COUNT} due reminders`);
    const ids = await insertReminders(db, COUNT, 'measured');
    await db.query('VACUUM ANALYZE reminders');
    await db.query('CHECKPOINT');
    const peaks = workers.map((c) => samplePeakRss(c.pid!));
    const pids = workers.map((c) => c.pid!);
    const backends = await backendPids(db);
    const cpu0 = cpuSeconds(pids);
    const pg0 = cpuSeconds(backends);
    const started = process.hrtime.bigint();
    const enqueued = enqueue(queue, ids);
    await waitUntil('silkbridge worker', COUNT, 200, async (exact) => ({
      done: COUNT - (await scheduled(exact)),
      failed: await failedJobs(),
    }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const workerCpu = cpuSeconds(pids) - cpu0;
    const postgresCpu = cpuSeconds(backends) - pg0;
    await enqueued;
    const peakRss = Math.max(...peaks.map((p) => p()));
    return { seconds, peakRss, workerCpu, postgresCpu };
  } finally {
    await Promise.all(workers.map((w) => stop(w)));
    await queue.close();
    await clearRedisPrefix(PREFIX);
  }
}

/** Every reminder delivered once, two notifications each, nothing else. */
async function verify(db: Client): Promise<void> {
  const { rows } = await db.query(`
    SELECT (SELECT count(*) FROM reminders WHERE status = 'delivered')::int AS delivered,
           (SELECT count(*) FROM reminders WHERE status <> 'delivered')::int AS other,
           (SELECT count(*) FROM notifications)::int AS notifications,
           (SELECT count(*) FROM (SELECT entity_id, user_id, split_part(delivery_key, ':', 2) FROM notifications
                                   GROUP BY 1, 2, 3 HAVING count(*) > 1) d)::int AS duplicated,
           (SELECT count(*) FROM reminders r
              LEFT JOIN (SELECT split_part(delivery_key, ':', 2)::uuid AS reminder_id, count(*) AS n
                           FROM notifications GROUP BY 1) per ON per.reminder_id = r.id
             WHERE coalesce(per.n, 0) <> 2)::int AS wrong`);
  const r = rows[0];
  const total = WARMUP + COUNT;
  if (r.delivered !== total || r.other !== 0)
    throw new Error(
      `${r.delivered} reminders delivered and ${r.other} not, expected ${total} delivered`,
    );
  if (r.notifications !== 2 * total || r.duplicated !== 0 || r.wrong !== 0)
    throw new Error(
      `${r.notifications} notifications (expected ${2 * total}), ${r.duplicated} duplicated, ${r.wrong} reminders without exactly 2`,
    );
}

export async function benchReminders(): Promise<Row[]> {
  const programs = Math.max(WARMUP, Math.ceil(COUNT / RULES));
  let db: Client | undefined;
  try {
    console.log(
      `   re-creating ${DATABASE}: ${programs} programs, ${RULES} rules → ${COUNT} due reminders (+${WARMUP} warm-up)`,
    );
    db = await recreateScratchDatabase(DATABASE);
    await arrangeRecords(db, programs);

    const bare = await runBaseline();
    console.log(
      `   bare BullMQ: ${COUNT} no-op jobs in ${bare.seconds.toFixed(1)} s = ${(COUNT / bare.seconds).toFixed(0)} jobs/s`,
    );
    const real = await runSilkbridge(db);
    console.log(
      `   Silkbridge: ${COUNT} reminders delivered in ${real.seconds.toFixed(1)} s = ${(COUNT / real.seconds).toFixed(0)} jobs/s`,
    );
    const perJob = (s: number) => ((s * 1000) / COUNT).toFixed(2);
    const cpuNote = `CPU per job: worker ${perJob(real.workerCpu)} ms + Postgres ${perJob(real.postgresCpu)} ms vs bare worker ${perJob(bare.workerCpu)} ms`;
    console.log(`   ${cpuNote}`);
    await verify(db);

    const setup = `${WORKERS} worker process(es) × concurrency ${CONCURRENCY}`;
    return [
      throughputRow(
        'reminders: in-app delivery',
        `jobs/s (${COUNT} due, ${setup})`,
        COUNT / real.seconds,
        COUNT / bare.seconds,
        'jobs/s',
        0.5,
        `${real.seconds.toFixed(1)} s vs ${bare.seconds.toFixed(1)} s, enqueue (addBulk) to last done; 2 in-app notifications per reminder; ${cpuNote}`,
      ),
      {
        scenario: 'reminders: in-app delivery',
        metric: 'worker peak RSS (baseline: bare worker)',
        value: real.peakRss,
        baseline: bare.peakRss,
        unit: 'MiB',
        ratio: bare.peakRss ? real.peakRss / bare.peakRss : 0,
      },
    ];
  } finally {
    await db?.end().catch(() => undefined);
    if (process.env.BENCH_KEEP_DB !== '1')
      await dropScratchDatabase(DATABASE).catch(() => undefined);
  }
}
