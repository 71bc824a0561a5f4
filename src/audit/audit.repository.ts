import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditPrivacy } from './audit-privacy';

/** One row of `audit_events` to insert; JSON values already serialised. */
export interface AuditRow {
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  requestId: string | null;
}

/** Filters and keyset page of the audit list. */
export interface AuditListFilter {
  entityType?: string;
  entityId?: string;
  cursor?: string;
  limit: number;
}

/** Set-based access to `audit_events`; rule-free. */
@Injectable()
export class AuditRepository implements AuditPrivacy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts an entry with `m` (the change's transaction) or, without one, on its own. */
  async insert(m: EntityManager | null, row: AuditRow): Promise<void> {
    await (m ?? this.dataSource.manager).query(
      `INSERT INTO audit_events (actor_user_id, actor_role, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.actorUserId,
        row.actorRole,
        row.action,
        row.entityType,
        row.entityId,
        row.before,
        row.after,
        row.requestId,
      ],
    );
  }

  /** Inserts many entries in one statement, with the change's transaction. */
  async insertMany(m: EntityManager, rows: AuditRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof AuditRow>(k: K) => rows.map((r) => r[k]);
    await m.query(
      `INSERT INTO audit_events (actor_user_id, actor_role, action, entity_type, entity_id, before, after, request_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[], $7::jsonb[], $8::text[])`,
      [
        col('actorUserId'),
        col('actorRole'),
        col('action'),
        col('entityType'),
        col('entityId'),
        col('before'),
        col('after'),
        col('requestId'),
      ],
    );
  }

  /** Newest first, up to `limit` rows after the cursor row (raw, snake_case). */
  list(filter: AuditListFilter): Promise<Record<string, unknown>[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.entityType) {
      params.push(filter.entityType);
      where.push(`entity_type = $${params.length}`);
    }
    if (filter.entityId) {
      params.push(filter.entityId);
      where.push(`entity_id = $${params.length}`);
    }
    if (filter.cursor) {
      params.push(filter.cursor);
      where.push(
        `(created_at, id) < (SELECT created_at, id FROM audit_events WHERE id = $${params.length})`,
      );
    }
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  forEntities(m: EntityManager, entityIds: string[]): Promise<Record<string, unknown>[]> {
    return m.query(
      `SELECT id, actor_user_id, actor_role, action, entity_type, entity_id, before, after, request_id, created_at
         FROM audit_events WHERE entity_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [entityIds],
    );
  }
}
