import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Counter, percentile } from './http';

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function counterRows(map: Map<string, Counter>): (string | number)[][] {
  return [...map].map(([name, c]) => [
    name,
    c.requests,
    c.ok2xx,
    c.c4xx,
    c.s503,
    c.s5xxOther,
    c.noResponse,
    Math.round(percentile(c.latencies, 50)),
    Math.round(percentile(c.latencies, 99)),
    Math.round(c.maxMs),
  ]);
}

export const COUNTER_HEADER = [
  'operation',
  'requests',
  '2xx',
  '4xx',
  '503',
  'other 5xx',
  'no answer',
  'p50 ms',
  'p99 ms',
  'max ms',
];

export function machineLine(): string {
  return `${os.hostname()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · node ${process.version} · load avg ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

/** bench/results/<name>-<date>.json (the folder is git-ignored). */
export function writeDrillResult(name: string, data: unknown): string {
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}
