/**
 * The report as the renderers see it: a few small, already-aggregated tables. Every figure is
 * `{current, previous}` (the period and the previous period of equal length). Counts are
 * numbers; money is an exact decimal string ("0.30"), never a float.
 */
export const REPORT_KINDS = [
  'summary',
  'partnerships',
  'programs',
  'scholarships',
  'aid_projects',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_STATUSES = ['queued', 'running', 'ready', 'failed', 'skipped'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface Figure<T = number | string> {
  current: T;
  previous: T;
}

/** A grouping column (text, or a calendar date `YYYY-MM-DD`). */
export interface DimensionColumn {
  key: string;
  label: string;
  type: 'text' | 'date';
}

/** A measured column; each cell is a {@link Figure}. */
export interface MeasureColumn {
  key: string;
  label: string;
  type: 'count' | 'money';
}

export type ReportRow = Record<string, string | null | Figure>;

export interface ReportTable {
  key: string;
  title: string;
  dimensions: DimensionColumn[];
  measures: MeasureColumn[];
  rows: ReportRow[];
}

export interface ReportSection {
  key: string;
  title: string;
  tables: ReportTable[];
}

export interface ReportMeta {
  id: string;
  kind: ReportKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  previousPeriodStart: string;
  previousPeriodEnd: string;
  /** Time zone in which the dates bound timestamps. */
  timeZone: string;
  /** Date on which open milestones are judged overdue (the build date in `timeZone`). */
  asOf: string;
  generatedAt: string;
}

export interface ReportModel {
  meta: ReportMeta;
  sections: ReportSection[];
}

export const KIND_TITLES: Record<ReportKind, string> = {
  summary: 'Summary report',
  partnerships: 'Partnerships report',
  programs: 'Exchange programs report',
  scholarships: 'Scholarships report',
  aid_projects: 'Livelihood aid projects report',
};

/** Finds a table in a model (renderers and tests). */
export function findTable(
  model: ReportModel,
  section: string,
  table: string,
): ReportTable | undefined {
  return model.sections.find((s) => s.key === section)?.tables.find((t) => t.key === table);
}
