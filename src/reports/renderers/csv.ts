import { stringify } from 'csv-stringify';
import type { ReportModel } from '../report.model';
import { groupLabel, isFigure } from './format';

export const CSV_COLUMNS = ['section', 'table', 'group', 'metric', 'current', 'previous'] as const;

/**
 * A cell a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe
 * (OWASP "CSV injection"). Numbers are written as numbers and never escaped.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Long ("tidy") CSV: one line per figure, `section,table,group,metric,current,previous`, so
 * every table of the report fits one header and parses back without guessing. The first lines
 * (section `report`, table `meta`) carry the period, its comparison period and the time zone.
 */
export function renderCsv(model: ReportModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const out = stringify({
      header: true,
      columns: [...CSV_COLUMNS],
      cast: { string: escapeFormula },
    });
    out.on('data', (c: Buffer | string) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    out.on('error', reject);
    out.on('end', () => resolve(Buffer.concat(chunks)));
    const m = model.meta;
    const meta: [string, string, string][] = [
      ['kind', m.kind, ''],
      ['periodStart', m.periodStart, m.previousPeriodStart],
      ['periodEnd', m.periodEnd, m.previousPeriodEnd],
      ['timeZone', m.timeZone, ''],
      ['asOf', m.asOf, ''],
      ['generatedAt', m.generatedAt, ''],
    ];
    for (const [metric, current, previous] of meta)
      out.write(['report', 'meta', '', metric, current, previous]);
    for (const section of model.sections) {
      for (const table of section.tables) {
        for (const row of table.rows) {
          const group = groupLabel(table, row);
          for (const measure of table.measures) {
            const f = row[measure.key];
            if (isFigure(f))
              out.write([section.key, table.key, group, measure.key, f.current, f.previous]);
          }
        }
      }
    }
    out.end();
  });
}
