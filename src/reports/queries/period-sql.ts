import { previousPeriod } from '../report-period';

/**
 * Every report query takes the same five parameters, so the benchmark can run the very same
 * SQL with the very same values:
 *   $1 current period start (date)     $2 current period end (date, inclusive)
 *   $3 previous period start (date)    (the previous period ends the day before $1)
 *   $4 IANA time zone bounding timestamptz columns
 *   $5 "as of" date (milestones still open after their due date are overdue)
 * The previous period always ends the day before the current one starts, so "either period"
 * is the single range $3..$2 and each query scans it once, splitting with FILTER.
 */
export interface ReportQueryInput {
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  asOf: string;
}

export function reportQueryParams(
  input: ReportQueryInput,
): [string, string, string, string, string] {
  const prev = previousPeriod({ start: input.periodStart, end: input.periodEnd });
  return [input.periodStart, input.periodEnd, prev.start, input.timeZone, input.asOf];
}

const FROM_CUR = `($1::date)::timestamp AT TIME ZONE $4`;
const TO_CUR = `($2::date + 1)::timestamp AT TIME ZONE $4`;
const FROM_PREV = `($3::date)::timestamp AT TIME ZONE $4`;

/** Conditions on a timestamptz column: the instant falls in the period's local calendar days. */
export const ts = (col: string) => ({
  cur: `(${col} >= ${FROM_CUR} AND ${col} < ${TO_CUR})`,
  prev: `(${col} >= ${FROM_PREV} AND ${col} < ${FROM_CUR})`,
  any: `(${col} >= ${FROM_PREV} AND ${col} < ${TO_CUR})`,
});

/** Conditions on a date column. */
export const dt = (col: string) => ({
  cur: `(${col} BETWEEN $1::date AND $2::date)`,
  prev: `(${col} BETWEEN $3::date AND $1::date - 1)`,
  any: `(${col} BETWEEN $3::date AND $2::date)`,
});

/** `count(*) FILTER (cur) AS <key>_cur, count(*) FILTER (prev) AS <key>_prev`. */
export const countPair = (key: string, cond: { cur: string; prev: string }, extra = 'true') =>
  `count(*) FILTER (WHERE ${cond.cur} AND ${extra}) AS "${key}_cur", count(*) FILTER (WHERE ${cond.prev} AND ${extra}) AS "${key}_prev"`;

/** Exact numeric sum per period (0 rather than NULL when nothing matched). */
export const sumPair = (
  key: string,
  expr: string,
  cond: { cur: string; prev: string },
  extra = 'true',
) =>
  `coalesce(sum(${expr}) FILTER (WHERE ${cond.cur} AND ${extra}), 0) AS "${key}_cur", ` +
  `coalesce(sum(${expr}) FILTER (WHERE ${cond.prev} AND ${extra}), 0) AS "${key}_prev"`;
