import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateReportScheduleDto,
  ReportScheduleQueryDto,
  ReportScheduleResponse,
  UpdateReportScheduleDto,
} from './dto/report-schedule.dto';
import { ReportSchedulesService } from './report-schedules.service';

class ReportSchedulePage extends PageOf(ReportScheduleResponse) {}

@ApiTags('reports')
@Controller('report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportSchedulesService) {}

  /** Schedule a report. */
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ReportScheduleResponse })
  create(
    @Body() dto: CreateReportScheduleDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReportScheduleResponse> {
    return this.schedules.create(dto, actor);
  }

  /** List report schedules. */
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: ReportSchedulePage })
  list(@Query() query: ReportScheduleQueryDto): Promise<ReportSchedulePage> {
    return this.schedules.list(query);
  }

  /** One report schedule. */
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ReportScheduleResponse })
  get(@UuidParam() id: string): Promise<ReportScheduleResponse> {
    return this.schedules.get(id);
  }

  /** `{active: false}` deactivates the schedule. */
  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ReportScheduleResponse })
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateReportScheduleDto,
  ): Promise<ReportScheduleResponse> {
    return this.schedules.update(id, dto);
  }
}
