import * as os from 'os';

/** Where and how the benchmarks run; override with environment variables. */
export const BENCH = {
  pgServer: process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432',
  database: process.env.BENCH_DATABASE ?? 'silkbridge_bench',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** `smoke` seeds 1/100 of the data for a quick check of the harness. */
  scale: (process.env.BENCH_SCALE ?? 'full') as 'full' | 'smoke',
  /** Seconds each autocannon run lasts. */
  duration: Number(process.env.BENCH_DURATION ?? 10),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  apiPort: Number(process.env.BENCH_API_PORT ?? 3100),
  barePort: Number(process.env.BENCH_BARE_PORT ?? 3101),
  password: 'bench-coordinator-password',
};

export const databaseUrl = () => `${BENCH.pgServer}/${BENCH.database}`;

export function machine() {
  return {
    host: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}
