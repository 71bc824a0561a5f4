import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders: a rule remembers which of its versions the worker has applied to the schedule
 * (`scheduled_version`), so creating, re-timing or deactivating a rule is picked up by the sweep
 * even when Redis was down at the time of the write. Also an index to cancel a rule's pending
 * reminders in one statement.
 */
export class ReminderRuleScheduling1764000005000 implements MigrationInterface {
  name = 'ReminderRuleScheduling1764000005000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE reminder_rules ADD COLUMN scheduled_version integer NOT NULL DEFAULT 0`,
    );
    await q.query(
      `CREATE INDEX reminder_rules_unapplied_idx ON reminder_rules (id) WHERE scheduled_version < version`,
    );
    await q.query(
      `CREATE INDEX reminders_rule_idx ON reminders (rule_id) WHERE status = 'scheduled'`,
    );
    await q.query(
      `CREATE INDEX email_deliveries_user_idx ON email_deliveries (user_id) WHERE user_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS email_deliveries_user_idx`);
    await q.query(`DROP INDEX IF EXISTS reminders_rule_idx`);
    await q.query(`DROP INDEX IF EXISTS reminder_rules_unapplied_idx`);
    await q.query(`ALTER TABLE reminder_rules DROP COLUMN IF EXISTS scheduled_version`);
  }
}
