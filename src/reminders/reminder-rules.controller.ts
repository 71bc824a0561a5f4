import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, Roles } from '../common/auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateReminderRuleDto,
  ReminderRuleQueryDto,
  ReminderRuleResponse,
  UpdateReminderRuleDto,
} from './dto/reminder-rule.dto';
import { ReminderRulesService } from './reminder-rules.service';

class ReminderRulePage extends PageOf(ReminderRuleResponse) {}

@ApiTags('reminders')
@Controller('reminder-rules')
@Roles('admin')
export class ReminderRulesController {
  constructor(private readonly rules: ReminderRulesService) {}

  /** Create a reminder rule. */
  @Post()
  @ApiCreatedResponse({ type: ReminderRuleResponse })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateReminderRuleDto,
  ): Promise<ReminderRuleResponse> {
    return this.rules.create(actor, dto);
  }

  /** List reminder rules. */
  @Get()
  @ApiOkResponse({ type: ReminderRulePage })
  list(@Query() query: ReminderRuleQueryDto): Promise<ReminderRulePage> {
    return this.rules.list(query);
  }

  /** One reminder rule. */
  @Get(':id')
  @ApiOkResponse({ type: ReminderRuleResponse })
  get(@UuidParam() id: string): Promise<ReminderRuleResponse> {
    return this.rules.get(id);
  }

  /** Change a reminder rule. */
  @Patch(':id')
  @ApiOkResponse({ type: ReminderRuleResponse })
  update(
    @UuidParam() id: string,
    @Body() dto: UpdateReminderRuleDto,
  ): Promise<ReminderRuleResponse> {
    return this.rules.update(id, dto);
  }
}
