import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event whose delivery job used its last attempt (an address the SMTP server keeps refusing,
 * say) is marked `failed_at` with its `last_error`, and the sweep stops taking it: otherwise such
 * events, oldest first, would fill the sweep's batch for ever and hide the events it exists for.
 * An admin retries the failed job from the queue dashboard; delivery then marks it delivered.
 */
export class EventDeliveryFailures1764000100000 implements MigrationInterface {
  name = 'EventDeliveryFailures1764000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notification_events ADD COLUMN failed_at timestamptz, ADD COLUMN last_error text`,
    );
    await q.query(`DROP INDEX notification_events_pending_idx`);
    await q.query(
      `CREATE INDEX notification_events_pending_idx ON notification_events (created_at)
        WHERE delivered_at IS NULL AND failed_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_events_pending_idx`);
    await q.query(
      `CREATE INDEX notification_events_pending_idx ON notification_events (created_at) WHERE delivered_at IS NULL`,
    );
    await q.query(`ALTER TABLE notification_events DROP COLUMN failed_at, DROP COLUMN last_error`);
  }
}
