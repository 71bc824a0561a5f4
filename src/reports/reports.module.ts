import { Module } from '@nestjs/common';
import { ClockModule } from '../common/clock';
import { ReportSchedulesController } from './report-schedules.controller';
import { ReportSchedulesService } from './report-schedules.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** API side of reports: request, poll, download; schedules. */
@Module({
  imports: [ClockModule],
  controllers: [ReportsController, ReportSchedulesController],
  providers: [ReportsService, ReportSchedulesService],
})
export class ReportsModule {}
