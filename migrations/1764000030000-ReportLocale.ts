import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports: the language an on-demand report is written in (headings, labels, category names),
 * taken from the request's Accept-Language or the caller's locale. NULL (scheduled reports,
 * reports requested before this column) means English.
 */
export class ReportLocale1764000030000 implements MigrationInterface {
  name = 'ReportLocale1764000030000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE reports ADD COLUMN locale text CONSTRAINT reports_locale_check CHECK (locale IN ('en', 'zh', 'ur'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reports DROP COLUMN locale`);
  }
}
