import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification events (organisation registered or decided, application decided, waitlisted seat
 * confirmed, program cancelled or moved): written in the transaction of the change, enqueued
 * after it commits, and swept when Redis was down. `delivered_at` is set once every recipient
 * has their in-app row and email; delivered events are purged after a week.
 * Organisations: the expiry date the members were last told about, so the "expired" notice goes
 * out once per expiry date (a renewal sets a new date, and a later expiry is told again).
 */
export class NotificationEvents1764000090000 implements MigrationInterface {
  name = 'NotificationEvents1764000090000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        audience jsonb NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX notification_events_pending_idx ON notification_events (created_at) WHERE delivered_at IS NULL`,
    );
    await q.query(`ALTER TABLE organizations ADD COLUMN expiry_notified_for date`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations DROP COLUMN expiry_notified_for`);
    await q.query(`DROP TABLE notification_events`);
  }
}
