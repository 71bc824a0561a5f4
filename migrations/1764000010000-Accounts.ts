import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: a user's language and email preference, and one-time password-reset tokens.
 * The columns are added only when missing (another change of this release may add them first);
 * the locale check is (re)made here either way so the database refuses anything but en/zh/ur.
 * A reset token is stored as its SHA-256 only: a database leak gives no working link.
 */
export class Accounts1764000010000 implements MigrationInterface {
  name = 'Accounts1764000010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text NOT NULL DEFAULT 'en'`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_locale_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_locale_check CHECK (locale IN ('en','zh','ur'))`,
    );
    await q.query(
      `ALTER TABLE users ADD COLUMN IF NOT EXISTS email_notifications boolean NOT NULL DEFAULT true`,
    );
    await q.query(`
      CREATE TABLE password_reset_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX refresh_tokens_user_live_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL AND used_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS refresh_tokens_user_live_idx`);
    await q.query(`DROP TABLE IF EXISTS password_reset_tokens`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_locale_check`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS email_notifications`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS locale`);
  }
}
