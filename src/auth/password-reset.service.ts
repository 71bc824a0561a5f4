import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../common/auth/passwords';
import { RateLimiter } from '../common/auth/rate-limiter';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Env } from '../config/env.validation';
import { Locale, translate } from '../common/i18n';
import { EmailDeliveryService } from '../mail/email-delivery.service';
import { renderEmail } from '../mail/email-template';
import { UsersRepository } from '../users/users.repository';
import { InvalidResetTokenError } from './auth.errors';
import { AuthRepository } from './auth.repository';
import { TokenService } from './token.service';

/** A reset link works for an hour, once. */
export const RESET_TOKEN_TTL_MS = 3600 * 1000;
const HOUR = 3600;

/**
 * Password reset by a one-time emailed link. The request answers the same, in about the same
 * time, whether or not the address has an account: the email goes out after the answer.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: AuthRepository,
    private readonly users: UsersRepository,
    private readonly limiter: RateLimiter,
    private readonly email: EmailDeliveryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /**
   * Stores a hashed token valid for an hour and emails its link to an active account with this
   * address; for an unknown or inactive address it does nothing visible. Every request counts
   * against the address and the account (429 RATE_LIMITED), known or not.
   */
  async request(email: string, address: string): Promise<void> {
    const account = email.trim().toLowerCase();
    const perHour = this.env.PASSWORD_RESETS_PER_HOUR;
    await this.limiter.consume('reset-account', account, perHour, HOUR);
    await this.limiter.consume('reset-address', address, perHour * 4, HOUR);
    const user = await this.users.credentialsByEmail(account);
    if (!user || !user.isActive) return;
    const token = randomBytes(32).toString('base64url');
    const tokenId = await this.tx.run(async (m) => {
      const id = await this.repo.insertResetToken(m, {
        userId: user.id,
        tokenHash: TokenService.hash(token),
        expiresAt: new Date(this.clock.now().getTime() + RESET_TOKEN_TTL_MS),
      });
      await this.audit.record(m, {
        action: 'user.password_reset_requested',
        entityType: 'user',
        entityId: user.id,
        actor: null,
      });
      return id;
    });
    // Not awaited: waiting for SMTP would tell a known address from an unknown one by time.
    void this.send(user, token, tokenId);
  }

  private async send(
    user: { id: string; email: string; displayName: string; locale: Locale },
    token: string,
    tokenId: string,
  ): Promise<void> {
    const link = `${this.env.PUBLIC_URL.replace(/\/+$/, '')}/reset-password?token=${token}`;
    const t = (key: string) => translate(user.locale, `email.passwordReset.${key}`);
    try {
      const mail = await renderEmail({
        locale: user.locale,
        subject: t('subject'),
        recipientName: user.displayName,
        paragraphs: [t('intro')],
        action: { label: t('action'), url: link },
        after: [t('validity')],
        reason: t('reason'),
      });
      const outcome = await this.email.deliverOnce({
        deliveryKey: `password-reset:${tokenId}`,
        userId: user.id,
        to: user.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      if (outcome === 'disabled')
        this.logger.warn('email is off (SMTP_URL unset): a password-reset link was not sent');
    } catch (err) {
      this.logger.warn(`password-reset email failed: ${(err as Error).message}`);
    }
  }

  /**
   * Sets a new password with a token from the email: 400 INVALID_TOKEN when it is unknown,
   * expired or used. On success all the user's refresh tokens (every session) are revoked and
   * the user's other reset links stop working. Failed tries count against the address.
   */
  async confirm(token: string, newPassword: string, address: string): Promise<void> {
    const window = this.env.LOGIN_WINDOW_SECONDS;
    await this.limiter.consume(
      'reset-confirm-address',
      address,
      this.env.LOGIN_MAX_FAILURES * 3,
      window,
    );
    const passwordHash = await hashPassword(newPassword);
    const now = this.clock.now();
    const userId = await this.tx.run(async (m) => {
      const id = await this.repo.consumeResetToken(m, TokenService.hash(token), now);
      if (!id) return null;
      await this.repo.discardResetTokens(m, id, now);
      await this.users.setPasswordHash(m, id, passwordHash);
      const revoked = await this.repo.revokeUserTokens(m, id);
      await this.audit.record(m, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        actor: null,
        after: { sessionsRevoked: revoked },
      });
      return id;
    });
    if (!userId) throw new InvalidResetTokenError();
    await this.limiter.refund('reset-confirm-address', address);
  }
}
