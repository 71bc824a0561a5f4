/**
 * Bench: import a 100,000-row participants CSV through HTTP, as an NGO member would.
 *
 *   npm run build
 *   npx tsc bench/import-100k.ts --outDir dist/bench --module commonjs --target ES2022 \
 *     --esModuleInterop --skipLibCheck --types node --strict
 *   ROWS=100000 node dist/bench/import-100k.js
 *
 * It generates the CSV on disk (streamed), drops and recreates the database `silkbridge_bench`,
 * starts the compiled API (`dist/main.js`) as a child process against it, registers and approves
 * an organisation, uploads the file to POST /api/v1/participants/import, checks the counts it
 * answers against what the generator expects, and prints rows/s and the API's peak RSS
 * (from /proc/<pid>/status, Linux). Results go to bench/results/import-<rows>.json.
 *
 * Environment: ROWS (100000), BENCH_PORT (3990), BENCH_DATABASE (silkbridge_bench),
 * PG_SERVER (postgres://postgres@127.0.0.1:5432), REDIS_URL (redis://127.0.0.1:6379),
 * API_ENTRY (dist/main.js next to this file's dist/bench folder), BENCH_KEEP_DB=1 to keep the
 * database afterwards (it is dropped by default), BENCH_RESULTS_DIR.
 */
import { ChildProcess, spawn } from 'child_process';
import { createWriteStream, openAsBlob, promises as fs, readFileSync } from 'fs';
import { once } from 'events';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';

const ROWS = Number(process.env.ROWS ?? 100_000);
const PORT = Number(process.env.BENCH_PORT ?? 3990);
const DATABASE = process.env.BENCH_DATABASE ?? 'silkbridge_bench';
const PG_SERVER = process.env.PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_ENTRY = process.env.API_ENTRY ?? path.resolve(__dirname, '..', 'main.js');
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'bench-admin@silkbridge.local', password: 'bench-admin-password' };

// Invented name pools (Latin, Urdu, Chinese) so the rows look like the real thing.
const PK_GIVEN = [
  ['Ayesha', 'عائشہ'],
  ['Imran', 'عمران'],
  ['Nadia', 'نادیہ'],
  ['Sher', 'شیر'],
  ['Zainab', 'زینب'],
  ['Karim', 'کریم'],
  ['Sana', 'ثناء'],
  ['Bilal', 'بلال'],
  ['Usman', 'عثمان'],
  ['Hamza', 'حمزہ'],
  ['Mehwish', 'مہوش'],
  ['Fatima', 'فاطمہ'],
];
const PK_FAMILY = [
  ['Khan', 'خان'],
  ['Baig', 'بیگ'],
  ['Shah', 'شاہ'],
  ['Hussain', 'حسین'],
  ['Malik', 'ملک'],
  ['Ahmed', 'احمد'],
  ['Qureshi', 'قریشی'],
  ['Baloch', 'بلوچ'],
];
const CN_GIVEN = [
  ['Fang', '芳'],
  ['Na', '娜'],
  ['Wei', '伟'],
  ['Lin', '琳'],
  ['Yang', '洋'],
  ['Lei', '磊'],
  ['Jun', '军'],
  ['Min', '敏'],
];
const CN_FAMILY = [
  ['Wang', '王'],
  ['Li', '李'],
  ['Zhang', '张'],
  ['Liu', '刘'],
  ['Chen', '陈'],
  ['Zhao', '赵'],
  ['Ma', '马'],
];

interface Expected {
  created: number;
  duplicates: number;
  failed: number;
}

/** Writes the CSV and works out what the import must answer (same de-duplication rules). */
async function generateCsv(file: string): Promise<Expected> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const emails = new Set<string>();
  const nameDob = new Set<string>();
  const expected: Expected = { created: 0, duplicates: 0, failed: 0 };
  await write('fullName,nativeName,email,nationality,gender,dateOfBirth,phone\n');
  for (let i = 0; i < ROWS; i++) {
    const pk = i % 2 === 0;
    const [given, family] = pk
      ? [PK_GIVEN[i % PK_GIVEN.length], PK_FAMILY[(i >> 3) % PK_FAMILY.length]]
      : [CN_GIVEN[i % CN_GIVEN.length], CN_FAMILY[(i >> 3) % CN_FAMILY.length]];
    const fullName = `${given[0]} ${family[0]} ${i.toString(36)}`;
    const nativeName = pk ? `${given[1]} ${family[1]}` : `${family[1]}${given[1]}`;
    // Every 97th row repeats an earlier email (a duplicate); every 211th has a bad country (an error).
    const email = i % 97 === 96 ? `person${i - 50}@bench.example` : `person${i}@bench.example`;
    const nationality = i % 211 === 210 ? 'XX' : pk ? 'PK' : 'CN';
    const dob = new Date(Date.UTC(1960, 0, 1) + (i % 16000) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const gender = i % 3 === 0 ? 'female' : i % 3 === 1 ? 'male' : '';
    const phone = i % 5 === 0 ? `+92 300 ${String(1_000_000 + i).slice(-7)}` : '';
    await write(`${fullName},${nativeName},${email},${nationality},${gender},${dob},${phone}\n`);
    if (nationality === 'XX') {
      expected.failed++;
      continue;
    }
    const key = `${fullName.toLowerCase()}|${dob}`;
    if (emails.has(email) || nameDob.has(key)) {
      expected.duplicates++;
      continue;
    }
    emails.add(email);
    nameDob.add(key);
    expected.created++;
  }
  out.end();
  await once(out, 'finish');
  return expected;
}

