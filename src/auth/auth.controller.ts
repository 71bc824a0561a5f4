import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AllowUnapproved, AnyRole, CurrentActor, Public } from '../common/auth/auth.decorators';
import { ValidationFailedError } from '../common/errors';
import { Env } from '../config/env.validation';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import {
  ChangePasswordDto,
  LoginDto,
  LogoutDto,
  MeResponse,
  PasswordResetAcceptedResponse,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  TokenPairResponse,
  UpdateMeDto,
} from './dto/auth.dto';
import { PasswordResetService } from './password-reset.service';
import {
  clearRefreshCookie,
  isWebClient,
  refreshTokenFromCookie,
  setRefreshCookie,
} from './refresh-cookie';

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

const WEB_HEADER = {
  name: 'X-Silkbridge-Client',
  required: false,
  description: '`web`: the refresh token is set as an HttpOnly cookie instead of returned in JSON',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordReset: PasswordResetService,
    private readonly env: Env,
  ) {}

  /** Exchanges email and password for an access token and a single-use refresh token. */
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiHeader(WEB_HEADER)
  @ApiOkResponse({ type: TokenPairResponse })
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const pair = await this.auth.login(dto.email, dto.password, req.ip ?? 'unknown');
    return this.deliver(pair, req, reply);
  }

  /**
   * Rotates a refresh token (from the body, else the web app's cookie); each works once, and a
   * reused one revokes its whole family.
   */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiHeader(WEB_HEADER)
  @ApiOkResponse({ type: TokenPairResponse })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const token = dto.refreshToken ?? refreshTokenFromCookie(req);
    if (!token)
      throw new ValidationFailedError([
        { field: 'refreshToken', message: 'refreshToken is required (or the web app cookie)' },
      ]);
    const pair = await this.auth.refresh(token);
    return this.deliver(pair, req, reply);
  }

  /**
   * Ends a session: that refresh token (or the cookie's) and its rotations stop working. Needs
   * the bearer token like every route but login, refresh and register; only the caller's own
   * sessions can be ended.
   */
  @Post('logout')
  @AnyRole()
  @AllowUnapproved()
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(
    @CurrentActor() actor: Actor,
    @Body() dto: LogoutDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = dto.refreshToken ?? refreshTokenFromCookie(req);
    if (token) await this.auth.logout(actor.userId, token);
    clearRefreshCookie(reply, this.secureCookies());
  }

  /** The caller's own account. */
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

  private deliver(
    pair: TokenPairResponse & { refreshToken: string },
    req: FastifyRequest,
    reply: FastifyReply,
  ): TokenPairResponse {
    if (!isWebClient(req)) return pair;
    setRefreshCookie(
      reply,
      pair.refreshToken,
      this.env.REFRESH_TOKEN_TTL_SECONDS,
      this.secureCookies(),
    );
    return { accessToken: pair.accessToken, expiresIn: pair.expiresIn };
  }

  private secureCookies(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}
