import * as fs from 'fs';
import * as path from 'path';
import { machine } from './env';

export interface Row {
  scenario: string;
  metric: string;
  /** What Silkbridge achieved. */
  value: number;
  /** The baseline measured in the same run. */
  baseline: number;
  unit: string;
  /** value / baseline for throughputs; baseline / value for times (higher is better either way). */
  ratio: number;
  target?: string;
  pass?: boolean;
  notes?: string;
}

export const throughputRow = (
  scenario: string,
  metric: string,
  value: number,
  baseline: number,
  unit: string,
  minRatio?: number,
  notes?: string,
): Row => {
  const ratio = baseline > 0 ? value / baseline : 0;
  return {
    scenario,
    metric,
    value,
    baseline,
    unit,
    ratio,
    target: minRatio ? `≥ ${minRatio}` : undefined,
    pass: minRatio ? ratio >= minRatio : undefined,
    notes,
  };
};

/** For durations: ratio = time / baseline time (lower is better); target is a maximum. */
export const timeRow = (
  scenario: string,
  metric: string,
  value: number,
  baseline: number,
  unit: string,
  maxRatio?: number,
  notes?: string,
): Row => {
  const ratio = baseline > 0 ? value / baseline : 0;
  return {
    scenario,
    metric,
    value,
    baseline,
    unit,
    ratio,
    target: maxRatio ? `≤ ${maxRatio}×` : undefined,
    pass: maxRatio ? ratio <= maxRatio : undefined,
    notes,
  };
};

export function printTable(rows: Row[]): void {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  const lines = rows.map((r) => [
    r.scenario,
    r.metric,
    `${fmt(r.value)} ${r.unit}`,
    `${fmt(r.baseline)} ${r.unit}`,
    r.ratio.toFixed(2),
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const header = ['scenario', 'metric', 'silkbridge', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

/** Writes bench/results/<name>-<timestamp>.json with the machine and date. */
export function writeResults(
  name: string,
  rows: Row[],
  extra: Record<string, unknown> = {},
): string {
  const dir = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ machine: machine(), rows, ...extra }, null, 2));
  return file;
}