/** Drops the bench database; the API creates and migrates it again on start. */
async function recreateDatabase(): Promise<void> {
  const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.end();
}

/** Current and peak resident memory of a process, in MiB (Linux /proc; null elsewhere). */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function waitReady(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('API not ready after 90 s');
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  return json<T>(
    await fetch(`${BASE}/api/v1${url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
}

async function main(): Promise<void> {
  const file = path.join(os.tmpdir(), `silkbridge-bench-${ROWS}.csv`);
  console.log(`generating ${ROWS} rows → ${file}`);
  const expected = await generateCsv(file);
  const bytes = (await fs.stat(file)).size;

  await recreateDatabase();
  const child = spawn(process.execPath, [API_ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      DATABASE_URL: `${PG_SERVER}/${DATABASE}`,
      REDIS_URL,
      QUEUE_PREFIX: 'silkbridge-bench',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      MIGRATIONS_RUN: 'true',
      LOG_LEVEL: 'warn',
      UPLOAD_LIMIT_BYTES: String(Math.max(bytes * 2, 50 * 1024 * 1024)),
    },
  });
  try {
    await waitReady(child);
    const admin = (await post<{ accessToken: string }>('/auth/login', ADMIN)).accessToken;
    const member = { email: 'bench-member@bench.example', password: 'bench-member-password' };
    const reg = await post<{ organization: { id: string } }>('/organizations/register', {
      organization: {
        name: { en: 'Bench Relief Foundation (invented)' },
        type: 'ngo',
        country: 'PK',
        contactEmail: 'bench@bench.example',
      },
      account: { ...member, displayName: 'Bench Member' },
    });
    await post(`/organizations/${reg.organization.id}/approve`, {}, admin);
    const token = (await post<{ accessToken: string }>('/auth/login', member)).accessToken;

    const before = memoryOf(child.pid!);
    let peakRss = before?.rss ?? 0;
    const sampler = setInterval(() => {
      const m = memoryOf(child.pid!);
      if (m) peakRss = Math.max(peakRss, m.rss);
    }, 50);
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'bench.csv');
    const started = process.hrtime.bigint();
    const result = await json<Expected & { errorsTruncated: boolean }>(
      await fetch(`${BASE}/api/v1/participants/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const after = memoryOf(child.pid!);

    const summary = {
      scenario: 'participants CSV import over HTTP',
      rows: ROWS,
      fileMiB: +(bytes / 1024 / 1024).toFixed(2),
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(ROWS / seconds),
      apiRssBeforeMiB: before ? +before.rss.toFixed(1) : null,
      apiPeakRssDuringImportMiB: after ? +peakRss.toFixed(1) : null,
      apiPeakRssLifetimeMiB: after ? +after.hwm.toFixed(1) : null,
      result: { created: result.created, duplicates: result.duplicates, failed: result.failed },
      expected,
      countsMatch:
        result.created === expected.created &&
        result.duplicates === expected.duplicates &&
        result.failed === expected.failed,
      node: process.version,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(summary, null, 2));
    const resultsDir = path.resolve(
      process.env.BENCH_RESULTS_DIR ?? path.join(__dirname, '..', '..', 'bench', 'results'),
    );
    await fs.mkdir(resultsDir, { recursive: true });
    await fs.writeFile(
      path.join(resultsDir, `import-${ROWS}.json`),
      JSON.stringify(summary, null, 2) + '\n',
    );
    if (!summary.countsMatch) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await fs.rm(file, { force: true });
    // Leave the shared server as it was unless asked to keep the data for inspection.
    if (process.env.BENCH_KEEP_DB !== '1') await recreateDatabase();
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exit(1);
});
