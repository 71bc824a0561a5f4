import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { QUEUES, reminderJobId } from '../../../src/common/queue/queue.constants';
import { bullConnection } from '../../../src/common/redis/redis.module';
import { freePort, sleep } from './services';

/** Compiled entry points: dist-bench/bench/lib/drill → dist-bench/src. */
const distSrc = (file: string) => path.resolve(__dirname, '..', '..', '..', 'src', file);

export const ADMIN = { email: 'drill-admin@silkbridge.local', password: 'drill-admin-password-1' };

export interface NodeProc {
  label: string;
  child: ChildProcess;
  pid: number;
  /** HTTP port: the API's PORT or the worker's WORKER_HEALTH_PORT. */
  port: number;
  logFile: string;
  exited: Promise<number | null>;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function spawnNode(
  file: string,
  env: Record<string, string>,
  label: string,
  port: number,
  logDir: string,
): NodeProc {
  const logFile = path.join(logDir, `${label}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    label,
    child,
    pid: child.pid!,
    port,
    logFile,
    exited,
    alive,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (!alive()) return;
      child.kill(signal);
      await Promise.race([exited, sleep(15000)]);
      if (alive()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Polls `url` until it answers 200 (or the process died, or the timeout passed). */
export async function waitReady(proc: NodeProc, url: string, timeoutMs = 120000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (!proc.alive())
      throw new Error(`${proc.label} exited before it was ready; see ${proc.logFile}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(8000) });
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`${proc.label} not ready after ${timeoutMs} ms; see ${proc.logFile}`);
}

export interface Cluster {
  apis: NodeProc[];
  workers: NodeProc[];
  apiUrls: string[];
  env: Record<string, string>;
  logDir: string;
  startWorker(label: string): Promise<NodeProc>;
  stop(): Promise<void>;
  /** Lines at level error/fatal (pino level ≥ 50) per process log. */
  errorLines(): Record<string, number>;
}

export interface ClusterOptions {
  workDir: string;
  databaseUrl: string;
  redisUrl: string;
  apis?: number;
  workers?: number;
  /** Extra environment for every process (e.g. SMTP_URL, REMINDER_SWEEP_EVERY_MS). */
  env?: Record<string, string>;
  apiBasePort?: number;
  workerBasePort?: number;
}

/**
 * N API instances and M workers, each its own OS process running the compiled entry points
 * exactly as deployed (`node dist/main.js`, `node dist/worker.js`), logs in `<workDir>/logs`.
 * Both APIs run their migrations at start-up (an advisory lock lets only one apply them) and
 * both try to create the first admin (serialised by another lock).
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const logDir = path.join(o.workDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: 'drill',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.DRILL_LOG_LEVEL ?? 'warn',
    MIGRATIONS_RUN: 'true',
    ...(o.env ?? {}),
  };
  const taken = new Set<number>();
  const apis: NodeProc[] = [];
  for (let i = 0; i < (o.apis ?? 2); i++) {
    const port = await freePort((o.apiBasePort ?? 3400) + i, taken);
    apis.push(
      spawnNode(
        distSrc('main.js'),
        { ...env, PORT: String(port) },
        `api-${String.fromCharCode(97 + i)}`,
        port,
        logDir,
      ),
    );
  }
  const apiUrls = apis.map((a) => `http://127.0.0.1:${a.port}`);
  await Promise.all(apis.map((a, i) => waitReady(a, `${apiUrls[i]}/health/ready`)));

  const workers: NodeProc[] = [];
  const startWorker = async (label: string) => {
    const port = await freePort((o.workerBasePort ?? 3450) + workers.length, taken);
    const w = spawnNode(
      distSrc('worker.js'),
      { ...env, WORKER_HEALTH_PORT: String(port) },
      label,
      port,
      logDir,
    );
    workers.push(w);
    await waitReady(w, `http://127.0.0.1:${port}/health/ready`);
    return w;
  };
  await Promise.all(
    Array.from({ length: o.workers ?? 2 }, (_, i) => startWorker(`worker-${i + 1}`)),
  );

  return {
    apis,
    workers,
    apiUrls,
    env,
    logDir,
    startWorker,
    async stop() {
      await Promise.all([...apis, ...workers].map((p) => p.kill('SIGTERM')));
    },
    errorLines() {
      const out: Record<string, number> = {};
      for (const p of [...apis, ...workers]) {
        const text = fs.existsSync(p.logFile) ? fs.readFileSync(p.logFile, 'utf8') : '';
        out[p.label] = text.split('\n').filter((l) => /"level":(50|60)/.test(l)).length;
      }
      return out;
    },
  };
}

/** Which worker process finished each reminder's delivery job (BullMQ's `processedBy` = host:pid). */
export async function deliveriesByWorker(
  redisUrl: string,
  cluster: Cluster,
  reminderIds: string[],
): Promise<string> {
  const queue = new Queue(QUEUES.notifications, {
    connection: bullConnection(redisUrl, 'blocking'),
    prefix: cluster.env.QUEUE_PREFIX,
  });
  try {
    const counts = new Map<string, number>();
    for (const id of reminderIds) {
      const job = await queue.getJob(reminderJobId(id));
      const state = job ? await job.getState() : 'gone';
      const pid = Number(job?.processedBy?.split(':').pop());
      const label =
        state !== 'completed'
          ? `job ${state}`
          : (cluster.workers.find((w) => w.pid === pid)?.label ?? `pid ${pid}`);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  } finally {
    await queue.close();
  }
}
