import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/actor';

/** A refresh token as its rotation sees it, with its user's current role and state. */
export interface RefreshTokenRow {
  id: string;
  familyId: string;
  userId: string;
  usedAt: Date | null;
  revokedAt: Date | null;
  expired: boolean;
  role: Role;
  isActive: boolean;
}

/**
 * `refresh_tokens` and `password_reset_tokens`. Tokens are only ever stored hashed; every method
 * runs in the caller's transaction (on the primary). Thin: AuthService holds the rules.
 */
@Injectable()
export class AuthRepository {
  async insertRefreshToken(
    m: EntityManager,
    token: { userId: string; familyId: string; tokenHash: string; ttlSeconds: number },
  ): Promise<void> {
    await m.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [token.userId, token.familyId, token.tokenHash, token.ttlSeconds],
    );
  }

  async familyOf(m: EntityManager, tokenHash: string): Promise<string | null> {
    const rows: { family_id: string }[] = await m.query(
      `SELECT family_id FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0]?.family_id ?? null;
  }

  /** Signs a session out: the token's whole family stops working, if it is the user's. */
  async revokeFamilyOfToken(m: EntityManager, userId: string, tokenHash: string): Promise<void> {
    await m.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND user_id = $2
          AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [tokenHash, userId],
    );
  }

  /** Serialises every refresh of one family until the transaction ends. */
  async lockFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 727004))`, [familyId]);
  }

  /** The token row locked, joined with its user. */
  async findForRotation(m: EntityManager, tokenHash: string): Promise<RefreshTokenRow | null> {
    const rows: {
      id: string;
      family_id: string;
      user_id: string;
      used_at: Date | null;
      revoked_at: Date | null;
      expired: boolean;
      role: Role;
      is_active: boolean;
    }[] = await m.query(
      `SELECT t.id, t.family_id, t.user_id, t.used_at, t.revoked_at, t.expires_at < now() AS expired, u.role, u.is_active
           FROM refresh_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [tokenHash],
    );
    const t = rows[0];
    return t
      ? {
          id: t.id,
          familyId: t.family_id,
          userId: t.user_id,
          usedAt: t.used_at,
          revokedAt: t.revoked_at,
          expired: t.expired,
          role: t.role,
          isActive: t.is_active,
        }
      : null;
  }

  async markUsed(m: EntityManager, tokenId: string): Promise<void> {
    await m.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [tokenId]);
  }

  async revokeFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** Revokes the user's live refresh tokens, except those of `keepFamilyId` (the caller's own). */
  async revokeUserTokens(
    m: EntityManager,
    userId: string,
    keepFamilyId: string | null = null,
  ): Promise<number> {
    const [, count]: [unknown, number] = await m.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL
          AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
      [userId, keepFamilyId],
    );
    return count;
  }

  async insertResetToken(
    m: EntityManager,
    token: { userId: string; tokenHash: string; expiresAt: Date },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [token.userId, token.tokenHash, token.expiresAt],
    );
    return rows[0].id;
  }

  /**
   * Marks the token used if it is unused and still valid at `now`, in one statement, so two
   * concurrent confirmations cannot both succeed. Returns its user, or null.
   */
  async consumeResetToken(m: EntityManager, tokenHash: string, now: Date): Promise<string | null> {
    const [rows]: [{ user_id: string }[], number] = await m.query(
      `UPDATE password_reset_tokens SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING user_id`,
      [tokenHash, now],
    );
    return rows[0]?.user_id ?? null;
  }

  /** A user's other outstanding reset links stop working once one is used. */
  async discardResetTokens(m: EntityManager, userId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`,
      [userId, now],
    );
  }
}
