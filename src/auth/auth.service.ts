import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { hashPassword, verifyPassword } from '../common/auth/passwords';
import { RateLimiter } from '../common/auth/rate-limiter';
import { TransactionRunner } from '../common/database/transaction-runner';
import { InvalidCredentialsError, UnauthenticatedError } from '../common/errors';
import { Env } from '../config/env.validation';
import { UsersRepository } from '../users/users.repository';
import { InvalidCurrentPasswordError, InvalidRefreshTokenError } from './auth.errors';
import { AuthRepository } from './auth.repository';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: AuthRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly env: Env,
  ) {}

  /** Reserves one failed attempt against the account and the address (429 RATE_LIMITED). */
  private async reserveAttempt(account: string, address: string): Promise<void> {
    const window = this.env.LOGIN_WINDOW_SECONDS;
    const max = this.env.LOGIN_MAX_FAILURES;
    await this.limiter.consume('login-account', account, max, window);
    await this.limiter.consume('login-address', address, max * 3, window);
  }

  private async refundAttempt(account: string, address: string): Promise<void> {
    await Promise.all([
      this.limiter.refund('login-account', account),
      this.limiter.refund('login-address', address),
    ]);
  }

  /**
   * Checks email and password. Unknown email and wrong password cost the same argon2 work
   * and answer the same 401. Failures count against both the account and the address.
   * The lookup is raw SQL on the primary, so a password just changed counts at once.
   */
  async login(email: string, password: string, address: string) {
    const account = email.trim().toLowerCase();
    // Reserve the attempt before hashing; a successful login gives it back.
    await this.reserveAttempt(account, address);
    const user = await this.users.credentialsByEmail(account);
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!ok || !user!.isActive) throw new InvalidCredentialsError();
    await this.refundAttempt(account, address);
    return this.tx.run(async (m) => {
      await this.audit.record(m, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user!.id,
        actor: { userId: user!.id, role: user!.role },
      });
      return this.tokens.issuePair(m, user!);
    });
  }

  /**
   * Rotates a refresh token. A token works once; presenting a used (or revoked) one is taken as
   * theft and revokes its whole family, so the thief's copy dies too. A deactivated user's
   * tokens no longer rotate.
   */
  async refresh(refreshToken: string) {
    const hash = TokenService.hash(refreshToken);
    const outcome = await this.tx.run(async (m) => {
      // Serialise every refresh of one family, so a reuse detected here also sees (and
      // revokes) a successor that a concurrent refresh is just creating.
      const familyId = await this.repo.familyOf(m, hash);
      if (!familyId) return null;
      await this.repo.lockFamily(m, familyId);
      const token = await this.repo.findForRotation(m, hash);
      if (!token) return null;
      if (token.usedAt || token.revokedAt) {
        await this.repo.revokeFamily(m, token.familyId);
        await this.audit.record(m, {
          action: 'auth.refresh_reuse_detected',
          entityType: 'user',
          entityId: token.userId,
          actor: null,
        });
        return null;
      }
      if (token.expired || !token.isActive) return null;
      await this.repo.markUsed(m, token.id);
      return this.tokens.issuePair(m, { id: token.userId, role: token.role }, token.familyId);
    });
    if (!outcome) throw new InvalidRefreshTokenError();
    return outcome;
  }

  /**
   * Changes the caller's password after checking the current one (400
   * INVALID_CURRENT_PASSWORD; wrong guesses count against the account like failed logins).
   * Every other session's refresh tokens are revoked; the caller's own session (the refresh
   * family its access token came from) keeps working.
   */
  async changePassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<void> {
    const account = actor.email.trim().toLowerCase();
    await this.reserveAttempt(account, address);
    const user = await this.tx.run((m) => this.users.credentialsById(m, actor.userId));
    if (!user || !user.isActive) throw new UnauthenticatedError();
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      throw new InvalidCurrentPasswordError();
    await this.refundAttempt(account, address);
    const passwordHash = await hashPassword(newPassword);
    await this.tx.run(async (m) => {
      await this.users.setPasswordHash(m, user.id, passwordHash);
      const revoked = await this.repo.revokeUserTokens(m, user.id, actor.sessionId ?? null);
      await this.audit.record(m, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        after: { otherSessionsRevoked: revoked },
      });
    });
  }

  /** Revokes the session a refresh token belongs to; an unknown token is already signed out. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.tx.run((m) =>
      this.repo.revokeFamilyOfToken(m, userId, TokenService.hash(refreshToken)),
    );
  }
}
