import { Module } from '@nestjs/common';
import { ClockModule } from '../common/clock';
import { ReportSchedulesController } from './report-schedules.controller';
import { ReportSchedulesRepository } from './report-schedules.repository';
import { ReportSchedulesService } from './report-schedules.service';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** API side of reports: request, poll, download; schedules. */
@Module({
  imports: [ClockModule],
  controllers: [ReportsController, ReportSchedulesController],
  providers: [ReportsService, ReportSchedulesService, ReportsRepository, ReportSchedulesRepository],
})
export class ReportsModule {}
