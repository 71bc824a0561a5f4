import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateMilestoneDto,
  MilestoneQueryDto,
  MilestoneResponse,
  ProjectMilestoneQueryDto,
  UpdateMilestoneDto,
} from './dto/milestone.dto';
import { MilestonesService } from './milestones.service';

class MilestonePage extends PageOf(MilestoneResponse) {}

@ApiTags('aid-projects')
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  /** Add a milestone to an aid project. */
  @Post('aid-projects/:id/milestones')
  @AnyRole()
  @ApiCreatedResponse({ type: MilestoneResponse })
  create(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateMilestoneDto,
  ): Promise<MilestoneResponse> {
    return this.milestones.create(actor, id, dto);
  }

  /** List an aid project's milestones. */
  @Get('aid-projects/:id/milestones')
  @AnyRole()
  @ApiOkResponse({ type: MilestonePage })
  listForProject(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ProjectMilestoneQueryDto,
  ): Promise<MilestonePage> {
    return this.milestones.listForProject(actor, id, query);
  }

  /** `?overdue=true[&asOf=YYYY-MM-DD]`: open milestones past due, across visible projects. */
  @Get('milestones')
  @AnyRole()
  @ApiOkResponse({ type: MilestonePage })
  list(@CurrentActor() actor: Actor, @Query() query: MilestoneQueryDto): Promise<MilestonePage> {
    return this.milestones.list(actor, query);
  }

  /** Change a milestone. */
  @Patch('milestones/:id')
  @AnyRole()
  @ApiOkResponse({ type: MilestoneResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateMilestoneDto,
  ): Promise<MilestoneResponse> {
    return this.milestones.update(actor, id, dto);
  }

  /** Complete a milestone. */
  @Post('milestones/:id/complete')
  @AnyRole()
  @HttpCode(200)
  @ApiOkResponse({ type: MilestoneResponse })
  complete(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<MilestoneResponse> {
    return this.milestones.complete(actor, id);
  }
}
