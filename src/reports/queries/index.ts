import type { ReportKind, ReportSection } from '../report.model';
import { aidProjectsSection } from './aid-projects.query';
import { organizationsSection } from './organizations.query';
import { participantsSection } from './participants.query';
import { partnershipsSection } from './partnerships.query';
import { programsSection } from './programs.query';
import { scholarshipsSection } from './scholarships.query';
import { SectionQuery, toReportTable } from './table-query';

export { reportQueryParams } from './period-sql';
export type { ReportQueryInput } from './period-sql';
export type { SectionQuery, TableQuery } from './table-query';

/** Sections of each report kind, in the order they are printed. */
export const SECTIONS_BY_KIND: Record<ReportKind, SectionQuery[]> = {
  summary: [
    organizationsSection,
    partnershipsSection,
    programsSection,
    participantsSection,
    scholarshipsSection,
    aidProjectsSection,
  ],
  partnerships: [partnershipsSection],
  programs: [programsSection, participantsSection],
  scholarships: [scholarshipsSection],
  aid_projects: [aidProjectsSection],
};

/**
 * Postgres wants every supplied parameter used (and typed), but not every table needs all
 * five; an unreferenced CTE declares them all without being evaluated.
 */
const PARAMS_CTE = `report_params AS (SELECT $1::date AS period_start, $2::date AS period_end, $3::date AS previous_start, $4::text AS time_zone, $5::date AS as_of)`;

/** The statement actually sent for a table's SQL (all five parameters declared). */
export function statement(sql: string): string {
  const trimmed = sql.trim();
  return /^WITH\s/i.test(trimmed)
    ? `WITH ${PARAMS_CTE},${trimmed.slice(4)}`
    : `WITH ${PARAMS_CTE} ${trimmed}`;
}

/** Every SQL statement a report of `kind` runs, named `section.table` (the benchmark runs exactly these). */
export function reportStatements(kind: ReportKind): { name: string; sql: string }[] {
  return SECTIONS_BY_KIND[kind].flatMap((s) =>
    s.tables.map((t) => ({ name: `${s.key}.${t.key}`, sql: statement(t.sql) })),
  );
}

/** One statement answering whether anything happened in the current period (for skipEmpty). */
export function activitySql(kind: ReportKind): string {
  return statement(
    `SELECT (${SECTIONS_BY_KIND[kind].map((s) => s.activity).join(' OR ')}) AS active`,
  );
}

/** Runs a query; a TypeORM QueryRunner/EntityManager or a pg client adapter both fit. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Runs every table query of `kind` (one after the other, on one connection) and maps the rows. */
export async function collectSections(
  run: RunQuery,
  kind: ReportKind,
  params: unknown[],
): Promise<ReportSection[]> {
  const sections: ReportSection[] = [];
  for (const s of SECTIONS_BY_KIND[kind]) {
    const tables = [];
    for (const t of s.tables) tables.push(toReportTable(t, await run(statement(t.sql), params)));
    sections.push({ key: s.key, title: s.title, tables });
  }
  return sections;
}
