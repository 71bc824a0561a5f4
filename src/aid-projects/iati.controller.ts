import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyRole } from '../common/auth/auth.decorators';
import { IatiExportQueryDto } from './dto/iati.dto';
import { IatiService } from './iati.service';

/** Registered before AidProjectsController so `iati.xml` is not taken for a project id. */
@ApiTags('aid-projects')
@Controller('aid-projects')
export class IatiController {
  constructor(private readonly iati: IatiService) {}

  /** IATI activity standard 2.03 XML of the selected projects (at most 1000 per file). */
  @Get('iati.xml')
  @AnyRole()
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'iati-activities version 2.03', schema: { type: 'string' } })
  async export(
    @Query() query: IatiExportQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const xml = await this.iati.export(query);
    // Set only on success: errors keep the JSON error body and content type.
    res
      .header('Content-Type', 'application/xml; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="silkbridge-iati-activities.xml"');
    return xml;
  }
}
