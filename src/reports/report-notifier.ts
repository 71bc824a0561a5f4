import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ReportReadyNotice {
  reportId: string;
  title: string;
  body: string;
  /** Only this user (still an active admin), e.g. the admin who asked for an on-demand report; else every active admin. */
  onlyUserId?: string | null;
}

export interface NotifiedUser {
  userId: string;
  email: string;
}

/**
 * In-app "report ready" notifications. The notifications module is built in parallel; until it
 * offers a service, the row is written here with the same exactly-once key the reminders use:
 * `delivery_key = report:<reportId>:<userId>` with ON CONFLICT DO NOTHING, inside the
 * transaction that marks the report ready. Returns the users notified by THIS call.
 */
@Injectable()
export class ReportNotifier {
  async notifyReady(manager: EntityManager, notice: ReportReadyNotice): Promise<NotifiedUser[]> {
    const rows: { user_id: string; email: string }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO notifications (user_id, kind, entity_type, entity_id, title, body, delivery_key)
         SELECT u.id, 'report_ready', 'report', $1::uuid, $2, $3, 'report:' || $1::uuid::text || ':' || u.id::text
         FROM users u
         WHERE u.role = 'admin' AND u.is_active AND ($4::uuid IS NULL OR u.id = $4::uuid)
         ON CONFLICT (delivery_key) DO NOTHING
         RETURNING user_id
       )
       SELECT i.user_id, u.email FROM inserted i JOIN users u ON u.id = i.user_id`,
      [notice.reportId, notice.title, notice.body, notice.onlyUserId ?? null],
    );
    return rows.map((r) => ({ userId: r.user_id, email: r.email }));
  }
}
