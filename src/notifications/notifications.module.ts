import { Module } from '@nestjs/common';
import { NotificationEvents } from './events/notification-events';
import { NotificationEventsRepository } from './events/notification-events.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { QueueDashboard } from './queue-dashboard';

/**
 * In-app notifications (routes for the caller's inbox, `notify()` for other modules), the
 * {@link NotificationEvents} port other domains record their changes through, and the admins'
 * queue dashboard. Safe to import in the worker: the dashboard mounts only where there is an
 * HTTP server.
 */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    QueueDashboard,
    NotificationEvents,
    NotificationEventsRepository,
  ],
  exports: [NotificationsService, NotificationEvents, NotificationEventsRepository],
})
export class NotificationsModule {}
