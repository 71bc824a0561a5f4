import { countPair, dt, ts } from './period-sql';
import { count, date, SectionQuery, text } from './table-query';

const established = dt('p.established_on');
const starts = ts('pr.starts_at');

/**
 * Active partnerships and their activity. A partnership counts as active in a period when its
 * status is `active` and it was established on or before the period's end (status history is
 * not kept, so a partnership suspended today is not counted for past periods either).
 * Activity = programs held (starting in the period, not cancelled) and their confirmed
 * participants.
 */
export const partnershipsSection: SectionQuery = {
  key: 'partnerships',
  title: 'Partnerships',
  activity: `(EXISTS (SELECT 1 FROM partnerships p WHERE ${established.cur})
    OR EXISTS (SELECT 1 FROM programs pr WHERE pr.partnership_id IS NOT NULL AND pr.status <> 'cancelled' AND ${starts.cur}))`,
  tables: [
    {
      key: 'totals',
      title: 'Partnerships',
      dimensions: [],
      measures: [
        count('active', 'Active'),
        count('established', 'Established'),
        count('programs', 'Programs held'),
      ],
      sql: `
        SELECT
          count(*) FILTER (WHERE p.status = 'active' AND (p.established_on IS NULL OR p.established_on <= $2::date)) AS "active_cur",
          count(*) FILTER (WHERE p.status = 'active' AND (p.established_on IS NULL OR p.established_on < $1::date)) AS "active_prev",
          ${countPair('established', established)},
          (SELECT count(*) FROM programs pr
            WHERE pr.partnership_id IS NOT NULL AND pr.status <> 'cancelled' AND ${starts.cur}) AS "programs_cur",
          (SELECT count(*) FROM programs pr
            WHERE pr.partnership_id IS NOT NULL AND pr.status <> 'cancelled' AND ${starts.prev}) AS "programs_prev"
        FROM partnerships p`,
    },
    {
      key: 'activities',
      title: 'Activities per partnership',
      dimensions: [
        text('cityA', 'City A'),
        text('cityB', 'City B'),
        text('kind', 'Kind'),
        text('status', 'Status'),
        date('establishedOn', 'Established'),
      ],
      measures: [count('programs', 'Programs held'), count('participants', 'Participants')],
      sql: `
        WITH held AS (
          SELECT pr.id, pr.partnership_id, ${starts.cur} AS is_cur
          FROM programs pr
          WHERE pr.partnership_id IS NOT NULL AND pr.status <> 'cancelled' AND ${starts.any}
        ), act AS (
          SELECT h.partnership_id,
                 count(*) FILTER (WHERE h.is_cur) AS programs_cur,
                 count(*) FILTER (WHERE NOT h.is_cur) AS programs_prev,
                 coalesce(sum(r.n) FILTER (WHERE h.is_cur), 0) AS participants_cur,
                 coalesce(sum(r.n) FILTER (WHERE NOT h.is_cur), 0) AS participants_prev
          FROM held h
          CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM registrations r WHERE r.program_id = h.id AND r.status = 'confirmed'
          ) r
          GROUP BY h.partnership_id
        )
        SELECT ca.names->>'en' AS "cityA", cb.names->>'en' AS "cityB", p.kind AS "kind", p.status AS "status",
               p.established_on::text AS "establishedOn",
               coalesce(a.programs_cur, 0) AS "programs_cur", coalesce(a.programs_prev, 0) AS "programs_prev",
               coalesce(a.participants_cur, 0) AS "participants_cur", coalesce(a.participants_prev, 0) AS "participants_prev"
        FROM partnerships p
        JOIN cities ca ON ca.id = p.city_a_id
        JOIN cities cb ON cb.id = p.city_b_id
        LEFT JOIN act a ON a.partnership_id = p.id
        WHERE p.status = 'active' OR a.partnership_id IS NOT NULL
        ORDER BY 6 DESC, 1, 2`,
    },
  ],
};
