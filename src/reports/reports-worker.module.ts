import { Module } from '@nestjs/common';
import { ClockModule } from '../common/clock';
import { MailModule } from '../mail/mail.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { ReportSchedulesCron } from './crons/report-schedules.cron';
import { ReportsProcessor } from './jobs/build-report.job';
import { ReportBuilder } from './report-builder.service';
import { ReportMailer } from './report-mailer';
import { ReportNotifier } from './report-notifier';
import { ReportSchedulesRepository } from './report-schedules.repository';
import { ReportsRepository } from './reports.repository';

/** Worker side of reports (imported only by WorkerModule): the processor, the builder and the schedule tick. */
@Module({
  imports: [ClockModule, NotificationsModule, MailModule, UsersModule],
  providers: [
    ReportsProcessor,
    ReportBuilder,
    ReportSchedulesCron,
    ReportNotifier,
    ReportMailer,
    ReportsRepository,
    ReportSchedulesRepository,
  ],
  exports: [ReportBuilder, ReportSchedulesCron],
})
export class ReportsWorkerModule {}
