import { countPair, dt, sumPair, ts } from './period-sql';
import { count, money, SectionQuery, text } from './table-query';

const submitted = ts('a.submitted_at');
const decided = ts('a.decided_at');
const responded = ts('a.responded_at');
const paid = dt('d.paid_on');

/** An award decided in the period: the application was awarded (and maybe since accepted or declined). */
const AWARDED = `a.status IN ('awarded', 'accepted', 'declined')`;
const ACCEPTED = `a.status = 'accepted'`;

const APPLICATION_MEASURES = [
  count('submitted', 'Applications submitted'),
  count('awarded', 'Awards'),
  count('accepted', 'Acceptances'),
];
const APPLICATION_FIGURES = `${countPair('submitted', submitted)}, ${countPair('awarded', decided, AWARDED)}, ${countPair('accepted', responded, ACCEPTED)}`;
const APPLICATION_RANGE = `(${submitted.any} OR ${decided.any} OR ${responded.any})`;

const disbursed = [money('disbursed', 'Disbursed'), count('recipients', 'Recipients')];
// Amounts are net of reversals (a reversal is a negative entry); a reversal is no payment to a
// recipient, so it does not count one.
const DISBURSED_FIGURES = `${sumPair('disbursed', 'd.amount', paid)},
  count(DISTINCT d.application_id) FILTER (WHERE ${paid.cur} AND d.reverses_id IS NULL) AS "recipients_cur",
  count(DISTINCT d.application_id) FILTER (WHERE ${paid.prev} AND d.reverses_id IS NULL) AS "recipients_prev"`;

/** Applications submitted, awards, acceptances and money disbursed (per scheme, per currency). */
export const scholarshipsSection: SectionQuery = {
  key: 'scholarships',
  title: 'Scholarships',
  activity: `(EXISTS (SELECT 1 FROM scholarship_applications a WHERE ${submitted.cur} OR ${decided.cur} OR ${responded.cur})
    OR EXISTS (SELECT 1 FROM disbursements d WHERE ${paid.cur}))`,
  tables: [
    {
      key: 'totals',
      title: 'Applications',
      dimensions: [],
      measures: APPLICATION_MEASURES,
      sql: `SELECT ${APPLICATION_FIGURES} FROM scholarship_applications a WHERE ${APPLICATION_RANGE}`,
    },
    {
      key: 'byScheme',
      title: 'Applications by scheme',
      dimensions: [text('scheme', 'Scheme'), text('level', 'Level')],
      measures: APPLICATION_MEASURES,
      sql: `
        SELECT s.name->>'en' AS "scheme", s.level AS "level", ${APPLICATION_FIGURES}
        FROM scholarship_applications a
        JOIN scholarships s ON s.id = a.scholarship_id
        WHERE ${APPLICATION_RANGE}
        GROUP BY s.id, s.name->>'en', s.level
        ORDER BY 1, 2`,
    },
    {
      key: 'disbursedByScheme',
      title: 'Money disbursed by scheme',
      dimensions: [text('scheme', 'Scheme'), text('currency', 'Currency')],
      measures: disbursed,
      sql: `
        SELECT s.name->>'en' AS "scheme", d.currency AS "currency", ${DISBURSED_FIGURES}
        FROM disbursements d
        JOIN scholarship_applications a ON a.id = d.application_id
        JOIN scholarships s ON s.id = a.scholarship_id
        WHERE ${paid.any}
        GROUP BY s.id, s.name->>'en', d.currency
        ORDER BY 1, 2`,
    },
    {
      key: 'disbursedByCurrency',
      title: 'Money disbursed by currency',
      dimensions: [text('currency', 'Currency')],
      measures: disbursed,
      sql: `
        SELECT d.currency AS "currency", ${DISBURSED_FIGURES}
        FROM disbursements d
        WHERE ${paid.any}
        GROUP BY d.currency
        ORDER BY 1`,
    },
  ],
};
