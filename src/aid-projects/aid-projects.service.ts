import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import type { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import {
  FieldError,
  NotFoundError,
  ReferenceNotFoundError,
  ValidationFailedError,
} from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { Page, paginate } from '../common/pagination';
import { AidProjectEntity } from './aid-project.entity';
import { assertTransition, CLOSED_STATUSES } from './aid-project-status';
import { IatiIdentifierExistsError } from './aid-projects.errors';
import { AidProjectsRepository } from './aid-projects.repository';
import {
  AidProjectDetailResponse,
  AidProjectQueryDto,
  AidProjectResponse,
  CreateAidProjectDto,
  ProjectOrganizationDto,
  toAidProjectResponse,
  UpdateAidProjectDto,
} from './dto/aid-project.dto';
import { defaultIatiIdentifier } from './iati-codes';

/**
 * Aid projects: public catalogue records (everyone reads), written by staff. The creating
 * coordinator becomes `coordinatorId`. Status follows the lifecycle in `aid-project-status.ts`.
 */
@Injectable()
export class AidProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AidProjectsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates a project with its participating organisations; returns it with (zero) totals. */
  async create(actor: Actor, dto: CreateAidProjectDto): Promise<AidProjectDetailResponse> {
    const errors = [
      ...periodErrors(dto.plannedStart, dto.plannedEnd, 'plannedEnd'),
      ...periodErrors(dto.actualStart ?? null, dto.actualEnd ?? null, 'actualEnd'),
      ...duplicateOrganizationErrors(dto.organizations),
    ];
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (m) => {
      await this.assertReferences(m, dto.cityId, dto.organizations);
      const id = randomUUID();
      // ON CONFLICT: a taken identifier is a 409, not an aborted transaction.
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO aid_projects (id, title, description, category, city_id, coordinator_id, status, budget_amount, budget_currency,
                                   planned_start, planned_end, actual_start, actual_end, beneficiaries_target, beneficiaries_actual,
                                   sector_code, iati_identifier)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (iati_identifier) DO NOTHING RETURNING id`,
        [
          id,
          JSON.stringify(toI18nName(dto.title)),
          dto.description ?? null,
          dto.category,
          dto.cityId,
          actor.userId,
          dto.status,
          dto.budget.amount,
          dto.budget.currency,
          dto.plannedStart,
          dto.plannedEnd,
          dto.actualStart ?? null,
          dto.actualEnd ?? null,
          dto.beneficiariesTarget,
          dto.beneficiariesActual ?? null,
          dto.sectorCode ?? null,
          dto.iatiIdentifier ?? defaultIatiIdentifier(id),
        ],
      );
      if (inserted.length === 0) throw new IatiIdentifierExistsError();
      await this.repo.replaceOrganizations(m, id, dto.organizations);
      const created = await this.detail(m, id);
      await this.audit.record(m, {
        action: 'aid_project.created',
        entityType: 'aid_project',
        entityId: id,
        after: created,
      });
      return created;
    });
  }

  /** Lists projects (public fields) with filters; `?q=` matches any language of the title. */
  async list(query: AidProjectQueryDto): Promise<Page<AidProjectResponse>> {
    const qb = this.dataSource.getRepository(AidProjectEntity).createQueryBuilder('p');
    if (query.q)
      qb.andWhere('p.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.cityId) qb.andWhere('p.city_id = :cityId', { cityId: query.cityId });
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM aid_project_organizations f WHERE f.project_id = p.id AND f.organization_id = :orgId)',
        {
          orgId: query.organizationId,
        },
      );
    }
    const page = await paginate(qb, query, (p) => p);
    const orgs = await this.repo.organizationsOf(
      this.dataSource.manager,
      page.items.map((p) => p.id),
    );
    return {
      items: page.items.map((p) => toAidProjectResponse(p, orgs.get(p.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  /** One project with its totals per currency and its budget against expenditure. */
  async get(id: string): Promise<AidProjectDetailResponse> {
    return this.detail(this.dataSource.manager, id);
  }

  /**
   * Optimistic update (`version`); a status change must follow the lifecycle (409
   * INVALID_TRANSITION). `organizations`, when given, replaces the whole set. Closing the
   * project (completed, cancelled) re-evaluates the reminders of its open milestones.
   */
  async update(id: string, dto: UpdateAidProjectDto): Promise<AidProjectDetailResponse> {
    return this.dataSource.transaction(async (m) => {
      const current = await m
        .getRepository(AidProjectEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id })
        .getOne();
      if (!current) throw new NotFoundError('Aid project');
      const before = await this.detail(m, id);
      if (dto.status) assertTransition(current.status, dto.status);
      const plannedStart = dto.plannedStart ?? current.plannedStart;
      const plannedEnd = dto.plannedEnd ?? current.plannedEnd;
      const actualStart = dto.actualStart === undefined ? current.actualStart : dto.actualStart;
      const actualEnd = dto.actualEnd === undefined ? current.actualEnd : dto.actualEnd;
      const errors = [
        ...periodErrors(plannedStart, plannedEnd, 'plannedEnd'),
        ...periodErrors(actualStart, actualEnd, 'actualEnd'),
        ...duplicateOrganizationErrors(dto.organizations ?? []),
      ];
      if (errors.length) throw new ValidationFailedError(errors);
      await this.assertReferences(m, dto.cityId, dto.organizations);

      const set: Record<string, unknown> = {};
      if (dto.title) set.title = JSON.stringify(toI18nName(dto.title));
      if (dto.category) set.category = dto.category;
      if (dto.cityId) set.city_id = dto.cityId;
      if (dto.status) set.status = dto.status;
      if (dto.budget) {
        set.budget_amount = dto.budget.amount;
        set.budget_currency = dto.budget.currency;
      }
      if (dto.plannedStart) set.planned_start = dto.plannedStart;
      if (dto.plannedEnd) set.planned_end = dto.plannedEnd;
      if (dto.actualStart !== undefined) set.actual_start = dto.actualStart;
      if (dto.actualEnd !== undefined) set.actual_end = dto.actualEnd;
      if (dto.beneficiariesTarget !== undefined) set.beneficiaries_target = dto.beneficiariesTarget;
      if (dto.beneficiariesActual !== undefined) set.beneficiaries_actual = dto.beneficiariesActual;
      if (dto.sectorCode !== undefined) set.sector_code = dto.sectorCode;
      if (dto.description !== undefined) set.description = dto.description;
      await updateVersioned(m, 'aid_projects', id, dto.version, set, 'Aid project');
      if (dto.organizations) await this.repo.replaceOrganizations(m, id, dto.organizations);

      const closing =
        dto.status && dto.status !== current.status && CLOSED_STATUSES.includes(dto.status);
      if (closing) {
        for (const milestoneId of await this.repo.openMilestoneIds(m, id))
          await touchDatedRecord(m, 'milestone', milestoneId);
      }
      const after = await this.detail(m, id);
      await this.audit.record(m, {
        action: 'aid_project.updated',
        entityType: 'aid_project',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async detail(m: EntityManager, id: string): Promise<AidProjectDetailResponse> {
    const project = await m.getRepository(AidProjectEntity).findOneBy({ id });
    if (!project) throw new NotFoundError('Aid project');
    const orgs = await this.repo.organizationsOf(m, [id]);
    return {
      ...toAidProjectResponse(project, orgs.get(id) ?? []),
      totals: await this.repo.totals(m, id),
      budgetVsSpent: await this.repo.budgetVsSpent(m, id),
    };
  }

  /** 422 REFERENCE_NOT_FOUND naming each unknown city or organisation. */
  private async assertReferences(
    m: EntityManager,
    cityId: string | undefined,
    orgs: ProjectOrganizationDto[] | undefined,
  ): Promise<void> {
    const errors: FieldError[] = [];
    if (cityId && !(await this.repo.cityExists(m, cityId)))
      errors.push({ field: 'cityId', message: 'cityId names no known city' });
    if (orgs?.length) {
      const known = await this.repo.existingOrganizations(m, [
        ...new Set(orgs.map((o) => o.organizationId)),
      ]);
      orgs.forEach((o, i) => {
        if (!known.has(o.organizationId))
          errors.push({
            field: `organizations.${i}.organizationId`,
            message: 'organizationId names no known organisation',
          });
      });
    }
    if (errors.length) throw new ReferenceNotFoundError(errors);
  }
}

/** An end date before its start date is a validation failure of the end field. */
function periodErrors(start: string | null, end: string | null, endField: string): FieldError[] {
  return start && end && end < start
    ? [{ field: endField, message: `${endField} must not be before its start date` }]
    : [];
}

function duplicateOrganizationErrors(orgs: ProjectOrganizationDto[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  orgs.forEach((o, i) => {
    const key = `${o.organizationId}:${o.role}`;
    if (seen.has(key))
      errors.push({
        field: `organizations.${i}`,
        message: 'the same organisation is listed twice with the same role',
      });
    seen.add(key);
  });
  return errors;
}
