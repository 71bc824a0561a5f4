import { ts } from './period-sql';
import { count, SectionQuery, text } from './table-query';

const starts = ts('pr.starts_at');

/**
 * Confirmed registrations in programs held in the period (a person in two programs counts
 * twice), attributed to the period by the program's start. The organisation is the one the
 * registration was made for, else the participant's own; none = `individual`.
 */
const REGS = `
  WITH regs AS (
    SELECT ${starts.cur} AS is_cur,
           pr.type AS program_type,
           pa.nationality,
           coalesce(pa.gender, 'undisclosed') AS gender,
           coalesce(o.type, 'individual') AS org_type
    FROM programs pr
    JOIN registrations r ON r.program_id = pr.id AND r.status = 'confirmed'
    JOIN participants pa ON pa.id = r.participant_id
    LEFT JOIN organizations o ON o.id = coalesce(r.organization_id, pa.organization_id)
    WHERE pr.status <> 'cancelled' AND ${starts.any}
  )`;

const by = (column: string, key: string) => `
  ${REGS}
  SELECT ${column} AS "${key}",
         count(*) FILTER (WHERE is_cur) AS "participants_cur",
         count(*) FILTER (WHERE NOT is_cur) AS "participants_prev"
  FROM regs
  GROUP BY ${column}
  ORDER BY 2 DESC, 1`;

const participants = count('participants', 'Participants');

export const participantsSection: SectionQuery = {
  key: 'participants',
  title: 'Participants',
  activity: `EXISTS (SELECT 1 FROM programs pr JOIN registrations r ON r.program_id = pr.id AND r.status = 'confirmed'
    WHERE pr.status <> 'cancelled' AND ${starts.cur})`,
  tables: [
    {
      key: 'byCountry',
      title: 'Participants by nationality',
      dimensions: [text('country', 'Country')],
      measures: [participants],
      sql: by('nationality', 'country'),
    },
    {
      key: 'byGender',
      title: 'Participants by gender',
      dimensions: [text('gender', 'Gender')],
      measures: [participants],
      sql: by('gender', 'gender'),
    },
    {
      key: 'byOrganizationType',
      title: 'Participants by organisation type',
      dimensions: [text('organizationType', 'Organisation type')],
      measures: [participants],
      sql: by('org_type', 'organizationType'),
    },
    {
      key: 'byProgramType',
      title: 'Participants by program type',
      dimensions: [text('programType', 'Program type')],
      measures: [participants],
      sql: by('program_type', 'programType'),
    },
  ],
};
