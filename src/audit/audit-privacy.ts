import type { EntityManager } from 'typeorm';

/**
 * The audit domain's port for a participant's data-subject rights, so the participants domain
 * never reads `audit_events` itself. Implemented by AuditRepository; provided and exported by
 * AuditModule.
 */
export abstract class AuditPrivacy {
  /** Audit events about any of these records (raw rows, snake_case), oldest first. */
  abstract forEntities(m: EntityManager, entityIds: string[]): Promise<Record<string, unknown>[]>;
}
