import { Module } from '@nestjs/common';
import { ClockModule } from '../common/clock';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { RemindersSweep } from './crons/sweep-reminders.cron';
import { ReminderBatcher } from './jobs/reminder-batcher';
import { RemindersProcessor } from './reminders.processor';
import { RemindersModule } from './reminders.module';

/** The worker side of reminders: the notifications queue's consumer and the periodic sweep. */
@Module({
  imports: [RemindersModule, ClockModule, MailModule, UsersModule],
  providers: [RemindersSweep, ReminderBatcher, RemindersProcessor],
  exports: [RemindersSweep, ReminderBatcher],
})
export class RemindersWorkerModule {}
