import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_LOCALE, isLocale, Locale } from '../common/i18n';
import { NotificationsService } from '../notifications/notifications.service';
import { UserLookup } from '../users/user-lookup';

export interface ReportReadyNotice {
  reportId: string;
  title: string;
  body: string;
  /** Only this user (still an active admin), e.g. the admin who asked for an on-demand report; else every active admin. */
  onlyUserId?: string | null;
}

/** An admin told that a report is ready, with what their email is written from. */
export interface NotifiedUser {
  userId: string;
  email: string;
  displayName: string;
  locale: Locale;
}

/**
 * In-app "report ready" notifications, through the notifications domain: one row per admin
 * under the event key `report:<reportId>` (exactly once per report and admin), written in the
 * caller's transaction, the one that marks the report ready. The admins come from the users
 * domain's read port, read in that same transaction.
 */
@Injectable()
export class ReportNotifier {
  constructor(
    private readonly users: UserLookup,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Returns the admins this call notified. Called only by the transaction that turns the
   * report ready, which happens once, so these are every admin told; nobody is when all of
   * them already had the notification.
   */
  async notifyReady(manager: EntityManager, notice: ReportReadyNotice): Promise<NotifiedUser[]> {
    const admins = await this.users.activeAdmins(manager, notice.onlyUserId ?? null);
    const inserted = await this.notifications.notify(manager, {
      userIds: admins.map((a) => a.id),
      kind: 'report_ready',
      entityType: 'report',
      entityId: notice.reportId,
      title: notice.title,
      body: notice.body,
      deliveryKey: `report:${notice.reportId}`,
    });
    if (inserted === 0) return [];
    return admins.map((a) => ({
      userId: a.id,
      email: a.email,
      displayName: a.display_name,
      locale: isLocale(a.locale) ? a.locale : DEFAULT_LOCALE,
    }));
  }
}
