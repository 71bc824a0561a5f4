/**
 * Benchmark scenario `report`: a yearly `summary` report over the large dataset (1M
 * registrations, 1M aid transactions; bench/lib/seed-large.ts), built through the real service
 * (ReportBuilder inside the worker's Nest context: claim, SQL, render, store, notify), compared in
 * the same run with the bare SQL statements it runs (the very same strings from
 * src/reports/queries, same parameters, same snapshot isolation) sent with plain `pg`.
 * Target: the JSON build within 1.5× its bare SQL. PDF is measured too (rendering and the chart).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { Clock } from '../src/common/clock';
import { resetEnvCache } from '../src/config/env.validation';
import { reportQueryParams, reportStatements } from '../src/reports/queries';
import { ReportBuilder } from '../src/reports/report-builder.service';
import { localDate } from '../src/reports/report-period';
import type { ReportFormat } from '../src/reports/report.model';
import { WorkerModule } from '../src/worker.module';
import { BENCH, databaseUrl } from './lib/env';
import { Row, timeRow } from './lib/results';

const TZ = 'Asia/Karachi';
const YEAR = 2024;
const REPEAT = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function benchReportSummary(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const format of ['json', 'pdf'] as ReportFormat[]) {
    const r = await measure(format);
    rows.push(
      timeRow(
        `report: yearly summary (${format})`,
        'build time',
        r.serviceMs,
        r.bareSqlMs,
        'ms',
        format === 'json' ? 1.5 : undefined,
        `peak RSS ${r.peakRssMb.toFixed(0)} MiB; ${r.statements} statements; slowest: ${r.slowestStatements.map((s) => `${s.name} ${s.ms} ms`).join(', ')}`,
      ),
    );
  }
  return rows;
}

async function measure(FORMAT: ReportFormat) {
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  const {
    rows: [have],
  } = await db.query(
    `SELECT (SELECT count(*) FROM registrations)::int AS regs, (SELECT count(*) FROM aid_transactions)::int AS txs`,
  );
  console.log(
    `  ${FORMAT}: ${have.regs} registrations, ${have.txs} transactions in the bench database`,
  );

  // The worker's Nest context: the real ReportBuilder with its DataSource, renderers and notifier.
  Object.assign(process.env, {
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    REDIS_URL: BENCH.redisUrl,
    DATABASE_URL: databaseUrl(),
    QUEUE_PREFIX: `bench-${process.pid}`,
    REPORT_TICK_EVERY_MS: '0',
    WORKER_HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
    REPORT_TIME_ZONE: TZ,
  });
  resetEnvCache();
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: ['error'],
    abortOnError: false,
  });
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
    const {
      rows: [r],
    } = await db.query(
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
    const {
      rows: [done],
    } = await db.query(`SELECT status, byte_size FROM reports WHERE id = $1`, [r.id]);
    if (outcome !== 'ready' || done.status !== 'ready')
      throw new Error(`build ended ${outcome}/${done.status}`);
    return {
      total,
      bytes: done.byte_size as number,
      rssBeforeMb: rssBefore / 2 ** 20,
      peakRssMb: peak / 2 ** 20,
    };
  };

  await bareSql(); // warm the caches for both sides
  const sqlRuns: { total: number; perStatement: Record<string, number> }[] = [];
  const serviceRuns: Awaited<ReturnType<typeof service>>[] = [];
  for (let i = 0; i < REPEAT; i++) {
    serviceRuns.push(await service());
    sqlRuns.push(await bareSql());
  }
  const result = {
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
  console.log(
    `  ${FORMAT}: service ${result.serviceMs.toFixed(0)} ms vs bare SQL ${result.bareSqlMs.toFixed(0)} ms → ${result.ratio.toFixed(2)}×; peak RSS ${result.peakRssMb.toFixed(0)} MiB`,
  );
  // Leave the bench database as it was.
  await db.query(
    `DELETE FROM notifications WHERE kind = 'report_ready'; DELETE FROM audit_events WHERE entity_type = 'report'; DELETE FROM reports`,
  );
  await db.end();
  await app.close();
  // Drop this run's BullMQ keys.
  const redis = new IORedis(BENCH.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `bench-${process.pid}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  return result;
}
