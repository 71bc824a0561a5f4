import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { QueueDashboard } from './queue-dashboard';

/**
 * In-app notifications (routes for the caller's inbox, `notify()` for other modules) and the
 * admins' queue dashboard. Safe to import in the worker: the dashboard mounts only where there is
 * an HTTP server.
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, QueueDashboard],
  exports: [NotificationsService],
})
export class NotificationsModule {}
