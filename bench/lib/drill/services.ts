import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import { createServer } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';

/**
 * Private PostgreSQL and Redis for the drills, so that restarting or killing them never
 * disturbs the machine's shared services (or anyone's tests). Everything lives in one temp
 * directory that is removed at the end (kept when a drill fails, for its logs).
 *
 * Postgres keeps its default durability settings (fsync on, synchronous commit): the fault
 * drill asserts that nothing acknowledged is lost across a restart, which only means something
 * with a durable server.
 */

const PG_BIN = process.env.DRILL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `preferred` when free, else the next free port above it. */
export async function freePort(preferred: number, taken: Set<number> = new Set()): Promise<number> {
  for (let p = preferred; p < preferred + 200; p++) {
    if (taken.has(p)) continue;
    if (await isPortFree(p)) {
      taken.add(p);
      return p;
    }
  }
  throw new Error(`no free port near ${preferred}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function makeWorkDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `silkbridge-${label}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** initdb refuses to run as root: then the cluster belongs to the `postgres` OS user. */
function asPgUser(cmd: string, args: string[]): [string, string[]] {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot
    ? ['runuser', ['-u', process.env.DRILL_PG_OS_USER ?? 'postgres', '--', cmd, ...args]]
    : [cmd, args];
}

/** Runs a Postgres tool (asynchronously: the drill's load keeps running meanwhile). */
function run(cmd: string, args: string[], timeoutMs = 60000): Promise<string> {
  const [c, a] = asPgUser(cmd, args);
  return new Promise((resolve, reject) =>
    execFile(c, a, { timeout: timeoutMs }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${path.basename(cmd)} failed: ${err.message}\n${stderr}`))
        : resolve(stdout),
    ),
  );
}

export interface PrivatePostgres {
  port: number;
  /** Server URL without a database name. */
  server: string;
  url(database: string): string;
  /** pg_ctl stop -m fast (clients are disconnected, a clean shutdown checkpoint is written). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** pg_ctl restart -m fast in one step. */
  restart(): Promise<void>;
  isUp(): Promise<boolean>;
  /** Stops the server for good (end of the drill). */
  destroy(): Promise<void>;
  logFile: string;
}

export async function startPrivatePostgres(
  workDir: string,
  preferredPort = 5499,
): Promise<PrivatePostgres> {
  const port = await freePort(preferredPort);
  const pgDir = path.join(workDir, 'pg');
  fs.mkdirSync(pgDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) execFileSync('chown', [process.env.DRILL_PG_OS_USER ?? 'postgres', pgDir]);
  const data = path.join(pgDir, 'data');
  const logFile = path.join(pgDir, 'postgres.log');
  await run(path.join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  // Only the server's address and socket are set; durability settings stay at their defaults.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${pgDir} -c max_connections=200`;
  const ctl = (...args: string[]) => run(path.join(PG_BIN, 'pg_ctl'), ['-D', data, ...args], 90000);
  const pg: PrivatePostgres = {
    port,
    server: `postgres://postgres@127.0.0.1:${port}`,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    logFile,
    start: async () => void (await ctl('-o', opts, '-l', logFile, '-w', '-t', '60', 'start')),
    stop: async () => void (await ctl('-m', 'fast', '-w', '-t', '60', 'stop')),
    restart: async () =>
      void (await ctl('-o', opts, '-l', logFile, '-m', 'fast', '-w', '-t', '60', 'restart')),
    isUp: () =>
      run(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], 5000).then(
        () => true,
        () => false,
      ),
    destroy: async () => {
      await ctl('-m', 'fast', '-w', '-t', '30', 'stop').catch(() => undefined);
    },
  };
  await pg.start();
  return pg;
}

export async function createDatabase(pg: PrivatePostgres, name: string): Promise<string> {
  const c = new Client({ connectionString: pg.url('postgres') });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return pg.url(name);
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** SHUTDOWN NOSAVE: the server comes back empty (no persistence configured). */
  stop(): Promise<void>;
  start(): Promise<void>;
  isUp(): Promise<boolean>;
  destroy(): Promise<void>;
}

/** redis-server as a child process (no persistence: --save '' --appendonly no). */
export async function startPrivateRedis(
  workDir: string,
  preferredPort = 6399,
): Promise<PrivateRedis> {
  const port = await freePort(preferredPort);
  const dir = path.join(workDir, 'redis');
  fs.mkdirSync(dir);
  const logFile = path.join(dir, 'redis.log');
  let child: ChildProcess | undefined;
  const cli = (...args: string[]) =>
    new Promise<string>((resolve) =>
      execFile('redis-cli', ['-p', String(port), ...args], { timeout: 3000 }, (err, out) =>
        resolve(err ? '' : out.trim()),
      ),
    );
  const ping = async () => (await cli('ping')) === 'PONG';
  const r: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    isUp: ping,
    start: async () => {
      const out = fs.openSync(logFile, 'a');
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
          '--dir',
          dir,
        ],
        {
          stdio: ['ignore', out, out],
        },
      );
      fs.closeSync(out);
      const deadline = Date.now() + 10000;
      while (!(await ping())) {
        if (Date.now() > deadline)
          throw new Error(`private redis did not start on ${port}; see ${logFile}`);
        await sleep(50);
      }
    },
    stop: async () => {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((res) => c.once('exit', res));
      // redis-cli reports the dropped connection of a successful SHUTDOWN as an error: ignored.
      await cli('shutdown', 'nosave');
      await Promise.race([exited, sleep(5000)]);
      if (c.exitCode === null) c.kill('SIGKILL');
    },
    destroy: async () => r.stop(),
  };
  await r.start();
  return r;
}
