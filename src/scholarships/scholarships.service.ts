import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import { Actor, isStaff } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { UnprocessableError, ValidationFailedError, VersionConflictError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { Page, paginate } from '../common/pagination';
import {
  CreateScholarshipDto,
  EligibilityDto,
  ScholarshipQueryDto,
  ScholarshipResponse,
  toEligibilityRules,
  toScholarshipResponse,
  UpdateScholarshipDto,
} from './dto/scholarship.dto';
import { ScholarshipEntity } from './scholarship.entity';
import { QuotaBelowAwardedError } from './scholarships.errors';
import { ScholarshipsRepository } from './scholarships.repository';

/** Scholarship schemes (calls): public catalogue data; staff write, everyone reads. */
@Injectable()
export class ScholarshipsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly schemes: ScholarshipsRepository,
  ) {}

  /** Creates a scheme; the creating staff member is its coordinator. Touches the reminder outbox. */
  async create(actor: Actor, dto: CreateScholarshipDto): Promise<ScholarshipResponse> {
    assertWindow(dto.opensAt, dto.closesAt);
    assertAgeRange(dto.eligibility);
    return this.dataSource.transaction(async (m) => {
      if (dto.sponsorOrganizationId) await this.assertSponsor(m, dto.sponsorOrganizationId);
      const repo = m.getRepository(ScholarshipEntity);
      const inserted = await repo.insert({
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
      const id = inserted.identifiers[0].id as string;
      const saved = await repo.findOneByOrFail({ id });
      await touchDatedRecord(m, 'scholarship', id);
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
    const qb = this.dataSource.getRepository(ScholarshipEntity).createQueryBuilder('s');
    if (query.q)
      qb.andWhere('s.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    if (query.sponsorOrganizationId)
      qb.andWhere('s.sponsor_organization_id = :sponsor', { sponsor: query.sponsorOrganizationId });
    if (query.open === true) qb.andWhere('s.opens_at <= now() AND s.closes_at >= now()');
    if (query.open === false) qb.andWhere('NOT (s.opens_at <= now() AND s.closes_at >= now())');
    return paginate(qb, query, toScholarshipResponse);
  }

  async get(id: string): Promise<ScholarshipResponse> {
    return toScholarshipResponse(await this.schemes.find(this.dataSource.manager, id));
  }

  /**
   * Partial update with optional optimistic version. The row is locked first so a quota change
   * and a concurrent award are serialised: the quota never drops below the places awarded
   * (409 QUOTA_BELOW_AWARDED). A changed closing time touches the reminder outbox.
   */
  async update(id: string, dto: UpdateScholarshipDto): Promise<ScholarshipResponse> {
    assertAgeRange(dto.eligibility);
    return this.dataSource.transaction(async (m) => {
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

      const set: Record<string, unknown> = {};
      if (dto.name) set.name = JSON.stringify(toI18nName(dto.name));
      if (dto.level) set.level = dto.level;
      if (dto.quota != null) set.quota = dto.quota;
      if (dto.stipend) {
        set.stipend_amount = dto.stipend.amount;
        set.stipend_currency = dto.stipend.currency;
      }
      if (dto.opensAt) set.opens_at = new Date(dto.opensAt);
      if (dto.closesAt) set.closes_at = new Date(dto.closesAt);
      if (dto.sponsorOrganizationId !== undefined)
        set.sponsor_organization_id = dto.sponsorOrganizationId;
      if (dto.hostInstitution !== undefined) set.host_institution = dto.hostInstitution;
      if (dto.description !== undefined) set.description = dto.description;
      if (dto.eligibility !== undefined)
        set.eligibility = JSON.stringify(toEligibilityRules(dto.eligibility));
      await updateVersioned(m, 'scholarships', id, dto.version, set, 'Scholarship');

      const after = await this.schemes.find(m, id);
      if (after.closesAt.getTime() !== before.closesAt.getTime())
        await touchDatedRecord(m, 'scholarship', id);
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
