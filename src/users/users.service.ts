import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Role } from '../common/auth/actor';
import { hashPassword } from '../common/auth/passwords';
import { ConflictError, ValidationFailedError } from '../common/errors';
import { Env } from '../config/env.validation';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { toUserResponse, UserResponse } from './dto/user.dto';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  displayName: string;
  organizationId?: string | null;
  timeZone?: string | null;
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('EMAIL_TAKEN', 'A user with this email already exists');
  }
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    if (input.organizationId) {
      const org = await manager.query(`SELECT 1 FROM organizations WHERE id = $1`, [
        input.organizationId,
      ]);
      if (org.length === 0)
        throw new ValidationFailedError([
          { field: 'organizationId', message: 'organization does not exist' },
        ]);
    }
    const taken = await manager.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [
      input.email,
    ]);
    if (taken.length > 0) throw new EmailTakenError();
    const repo = manager.getRepository(UserEntity);
    const user = repo.create({
      email: input.email.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      displayName: input.displayName,
      organizationId: input.organizationId ?? null,
      timeZone: input.timeZone ?? null,
    });
    try {
      await repo.insert(user);
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
        throw new EmailTakenError();
      throw err;
    }
    const saved = await repo.findOneByOrFail({ id: user.id });
    await this.audit.record(manager, {
      action: 'user.created',
      entityType: 'user',
      entityId: saved.id,
      after: { email: saved.email, role: saved.role, organizationId: saved.organizationId },
    });
    return saved;
  }

  createInTransaction(input: NewUser): Promise<UserEntity> {
    return this.dataSource.transaction((m) => this.create(m, input));
  }

  list(query: PageQueryDto): Promise<Page<UserResponse>> {
    return paginate(
      this.dataSource.getRepository(UserEntity).createQueryBuilder('u'),
      query,
      toUserResponse,
    );
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
  async ensureFirstAdmin(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.env;
    if (!email || !password) return;
    await this.dataSource.transaction(async (m) => {
      // Serialise concurrent API start-ups.
      await m.query('SELECT pg_advisory_xact_lock(727002)');
      const admins = await m.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
      if (admins.length > 0) return;
      const taken = await m.query(`SELECT role FROM users WHERE lower(email) = lower($1)`, [email]);
      if (taken.length > 0) {
        this.logger.warn(
          `ADMIN_EMAIL ${email} belongs to a ${taken[0].role}; no first admin created`,
        );
        return;
      }
      await this.create(m, { email, password, role: 'admin', displayName: 'Administrator' });
      this.logger.log(`first admin ${email} created`);
    });
  }
}
