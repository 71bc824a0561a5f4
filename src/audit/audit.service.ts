import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { requestContext } from '../common/http/request-context';
import { AuditRepository, AuditRow } from './audit.repository';

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
  constructor(private readonly repo: AuditRepository) {}

  async record(manager: EntityManager | null, entry: AuditEntry): Promise<void> {
    await this.repo.insert(manager, toRow(entry));
  }

  /** Records several entries in one statement, inside the transaction of the changes they describe. */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    await this.repo.insertMany(manager, entries.map(toRow));
  }

  /** Admin's view of the trail, newest first; `limit + 1` rows tell whether a next page exists. */
  async list(query: {
    entityType?: string;
    entityId?: string;
    cursor?: string;
    limit?: number;
  }): Promise<{ items: Record<string, unknown>[]; hasMore: boolean }> {
    const limit = query.limit ?? 20;
    const rows = await this.repo.list({ ...query, limit: limit + 1 });
    return { items: rows.slice(0, limit), hasMore: rows.length > limit };
  }
}

function toRow(entry: AuditEntry): AuditRow {
  const ctx = requestContext.getStore();
  const actor = entry.actor === undefined ? ctx?.actor : entry.actor;
  return {
    actorUserId: actor?.userId ?? null,
    actorRole: actor?.role ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
    requestId: ctx?.requestId ?? null,
  };
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
