import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { NotificationEntity, NotificationKind } from './notification.entity';

/** Rows to insert: one per user, keyed `<deliveryKey>:<userId>:in_app`. */
export interface NewNotifications {
  userIds: string[];
  kind: NotificationKind;
  entityType: string | null;
  entityId: string | null;
  title: string;
  body: string;
  deliveryKey: string;
}

/**
 * The `notifications` table. Every per-user read and write is scoped to its owner in SQL, so a
 * caller can never reach another user's rows.
 */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's notifications, and nothing else. */
  private ownedBy(userId: string): SelectQueryBuilder<NotificationEntity> {
    return this.dataSource.manager
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.user_id = :me', { me: userId });
  }

  /** Newest first; `unread` true/false keeps only unread/read ones. */
  async list(
    userId: string,
    unread: boolean | undefined,
    page: PageQueryDto,
  ): Promise<Page<NotificationEntity>> {
    const qb = this.ownedBy(userId);
    if (unread === true) qb.andWhere('n.read_at IS NULL');
    if (unread === false) qb.andWhere('n.read_at IS NOT NULL');
    return paginate(qb, page, (n) => n, { direction: 'DESC' });
  }

  async countUnread(userId: string): Promise<number> {
    return this.ownedBy(userId).andWhere('n.read_at IS NULL').getCount();
  }

  async findOwned(userId: string, id: string): Promise<NotificationEntity | null> {
    return this.ownedBy(userId).andWhere('n.id = :id', { id }).getOne();
  }

  /** Idempotent: the first read time stays; another user's id updates nothing. */
  async markRead(userId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = $2 AND read_at IS NULL`,
      [userId, id],
    );
  }

  /** Returns how many rows were marked. */
  async markAllRead(userId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return affected;
  }

  /**
   * Inserts the rows whose delivery key is new (ON CONFLICT DO NOTHING), in the caller's
   * transaction when given one. Returns how many were inserted.
   */
  async insertOnce(manager: EntityManager | null, input: NewNotifications): Promise<number> {
    const rows: unknown = await (manager ?? this.dataSource.manager).query(
      `INSERT INTO notifications (user_id, kind, entity_type, entity_id, title, body, delivery_key)
       SELECT u, $2, $3, $4, $5, $6, $7 || ':' || u::text || ':in_app' FROM unnest($1::uuid[]) AS u
       ON CONFLICT (delivery_key) DO NOTHING
       RETURNING id`,
      [
        input.userIds,
        input.kind,
        input.entityType,
        input.entityId,
        input.title,
        input.body,
        input.deliveryKey,
      ],
    );
    return Array.isArray(rows) ? rows.length : 0;
  }
}
