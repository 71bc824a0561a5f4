import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'crypto';
import IORedis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/common/http/configure-app';
import { loadEnv, resetEnvCache } from '../../src/config/env.validation';
import { WorkerModule } from '../../src/worker.module';
import { dbUrl, PG_SERVER, REDIS_URL, templateName } from './test-env';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  /** Plain pg client on this file's database, for arranging and asserting rows. */
  db: Client;
  dbName: string;
  queuePrefix: string;
  env: Record<string, string>;
  /** Logs in and returns the access token. */
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Starts a worker (same database and queue prefix) inside this process. */
  startWorker(extraEnv?: Record<string, string>): Promise<INestApplicationContext>;
  /** Closes the API as SIGTERM does (once; `close` then only cleans up). */
  closeApp(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<{
  name: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const run = process.env.SB_TEST_RUN ?? 'adhoc';
  const name = `sbt_${run}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  // Cloning needs the template to have no other sessions; retry briefly if a parallel clone holds it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
      break;
    } catch (err) {
      if (attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  return {
    name,
    url: dbUrl(name),
    drop: async () => {
      const c = new Client({ connectionString: `${PG_SERVER}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Boots the whole API exactly as main.ts does (same pipes, filters, body limits), on its own
 * database and queue prefix. Pass env overrides (e.g. a closed REDIS_URL) as needed.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const queuePrefix = `sbt:${process.env.SB_TEST_RUN ?? 'adhoc'}:${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: 'test-secret-test-secret-test-secret-123',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    WORKER_HEALTH_PORT: '0',
    ...overrides,
  };
  const applyEnv = () => {
    Object.assign(process.env, env);
    resetEnvCache();
  };
  applyEnv();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createHttpAdapter(loadEnv()),
    {
      bodyParser: false,
      logger: false,
    },
  );
  await configureApp(app, loadEnv());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const workers: INestApplicationContext[] = [];
  let adminToken: string | undefined;
  let appClosed: Promise<void> | undefined;

  const t: TestApp = {
    app,
    http: () => request(app.getHttpServer()),
    db,
    dbName: database.name,
    queuePrefix,
    env,
    async login(email, password) {
      const res = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email, password });
      if (res.status !== 200)
        throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async adminToken() {
      adminToken ??= await t.login(ADMIN.email, ADMIN.password);
      return adminToken;
    },
    async startWorker(extraEnv = {}) {
      Object.assign(process.env, env, extraEnv);
      resetEnvCache();
      const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      await worker.init();
      workers.push(worker);
      applyEnv();
      return worker;
    },
    closeApp() {
      appClosed ??= app.close();
      return appClosed;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      await t.closeApp();
      await db.end();
      await database.drop();
      const redis = new IORedis(REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
  return t;
}

/** `Authorization` header for a token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
