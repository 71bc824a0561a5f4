import type { EntityManager } from 'typeorm';

/** Entity types whose dates drive reminders. */
export type DatedEntityType =
  'program' | 'scholarship' | 'milestone' | 'organization' | 'partnership';

/**
 * Call inside the same transaction that creates a dated record, changes one of its dates or
 * closes it (cancelled, completed, deleted). The reminders worker drains this outbox and
 * (re)schedules or drops the record's reminders, so nothing is lost while Redis is down.
 */
export async function touchDatedRecord(
  manager: EntityManager,
  entityType: DatedEntityType,
  entityId: string,
): Promise<void> {
  await manager.query(`INSERT INTO reminder_outbox (entity_type, entity_id) VALUES ($1, $2)`, [
    entityType,
    entityId,
  ]);
}
