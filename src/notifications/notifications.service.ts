import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { NotFoundError } from '../common/errors';
import type { Page } from '../common/pagination';
import {
  NotificationQueryDto,
  NotificationResponse,
  toNotificationResponse,
} from './dto/notification.dto';
import type { NotificationKind } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

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
 * In-app inbox. Every read and write is scoped to the caller ({@link NotificationsRepository}):
 * a user only ever sees, counts and marks their own notifications; anyone else's answers 404.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  async list(actor: Actor, query: NotificationQueryDto): Promise<Page<NotificationResponse>> {
    const page = await this.repo.list(actor.userId, query.unread, query);
    return { ...page, items: page.items.map(toNotificationResponse) };
  }

  async unreadCount(actor: Actor): Promise<number> {
    return this.repo.countUnread(actor.userId);
  }

  /** Marks one of the caller's notifications read (idempotent: the first read time stays). */
  async markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    await this.repo.markRead(actor.userId, id);
    const found = await this.repo.findOwned(actor.userId, id);
    if (!found) throw new NotFoundError('Notification');
    return toNotificationResponse(found);
  }

  async markAllRead(actor: Actor): Promise<number> {
    return this.repo.markAllRead(actor.userId);
  }

  /**
   * Puts a notification in each user's inbox, at most once per (event, user): rows whose delivery
   * key exists are skipped. Pass the caller's transaction manager to commit with its change, or
   * null. Returns how many rows were inserted.
   */
  async notify(manager: EntityManager | null, input: NotifyInput): Promise<number> {
    const userIds = [...new Set(input.userIds)];
    if (userIds.length === 0) return 0;
    return this.repo.insertOnce(manager, {
      userIds,
      kind: input.kind,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      title: input.title,
      body: input.body,
      deliveryKey: input.deliveryKey,
    });
  }
}
