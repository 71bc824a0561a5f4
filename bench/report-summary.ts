/**
 * Benchmark: a yearly `summary` report over a large data set, built through the real service
 * (ReportBuilder inside the worker's Nest context: claim, SQL, render, store, notify), compared
 * in the same run with the bare SQL statements it runs (the very same strings from
 * src/reports/queries, same parameters, same snapshot isolation) sent with plain `pg`.
 *
 *   npx tsc -p tsconfig.json --outDir dist/bench-run
 *   node dist/bench-run/bench/report-summary.js --rows 1000000 --format pdf --repeat 3
 *
 * Options: --rows N (registrations AND aid transactions; default 1,000,000), --format
 * json|csv|xlsx|pdf (default json), --repeat N (default 3; medians are printed), --reseed
 * (drop the data and seed again), --year YYYY (default 2025; the previous year is compared).
 * Needs Postgres (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432) and Redis
 * (REDIS_URL) like the worker. Data goes into the database `silkbridge_bench`, seeded with
 * generate_series (deterministic: setseed). Results are printed and written to
 * bench/results/report-summary-<time>.json (under the current directory).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import * as fs from 'fs';
import IORedis from 'ioredis';
import * as path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { resetEnvCache } from '../src/config/env.validation';
import { reportQueryParams, reportStatements } from '../src/reports/queries';
import { ReportBuilder } from '../src/reports/report-builder.service';
import { localDate } from '../src/reports/report-period';
import type { ReportFormat } from '../src/reports/report.model';
import { WorkerModule } from '../src/worker.module';

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = 'silkbridge_bench';
const TZ = 'Asia/Karachi';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const ROWS = Number(arg('rows', '1000000'));
const FORMAT = arg('format', 'json') as ReportFormat;
const REPEAT = Number(arg('repeat', '3'));
const YEAR = Number(arg('year', '2025'));
const RESEED = process.argv.includes('--reseed');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function ensureDatabase(): Promise<void> {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const dir = path.resolve(__dirname, '..', 'migrations');
  const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const classes = fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().flatMap((f) => Object.values(require(path.join(dir, f))));
  const ds = new DataSource({ type: 'postgres', url: `${PG}/${DB}`, migrations: classes as never, migrationsTableName: 'migrations', logging: ['error'] });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}

/** Two years of invented activity; `rows` registrations and `rows` aid transactions. */
async function seed(db: Client, rows: number): Promise<void> {
  const t0 = process.hrtime.bigint();
  const from = `${YEAR - 1}-01-01`;
  await db.query(`TRUNCATE registrations, participants, program_organizations, programs, partnerships, cities, disbursements,
    application_reviews, scholarship_applications, scholarships, milestones, aid_transactions, aid_project_organizations,
    aid_projects, notifications, reports, report_schedules, audit_events, organizations, users CASCADE`);
  await db.query(`SELECT setseed(0.42)`);
  const q = async (label: string, sql: string, params: unknown[] = []) => {
    const s = process.hrtime.bigint();
    const r = await db.query(sql, params);
    console.log(`  seed ${label}: ${r.rowCount ?? 0} rows in ${ms(s).toFixed(0)} ms`);
  };
  await q('users', `INSERT INTO users (email, password_hash, role, display_name) VALUES
    ('bench-admin@bench.local', 'x', 'admin', 'Bench admin'), ('bench-coordinator@bench.local', 'x', 'coordinator', 'Bench coordinator')`);
  await q('organizations', `INSERT INTO organizations (name, type, country, contact_email, status, approved_at, created_at)
    SELECT jsonb_build_object('en', 'Bench organisation ' || i),
           (ARRAY['ngo','enterprise','local_government','university','think_tank','overseas_association','media'])[1 + i % 7],
           (ARRAY['PK','CN'])[1 + i % 2], 'org' || i || '@bench.local',
           CASE WHEN i % 3 = 0 THEN 'pending' ELSE 'approved' END,
           CASE WHEN i % 3 = 0 THEN NULL ELSE $1::timestamptz + (i % 730) * interval '1 day' + interval '10 days' END,
           $1::timestamptz + (i % 730) * interval '1 day'
    FROM generate_series(1, 2000) i`, [from]);
  await q('cities', `INSERT INTO cities (names, country, region, kind)
    SELECT jsonb_build_object('en', 'Bench city ' || i), (ARRAY['PK','CN'])[1 + i % 2],
           (ARRAY['Gilgit-Baltistan','Balochistan','Punjab','Sindh','Xinjiang','Beijing','Sichuan','Khyber Pakhtunkhwa'])[1 + i % 8], 'city'
    FROM generate_series(1, 40) i`);
  await q('partnerships', `INSERT INTO partnerships (city_a_id, city_b_id, kind, status, established_on)
    SELECT a.id, b.id, (ARRAY['sister_city','sister_county','friendship'])[1 + (a.rn + b.rn) % 3],
           CASE WHEN (a.rn + b.rn) % 5 = 0 THEN 'proposed' ELSE 'active' END, date '2010-01-01' + ((a.rn * 37 + b.rn * 11) % 5800)::int
    FROM (SELECT id, row_number() OVER (ORDER BY id) rn FROM cities) a
    JOIN (SELECT id, row_number() OVER (ORDER BY id) rn FROM cities) b ON a.rn < b.rn
    LIMIT 300`);
  await q('programs', `INSERT INTO programs (title, type, partnership_id, coordinator_id, starts_at, ends_at, time_zone, registration_deadline, capacity, status)
    SELECT jsonb_build_object('en', 'Bench program ' || i),
           (ARRAY['delegation','culture','education','training','youth','media','think_tank','tourism','medical','relief'])[1 + i % 10],
           CASE WHEN i % 2 = 0 THEN (SELECT id FROM partnerships ORDER BY id OFFSET (i % 300) LIMIT 1) END,
           (SELECT id FROM users WHERE role = 'coordinator'),
           $1::timestamptz + (i % 730) * interval '1 day', $1::timestamptz + (i % 730) * interval '1 day' + interval '3 days', 'Asia/Karachi',
           $1::timestamptz + (i % 730) * interval '1 day' - interval '7 days', 100000,
           CASE WHEN i % 20 = 0 THEN 'cancelled' ELSE 'completed' END
    FROM generate_series(0, 4998) i`, [from]);
  await db.query(`CREATE TEMP TABLE bench_org AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM organizations`);
  await q('participants', `INSERT INTO participants (organization_id, full_name, name_key, nationality, gender)
    SELECT CASE WHEN i % 10 < 7 THEN o.id END,
           'Bench person ' || i, 'bench person ' || i,
           (ARRAY['PK','CN','AF','IR','KZ','TR','GB','US'])[1 + i % 8],
           (ARRAY['female','male','other','undisclosed',NULL])[1 + i % 5]
    FROM generate_series(0, 99999) i
    JOIN bench_org o ON o.n = i % 2000`);
  await db.query(`CREATE TEMP TABLE bench_prog AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM programs`);
  await db.query(`CREATE TEMP TABLE bench_person AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, organization_id FROM participants`);
  await db.query(`CREATE INDEX ON bench_prog (n)`);
  await db.query(`CREATE INDEX ON bench_person (n)`);
  // (i mod 4999, i mod 100000) is unique for i < 499,900,000 (4999 and 100000 are coprime).
  await q('registrations', `INSERT INTO registrations (program_id, participant_id, organization_id, status)
    SELECT p.id, pe.id, pe.organization_id,
           CASE WHEN i % 20 < 17 THEN 'confirmed' WHEN i % 20 < 19 THEN 'waitlisted' ELSE 'cancelled' END
    FROM generate_series(0, $1::int - 1) i
    JOIN bench_prog p ON p.n = i % 4999
    JOIN bench_person pe ON pe.n = i % 100000`, [rows]);
  await q('scholarships', `INSERT INTO scholarships (name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at)
    SELECT jsonb_build_object('en', 'Bench scheme ' || i), (ARRAY['bachelor','master','phd','short_course','teacher_exchange'])[1 + i % 5],
           100000, 1000, 'USD', $1::timestamptz, $1::timestamptz + interval '3 years'
    FROM generate_series(0, 39) i`, [from]);
  await db.query(`CREATE TEMP TABLE bench_scheme AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM scholarships`);
  const apps = Math.min(100000, Math.max(1000, Math.floor(rows / 10)));
  await q('applications', `INSERT INTO scholarship_applications (scholarship_id, participant_id, created_by, status, statement, submitted_at, decided_at, responded_at)
    SELECT s.id, pe.id, (SELECT id FROM users WHERE role = 'coordinator'),
           (ARRAY['submitted','under_review','awarded','rejected','accepted','declined'])[1 + i % 6], 'Bench statement',
           $2::timestamptz + (i % 700) * interval '1 day',
           CASE WHEN i % 6 >= 2 THEN $2::timestamptz + (i % 700 + 20) * interval '1 day' END,
           CASE WHEN i % 6 >= 4 THEN $2::timestamptz + (i % 700 + 30) * interval '1 day' END
    FROM generate_series(0, $1::int - 1) i
    JOIN bench_scheme s ON s.n = i % 40
    JOIN bench_person pe ON pe.n = i % 100000`, [apps, from]);
  await q('disbursements', `INSERT INTO disbursements (application_id, amount, currency, paid_on, reference)
    SELECT a.id, round((100 + random() * 5000)::numeric, 2), (ARRAY['USD','PKR','CNY'])[1 + k % 3],
           (a.responded_at AT TIME ZONE 'Asia/Karachi')::date + k * 30, 'BENCH-' || k
    FROM scholarship_applications a CROSS JOIN generate_series(0, 2) k
    WHERE a.status = 'accepted'`);
  await q('aid projects', `INSERT INTO aid_projects (title, category, city_id, status, budget_amount, budget_currency, planned_start, planned_end, beneficiaries_target, beneficiaries_actual)
    SELECT jsonb_build_object('en', 'Bench aid project ' || i),
           (ARRAY['school','e_education_center','clinic_vehicle','cataract_campaign','drinking_water','snow_removal','solar_lighting','training','relief_supplies','other'])[1 + i % 10],
           (SELECT id FROM cities ORDER BY id OFFSET (i % 40) LIMIT 1),
           (ARRAY['pipeline','implementation','completed','cancelled'])[1 + i % 4],
           round((10000 + random() * 1000000)::numeric, 2), (ARRAY['PKR','USD','CNY'])[1 + i % 3],
           $1::date + (i % 600), $1::date + (i % 600) + 180, 100 + i % 900, i % 700
    FROM generate_series(0, 2999) i`, [from]);
  await db.query(`CREATE TEMP TABLE bench_project AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM aid_projects`);
  await db.query(`CREATE INDEX ON bench_project (n)`);
  await q('aid transactions', `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date)
    SELECT p.id, (ARRAY['commitment','disbursement','expenditure'])[1 + i % 3], round((1 + random() * 10000)::numeric, 2),
           (ARRAY['PKR','USD','CNY'])[1 + (i / 3) % 3], $2::date + (i % 730)
    FROM generate_series(0, $1::int - 1) i
    JOIN bench_project p ON p.n = i % 3000`, [rows, from]);
  await q('milestones', `INSERT INTO milestones (project_id, title, due_on, completed_at)
    SELECT p.id, 'Bench milestone ' || i, $1::date + (i % 730),
           CASE WHEN i % 3 = 0 THEN NULL ELSE ($1::date + (i % 730) + (i % 5) - 2)::timestamp AT TIME ZONE 'Asia/Karachi' END
    FROM generate_series(0, 29999) i
    JOIN bench_project p ON p.n = i % 3000`, [from]);
  await db.query('ANALYZE');
  console.log(`  seeded in ${(ms(t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  await ensureDatabase();
  const db = new Client({ connectionString: `${PG}/${DB}` });
  await db.connect();
  const { rows: [have] } = await db.query(`SELECT (SELECT count(*) FROM registrations)::int AS regs, (SELECT count(*) FROM aid_transactions)::int AS txs`);
  if (RESEED || have.regs !== ROWS || have.txs !== ROWS) {
    console.log(`seeding ${ROWS} registrations and ${ROWS} aid transactions into ${DB} ...`);
    await seed(db, ROWS);
  } else {
    console.log(`reusing ${DB} (${have.regs} registrations, ${have.txs} transactions)`);
  }

  // The worker's Nest context: the real ReportBuilder with its DataSource, renderers and notifier.
  Object.assign(process.env, {
    DATABASE_URL: `${PG}/${DB}`,
    QUEUE_PREFIX: `bench-${process.pid}`,
    REPORT_TICK_EVERY_MS: '0',
    WORKER_HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
    REPORT_TIME_ZONE: TZ,
  });
  resetEnvCache();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await app.init();
  const builder = app.get(ReportBuilder);
  const now = new Date(`${YEAR + 1}-01-15T06:00:00Z`);
  app.get(Clock).now = () => now;
  const period = { periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31` };
  const params = reportQueryParams({ ...period, timeZone: TZ, asOf: localDate(now, TZ) });
  const statements = reportStatements('summary');

  const bareSql = async () => {
    const perStatement: Record<string, number> = {};
    const start = process.hrtime.bigint();
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const s of statements) {
      const t = process.hrtime.bigint();
      await db.query(s.sql, params);
      perStatement[s.name] = ms(t);
    }
    await db.query('COMMIT');
    return { total: ms(start), perStatement };
  };
  const service = async () => {
    const { rows: [r] } = await db.query(
      `INSERT INTO reports (kind, format, period_start, period_end, status) VALUES ('summary', $1, $2, $3, 'queued') RETURNING id`,
      [FORMAT, period.periodStart, period.periodEnd],
    );
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const start = process.hrtime.bigint();
    const outcome = await builder.build(r.id);
    const total = ms(start);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const { rows: [done] } = await db.query(`SELECT status, byte_size FROM reports WHERE id = $1`, [r.id]);
    if (outcome !== 'ready' || done.status !== 'ready') throw new Error(`build ended ${outcome}/${done.status}`);
    return { total, bytes: done.byte_size as number, rssBeforeMb: rssBefore / 2 ** 20, peakRssMb: peak / 2 ** 20 };
  };

  await bareSql(); // warm the caches for both sides
  const sqlRuns: { total: number; perStatement: Record<string, number> }[] = [];
  const serviceRuns: Awaited<ReturnType<typeof service>>[] = [];
  for (let i = 0; i < REPEAT; i++) {
    serviceRuns.push(await service());
    sqlRuns.push(await bareSql());
  }
  const result = {
    scenario: 'report-summary',
    rows: ROWS,
    format: FORMAT,
    period,
    repeat: REPEAT,
    statements: statements.length,
    serviceMs: median(serviceRuns.map((r) => r.total)),
    bareSqlMs: median(sqlRuns.map((r) => r.total)),
    ratio: median(serviceRuns.map((r) => r.total)) / median(sqlRuns.map((r) => r.total)),
    fileBytes: serviceRuns[0].bytes,
    peakRssMb: Math.max(...serviceRuns.map((r) => r.peakRssMb)),
    processMaxRssMb: process.resourceUsage().maxRSS / 1024,
    slowestStatements: Object.entries(sqlRuns[sqlRuns.length - 1].perStatement)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, t]) => ({ name, ms: Math.round(t) })),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`service ${result.serviceMs.toFixed(0)} ms vs bare SQL ${result.bareSqlMs.toFixed(0)} ms → ratio ${result.ratio.toFixed(2)}; peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  const outDir = path.resolve(process.cwd(), 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `report-summary-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
  await db.query(`DELETE FROM notifications; DELETE FROM audit_events WHERE entity_type = 'report'; DELETE FROM reports`);
  await db.end();
  await app.close();
  // Drop this run's BullMQ keys.
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `bench-${process.pid}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
