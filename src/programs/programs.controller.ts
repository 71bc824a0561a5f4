import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateProgramDto,
  ProgramQueryDto,
  ProgramResponse,
  TimelineQueryDto,
  UpdateProgramDto,
} from './dto/program.dto';
import { ProgramsService } from './programs.service';

class ProgramPage extends PageOf(ProgramResponse) {}

@ApiTags('programs')
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  /** Create a program. */
  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: ProgramResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgramDto): Promise<ProgramResponse> {
    return this.programs.create(actor, dto);
  }

  /** List programs. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: ProgramPage })
  list(@CurrentActor() actor: Actor, @Query() query: ProgramQueryDto): Promise<ProgramPage> {
    return this.programs.list(actor, query);
  }

  /** One program. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: ProgramResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ProgramResponse> {
    return this.programs.get(actor, id);
  }

  /** Change a program. */
  @Patch(':id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ProgramResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateProgramDto,
  ): Promise<ProgramResponse> {
    return this.programs.update(actor, id, dto);
  }
}

/** A partnership's timeline lives here: programs depend on partnerships, not the reverse. */
@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipTimelineController {
  constructor(private readonly programs: ProgramsService) {}

  /** The programs held under a partnership, by start time. */
  @Get(':id/programs')
  @AnyRole()
  @ApiOkResponse({ type: ProgramPage })
  timeline(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: TimelineQueryDto,
  ): Promise<ProgramPage> {
    return this.programs.timeline(actor, id, query);
  }
}
