import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { loadEnv } from '../config/env.validation';
import { runMigrations } from '../database/migrate';
import { runSeed } from './seeds/run-seed';

/**
 * The README's first command: creates the database, migrates, loads the essays' demo data,
 * then runs the API and the worker until Ctrl-C.
 */
(async () => {
  process.env.NODE_ENV ??= 'development';
  process.env.ADMIN_EMAIL ??= 'admin@silkbridge.local';
  process.env.ADMIN_PASSWORD ??= 'silkbridge-admin-demo';
  const env = loadEnv();
  await runMigrations(env);
  const ctx = await runSeed(env);

  const children: ChildProcess[] = [];
  const start = (file: string) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', file)], {
      stdio: 'inherit',
      env: { ...process.env, MIGRATIONS_RUN: 'false' },
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${file} exited (${signal ?? code}); stopping`);
        stop(1);
      }
    });
    children.push(child);
  };
  let stopping = false;
  const stop = (code = 0) => {
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    setTimeout(() => process.exit(code), 15000).unref();
    Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    ).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());
  start('main.js');
  start('worker.js');

  const base = `http://localhost:${env.PORT}`;
  console.log(`
Silkbridge is starting with the essays' demo data.
  Web app      ${base}/
  API          ${base}/api/v1
  OpenAPI      ${base}/api/docs  (JSON: ${base}/api/docs-json)
  Readiness    ${base}/health/ready
  Accounts     ${[
    { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD, role: 'admin' },
    ...ctx.credentials,
  ]
    .map((c) => `${c.role}: ${c.email} / ${c.password}`)
    .join('\n               ')}
Press Ctrl-C to stop.`);
})().catch((err: Error) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
