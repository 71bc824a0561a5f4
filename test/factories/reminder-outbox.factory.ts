import type { Client } from 'pg';

/**
 * The outbox row the owning module writes in the same transaction as a dated record, so the
 * reminders worker (re)schedules it.
 */
export async function insertOutboxRow(
  db: Client,
  entityType: string,
  entityId: string,
): Promise<void> {
  await db.query(`INSERT INTO reminder_outbox (entity_type, entity_id) VALUES ($1, $2)`, [
    entityType,
    entityId,
  ]);
}
