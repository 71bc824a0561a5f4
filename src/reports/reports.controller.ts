import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import { requestLocale } from '../common/i18n';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateReportDto,
  ReportQueryDto,
  ReportQueuedResponse,
  ReportResponse,
} from './dto/report.dto';
import { ReportsService } from './reports.service';

class ReportPage extends PageOf(ReportResponse) {}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /**
   * Queues a report; poll `GET /reports/:id` until `ready`, then download it. It is written in
   * the `Accept-Language` (en, zh, ur), else the caller's own locale, else English.
   */
  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportQueuedResponse })
  @ApiServiceUnavailableResponse({
    description: 'The job queue is down; the report row is marked failed',
  })
  request(
    @Body() dto: CreateReportDto,
    @CurrentActor() actor: Actor,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ReportQueuedResponse> {
    return this.reports.request(
      dto,
      actor,
      requestLocale({ 'accept-language': acceptLanguage }, actor),
    );
  }

  /** List reports. */
  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: ReportPage })
  list(@Query() query: ReportQueryDto): Promise<ReportPage> {
    return this.reports.list(query);
  }

  /** One report and its status. */
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ReportResponse })
  get(@UuidParam() id: string): Promise<ReportResponse> {
    return this.reports.get(id);
  }

  /** The file, with its content type, a file name and its SHA-256 as ETag. 409 REPORT_NOT_READY before. */
  @Get(':id/download')
  @Roles('admin')
  @ApiOkResponse({
    description: 'The report file, in the format it was requested in',
    content: {
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/json': {
        schema: {
          type: 'object',
          required: ['report', 'sections'],
          properties: {
            report: {
              type: 'object',
              additionalProperties: true,
              description: 'What was reported on: kind, period, filters',
            },
            sections: {
              type: 'array',
              items: { type: 'object', additionalProperties: true },
              description: 'Figures as `{current, previous}`, money as exact decimal strings',
            },
          },
        },
      },
    },
  })
  @ApiConflictResponse({ description: 'REPORT_NOT_READY' })
  async download(
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.reports.file(id);
    res
      .header('ETag', `"${file.checksum}"`)
      .header('X-Checksum-Sha256', file.checksum)
      .header('Cache-Control', 'private, no-cache');
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
