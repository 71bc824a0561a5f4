import { Injectable } from '@nestjs/common';
import type { Role } from '../common/auth/actor';
import type { SqlRunner } from '../common/database/prepared-queries';
import type { Locale } from './user.entity';
import { UsersRepository } from './users.repository';

/** A user to be reminded, with what their zone and language are derived from. */
export interface RecipientRow {
  id: string;
  email: string;
  display_name: string;
  time_zone: string | null;
  locale: 'en' | 'zh' | 'ur';
  org_country: string | null;
}

/** A user to be told of an event. */
export interface EventRecipient {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  emailNotifications: boolean;
}

/**
 * The read port other domains use to ask about users, instead of querying the `users` table
 * themselves. Exported by UsersModule. Each method takes the connection to read on, so a caller
 * on a hot path can pass its prepared-statement runner.
 */
@Injectable()
export class UserLookup {
  constructor(private readonly repo: UsersRepository) {}

  /** The active users of an event's audience (its organisations' members and its roles), by id. */
  eventRecipients(audience: {
    organizationIds?: string[];
    roles?: Role[];
  }): Promise<EventRecipient[]> {
    return this.repo.recipients(audience);
  }

  /** Of `userIds`, the active users, in a stable order (by id). */
  async activeRecipients(db: SqlRunner, userIds: string[]): Promise<RecipientRow[]> {
    if (userIds.length === 0) return [];
    return db.query(
      `SELECT u.id, u.email, u.display_name, u.time_zone, u.locale, o.country AS org_country
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = ANY($1::uuid[]) AND u.is_active ORDER BY u.id`,
      [userIds],
    );
  }

  /**
   * The active admins, in a stable order (by id); with `onlyUserId`, just that user if they are
   * still an active admin (none otherwise).
   */
  async activeAdmins(db: SqlRunner, onlyUserId?: string | null): Promise<RecipientRow[]> {
    return db.query(
      `SELECT u.id, u.email, u.display_name, u.time_zone, u.locale, o.country AS org_country
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
        WHERE u.role = 'admin' AND u.is_active AND ($1::uuid IS NULL OR u.id = $1::uuid)
        ORDER BY u.id`,
      [onlyUserId ?? null],
    );
  }
}
