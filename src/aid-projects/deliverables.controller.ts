import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import { DeliverablesService } from './deliverables.service';
import {
  CreateDeliverableDto,
  CreateMaintenanceLogDto,
  DeliverableQueryDto,
  DeliverableResponse,
  MaintenanceLogResponse,
  UpdateDeliverableDto,
} from './dto/deliverable.dto';

class DeliverablePage extends PageOf(DeliverableResponse) {}
class MaintenanceLogPage extends PageOf(MaintenanceLogResponse) {}

@ApiTags('aid-projects')
@Controller()
export class DeliverablesController {
  constructor(private readonly deliverables: DeliverablesService) {}

  /** Add a deliverable to an aid project. */
  @Post('aid-projects/:id/deliverables')
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: DeliverableResponse })
  create(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateDeliverableDto,
  ): Promise<DeliverableResponse> {
    return this.deliverables.create(actor, id, dto);
  }

  /** List an aid project's deliverables. */
  @Get('aid-projects/:id/deliverables')
  @AnyRole()
  @ApiOkResponse({ type: DeliverablePage })
  listForProject(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<DeliverablePage> {
    return this.deliverables.listForProject(actor, id, query);
  }

  /** `?item=clinic vehicle&condition=needs_repair`: where are they and do they run? */
  @Get('deliverables')
  @AnyRole()
  @ApiOkResponse({ type: DeliverablePage })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: DeliverableQueryDto,
  ): Promise<DeliverablePage> {
    return this.deliverables.list(actor, query);
  }

  /** One deliverable. */
  @Get('deliverables/:id')
  @AnyRole()
  @ApiOkResponse({ type: DeliverableResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<DeliverableResponse> {
    return this.deliverables.get(actor, id);
  }

  /** Change a deliverable. */
  @Patch('deliverables/:id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: DeliverableResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateDeliverableDto,
  ): Promise<DeliverableResponse> {
    return this.deliverables.update(actor, id, dto);
  }

  /** Log maintenance of a deliverable. */
  @Post('deliverables/:id/maintenance')
  @AnyRole()
  @ApiCreatedResponse({ type: MaintenanceLogResponse })
  logMaintenance(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateMaintenanceLogDto,
  ): Promise<MaintenanceLogResponse> {
    return this.deliverables.logMaintenance(actor, id, dto);
  }

  /** List a deliverable's maintenance log. */
  @Get('deliverables/:id/maintenance')
  @AnyRole()
  @ApiOkResponse({ type: MaintenanceLogPage })
  listMaintenance(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<MaintenanceLogPage> {
    return this.deliverables.listMaintenance(actor, id, query);
  }
}
