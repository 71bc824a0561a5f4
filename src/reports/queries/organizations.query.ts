import { countPair, ts } from './period-sql';
import { count, SectionQuery, text } from './table-query';

const created = ts('o.created_at');
const approved = ts('o.approved_at');

/** New organisations (registered in the period) and approvals (approved_at in the period). */
export const organizationsSection: SectionQuery = {
  key: 'organizations',
  title: 'Organisations',
  activity: `EXISTS (SELECT 1 FROM organizations o WHERE ${created.cur} OR ${approved.cur})`,
  tables: [
    {
      key: 'totals',
      title: 'New and approved organisations',
      dimensions: [],
      measures: [count('new', 'New'), count('approved', 'Approved')],
      sql: `
        SELECT ${countPair('new', created)}, ${countPair('approved', approved)}
        FROM organizations o
        WHERE ${created.any} OR ${approved.any}`,
    },
    {
      key: 'byType',
      title: 'Organisations by type',
      dimensions: [text('type', 'Type')],
      measures: [count('new', 'New'), count('approved', 'Approved')],
      sql: `
        SELECT o.type AS "type", ${countPair('new', created)}, ${countPair('approved', approved)}
        FROM organizations o
        WHERE ${created.any} OR ${approved.any}
        GROUP BY o.type
        ORDER BY o.type`,
    },
  ],
};
