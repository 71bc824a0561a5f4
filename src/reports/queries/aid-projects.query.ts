import { dt, ts } from './period-sql';
import { count, money, SectionQuery, TableQuery, text } from './table-query';

/**
 * A project is active in a period when it is not cancelled and its actual (else planned) dates
 * overlap the period; a project without a start date is not active yet. Budgets are those of
 * active projects; committed, disbursed and spent are the transactions dated in the period
 * (of any project), in their own currency. Regions are the project city's region.
 */
const activeCur = `(ap.status <> 'cancelled' AND coalesce(ap.actual_start, ap.planned_start) <= $2::date
  AND coalesce(ap.actual_end, ap.planned_end, 'infinity'::date) >= $1::date)`;
const activePrev = `(ap.status <> 'cancelled' AND coalesce(ap.actual_start, ap.planned_start) <= $1::date - 1
  AND coalesce(ap.actual_end, ap.planned_end, 'infinity'::date) >= $3::date)`;
const txDate = dt('t.transaction_date');
const due = dt('m.due_on');

const tx = (type: string, when: 'cur' | 'prev') =>
  `CASE WHEN t.type = '${type}' AND ${txDate[when]} THEN t.amount END`;

/** Budget vs committed vs disbursed vs spent, grouped by `groups` (category/region) and currency. */
function moneySql(groups: ('category' | 'region')[]): string {
  const g = groups.map((c) => `f.${c}`);
  const select = groups.map((c) => `f.${c} AS "${c}"`);
  return `
    WITH proj AS (
      SELECT ap.id, ap.category, coalesce(c.region, 'Unspecified') AS region, ap.budget_amount, ap.budget_currency,
             ${activeCur} AS active_cur, ${activePrev} AS active_prev
      FROM aid_projects ap
      LEFT JOIN cities c ON c.id = ap.city_id
    ), flows AS (
      SELECT p.category, p.region, p.budget_currency AS currency,
             CASE WHEN p.active_cur THEN p.budget_amount END AS budget_cur,
             CASE WHEN p.active_prev THEN p.budget_amount END AS budget_prev,
             NULL::numeric AS committed_cur, NULL::numeric AS committed_prev,
             NULL::numeric AS disbursed_cur, NULL::numeric AS disbursed_prev,
             NULL::numeric AS spent_cur, NULL::numeric AS spent_prev
      FROM proj p
      WHERE p.active_cur OR p.active_prev
      UNION ALL
      SELECT p.category, p.region, t.currency, NULL, NULL,
             ${tx('commitment', 'cur')}, ${tx('commitment', 'prev')},
             ${tx('disbursement', 'cur')}, ${tx('disbursement', 'prev')},
             ${tx('expenditure', 'cur')}, ${tx('expenditure', 'prev')}
      FROM aid_transactions t
      JOIN proj p ON p.id = t.project_id
      WHERE ${txDate.any}
    )
    SELECT ${[...select, 'f.currency AS "currency"'].join(', ')},
           coalesce(sum(f.budget_cur), 0) AS "budget_cur", coalesce(sum(f.budget_prev), 0) AS "budget_prev",
           coalesce(sum(f.committed_cur), 0) AS "committed_cur", coalesce(sum(f.committed_prev), 0) AS "committed_prev",
           coalesce(sum(f.disbursed_cur), 0) AS "disbursed_cur", coalesce(sum(f.disbursed_prev), 0) AS "disbursed_prev",
           coalesce(sum(f.spent_cur), 0) AS "spent_cur", coalesce(sum(f.spent_prev), 0) AS "spent_prev"
    FROM flows f
    GROUP BY ${[...g, 'f.currency'].join(', ')}
    ORDER BY ${[...g, 'f.currency'].join(', ')}`;
}

const MONEY = [
  money('budget', 'Budget'),
  money('committed', 'Committed'),
  money('disbursed', 'Disbursed'),
  money('spent', 'Spent'),
];
const currency = text('currency', 'Currency');
const category = text('category', 'Category');

const PROJECT_MEASURES = [
  count('projects', 'Active projects'),
  count('beneficiariesTarget', 'Beneficiaries target'),
  count('beneficiariesReached', 'Beneficiaries reached'),
];
const PROJECT_FIGURES = `
  count(*) FILTER (WHERE ${activeCur}) AS "projects_cur",
  count(*) FILTER (WHERE ${activePrev}) AS "projects_prev",
  coalesce(sum(ap.beneficiaries_target) FILTER (WHERE ${activeCur}), 0) AS "beneficiariesTarget_cur",
  coalesce(sum(ap.beneficiaries_target) FILTER (WHERE ${activePrev}), 0) AS "beneficiariesTarget_prev",
  coalesce(sum(ap.beneficiaries_actual) FILTER (WHERE ${activeCur}), 0) AS "beneficiariesReached_cur",
  coalesce(sum(ap.beneficiaries_actual) FILTER (WHERE ${activePrev}), 0) AS "beneficiariesReached_prev"`;

