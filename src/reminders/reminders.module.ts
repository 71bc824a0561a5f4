import { Module } from '@nestjs/common';
import { ClockModule } from '../common/clock';
import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DeliverReminderJob } from './jobs/deliver-reminder.job';
import { ReminderRulesController } from './reminder-rules.controller';
import { ReminderRulesRepository } from './reminder-rules.repository';
import { ReminderRulesService } from './reminder-rules.service';
import { ReminderScheduler } from './reminder-scheduler.service';
import { RemindersRepository } from './reminders.repository';
import { TargetRegistry } from './targets/target-registry';

/**
 * Reminder rules (API) and the scheduling/delivery services the worker uses. Other modules plug
 * in through `DatedRecordOutbox.touch()` (the outbox, drained right after the commit) and a target provider in {@link TargetRegistry}.
 */
@Module({
  imports: [ClockModule, MailModule, NotificationsModule, UsersModule],
  controllers: [ReminderRulesController],
  providers: [
    ReminderRulesService,
    ReminderRulesRepository,
    RemindersRepository,
    TargetRegistry,
    ReminderScheduler,
    DeliverReminderJob,
  ],
  exports: [
    ReminderScheduler,
    DeliverReminderJob,
    RemindersRepository,
    TargetRegistry,
    NotificationsModule,
  ],
})
export class RemindersModule {}
