import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RateLimiter } from '../common/auth/rate-limiter';
import { updateVersioned } from '../common/database/versioned-update';
import { ForbiddenError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { escapeLike } from '../common/database/escape-like';
import { Env } from '../config/env.validation';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import {
  InviteMemberDto,
  MemberResponse,
  OrganizationQueryDto,
  OrganizationResponse,
  RegisterOrganizationDto,
  OrganizationRegistrationResponse,
  toOrganizationResponse,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import {
  approvalExpiresOn,
  nextOrganizationStatus,
  OrganizationAction,
  todayIn,
} from './organization-status';
import { OrganizationEntity } from './organization.entity';
import { InvalidCursorError, OrganizationsRepository } from './organizations.repository';

const HOUR = 3600;

export function toMemberResponse(u: UserEntity): MemberResponse {
  return {
    id: u.id,
    email: u.email,
    role: 'ngo_member',
    displayName: u.displayName,
    organizationId: u.organizationId!,
    isActive: u.isActive,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * Organisations: public self-registration, approval by staff, members. Tenancy: every query
 * goes through {@link OrganizationsRepository}, so an ngo_member only reaches its own.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: OrganizationsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    private readonly env: Env,
  ) {}

  /**
   * Public self-registration: a `pending` organisation and its first `ngo_member`, in one
   * transaction (an email already taken leaves nothing behind). Every attempt that reaches here
   * counts against the caller's address (429 RATE_LIMITED beyond REGISTRATIONS_PER_HOUR).
   */
  async register(
    dto: RegisterOrganizationDto,
    address: string,
  ): Promise<OrganizationRegistrationResponse> {
    await this.limiter.consume('register-address', address, this.env.REGISTRATIONS_PER_HOUR, HOUR);
    return this.dataSource.transaction(async (m) => {
      const o = dto.organization;
      const orgRepo = m.getRepository(OrganizationEntity);
      const org = orgRepo.create({
        name: toI18nName(o.name),
        type: o.type,
        country: o.country,
        contactEmail: o.contactEmail.trim(),
        website: o.website ?? null,
        description: o.description ?? null,
        status: 'pending',
      });
      await orgRepo.insert(org);
      const saved = await orgRepo.findOneByOrFail({ id: org.id });
      const user = await this.users.create(m, {
        email: dto.account.email,
        password: dto.account.password,
        displayName: dto.account.displayName,
        role: 'ngo_member',
        organizationId: saved.id,
      });
      await this.audit.record(m, {
        action: 'organization.registered',
        entityType: 'organization',
        entityId: saved.id,
        after: toOrganizationResponse(saved),
        actor: { userId: user.id, role: 'ngo_member' },
      });
      return { organization: toOrganizationResponse(saved), account: toMemberResponse(user) };
    });
  }

  /** Organisations the caller may see: its own for an ngo_member, all for staff. */
  async list(actor: Actor, query: OrganizationQueryDto): Promise<Page<OrganizationResponse>> {
    const qb = this.repo.scoped(this.dataSource.manager, actor);
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.country) qb.andWhere('o.country = :country', { country: query.country });
    if (query.q)
      qb.andWhere('o.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    await this.repo.assertCursorVisible(this.dataSource.manager, actor, query.cursor);
    return paginate(qb, query, toOrganizationResponse);
  }

  async get(actor: Actor, id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.repo.findVisible(this.dataSource.manager, actor, id));
  }

  /** Edits the organisation's details (its members or staff); 409 VERSION_CONFLICT on a stale version. */
  async update(
    actor: Actor,
    id: string,
    dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findVisible(m, actor, id);
      if (
        actor.role === 'ngo_member' &&
        ((dto.type !== undefined && dto.type !== before.type) ||
          (dto.country !== undefined && dto.country !== before.country))
      ) {
        throw new ForbiddenError(
          'Only coordinators and admins may change the type or country of an organisation',
        );
      }
      const set: Record<string, unknown> = {};
      if (dto.name) set.name = JSON.stringify(toI18nName(dto.name));
      if (dto.type !== undefined) set.type = dto.type;
      if (dto.country !== undefined) set.country = dto.country;
      if (dto.contactEmail !== undefined) set.contact_email = dto.contactEmail.trim();
      if (dto.website !== undefined) set.website = dto.website;
      if (dto.description !== undefined) set.description = dto.description;
      await updateVersioned(
        m,
        'organizations',
        id,
        dto.version,
        set,
        'Organization',
        this.repo.writeScope(actor),
      );
      const after = await this.repo.findVisible(m, actor, id);
      await this.audit.record(m, {
        action: 'organization.updated',
        entityType: 'organization',
        entityId: id,
        before: toOrganizationResponse(before),
        after: toOrganizationResponse(after),
      });
      return toOrganizationResponse(after);
    });
  }

  /**
   * approve / reject / suspend (coordinators, admins). Approving sets `registrationExpiresOn`
   * to today (REPORT_TIME_ZONE) + ORGANIZATION_APPROVAL_MONTHS, and also renews an approved
   * organisation or reinstates a suspended one. Takes effect on the members' next request.
   */
  async transition(
    actor: Actor,
    id: string,
    action: OrganizationAction,
    reason?: string,
  ): Promise<OrganizationResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findVisible(m, actor, id, { lock: true });
      const status = nextOrganizationStatus(before.status, action);
      const set: Record<string, unknown> = { status };
      if (action === 'approve') {
        set.status_reason = null;
        set.approved_at = new Date();
        set.approved_by = actor.userId;
        set.registration_expires_on = approvalExpiresOn(
          todayIn(this.env.REPORT_TIME_ZONE),
          this.env.ORGANIZATION_APPROVAL_MONTHS,
        );
      } else {
        set.status_reason = reason ?? null;
        // A suspended or rejected organisation holds no valid approval, so nothing is due to expire.
        set.registration_expires_on = null;
      }
      await updateVersioned(
        m,
        'organizations',
        id,
        undefined,
        set,
        'Organization',
        this.repo.writeScope(actor),
      );
      const after = await this.repo.findVisible(m, actor, id);
      if (before.registrationExpiresOn !== after.registrationExpiresOn)
        await touchDatedRecord(m, 'organization', id);
      const verb =
        action === 'approve'
          ? before.status === 'approved'
            ? 'renewed'
            : 'approved'
          : action === 'reject'
            ? 'rejected'
            : 'suspended';
      await this.audit.record(m, {
        action: `organization.${verb}`,
        entityType: 'organization',
        entityId: id,
        before: toOrganizationResponse(before),
        after: toOrganizationResponse(after),
      });
      return toOrganizationResponse(after);
    });
  }

  /**
   * Adds a further member to organisation `id` (one of its own approved members, or an admin).
   * The role is always `ngo_member` and the organisation always `id`, whatever the body says.
   */
  async inviteMember(actor: Actor, id: string, dto: InviteMemberDto): Promise<MemberResponse> {
    return this.dataSource.transaction(async (m) => {
      const org = await this.repo.findVisible(m, actor, id, { lock: true });
      const user = await this.users.create(m, {
        email: dto.email,
        password: dto.password,
        displayName: dto.displayName,
        role: 'ngo_member',
        organizationId: org.id,
      });
      await this.audit.record(m, {
        action: 'organization.member_added',
        entityType: 'organization',
        entityId: org.id,
        after: { userId: user.id, email: user.email },
      });
      return toMemberResponse(user);
    });
  }

  /** Members of organisation `id`, oldest first. */
  async listMembers(actor: Actor, id: string, query: PageQueryDto): Promise<Page<MemberResponse>> {
    await this.repo.findVisible(this.dataSource.manager, actor, id);
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.organization_id = :id', { id });
    if (
      query.cursor &&
      !(await qb.clone().andWhere('u.id = :cursor', { cursor: query.cursor }).getExists())
    )
      throw new InvalidCursorError();
    return paginate(qb, query, toMemberResponse);
  }

  /** For other modules: the organisation if the actor may see it (404 otherwise). */
  findVisible(manager: EntityManager, actor: Actor, id: string): Promise<OrganizationEntity> {
    return this.repo.findVisible(manager, actor, id);
  }
}
