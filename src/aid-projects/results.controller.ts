import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateIndicatorDto,
  CreateIndicatorValueDto,
  IndicatorResponse,
  IndicatorValueResponse,
} from './dto/result.dto';
import { ResultsService } from './results.service';

class IndicatorPage extends PageOf(IndicatorResponse) {}
class IndicatorValuePage extends PageOf(IndicatorValueResponse) {}

@ApiTags('aid-projects')
@Controller()
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  @Post('aid-projects/:id/indicators')
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: IndicatorResponse })
  createIndicator(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateIndicatorDto,
  ): Promise<IndicatorResponse> {
    return this.results.createIndicator(actor, id, dto);
  }

  @Get('aid-projects/:id/indicators')
  @AnyRole()
  @ApiOkResponse({ type: IndicatorPage })
  listIndicators(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<IndicatorPage> {
    return this.results.listIndicators(actor, id, query);
  }

  @Post('indicators/:id/values')
  @AnyRole()
  @ApiCreatedResponse({ type: IndicatorValueResponse })
  reportValue(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    return this.results.reportValue(actor, id, dto);
  }

  @Get('indicators/:id/values')
  @AnyRole()
  @ApiOkResponse({ type: IndicatorValuePage })
  listValues(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<IndicatorValuePage> {
    return this.results.listValues(actor, id, query);
  }

  /** Staff; not the reporter of the value (409 SELF_APPROVAL). */
  @Post('indicator-values/:id/approve')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: IndicatorValueResponse })
  approve(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<IndicatorValueResponse> {
    return this.results.approveValue(actor, id);
  }
}
