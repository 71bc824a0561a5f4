import { Client } from 'pg';
import { BENCH, databaseUrl } from './lib/env';
import { load, LoadResult } from './lib/load';
import { distSrc, startNode, stop, waitForHttp } from './lib/processes';
import { Row, throughputRow } from './lib/results';
import * as path from 'path';

/**
 * List and search endpoints at concurrency 50, against the bare `pg` server running the same
 * SQL. Target: ≥ 50% of the baseline's throughput and p99 < 100 ms.
 */
const SCENARIOS = [
  {
    name: 'participants ?q= (Latin)',
    api: '/api/v1/participants?q=ayesha&limit=20',
    bare: '/participants?q=ayesha&limit=20',
  },
  {
    name: 'participants ?q= (Urdu)',
    api: `/api/v1/participants?q=${encodeURIComponent('فاطمہ')}&limit=20`,
    bare: `/participants?q=${encodeURIComponent('فاطمہ')}&limit=20`,
  },
  {
    name: 'participants ?q= (rare)',
    api: '/api/v1/participants?q=zhao%2042&limit=20',
    bare: '/participants?q=zhao%2042&limit=20',
  },
  { name: 'programs', api: '/api/v1/programs?limit=20', bare: '/programs?limit=20' },
  {
    name: 'aid projects ?category=',
    api: '/api/v1/aid-projects?category=clinic_vehicle&limit=20',
    bare: '/aid-projects?category=clinic_vehicle&limit=20',
  },
];

/**
 * Alternating baseline/API rounds per scenario (BENCH_ROUNDS, default 3); figures are their
 * medians, so one round disturbed by the shared machine (seen: a bare round at 60% of the
 * others) does not move the ratio.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

function medianOf(runs: LoadResult[]): LoadResult {
  const median = (pick: (r: LoadResult) => number) => {
    const sorted = runs.map(pick).sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return {
    rps: median((r) => r.rps),
    p50: Math.round(median((r) => r.p50)),
    p99: Math.round(median((r) => r.p99)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

export async function benchListEndpoints(): Promise<{
  rows: Row[];
  raw: Record<string, { api: LoadResult; bare: LoadResult }>;
}> {
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  const user = (
    await db.query(`SELECT id FROM users WHERE email = 'bench-coordinator@silkbridge.local'`)
  ).rows[0];
  await db.end();
  const api = startNode(
    distSrc('main.js'),
    {
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      DATABASE_URL: databaseUrl(),
      REDIS_URL: BENCH.redisUrl,
      QUEUE_PREFIX: 'bench',
      PORT: String(BENCH.apiPort),
      LOG_LEVEL: 'warn',
      MIGRATIONS_RUN: 'false',
    },
    'api',
  );
  const bare = startNode(
    path.resolve(__dirname, 'bare-server.js'),
    { DATABASE_URL: databaseUrl(), PORT: String(BENCH.barePort), BENCH_USER_ID: user.id },
    'bare',
  );
  const rows: Row[] = [];
  const raw: Record<string, { api: LoadResult; bare: LoadResult }> = {};
  try {
    await waitForHttp(`http://127.0.0.1:${BENCH.apiPort}/health/ready`);
    const login = await fetch(`http://127.0.0.1:${BENCH.apiPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'bench-coordinator@silkbridge.local',
        password: BENCH.password,
      }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    for (const s of SCENARIOS) {
      // Warm both up (plans, pools, JIT) before measuring.
      await load(`http://127.0.0.1:${BENCH.barePort}${s.bare}`, { connections: 10, duration: 2 });
      await load(`http://127.0.0.1:${BENCH.apiPort}${s.api}`, {
        connections: 10,
        duration: 2,
        headers,
      });
      // Rounds alternate baseline and API, so a slow moment of the shared machine hits both.
      const bareRuns: LoadResult[] = [];
      const apiRuns: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        bareRuns.push(
          await load(`http://127.0.0.1:${BENCH.barePort}${s.bare}`, {
            connections: BENCH.connections,
            duration: BENCH.duration,
          }),
        );
        apiRuns.push(
          await load(`http://127.0.0.1:${BENCH.apiPort}${s.api}`, {
            connections: BENCH.connections,
            duration: BENCH.duration,
            headers,
          }),
        );
      }
      const b = medianOf(bareRuns);
      const a = medianOf(apiRuns);
      const rounds = (runs: LoadResult[]) =>
        runs.map((r) => `${r.rps.toFixed(0)} (p99 ${r.p99})`).join(', ');
      console.log(`   ${s.name}: bare ${rounds(bareRuns)}; api ${rounds(apiRuns)} req/s`);
      raw[s.name] = { api: a, bare: b };
      if (a.non2xx || a.errors)
        throw new Error(`${s.name}: ${a.non2xx} non-2xx, ${a.errors} errors`);
      rows.push(throughputRow(`list: ${s.name}`, 'req/s (c=50)', a.rps, b.rps, 'req/s', 0.5));
      rows.push({
        scenario: `list: ${s.name}`,
        metric: 'p99 latency',
        value: a.p99,
        baseline: b.p99,
        unit: 'ms',
        ratio: b.p99 ? a.p99 / b.p99 : 0,
        target: '< 100 ms',
        pass: a.p99 < 100,
        notes: `p50 ${a.p50} ms vs ${b.p50} ms; median of ${ROUNDS} alternating round(s)`,
      });
    }
  } finally {
    await stop(api);
    await stop(bare);
  }
  return { rows, raw };
}
