import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import { AidProjectsService } from './aid-projects.service';
import {
  AidProjectDetailResponse,
  AidProjectQueryDto,
  AidProjectResponse,
  CreateAidProjectDto,
  UpdateAidProjectDto,
} from './dto/aid-project.dto';

class AidProjectPage extends PageOf(AidProjectResponse) {}

@ApiTags('aid-projects')
@Controller('aid-projects')
export class AidProjectsController {
  constructor(private readonly projects: AidProjectsService) {}

  /** Create an aid project. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: AidProjectDetailResponse })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAidProjectDto,
  ): Promise<AidProjectDetailResponse> {
    return this.projects.create(actor, dto);
  }

  /** List aid projects. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: AidProjectPage })
  list(@Query() query: AidProjectQueryDto): Promise<AidProjectPage> {
    return this.projects.list(query);
  }

  /** One aid project with its totals. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: AidProjectDetailResponse })
  get(@UuidParam() id: string): Promise<AidProjectDetailResponse> {
    return this.projects.get(id);
  }

  /** Change an aid project. */
  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: AidProjectDetailResponse })
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateAidProjectDto,
  ): Promise<AidProjectDetailResponse> {
    return this.projects.update(id, dto);
  }
}
