import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'crypto';
import { EntityManager } from 'typeorm';
import { Env } from '../config/env.validation';
import { AuthRepository } from './auth.repository';

export const JWT_ISSUER = 'silkbridge';
export const JWT_AUDIENCE = 'silkbridge-api';
export const JWT_ALGORITHM = 'HS256' as const;

export interface AccessClaims {
  sub: string;
  role: string;
  /** The refresh-token family this access token was issued with (its sign-in session). */
  sid?: string;
}

/** Issues access JWTs and opaque, hashed, single-use refresh tokens grouped in families. */
@Injectable()
export class TokenService {
  /**
   * The HMAC key as a KeyObject, made once: given a string, jsonwebtoken first tries (and fails)
   * to parse it as a public key on every call, which measured as 15% of a list request's CPU.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly env: Env,
    private readonly repo: AuthRepository,
  ) {
    this.key = createSecretKey(Buffer.from(env.JWT_SECRET!, 'utf8'));
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    return this.jwt.verifyAsync<AccessClaims>(token, {
      secret: this.key as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  async issuePair(
    manager: EntityManager,
    user: { id: string; role: string },
    familyId: string = randomUUID(),
  ): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }> {
    const expiresIn = this.env.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, sid: familyId },
      {
        secret: this.key as unknown as string,
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn,
        jwtid: randomUUID(),
      },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    await this.repo.insertRefreshToken(manager, {
      userId: user.id,
      familyId,
      tokenHash: TokenService.hash(refreshToken),
      ttlSeconds: this.env.REFRESH_TOKEN_TTL_SECONDS,
    });
    return { accessToken, refreshToken, expiresIn };
  }
}
