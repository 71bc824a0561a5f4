import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AllowUnapproved, AnyRole, CurrentActor, Public } from '../common/auth/auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto, MeResponse, RefreshDto, TokenPairResponse } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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
  me(@CurrentActor() actor: Actor): MeResponse {
    return {
      id: actor.userId,
      email: actor.email,
      role: actor.role,
      organizationId: actor.organizationId,
      timeZone: actor.timeZone,
    };
  }
}
