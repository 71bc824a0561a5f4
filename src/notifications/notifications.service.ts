import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { NotFoundError } from '../common/errors';
import { Page, paginate } from '../common/pagination';
import {
  NotificationQueryDto,
  NotificationResponse,
  toNotificationResponse,
} from './dto/notification.dto';
import { NotificationEntity, NotificationKind } from './notification.entity';

/** What another module hands to {@link NotificationsService.notify}. */
export interface NotifyInput {
  userIds: string[];
  kind: NotificationKind;
  entityType?: string | null;
  entityId?: string | null;
  title: string;
  body: string;
  /**
   * Identifies the event (e.g. `report:<id>`, `reminder:<id>`); each user's row gets
   * `<deliveryKey>:<userId>:in_app`, unique in the table, so a retried job never notifies twice.
   */
  deliveryKey: string;
}

/** The per-user delivery key of an in-app notification. */
export const inAppDeliveryKey = (eventKey: string, userId: string): string =>
  `${eventKey}:${userId}:in_app`;

/**
 * In-app inbox. Every read and write goes through {@link ownedBy}: a user only ever sees, counts
 * and marks their own notifications; anyone else's answers 404.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's notifications, and nothing else. */
  private ownedBy(
    actor: Pick<Actor, 'userId'>,
    manager?: EntityManager,
  ): SelectQueryBuilder<NotificationEntity> {
    return (manager ?? this.dataSource.manager)
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.user_id = :me', { me: actor.userId });
  }

  async list(actor: Actor, query: NotificationQueryDto): Promise<Page<NotificationResponse>> {
    const qb = this.ownedBy(actor);
    if (query.unread === true) qb.andWhere('n.read_at IS NULL');
    if (query.unread === false) qb.andWhere('n.read_at IS NOT NULL');
    return paginate(qb, query, toNotificationResponse, { direction: 'DESC' });
  }

  async unreadCount(actor: Actor): Promise<number> {
    return this.ownedBy(actor).andWhere('n.read_at IS NULL').getCount();
  }

  /** Marks one of the caller's notifications read (idempotent: the first read time stays). */
  async markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    // Scoped to the caller in the WHERE clause itself: another user's id updates nothing.
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = $2 AND read_at IS NULL`,
      [actor.userId, id],
    );
    const found = await this.ownedBy(actor).andWhere('n.id = :id', { id }).getOne();
    if (!found) throw new NotFoundError('Notification');
    return toNotificationResponse(found);
  }

  async markAllRead(actor: Actor): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [actor.userId],
    );
    return affected;
  }

  /**
   * Puts a notification in each user's inbox, at most once per (event, user): rows whose delivery
   * key exists are skipped. Pass the caller's transaction manager to commit with its change, or
   * null. Returns how many rows were inserted.
   */
  async notify(manager: EntityManager | null, input: NotifyInput): Promise<number> {
    const userIds = [...new Set(input.userIds)];
    if (userIds.length === 0) return 0;
    const rows: unknown = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO notifications (user_id, kind, entity_type, entity_id, title, body, delivery_key)
       SELECT u, $2, $3, $4, $5, $6, $7 || ':' || u::text || ':in_app' FROM unnest($1::uuid[]) AS u
       ON CONFLICT (delivery_key) DO NOTHING
       RETURNING id`,
      [
        userIds,
        input.kind,
        input.entityType ?? null,
        input.entityId ?? null,
        input.title,
        input.body,
        input.deliveryKey,
      ],
    );
    return Array.isArray(rows) ? rows.length : 0;
  }
}
