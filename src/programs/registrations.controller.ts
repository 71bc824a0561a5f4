import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import type { Actor } from '../common/auth/actor';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  AttendanceDto,
  CreateRegistrationDto,
  RegistrationQueryDto,
  RegistrationResponse,
} from './dto/registration.dto';
import { RegistrationsService } from './registrations.service';

class RegistrationPage extends PageOf(RegistrationResponse) {}

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  /** confirmed while seats remain, else waitlisted. */
  @Post('programs/:id/registrations')
  @AnyRole()
  @ApiCreatedResponse({ type: RegistrationResponse })
  register(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: CreateRegistrationDto,
  ): Promise<RegistrationResponse> {
    return this.registrations.register(actor, id, dto.participantId);
  }

  /** List a program's registrations. */
  @Get('programs/:id/registrations')
  @AnyRole()
  @ApiOkResponse({ type: RegistrationPage })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: RegistrationQueryDto,
  ): Promise<RegistrationPage> {
    return this.registrations.listForProgram(actor, id, query);
  }

  /** One registration. */
  @Get('registrations/:id')
  @AnyRole()
  @ApiOkResponse({ type: RegistrationResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<RegistrationResponse> {
    return this.registrations.get(actor, id);
  }

  /** Frees the seat and promotes the oldest waitlisted registration. */
  @Post('registrations/:id/cancel')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: RegistrationResponse })
  cancel(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<RegistrationResponse> {
    return this.registrations.cancel(actor, id);
  }

  /** Record a registration's attendance. */
  @Post('registrations/:id/attendance')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: RegistrationResponse })
  attendance(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: AttendanceDto,
  ): Promise<RegistrationResponse> {
    return this.registrations.markAttendance(actor, id, dto.attended);
  }
}
