import { formatAmount } from '../../common/money/money.dto';
import type { DimensionColumn, MeasureColumn, ReportRow, ReportTable } from '../report.model';

/**
 * One aggregated table of a report: its columns and the SQL (GROUP BY in Postgres) that fills
 * it. The SQL answers one row per group with a column per dimension key and, per measure,
 * `<key>_cur` and `<key>_prev`. Parameters: see {@link reportQueryParams}.
 */
export interface TableQuery {
  key: string;
  title: string;
  dimensions: DimensionColumn[];
  measures: MeasureColumn[];
  sql: string;
}

/** A report section: its tables and a boolean SQL expression "something happened in the period". */
export interface SectionQuery {
  key: string;
  title: string;
  tables: TableQuery[];
  /** Boolean SQL expression (EXISTS …) true when the current period has activity. */
  activity: string;
}

export const text = (key: string, label: string): DimensionColumn => ({ key, label, type: 'text' });
export const date = (key: string, label: string): DimensionColumn => ({ key, label, type: 'date' });
export const count = (key: string, label: string): MeasureColumn => ({ key, label, type: 'count' });
export const money = (key: string, label: string): MeasureColumn => ({ key, label, type: 'money' });

/** Maps the SQL rows (bigint/numeric arrive as strings) to typed report rows. */
export function toReportTable(q: TableQuery, rows: Record<string, unknown>[]): ReportTable {
  const cell = (m: MeasureColumn, v: unknown) =>
    m.type === 'money'
      ? formatAmount(v === null || v === undefined ? '0' : String(v))
      : Number(v ?? 0);
  return {
    key: q.key,
    title: q.title,
    dimensions: q.dimensions,
    measures: q.measures,
    rows: rows.map((r) => {
      const out: ReportRow = {};
      for (const d of q.dimensions)
        out[d.key] = r[d.key] === null || r[d.key] === undefined ? null : String(r[d.key]).trim();
      for (const m of q.measures)
        out[m.key] = { current: cell(m, r[`${m.key}_cur`]), previous: cell(m, r[`${m.key}_prev`]) };
      return out;
    }),
  };
}
