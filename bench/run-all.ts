import { benchAdapters } from './adapters';
import { benchImport } from './import';
import { benchListEndpoints } from './list-endpoints';
import { benchReportSummary } from './report-summary';
import { benchReminders } from './reminders';
import { BENCH, machine } from './lib/env';
import { printTable, Row, writeResults } from './lib/results';
import { prepareBenchDatabase } from './seed';

/**
 * `npm run bench [-- list report import reminders adapters]`: seeds the large dataset once (kept in the
 * `silkbridge_bench` database between runs), then runs each scenario against its baseline
 * measured in the same run, prints one table and writes bench/results/bench-<date>.json.
 */
type Scenario = () => Promise<Row[]>;

const SCENARIOS: Record<string, Scenario> = {
  list: async () => (await benchListEndpoints()).rows,
  report: benchReportSummary,
  import: benchImport,
  reminders: benchReminders,
  adapters: benchAdapters,
};

const SCRATCH_ONLY = new Set(['import', 'reminders']);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);
  const unknown = names.filter((n) => !SCENARIOS[n]);
  if (unknown.length)
    throw new Error(
      `unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  const started = Date.now();
  console.log(`Silkbridge benchmarks (${BENCH.scale} scale) on ${JSON.stringify(machine())}`);
  // `import` and `reminders` use scratch databases of their own; only the others need the large dataset.
  if (names.some((n) => !SCRATCH_ONLY.has(n))) await prepareBenchDatabase();
  const rows: Row[] = [];
  for (const name of names) {
    const t0 = Date.now();
    console.log(`\n== ${name}`);
    rows.push(...(await SCENARIOS[name]()));
    console.log(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log('');
  printTable(rows);
  const file = writeResults('bench', rows, {
    scale: BENCH.scale,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  console.log(`\nwritten to ${file}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
