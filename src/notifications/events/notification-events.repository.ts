import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationEvent } from './notification-event';

/** A recorded event as the worker reads it. */
export type StoredEvent = NotificationEvent & { id: string; deliveredAt: Date | null };

/** The `notification_events` outbox. */
@Injectable()
export class NotificationEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, event: NotificationEvent): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notification_events (kind, entity_type, entity_id, audience, params)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        event.kind,
        event.entityType,
        event.entityId,
        JSON.stringify(event.audience),
        JSON.stringify(event.params),
      ],
    );
    return rows[0].id;
  }

  async find(id: string): Promise<StoredEvent | null> {
    const rows: StoredEvent[] = await this.dataSource.query(
      `SELECT id, kind, entity_type AS "entityType", entity_id AS "entityId", audience, params,
              delivered_at AS "deliveredAt"
         FROM notification_events WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markDelivered(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_events SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL`,
      [id],
    );
  }

  /** Its delivery job used its last attempt: the sweep leaves it to an admin's retry. */
  async markFailed(id: string, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_events SET failed_at = now(), last_error = $2
        WHERE id = $1 AND delivered_at IS NULL`,
      [id, lastError.slice(0, 1000)],
    );
  }

  /**
   * Undelivered events recorded before `before` (their after-commit enqueue may have been lost),
   * leaving out those whose job gave up.
   */
  async pendingIds(before: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification_events
        WHERE delivered_at IS NULL AND failed_at IS NULL AND created_at < $1
        ORDER BY created_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Delivered events are only history; the notifications and email deliveries remain. */
  async purgeDelivered(before: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM notification_events WHERE delivered_at < $1`,
      [before],
    );
    return affected;
  }
}
