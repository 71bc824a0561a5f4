import { once } from 'events';
import { chmodSync, createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import { nameKey } from '../src/participants/participant-rules';
import { BENCH } from './lib/env';
import { distSrc, samplePeakRss, startNode, stop, waitForHttp } from './lib/processes';
import { Row, throughputRow } from './lib/results';
import {
  clearRedisPrefix,
  dropScratchDatabase,
  hashPassword,
  recreateScratchDatabase,
  scratchUrl,
} from './lib/scratch-db';

/**
 * Scenario `import`: a participants CSV (BENCH_IMPORT_ROWS, 100k by default) imported through
 * `POST /api/v1/participants/import` by an approved NGO member, against Postgres `COPY` of the
 * very same file. Target: ≥ 25% of COPY's rows/s.
 *
 * - Database `silkbridge_bench_import`, dropped and re-created (migrations) on every run, dropped
 *   at the end unless BENCH_KEEP_DB=1. The shared `silkbridge_bench` dataset is never touched.
 * - API timing: from the start of the multipart upload to the JSON answer, i.e. upload to a temp
 *   file, parsing, validation, de-duplication (unique indexes), batched inserts with one audit
 *   event per created participant, and the report. Client-side FormData building is included.
 * - Baseline timing: one server-side `COPY participants_copy_baseline (…) FROM '<file>' CSV HEADER`
 *   (pg-copy-streams is not installed, and Postgres runs on this machine as `postgres`, which
 *   reads the world-readable file). The scratch table has the participants table's shape,
 *   generated columns and indexes (trigram search, org/created, email and name+birth-date ones),
 *   but the latter are NOT unique: COPY aborts at the first duplicate, and the file holds some on
 *   purpose. COPY does no validation, no de-duplication, no audit: it is the floor.
 * - Both sides get a 2,000-row warm-up file first (JIT, plans, pools), and a CHECKPOINT before
 *   each timed run so neither pays for the other's dirty pages.
 * - Memory: the API process's peak RSS (sampled every 100 ms) during the timed import, against
 *   its idle RSS just before it.
 */
const DATABASE = 'silkbridge_bench_import';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const WARMUP_ROWS = 2_000;
const PORT = Number(process.env.BENCH_IMPORT_PORT ?? 3102);
const BASE = `http://127.0.0.1:${PORT}`;
const QUEUE_PREFIX = 'bench-import';
const MEMBER = { email: 'bench-import-member@bench.example', password: 'bench-import-password' };

// Invented name pools (Latin with Urdu or Chinese native names) so rows look like the real thing.
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

export interface ImportCounts {
  created: number;
  duplicates: number;
  failed: number;
}

/**
 * Writes a CSV of `rows` people and works out what the import must answer (same de-duplication
 * rules: per organisation, email case-insensitively, or name key + date of birth). Every 97th row
 * repeats an earlier email (a duplicate), every 211th has an unknown country (an error).
 */
export async function generateParticipantsCsv(
  file: string,
  rows: number,
  tag: string,
): Promise<ImportCounts> {
  const out = createWriteStream(file, { mode: 0o644 });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const emails = new Set<string>();
  const nameDob = new Set<string>();
  const expected: ImportCounts = { created: 0, duplicates: 0, failed: 0 };
  await write('fullName,nativeName,email,nationality,gender,dateOfBirth,phone\n');
  for (let i = 0; i < rows; i++) {
    const pk = i % 2 === 0;
    const [given, family] = pk
      ? [PK_GIVEN[i % PK_GIVEN.length], PK_FAMILY[(i >> 3) % PK_FAMILY.length]]
      : [CN_GIVEN[i % CN_GIVEN.length], CN_FAMILY[(i >> 3) % CN_FAMILY.length]];
    const fullName = `${given[0]} ${family[0]} ${tag}${i.toString(36)}`;
    const nativeName = pk ? `${given[1]} ${family[1]}` : `${family[1]}${given[1]}`;
    const email =
      i % 97 === 96 ? `${tag}person${i - 50}@bench.example` : `${tag}person${i}@bench.example`;
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
    const key = `${nameKey(fullName)}|${dob}`;
    if (emails.has(email.toLowerCase()) || nameDob.has(key)) {
      expected.duplicates++;
      continue;
    }
    emails.add(email.toLowerCase());
    nameDob.add(key);
    expected.created++;
  }
  out.end();
  await once(out, 'finish');
  return expected;
}

/** An approved NGO with one member (SQL: organisations are not what this scenario measures). */
async function arrange(db: Client): Promise<{ orgId: string }> {
  const org = await db.query(
    `INSERT INTO organizations (name, type, country, contact_email, status, approved_at, registration_expires_on)
     VALUES ('{"en":"Bench Relief Foundation (invented)"}', 'ngo', 'PK', 'bench-import@bench.example', 'approved', now(), current_date + 365)
     RETURNING id`,
  );
  const orgId: string = org.rows[0].id;
  await db.query(
    `INSERT INTO users (email, password_hash, role, display_name, organization_id) VALUES ($1, $2, 'ngo_member', 'Bench Import Member', $3)`,
    [MEMBER.email, await hashPassword(MEMBER.password), orgId],
  );
  // The baseline's table: participants' shape, generated columns and indexes, none unique.
  await db.query(`
    CREATE TABLE participants_copy_baseline (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid DEFAULT '${orgId}'::uuid REFERENCES organizations(id),
      full_name text NOT NULL,
      native_name text,
      name_key text GENERATED ALWAYS AS (lower(full_name)) STORED,
      email text,
      phone text,
      nationality char(2) NOT NULL,
      gender text CHECK (gender IN ('female','male','other','undisclosed')),
      date_of_birth date,
      erased_at timestamptz,
      search_text text GENERATED ALWAYS AS (lower(full_name || ' ' || coalesce(native_name, ''))) STORED,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  const zero = `'00000000-0000-0000-0000-000000000000'::uuid`;
  await db.query(
    `CREATE INDEX ON participants_copy_baseline (coalesce(organization_id, ${zero}), lower(email)) WHERE email IS NOT NULL AND erased_at IS NULL`,
  );
  await db.query(
    `CREATE INDEX ON participants_copy_baseline (coalesce(organization_id, ${zero}), name_key, date_of_birth) WHERE date_of_birth IS NOT NULL AND erased_at IS NULL`,
  );
  await db.query(`CREATE INDEX ON participants_copy_baseline (organization_id, created_at, id)`);
  await db.query(`CREATE INDEX ON participants_copy_baseline (created_at, id)`);
  await db.query(`CREATE INDEX ON participants_copy_baseline USING gin (search_text gin_trgm_ops)`);
  return { orgId };
}

async function copyFile(db: Client, file: string): Promise<{ rows: number; seconds: number }> {
  await db.query('CHECKPOINT');
  const started = process.hrtime.bigint();
  const res = await db.query(
    `COPY participants_copy_baseline (full_name, native_name, email, nationality, gender, date_of_birth, phone)
     FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
  );
  return { rows: res.rowCount ?? 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function apiImport(
  token: string,
  file: string,
): Promise<{ result: ImportCounts & { errorsTruncated: boolean }; seconds: number }> {
  const started = process.hrtime.bigint();
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'text/csv' }), path.basename(file));
  const res = await fetch(`${BASE}/api/v1/participants/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as ImportCounts & { errorsTruncated: boolean };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 200)
    throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { result: body, seconds };
}

function sameCounts(label: string, got: ImportCounts, want: ImportCounts): void {
  if (
    got.created !== want.created ||
    got.duplicates !== want.duplicates ||
    got.failed !== want.failed
  )
    throw new Error(
      `${label}: import answered ${JSON.stringify({ created: got.created, duplicates: got.duplicates, failed: got.failed })}, expected ${JSON.stringify(want)}`,
    );
}

export async function benchImport(): Promise<Row[]> {
  // Postgres (user postgres) must read the files: a world-readable directory in /tmp.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'silkbridge-bench-import-'));
  chmodSync(dir, 0o755);
  const warmFile = path.join(dir, 'warmup.csv');
  const file = path.join(dir, `participants-${ROWS}.csv`);
  let api: ReturnType<typeof startNode> | undefined;
  let db: Client | undefined;
  try {
    console.log(`   generating ${ROWS} CSV rows (+${WARMUP_ROWS} warm-up) in ${dir}`);
    const warmExpected = await generateParticipantsCsv(warmFile, WARMUP_ROWS, 'w');
    const expected = await generateParticipantsCsv(file, ROWS, 'm');
    const bytes = statSync(file).size;
    console.log(
      `   ${(bytes / 2 ** 20).toFixed(1)} MiB; expected ${JSON.stringify(expected)}; re-creating ${DATABASE}`,
    );
    db = await recreateScratchDatabase(DATABASE);
    const { orgId } = await arrange(db);

    api = startNode(
      distSrc('main.js'),
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        DATABASE_URL: scratchUrl(DATABASE),
        REDIS_URL: BENCH.redisUrl,
        QUEUE_PREFIX: QUEUE_PREFIX,
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
        MIGRATIONS_RUN: 'false',
        UPLOAD_LIMIT_BYTES: String(Math.max(bytes * 2, 50 * 2 ** 20)),
      },
      'api',
    );
    await waitForHttp(`${BASE}/health/ready`);
    const login = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(MEMBER),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };

    // Warm-ups (not timed), then the baseline, then the API.
    sameCounts('warm-up', (await apiImport(accessToken, warmFile)).result, warmExpected);
    await copyFile(db, warmFile);
    const copy = await copyFile(db, file);
    if (copy.rows !== ROWS) throw new Error(`COPY loaded ${copy.rows} rows, expected ${ROWS}`);
    console.log(
      `   COPY: ${ROWS} rows in ${copy.seconds.toFixed(2)} s = ${(ROWS / copy.seconds).toFixed(0)} rows/s`,
    );

    await db.query('CHECKPOINT');
    const idle = samplePeakRss(api.pid!);
    await new Promise((r) => setTimeout(r, 300));
    const idleRss = idle();
    const peakRss = samplePeakRss(api.pid!);
    const run = await apiImport(accessToken, file);
    const peak = peakRss();
    sameCounts('import', run.result, expected);
    console.log(
      `   API: ${ROWS} rows in ${run.seconds.toFixed(2)} s = ${(ROWS / run.seconds).toFixed(0)} rows/s; RSS ${idleRss.toFixed(0)} → peak ${peak.toFixed(0)} MiB`,
    );

    // What the import answered must be what is stored: rows and one audit event per created row.
    const stored = await db.query(
      `SELECT (SELECT count(*) FROM participants WHERE organization_id = $1)::int AS participants,
              (SELECT count(*) FROM audit_events WHERE action = 'participant.created')::int AS audits`,
      [orgId],
    );
    const want = warmExpected.created + expected.created;
    const { participants, audits } = stored.rows[0];
    if (participants !== want || audits !== want)
      throw new Error(
        `stored ${participants} participants and ${audits} audit events, expected ${want} of each`,
      );

    const apiRate = ROWS / run.seconds;
    const copyRate = ROWS / copy.seconds;
    return [
      throughputRow(
        'import: participants CSV',
        `rows/s (${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB)`,
        apiRate,
        copyRate,
        'rows/s',
        0.25,
        `API ${run.seconds.toFixed(2)} s (upload+validate+dedup+insert+audit; ${expected.created} created, ${expected.duplicates} duplicates, ${expected.failed} failed) vs COPY ${copy.seconds.toFixed(2)} s`,
      ),
      {
        scenario: 'import: participants CSV',
        metric: 'API peak RSS (baseline: idle)',
        value: peak,
        baseline: idleRss,
        unit: 'MiB',
        ratio: idleRss ? peak / idleRss : 0,
        notes: 'baseline column = API RSS just before the import',
      },
    ];
  } finally {
    await stop(api);
    await db?.end().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    // The API registers its queues (meta keys) even though nothing is enqueued here.
    await clearRedisPrefix(QUEUE_PREFIX).catch(() => undefined);
    if (process.env.BENCH_KEEP_DB !== '1')
      await dropScratchDatabase(DATABASE).catch(() => undefined);
  }
}
