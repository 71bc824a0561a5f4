import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Role } from '../common/auth/actor';
import { hashPassword } from '../common/auth/passwords';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { Env } from '../config/env.validation';
import { toUserResponse, UserResponse } from './dto/user.dto';
import { Locale, UserEntity } from './user.entity';
import { EmailTakenError, LastAdminError, RoleChangeNotAllowedError } from './users.errors';
import { UsersRepository } from './users.repository';

export { EmailTakenError } from './users.errors';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName: string;
  organizationId?: string | null;
  timeZone?: string | null;
  locale?: Locale;
}

/** What an admin may change on an account. */
export interface AccountChanges {
  displayName?: string;
  role?: Role;
  active?: boolean;
  version?: number;
}

/** What users change on their own account. */
export interface PreferenceChanges {
  displayName?: string;
  locale?: Locale;
  timeZone?: string | null;
  emailNotifications?: boolean;
}

const STAFF: Role[] = ['admin', 'coordinator'];

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly repo: UsersRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly env: Env,
  ) {}

  /** Creates a user inside the caller's transaction; 409 EMAIL_TAKEN when the email is used. */
  async create(manager: EntityManager, input: NewUser): Promise<UserEntity> {
    if ((input.role === 'ngo_member') !== !!input.organizationId) {
      throw new ValidationFailedError([
        {
          field: 'organizationId',
          message: 'organizationId is required for ngo_member and only for ngo_member',
        },
      ]);
    }
    if (
      input.organizationId &&
      !(await this.repo.organizationExists(manager, input.organizationId))
    )
      throw new ValidationFailedError([
        { field: 'organizationId', message: 'organization does not exist' },
      ]);
    if (await this.repo.roleByEmail(manager, input.email)) throw new EmailTakenError();
    let saved: UserEntity;
    try {
      saved = await this.repo.insert(manager, {
        email: input.email.trim(),
        passwordHash: await hashPassword(input.password),
        role: input.role,
        displayName: input.displayName,
        organizationId: input.organizationId ?? null,
        timeZone: input.timeZone ?? null,
        locale: input.locale ?? 'en',
      });
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
        throw new EmailTakenError();
      throw err;
    }
    await this.audit.record(manager, {
      action: 'user.created',
      entityType: 'user',
      entityId: saved.id,
      after: { email: saved.email, role: saved.role, organizationId: saved.organizationId },
    });
    return saved;
  }

  createInTransaction(input: NewUser): Promise<UserEntity> {
    return this.tx.run((m) => this.create(m, input));
  }

  list(query: PageQueryDto): Promise<Page<UserResponse>> {
    return paginate(this.repo.listQuery(), query, toUserResponse);
  }

  /** One user; 404 NOT_FOUND when unknown. */
  async get(id: string): Promise<UserEntity> {
    const user = await this.repo.findById(null, id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** One user read on the primary, so the caller sees its own change at once; 404 when unknown. */
  async getFresh(id: string): Promise<UserEntity> {
    const user = await this.tx.run((m) => this.repo.findById(m, id));
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /**
   * An admin changes a user's display name, role or active flag. It applies to the user's next
   * request (the auth guard reads the user each time; refresh refuses inactive users). 409
   * LAST_ADMIN when it would leave no active admin; 422 ROLE_CHANGE_NOT_ALLOWED for a change
   * to or from `ngo_member`; 409 VERSION_CONFLICT on a stale `version`.
   */
  updateAccount(id: string, changes: AccountChanges): Promise<UserEntity> {
    return this.tx.run(async (m) => {
      const before = await this.repo.lockById(m, id);
      if (!before) throw new NotFoundError('User');
      const role = changes.role ?? before.role;
      if (role !== before.role && !(STAFF.includes(role) && STAFF.includes(before.role)))
        throw new RoleChangeNotAllowedError();
      const active = changes.active ?? before.isActive;
      const losesAdmin =
        before.role === 'admin' && before.isActive && (role !== 'admin' || !active);
      if (losesAdmin) {
        const admins = await this.repo.lockActiveAdmins(m);
        if (admins.every((adminId) => adminId === id)) throw new LastAdminError();
      }
      const after = await this.repo.update(m, id, changes.version, {
        displayName: changes.displayName,
        role: changes.role,
        isActive: changes.active,
      });
      await this.audit.record(m, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before: { displayName: before.displayName, role: before.role, active: before.isActive },
        after: { displayName: after.displayName, role: after.role, active: after.isActive },
      });
      if (before.isActive && !after.isActive)
        await this.audit.record(m, {
          action: 'user.deactivated',
          entityType: 'user',
          entityId: id,
        });
      return after;
    });
  }

  /** A user changes their own name, language, time zone or email preference. */
  updatePreferences(id: string, changes: PreferenceChanges): Promise<UserEntity> {
    return this.tx.run(async (m) => {
      const before = await this.repo.lockById(m, id);
      if (!before) throw new NotFoundError('User');
      const after = await this.repo.update(m, id, undefined, changes);
      await this.audit.record(m, {
        action: 'user.preferences_updated',
        entityType: 'user',
        entityId: id,
        before: {
          displayName: before.displayName,
          locale: before.locale,
          timeZone: before.timeZone,
          emailNotifications: before.emailNotifications,
        },
        after: {
          displayName: after.displayName,
          locale: after.locale,
          timeZone: after.timeZone,
          emailNotifications: after.emailNotifications,
        },
      });
      return after;
    });
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
  async ensureFirstAdmin(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    if (!email || !password) return;
    await this.tx.run(async (m) => {
      await this.repo.lockFirstAdminCreation(m);
      if (await this.repo.anyAdmin(m)) return;
      const takenBy = await this.repo.roleByEmail(m, email);
      if (takenBy) {
        this.logger.warn(`ADMIN_EMAIL ${email} belongs to a ${takenBy}; no first admin created`);
        return;
      }
      await this.create(m, { email, password, role: 'admin', displayName: 'Administrator' });
      this.logger.log(`first admin ${email} created`);
    });
  }
}
