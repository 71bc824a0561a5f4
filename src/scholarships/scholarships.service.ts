import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isStaff } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { UnprocessableError, ValidationFailedError, VersionConflictError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page } from '../common/pagination';
import {
  CreateScholarshipDto,
  EligibilityDto,
  ScholarshipQueryDto,
  ScholarshipResponse,
  toEligibilityRules,
  toScholarshipResponse,
  UpdateScholarshipDto,
} from './dto/scholarship.dto';
import { QuotaBelowAwardedError } from './scholarships.errors';
import { ScholarshipChanges, ScholarshipsRepository } from './scholarships.repository';

/** Scholarship schemes (calls): public catalogue data; staff write, everyone reads. */
@Injectable()
export class ScholarshipsService {
  constructor(
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly schemes: ScholarshipsRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates a scheme; the creating staff member is its coordinator. Touches the reminder outbox. */
  async create(actor: Actor, dto: CreateScholarshipDto): Promise<ScholarshipResponse> {
    assertWindow(dto.opensAt, dto.closesAt);
    assertAgeRange(dto.eligibility);
    return this.tx.run(async (m) => {
      if (dto.sponsorOrganizationId) await this.assertSponsor(m, dto.sponsorOrganizationId);
      const saved = await this.schemes.insert(m, {
        name: toI18nName(dto.name),
        level: dto.level,
        quota: dto.quota,
        stipendAmount: dto.stipend.amount,
        stipendCurrency: dto.stipend.currency,
        opensAt: new Date(dto.opensAt),
        closesAt: new Date(dto.closesAt),
        sponsorOrganizationId: dto.sponsorOrganizationId ?? null,
        hostInstitution: dto.hostInstitution ?? null,
        description: dto.description ?? null,
        eligibility: toEligibilityRules(dto.eligibility),
        coordinatorId: isStaff(actor) ? actor.userId : null,
      });
      const id = saved.id;
      await this.datedRecords.touch(m, 'scholarship', id);
      await this.audit.record(m, {
        action: 'scholarship.created',
        entityType: 'scholarship',
        entityId: id,
        after: toScholarshipResponse(saved),
      });
      return toScholarshipResponse(saved);
    });
  }

  async list(query: ScholarshipQueryDto): Promise<Page<ScholarshipResponse>> {
    const page = await this.schemes.list(
      {
        search: query.q,
        level: query.level,
        sponsorOrganizationId: query.sponsorOrganizationId,
        open: query.open === undefined ? undefined : { at: this.clock.now(), is: query.open },
      },
      query,
    );
    return { items: page.items.map(toScholarshipResponse), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ScholarshipResponse> {
    return toScholarshipResponse(await this.schemes.find(undefined, id));
  }

  /**
   * Partial update with optional optimistic version. The row is locked first so a quota change
   * and a concurrent award are serialised: the quota never drops below the places awarded
   * (409 QUOTA_BELOW_AWARDED). A changed closing time touches the reminder outbox.
   */
  async update(id: string, dto: UpdateScholarshipDto): Promise<ScholarshipResponse> {
    assertAgeRange(dto.eligibility);
    return this.tx.run(async (m) => {
      const before = await this.schemes.lock(m, id);
      if (dto.version !== undefined && dto.version !== before.version) {
        throw new VersionConflictError(before.version);
      }
      const opensAt = dto.opensAt ?? before.opensAt.toISOString();
      const closesAt = dto.closesAt ?? before.closesAt.toISOString();
      assertWindow(opensAt, closesAt);
      if (dto.quota != null && dto.quota < before.awardedCount)
        throw new QuotaBelowAwardedError(before.awardedCount);
      if (dto.sponsorOrganizationId) await this.assertSponsor(m, dto.sponsorOrganizationId);

      const changes: Partial<ScholarshipChanges> = {
        name: dto.name ? toI18nName(dto.name) : undefined,
        level: dto.level || undefined,
        quota: dto.quota ?? undefined,
        stipendAmount: dto.stipend?.amount,
        stipendCurrency: dto.stipend?.currency,
        opensAt: dto.opensAt ? new Date(dto.opensAt) : undefined,
        closesAt: dto.closesAt ? new Date(dto.closesAt) : undefined,
        sponsorOrganizationId: dto.sponsorOrganizationId,
        hostInstitution: dto.hostInstitution,
        description: dto.description,
        eligibility:
          dto.eligibility !== undefined ? toEligibilityRules(dto.eligibility) : undefined,
      };
      await this.schemes.update(m, id, dto.version, changes);

      const after = await this.schemes.find(m, id);
      if (after.closesAt.getTime() !== before.closesAt.getTime())
        await this.datedRecords.touch(m, 'scholarship', id);
      await this.audit.record(m, {
        action: 'scholarship.updated',
        entityType: 'scholarship',
        entityId: id,
        before: toScholarshipResponse(before),
        after: toScholarshipResponse(after),
      });
      return toScholarshipResponse(after);
    });
  }

  private async assertSponsor(m: EntityManager, id: string): Promise<void> {
    if (!(await this.schemes.organizationExists(m, id))) {
      throw new UnprocessableError(
        'REFERENCE_NOT_FOUND',
        'The sponsor organisation does not exist',
        { field: 'sponsorOrganizationId' },
      );
    }
  }
}

function assertWindow(opensAt: string, closesAt: string): void {
  if (new Date(closesAt).getTime() <= new Date(opensAt).getTime()) {
    throw new ValidationFailedError([
      { field: 'closesAt', message: 'closesAt must be after opensAt' },
    ]);
  }
}

function assertAgeRange(e: EligibilityDto | undefined): void {
  if (e?.minAge !== undefined && e.maxAge !== undefined && e.minAge > e.maxAge) {
    throw new ValidationFailedError([
      { field: 'eligibility.maxAge', message: 'maxAge must not be below minAge' },
    ]);
  }
}