/**
 * Milestones due in the period, each in exactly one of: on time = completed on or before the
 * due date (local date in the report's zone); overdue = completed after it, or still open after
 * it as of $5; not yet due = still open and due on or after $5 (a period that runs past the
 * build date). So due = on time + overdue + not yet due.
 */
const MILESTONES_CTE = `
  WITH ms AS (
    SELECT ap.category, ${due.cur} AS is_cur,
           (m.completed_at IS NOT NULL AND (m.completed_at AT TIME ZONE $4)::date <= m.due_on) AS on_time,
           ((m.completed_at IS NOT NULL AND (m.completed_at AT TIME ZONE $4)::date > m.due_on)
             OR (m.completed_at IS NULL AND m.due_on < $5::date)) AS overdue,
           (m.completed_at IS NULL AND m.due_on >= $5::date) AS not_yet_due
    FROM milestones m
    JOIN aid_projects ap ON ap.id = m.project_id
    WHERE ap.status <> 'cancelled' AND ${due.any}
  )`;
const MILESTONE_MEASURES = [
  count('due', 'Milestones due'),
  count('onTime', 'On time'),
  count('overdue', 'Overdue'),
  count('notYetDue', 'Not yet due'),
];
const MILESTONE_FIGURES = `
  count(*) FILTER (WHERE is_cur) AS "due_cur", count(*) FILTER (WHERE NOT is_cur) AS "due_prev",
  count(*) FILTER (WHERE is_cur AND on_time) AS "onTime_cur", count(*) FILTER (WHERE NOT is_cur AND on_time) AS "onTime_prev",
  count(*) FILTER (WHERE is_cur AND overdue) AS "overdue_cur", count(*) FILTER (WHERE NOT is_cur AND overdue) AS "overdue_prev",
  count(*) FILTER (WHERE is_cur AND not_yet_due) AS "notYetDue_cur", count(*) FILTER (WHERE NOT is_cur AND not_yet_due) AS "notYetDue_prev"`;

const tables: TableQuery[] = [
  {
    key: 'totals',
    title: 'Aid projects',
    dimensions: [],
    measures: [...PROJECT_MEASURES, ...MILESTONE_MEASURES],
    sql: `
      ${MILESTONES_CTE}
      SELECT p.*, m.*
      FROM (SELECT ${PROJECT_FIGURES} FROM aid_projects ap) p
      CROSS JOIN (SELECT ${MILESTONE_FIGURES} FROM ms) m`,
  },
  {
    key: 'byCurrency',
    title: 'Budget vs committed vs spent by currency',
    dimensions: [currency],
    measures: MONEY,
    sql: moneySql([]),
  },
  {
    key: 'byCategory',
    title: 'Budget vs committed vs spent by category',
    dimensions: [category, currency],
    measures: MONEY,
    sql: moneySql(['category']),
  },
  {
    key: 'byCategoryRegion',
    title: 'Budget vs committed vs spent by category and region',
    dimensions: [category, text('region', 'Region'), currency],
    measures: MONEY,
    sql: moneySql(['category', 'region']),
  },
  {
    key: 'projectsByCategory',
    title: 'Projects and beneficiaries by category',
    dimensions: [category],
    measures: PROJECT_MEASURES,
    sql: `
      SELECT ap.category AS "category", ${PROJECT_FIGURES}
      FROM aid_projects ap
      WHERE ${activeCur} OR ${activePrev}
      GROUP BY ap.category
      ORDER BY ap.category`,
  },
  {
    key: 'milestonesByCategory',
    title: 'Milestones due by category',
    dimensions: [category],
    measures: MILESTONE_MEASURES,
    sql: `
      ${MILESTONES_CTE}
      SELECT category AS "category", ${MILESTONE_FIGURES}
      FROM ms
      GROUP BY category
      ORDER BY category`,
  },
];

export const aidProjectsSection: SectionQuery = {
  key: 'aidProjects',
  title: 'Livelihood aid projects',
  activity: `(EXISTS (SELECT 1 FROM aid_transactions t WHERE ${txDate.cur})
    OR EXISTS (SELECT 1 FROM milestones m WHERE ${due.cur} OR ${ts('m.completed_at').cur})
    OR EXISTS (SELECT 1 FROM aid_projects ap WHERE coalesce(ap.actual_start, ap.planned_start) BETWEEN $1::date AND $2::date
      OR coalesce(ap.actual_end, ap.planned_end) BETWEEN $1::date AND $2::date))`,
  tables,
};
