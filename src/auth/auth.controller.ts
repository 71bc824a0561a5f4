import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AllowUnapproved, AnyRole, CurrentActor, Public } from '../common/auth/auth.decorators';
import { ValidationFailedError } from '../common/errors';
import { Env } from '../config/env.validation';
import { AuthService } from './auth.service';
import { LoginDto, LogoutDto, MeResponse, RefreshDto, TokenPairResponse } from './dto/auth.dto';
import {
  clearRefreshCookie,
  isWebClient,
  refreshTokenFromCookie,
  setRefreshCookie,
} from './refresh-cookie';

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

  @Get('me')
  @AnyRole()
  @AllowUnapproved()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): MeResponse {
    return {
      id: actor.userId,
      email: actor.email,
      role: actor.role,
      organizationId: actor.organizationId,
      timeZone: actor.timeZone,
    };
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
