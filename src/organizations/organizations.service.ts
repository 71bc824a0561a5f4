import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RateLimiter } from '../common/auth/rate-limiter';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { ForbiddenError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { zoneForCountry } from '../common/time/time-zones';
import { Env } from '../config/env.validation';
import { UserEntity } from '../users/user.entity';
import { NotificationEvents } from '../notifications/events/notification-events';
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
import { OrganizationsRepository } from './organizations.repository';

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
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly repo: OrganizationsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    private readonly env: Env,
    private readonly events: NotificationEvents,
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
    return this.tx.run(async (m) => {
      const o = dto.organization;
      const saved = await this.repo.insert(m, {
        name: toI18nName(o.name),
        type: o.type,
        country: o.country,
        contactEmail: o.contactEmail.trim(),
        website: o.website ?? null,
        description: o.description ?? null,
        status: 'pending',
      });
      const user = await this.users.create(m, {
        email: dto.account.email,
        password: dto.account.password,
        displayName: dto.account.displayName,
        role: 'ngo_member',
        organizationId: saved.id,
      });
      await this.events.record(m, {
        kind: 'organization_registered',
        entityType: 'organization',
        entityId: saved.id,
        audience: { roles: ['coordinator'] },
        params: { organization: saved.name },
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
    const qb = this.repo.listQuery(this.repo.reader, actor, query);
    return paginate(qb, query, toOrganizationResponse);
  }

  async get(actor: Actor, id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.repo.findVisible(this.repo.reader, actor, id));
  }

  /** Edits the organisation's details (its members or staff); 409 VERSION_CONFLICT on a stale version. */
  async update(
    actor: Actor,
    id: string,
    dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.tx.run(async (m) => {
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
      await this.repo.update(m, actor, id, dto.version, {
        name: dto.name ? toI18nName(dto.name) : undefined,
        type: dto.type,
        country: dto.country,
        contactEmail: dto.contactEmail?.trim(),
        website: dto.website,
        description: dto.description,
      });
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
   * to today (in the organisation's country, the calendar its expiry is judged by) +
   * ORGANIZATION_APPROVAL_MONTHS, and also reinstates a suspended one. Renewing, or approving an
   * approved organisation again, adds the term to the current end date while it is still ahead,
   * so renewing early loses no days. Takes effect on the members' next request.
   */
  async transition(
    actor: Actor,
    id: string,
    action: OrganizationAction,
    reason?: string,
  ): Promise<OrganizationResponse> {
    return this.tx.run(async (m) => {
      const before = await this.repo.findVisible(m, actor, id, { lock: true });
      const status = nextOrganizationStatus(before.status, action);
      const now = this.clock.now();
      const today = todayIn(zoneForCountry(before.country), now);
      const keepsRemainingTerm = action === 'renew' || before.status === 'approved';
      await this.repo.update(
        m,
        actor,
        id,
        undefined,
        action === 'approve' || action === 'renew'
          ? {
              status,
              statusReason: null,
              approvedAt: now,
              approvedBy: actor.userId,
              registrationExpiresOn: approvalExpiresOn(
                keepsRemainingTerm &&
                  before.registrationExpiresOn &&
                  before.registrationExpiresOn > today
                  ? before.registrationExpiresOn
                  : today,
                this.env.ORGANIZATION_APPROVAL_MONTHS,
              ),
            }
          : {
              status,
              statusReason: reason ?? null,
              // A suspended or rejected organisation holds no valid approval, so nothing is due to expire.
              registrationExpiresOn: null,
            },
      );
      const after = await this.repo.findVisible(m, actor, id);
      if (before.registrationExpiresOn !== after.registrationExpiresOn)
        await this.datedRecords.touch(m, 'organization', id);
      const verb =
        action === 'renew' || (action === 'approve' && before.status === 'approved')
          ? 'renewed'
          : action === 'approve'
            ? 'approved'
            : action === 'reject'
              ? 'rejected'
              : 'suspended';
      await this.events.record(m, {
        kind: 'organization_status',
        entityType: 'organization',
        entityId: id,
        audience: { organizationIds: [id] },
        params: {
          organization: after.name,
          status: verb,
          reason: reason ?? null,
          expiresOn: after.registrationExpiresOn,
        },
      });
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
    return this.tx.run(async (m) => {
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
    await this.repo.findVisible(this.repo.reader, actor, id);
    const qb = this.repo.membersQuery(this.repo.reader, id);
    return paginate(qb, query, toMemberResponse);
  }

  /** For other modules: the organisation if the actor may see it (404 otherwise). */
  findVisible(manager: EntityManager, actor: Actor, id: string): Promise<OrganizationEntity> {
    return this.repo.findVisible(manager, actor, id);
  }
}
