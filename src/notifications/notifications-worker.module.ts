import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { EventDelivery } from './events/deliver-event.job';
import { EventsProcessor } from './events/events.processor';
import { EventsSweep } from './events/sweep-events.cron';
import { NotificationsModule } from './notifications.module';

/** The worker side of notification events: the events queue's consumer and its sweep. */
@Module({
  imports: [NotificationsModule, MailModule, UsersModule],
  providers: [EventDelivery, EventsSweep, EventsProcessor],
  exports: [EventDelivery, EventsSweep],
})
export class NotificationsWorkerModule {}
