import { Module } from '@nestjs/common';
import { RemindersSweep } from './crons/sweep-reminders.cron';
import { RemindersProcessor } from './reminders.processor';
import { RemindersModule } from './reminders.module';

/** The worker side of reminders: the notifications queue's consumer and the periodic sweep. */
@Module({
  imports: [RemindersModule],
  providers: [RemindersSweep, RemindersProcessor],
  exports: [RemindersSweep],
})
export class RemindersWorkerModule {}
