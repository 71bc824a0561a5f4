import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor, Role } from '../common/auth/actor';
import { preparedQueries, SqlRunner } from '../common/database/prepared-queries';
import { updateVersioned } from '../common/database/versioned-update';
import { localDate, zoneForCountry } from '../common/time/time-zones';
import { isLocale } from '../common/i18n';
import type { EventRecipient } from './user-lookup';
import { Locale, UserEntity } from './user.entity';

/** A user's sign-in details; read on the primary so a just-changed password counts at once. */
export interface UserCredentials {
  id: string;
  role: Role;
  email: string;
  passwordHash: string;
  isActive: boolean;
  /** For what the account is sent by email (a reset link): the name and language to use. */
  displayName: string;
  locale: Locale;
}

/** The columns an update may change (camelCase; the repository maps them to the table). */
export interface UserChanges {
  displayName?: string;
  role?: Role;
  isActive?: boolean;
  locale?: Locale;
  timeZone?: string | null;
  emailNotifications?: boolean;
}

const COLUMNS: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  role: 'role',
  isActive: 'is_active',
  locale: 'locale',
  timeZone: 'time_zone',
  emailNotifications: 'email_notifications',
};

/** The `users` table. Thin and set-based; the rules live in UsersService and AuthService. */
@Injectable()
export class UsersRepository {
  /** The auth guard's lookup, on every request: a named statement, planned once per connection. */
  private readonly prepared: SqlRunner;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.prepared = preparedQueries(dataSource);
  }

  async organizationExists(m: EntityManager, organizationId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM organizations WHERE id = $1`, [organizationId]);
    return rows.length > 0;
  }

  /** The role of the user with this email (any case), or null. */
  async roleByEmail(m: EntityManager, email: string): Promise<Role | null> {
    const rows: { role: Role }[] = await m.query(
      `SELECT role FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0]?.role ?? null;
  }

  /** Inserts and returns the stored row; a taken email surfaces as Postgres' 23505. */
  async insert(m: EntityManager, user: Partial<UserEntity>): Promise<UserEntity> {
    const repo = m.getRepository(UserEntity);
    const entity = repo.create(user);
    await repo.insert(entity);
    return repo.findOneByOrFail({ id: entity.id });
  }

  /** One user, inside a transaction (primary) or, without one, wherever lookups read. */
  findById(m: EntityManager | null, id: string): Promise<UserEntity | null> {
    return (m ?? this.dataSource.manager).getRepository(UserEntity).findOneBy({ id });
  }

  /** The user row locked for the rest of the transaction. */
  lockById(m: EntityManager, id: string): Promise<UserEntity | null> {
    return m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Everyone, for the paginated list. */
  listQuery(): SelectQueryBuilder<UserEntity> {
    return this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
  }

  /**
   * Ids of the active admins, their rows locked: two admins demoting each other at once are
   * serialised, and the second sees the first's change.
   */
  async lockActiveAdmins(m: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id FOR UPDATE`,
    );
    return rows.map((r) => r.id);
  }

  async anyAdmin(m: EntityManager): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  /** Serialises concurrent API start-ups creating the first admin. */
  async lockFirstAdminCreation(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(727002)');
  }

  /** Applies `changes` with the optimistic version check; returns the updated user. */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    changes: UserChanges,
  ): Promise<UserEntity> {
    const set: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes) as [keyof UserChanges, unknown][]) {
      if (value !== undefined) set[COLUMNS[key]] = value;
    }
    await updateVersioned(m, 'users', id, expectedVersion, set, 'User');
    return m.getRepository(UserEntity).findOneByOrFail({ id });
  }

  async setPasswordHash(m: EntityManager, id: string, passwordHash: string): Promise<void> {
    await m.query(
      `UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /** Sign-in details by email (any case), raw SQL on the primary (see docs/operations.md). */
  async credentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.credentials(`lower(email) = lower($1)`, email);
  }

  /** Sign-in details by id, on the primary. */
  async credentialsById(m: EntityManager, id: string): Promise<UserCredentials | null> {
    return this.credentials(`id = $1`, id, m);
  }

  private async credentials(
    where: string,
    param: string,
    m?: EntityManager,
  ): Promise<UserCredentials | null> {
    const rows: {
      id: string;
      role: Role;
      email: string;
      password_hash: string;
      is_active: boolean;
      display_name: string;
      locale: string;
    }[] = await (m ?? this.dataSource).query(
      `SELECT id, role, email, password_hash, is_active, display_name, locale FROM users WHERE ${where}`,
      [param],
    );
    const u = rows[0];
    return u
      ? {
          id: u.id,
          role: u.role,
          email: u.email,
          passwordHash: u.password_hash,
          isActive: u.is_active,
          displayName: u.display_name,
          locale: isLocale(u.locale) ? u.locale : 'en',
        }
      : null;
  }

  /**
   * The user as an {@link Actor}, with its organisation's status; null when unknown or
   * deactivated. Raw SQL, so it runs on the primary: a deactivation or role change applies to
   * the very next request, whatever a replica's lag.
   */
  async findActor(userId: string, now: Date): Promise<Actor | null> {
    const rows: {
      id: string;
      email: string;
      role: Role;
      organization_id: string | null;
      time_zone: string | null;
      locale: Locale;
      is_active: boolean;
      org_status: Actor['organizationStatus'];
      org_expires_on: string | null;
      org_country: string | null;
    }[] = await this.prepared.query(
      `SELECT u.id, u.email, u.role, u.organization_id, u.time_zone, u.locale, u.is_active, o.status AS org_status,
              o.registration_expires_on::text AS org_expires_on, o.country AS org_country
           FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [userId],
    );
    const u = rows[0];
    if (!u || !u.is_active) return null;
    return {
      userId: u.id,
      email: u.email,
      role: u.role,
      organizationId: u.organization_id,
      organizationStatus: u.org_status ?? null,
      // Expired the day after its last day, in the organisation's own country's calendar.
      organizationExpired:
        u.org_status === 'approved' &&
        !!u.org_expires_on &&
        localDate(now, zoneForCountry(u.org_country)) > u.org_expires_on,
      timeZone: u.time_zone,
      locale: u.locale,
    };
  }

  /**
   * Active users who should hear of an event: the members of these organisations and the
   * holders of these roles, each once, with what their message needs (language, zone, email).
   */
  async recipients(audience: {
    organizationIds?: string[];
    roles?: Role[];
  }): Promise<EventRecipient[]> {
    const orgIds = audience.organizationIds ?? [];
    const roles = audience.roles ?? [];
    if (orgIds.length === 0 && roles.length === 0) return [];
    return this.dataSource.query(
      `SELECT u.id, u.email, u.display_name AS "displayName", u.locale,
              u.email_notifications AS "emailNotifications"
         FROM users u
        WHERE u.is_active AND (u.organization_id = ANY($1::uuid[]) OR u.role = ANY($2::text[]))
        ORDER BY u.id`,
      [orgIds, roles],
    );
  }
}
