import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CorrectIndicatorValueDto,
  CreateIndicatorDto,
  CreateIndicatorValueDto,
  IndicatorResponse,
  IndicatorValueResponse,
  ReturnIndicatorValueDto,
} from './dto/result.dto';
import { ResultsService } from './results.service';

class IndicatorPage extends PageOf(IndicatorResponse) {}
class IndicatorValuePage extends PageOf(IndicatorValueResponse) {}

@ApiTags('aid-projects')
@Controller()
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  /** Add a result indicator to an aid project. */
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

  /** List an aid project's indicators. */
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

  /** Report an indicator value. */
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

  /** List an indicator's values. */
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

  /** Staff: returns a wrong value to its reporter, also after approval (status `returned`). */
  @Post('indicator-values/:id/return')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: IndicatorValueResponse })
  returnValue(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: ReturnIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    return this.results.returnValue(actor, id, dto);
  }

  /** Corrects a returned value (409 INVALID_TRANSITION otherwise); it is `reported` again. */
  @Patch('indicator-values/:id')
  @AnyRole()
  @ApiOkResponse({ type: IndicatorValueResponse })
  correctValue(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CorrectIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    return this.results.correctValue(actor, id, dto);
  }
}
