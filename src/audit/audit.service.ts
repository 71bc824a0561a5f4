import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { requestContext } from '../common/http/request-context';

export interface AuditEntry {
  /** e.g. `organization.approved`, `participant.updated`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to the caller of the current request. */
  actor?: Pick<Actor, 'userId' | 'role'> | null;
}

/**
 * The audit trail every module writes to. Pass the transaction's manager so the entry commits
 * (or rolls back) with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager | null, entry: AuditEntry): Promise<void> {
    const ctx = requestContext.getStore();
    const actor = entry.actor === undefined ? ctx?.actor : entry.actor;
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_events (actor_user_id, actor_role, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        actor?.userId ?? null,
        actor?.role ?? null,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
        entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
        ctx?.requestId ?? null,
      ],
    );
  }
}

/** Secrets never enter the audit trail. */
function redact(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redact);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      /password|token|secret/i.test(k) ? [k, '[redacted]'] : [k, v instanceof Date ? v : redact(v)],
    ),
  );
}
