import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Env } from '../config/env.validation';
import { verifyPassword } from '../common/auth/passwords';
import { RateLimiter } from '../common/auth/rate-limiter';
import { DomainError, InvalidCredentialsError } from '../common/errors';
import { TokenService } from './token.service';

class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('INVALID_REFRESH_TOKEN', 401, 'The refresh token is invalid, expired or already used');
  }
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly env: Env,
  ) {}

  /**
   * Checks email and password. Unknown email and wrong password cost the same argon2 work
   * and answer the same 401. Failures count against both the account and the address.
   */
  async login(email: string, password: string, address: string) {
    const account = email.trim().toLowerCase();
    const window = this.env.LOGIN_WINDOW_SECONDS;
    const max = this.env.LOGIN_MAX_FAILURES;
    // Reserve the attempt before hashing; a successful login gives it back.
    await this.limiter.consume('login-account', account, max, window);
    await this.limiter.consume('login-address', address, max * 3, window);

    const rows: { id: string; role: string; password_hash: string; is_active: boolean }[] =
      await this.dataSource.query(
        `SELECT id, role, password_hash, is_active FROM users WHERE lower(email) = $1`,
        [account],
      );
    const user = rows[0];
    const ok = await verifyPassword(user?.password_hash, password);
    if (!ok || !user.is_active) throw new InvalidCredentialsError();
    await Promise.all([
      this.limiter.refund('login-account', account),
      this.limiter.refund('login-address', address),
    ]);
    return this.dataSource.transaction(async (m) => {
      await this.audit.record(m, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        actor: { userId: user.id, role: user.role as never },
      });
      return this.tokens.issuePair(m, user);
    });
  }

  /**
   * Rotates a refresh token. A token works once; presenting a used (or revoked) one is taken as
   * theft and revokes its whole family, so the thief's copy dies too.
   */
  async refresh(refreshToken: string) {
    const hash = TokenService.hash(refreshToken);
    const outcome = await this.dataSource.transaction(async (m) => {
      // Serialise every refresh of one family, so a reuse detected here also sees (and
      // revokes) a successor that a concurrent refresh is just creating.
      const family: { family_id: string }[] = await m.query(
        `SELECT family_id FROM refresh_tokens WHERE token_hash = $1`,
        [hash],
      );
      if (family.length === 0) return null;
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 727004))`, [
        family[0].family_id,
      ]);
      const rows: {
        id: string;
        family_id: string;
        user_id: string;
        used_at: Date | null;
        revoked_at: Date | null;
        expired: boolean;
        role: string;
        is_active: boolean;
      }[] = await m.query(
        `SELECT t.id, t.family_id, t.user_id, t.used_at, t.revoked_at, t.expires_at < now() AS expired, u.role, u.is_active
             FROM refresh_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hash],
      );
      const token = rows[0];
      if (!token) return null;
      if (token.used_at || token.revoked_at) {
        await m.query(
          `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
          [token.family_id],
        );
        await this.audit.record(m, {
          action: 'auth.refresh_reuse_detected',
          entityType: 'user',
          entityId: token.user_id,
          actor: null,
        });
        return null;
      }
      if (token.expired || !token.is_active) return null;
      await m.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [token.id]);
      return this.tokens.issuePair(m, { id: token.user_id, role: token.role }, token.family_id);
    });
    if (!outcome) throw new InvalidRefreshTokenError();
    return outcome;
  }

  /** Revokes the session a refresh token belongs to; an unknown token is already signed out. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.tokens.revokeFamily(this.dataSource.manager, userId, refreshToken);
  }
}
