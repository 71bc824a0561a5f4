import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** What `email_deliveries` records of an email. */
export interface EmailDeliveryRecord {
  deliveryKey: string;
  userId: string | null;
  to: string;
  subject: string;
}

/**
 * One delivery's claim: a transaction of its own on a pooled pg connection (not TypeORM's), so
 * the caller decides the moment its COMMIT is written. Release it once, when done.
 */
export class EmailClaimTransaction {
  private id: string | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly giveBack: (err?: Error) => void,
  ) {}

  /**
   * Opens the transaction with its timeouts and inserts (or re-claims, unless `sent`) the
   * delivery row as `sending`, holding its row lock. Answers false, the transaction rolled
   * back, when the row was already sent.
   */
  async claim(
    email: EmailDeliveryRecord,
    timeouts: { lockTimeout: string; idleInTransactionTimeout: string },
  ): Promise<boolean> {
    await this.client.query('BEGIN');
    await this.client.query(
      `SELECT set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`,
      [timeouts.lockTimeout, timeouts.idleInTransactionTimeout],
    );
    const claimed = await this.client.query<{ id: string }>(
      `INSERT INTO email_deliveries (delivery_key, user_id, to_address, subject, status, claimed_at, attempts)
       VALUES ($1, $2, $3, $4, 'sending', now(), 1)
       ON CONFLICT (delivery_key) DO UPDATE
          SET status = 'sending', claimed_at = now(), attempts = email_deliveries.attempts + 1,
              to_address = EXCLUDED.to_address, subject = EXCLUDED.subject
        WHERE email_deliveries.status <> 'sent'
       RETURNING id`,
      [email.deliveryKey, email.userId, email.to, email.subject],
    );
    if (claimed.rowCount === 0) {
      await this.client.query('ROLLBACK');
      return false;
    }
    this.id = claimed.rows[0].id;
    return true;
  }

  /** Marks the claimed row sent (inside the transaction). */
  async markSent(): Promise<void> {
    await this.client.query(
      `UPDATE email_deliveries SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`,
      [this.id],
    );
  }

  /** Writes COMMIT and answers its promise without waiting for it (not an async function). */
  commit(): Promise<unknown> {
    return this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }

  /** Gives the connection back; a broken one is destroyed rather than pooled. */
  release(broken: boolean): void {
    this.giveBack(broken ? new Error('connection left in an unknown state') : undefined);
  }
}

/** The `email_deliveries` table: one row per delivery key, unique. */
@Injectable()
export class EmailDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A connection of its own for one claim (see {@link EmailClaimTransaction}), from the primary's
   * pool through the driver's public `obtainMasterConnection`.
   */
  async openClaim(): Promise<EmailClaimTransaction> {
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [
      PoolClient,
      (err?: Error) => void,
    ];
    return new EmailClaimTransaction(client, release);
  }

  /** The server refused the message after its data: not delivered, so retriable. */
  async markRejected(deliveryKey: string, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'failed', sent_at = NULL, last_error = $2 WHERE delivery_key = $1`,
      [deliveryKey, lastError],
    );
  }

  /** Notes an error on the row and leaves its status as it is. */
  async noteError(deliveryKey: string, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET last_error = $2 WHERE delivery_key = $1`,
      [deliveryKey, lastError],
    );
  }

  /** Records the delivery as sent outside any claim (its claim's COMMIT failed). */
  async recordSent(email: EmailDeliveryRecord, lastError: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO email_deliveries (delivery_key, user_id, to_address, subject, status, claimed_at, sent_at, attempts, last_error)
       VALUES ($1, $2, $3, $4, 'sent', now(), now(), 1, $5)
       ON CONFLICT (delivery_key) DO UPDATE SET status = 'sent', sent_at = now(), last_error = EXCLUDED.last_error`,
      [email.deliveryKey, email.userId, email.to, email.subject, lastError],
    );
  }

  /** Records a failed attempt, unless the row was sent meanwhile. */
  async recordFailure(email: EmailDeliveryRecord, lastError: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO email_deliveries (delivery_key, user_id, to_address, subject, status, claimed_at, attempts, last_error)
       VALUES ($1, $2, $3, $4, 'failed', now(), 1, $5)
       ON CONFLICT (delivery_key) DO UPDATE
          SET status = 'failed', attempts = email_deliveries.attempts + 1, claimed_at = now(), last_error = EXCLUDED.last_error
        WHERE email_deliveries.status <> 'sent'`,
      [email.deliveryKey, email.userId, email.to, email.subject, lastError],
    );
  }
}
