import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AnyRole, CurrentActor, Public, Roles } from '../common/auth/auth.decorators';
import { PageOf, PageQueryDto } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  InviteMemberDto,
  MemberResponse,
  OrganizationQueryDto,
  OrganizationResponse,
  RegisterOrganizationDto,
  OrganizationRegistrationResponse,
  StatusReasonDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

class OrganizationPage extends PageOf(OrganizationResponse) {}
class MemberPage extends PageOf(MemberResponse) {}

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** Public self-registration: a pending organisation and its first ngo_member account. */
  @Post('register')
  @Public()
  @ApiCreatedResponse({ type: OrganizationRegistrationResponse })
  register(
    @Body() dto: RegisterOrganizationDto,
    @Req() req: FastifyRequest,
  ): Promise<OrganizationRegistrationResponse> {
    return this.organizations.register(dto, req.ip ?? 'unknown');
  }

  /** An ngo_member sees only its own organisation; staff see all. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: OrganizationPage })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: OrganizationQueryDto,
  ): Promise<OrganizationPage> {
    return this.organizations.list(actor, query);
  }

  /** One organisation. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: OrganizationResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<OrganizationResponse> {
    return this.organizations.get(actor, id);
  }

  /** Change an organisation. */
  @Patch(':id')
  @AnyRole()
  @ApiOkResponse({ type: OrganizationResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(actor, id, dto);
  }

  /** Approves (or renews, or reinstates) a registration for ORGANIZATION_APPROVAL_MONTHS. */
  @Post(':id/approve')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganizationResponse })
  approve(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<OrganizationResponse> {
    return this.organizations.transition(actor, id, 'approve');
  }

  /**
   * Renews an approved registration (also one that has expired) for
   * ORGANIZATION_APPROVAL_MONTHS from its current end date, or from today once it has passed.
   * Its members may write again at once and are told.
   */
  @Post(':id/renew')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganizationResponse })
  renew(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<OrganizationResponse> {
    return this.organizations.transition(actor, id, 'renew');
  }

  /** Reject a pending organisation. */
  @Post(':id/reject')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganizationResponse })
  reject(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: StatusReasonDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.transition(actor, id, 'reject', dto.reason);
  }

  /** Suspend an organisation. */
  @Post(':id/suspend')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganizationResponse })
  suspend(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: StatusReasonDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.transition(actor, id, 'suspend', dto.reason);
  }

  /** Invites a further member (role forced to ngo_member, organisation forced to :id). */
  @Post(':id/members')
  @Roles('admin', 'ngo_member')
  @ApiCreatedResponse({ type: MemberResponse })
  invite(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: InviteMemberDto,
  ): Promise<MemberResponse> {
    return this.organizations.inviteMember(actor, id, dto);
  }

  /** List an organisation's members. */
  @Get(':id/members')
  @AnyRole()
  @ApiOkResponse({ type: MemberPage })
  members(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<MemberPage> {
    return this.organizations.listMembers(actor, id, query);
  }
}
