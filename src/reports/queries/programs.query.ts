import { ts } from './period-sql';
import { count, SectionQuery, text } from './table-query';

const starts = ts('pr.starts_at');

/** Programs held in a period: starting in it (local dates) and not cancelled. */
export const HELD_PROGRAMS_CTE = `
  held AS (
    SELECT pr.id, pr.type, pr.capacity, ${starts.cur} AS is_cur
    FROM programs pr
    WHERE pr.status <> 'cancelled' AND ${starts.any}
  )`;

/** Programs held, seats offered and confirmed participants, overall and by program type. */
export const programsSection: SectionQuery = {
  key: 'programs',
  title: 'Exchange programs',
  activity: `(EXISTS (SELECT 1 FROM programs pr WHERE pr.status <> 'cancelled' AND ${starts.cur})
    OR EXISTS (SELECT 1 FROM registrations r WHERE ${ts('r.created_at').cur}))`,
  tables: [
    {
      key: 'totals',
      title: 'Programs held',
      dimensions: [],
      measures: [
        count('programs', 'Programs held'),
        count('seats', 'Seats offered'),
        count('participants', 'Confirmed registrations'),
        count('people', 'Distinct participants'),
      ],
      sql: `
        WITH ${HELD_PROGRAMS_CTE},
        regs AS (
          SELECT h.is_cur, r.participant_id
          FROM held h JOIN registrations r ON r.program_id = h.id AND r.status = 'confirmed'
        )
        SELECT
          (SELECT count(*) FROM held WHERE is_cur) AS "programs_cur",
          (SELECT count(*) FROM held WHERE NOT is_cur) AS "programs_prev",
          (SELECT coalesce(sum(capacity), 0) FROM held WHERE is_cur) AS "seats_cur",
          (SELECT coalesce(sum(capacity), 0) FROM held WHERE NOT is_cur) AS "seats_prev",
          (SELECT count(*) FROM regs WHERE is_cur) AS "participants_cur",
          (SELECT count(*) FROM regs WHERE NOT is_cur) AS "participants_prev",
          (SELECT count(DISTINCT participant_id) FROM regs WHERE is_cur) AS "people_cur",
          (SELECT count(DISTINCT participant_id) FROM regs WHERE NOT is_cur) AS "people_prev"`,
    },
    {
      key: 'byType',
      title: 'Programs by type',
      dimensions: [text('type', 'Program type')],
      measures: [
        count('programs', 'Programs held'),
        count('participants', 'Confirmed registrations'),
      ],
      sql: `
        WITH ${HELD_PROGRAMS_CTE}
        SELECT h.type AS "type",
               count(*) FILTER (WHERE h.is_cur) AS "programs_cur",
               count(*) FILTER (WHERE NOT h.is_cur) AS "programs_prev",
               coalesce(sum(r.n) FILTER (WHERE h.is_cur), 0) AS "participants_cur",
               coalesce(sum(r.n) FILTER (WHERE NOT h.is_cur), 0) AS "participants_prev"
        FROM held h
        CROSS JOIN LATERAL (
          SELECT count(*) AS n FROM registrations r WHERE r.program_id = h.id AND r.status = 'confirmed'
        ) r
        GROUP BY h.type
        ORDER BY h.type`,
    },
  ],
};
