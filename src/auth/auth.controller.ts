import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AllowUnapproved, AnyRole, CurrentActor, Public } from '../common/auth/auth.decorators';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  MeResponse,
  PasswordResetAcceptedResponse,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  TokenPairResponse,
  UpdateMeDto,
} from './dto/auth.dto';
import { PasswordResetService } from './password-reset.service';

const toMeResponse = (u: UserEntity): MeResponse => ({
  id: u.id,
  email: u.email,
  role: u.role,
  organizationId: u.organizationId,
  displayName: u.displayName,
  locale: u.locale,
  timeZone: u.timeZone,
  emailNotifications: u.emailNotifications,
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  /** Exchanges email and password for an access token and a single-use refresh token. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenPairResponse> {
    return this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
  }

  /** Rotates a refresh token; each works once, and a reused one revokes its whole family. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Get('me')
  @AnyRole()
  @AllowUnapproved()
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return toMeResponse(await this.users.getFresh(actor.userId));
  }

  /** The caller's display name, language, time zone and email preference. */
  @Patch('me')
  @AnyRole()
  @AllowUnapproved()
  @ApiOkResponse({ type: MeResponse })
  async updateMe(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<MeResponse> {
    return toMeResponse(await this.users.updatePreferences(actor.userId, dto));
  }

  /** Changes the caller's password; the other sessions' refresh tokens stop working. */
  @Post('password')
  @AnyRole()
  @AllowUnapproved()
  @HttpCode(204)
  @ApiNoContentResponse()
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.auth.changePassword(
      actor,
      dto.currentPassword,
      dto.newPassword,
      req.ip ?? 'unknown',
    );
  }

  /** Emails a one-time reset link; 202 whether or not the address has an account. */
  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PasswordResetAcceptedResponse })
  async requestPasswordReset(
    @Body() dto: PasswordResetRequestDto,
    @Req() req: FastifyRequest,
  ): Promise<PasswordResetAcceptedResponse> {
    await this.passwordReset.request(dto.email, req.ip ?? 'unknown');
    return { message: 'If an account has this email, a reset link is on its way.' };
  }

  /** Sets a new password with the emailed token; every session is signed out. */
  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  async confirmPasswordReset(
    @Body() dto: PasswordResetConfirmDto,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.passwordReset.confirm(dto.token, dto.newPassword, req.ip ?? 'unknown');
  }
}
