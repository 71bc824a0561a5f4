import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import {
  FieldError,
  NotFoundError,
  ReferenceNotFoundError,
  ValidationFailedError,
} from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page } from '../common/pagination';
import { assertTransition, CLOSED_STATUSES } from './aid-project-status';
import { IatiIdentifierExistsError } from './aid-projects.errors';
import { AidProjectChanges, AidProjectsRepository } from './aid-projects.repository';
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
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
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
    return this.tx.run(async (m) => {
      await this.assertReferences(m, dto.cityId, dto.organizations);
      const id = randomUUID();
      // ON CONFLICT: a taken identifier is a 409, not an aborted transaction.
      const inserted = await this.repo.insert(m, {
        id,
        title: toI18nName(dto.title),
        description: dto.description ?? null,
        category: dto.category,
        cityId: dto.cityId,
        coordinatorId: actor.userId,
        status: dto.status,
        budgetAmount: dto.budget.amount,
        budgetCurrency: dto.budget.currency,
        plannedStart: dto.plannedStart,
        plannedEnd: dto.plannedEnd,
        actualStart: dto.actualStart ?? null,
        actualEnd: dto.actualEnd ?? null,
        beneficiariesTarget: dto.beneficiariesTarget,
        beneficiariesActual: dto.beneficiariesActual ?? null,
        sectorCode: dto.sectorCode ?? null,
        iatiIdentifier: dto.iatiIdentifier ?? defaultIatiIdentifier(id),
      });
      if (!inserted) throw new IatiIdentifierExistsError();
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
    const page = await this.repo.list(
      {
        search: query.q,
        category: query.category,
        status: query.status,
        cityId: query.cityId,
        organizationId: query.organizationId,
      },
      query,
    );
    const orgs = await this.repo.organizationsOf(
      this.repo.outsideTransaction,
      page.items.map((p) => p.id),
    );
    return {
      items: page.items.map((p) => toAidProjectResponse(p, orgs.get(p.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  /** One project with its totals per currency and its budget against expenditure. */
  async get(id: string): Promise<AidProjectDetailResponse> {
    return this.detail(this.repo.outsideTransaction, id);
  }

  /**
   * Optimistic update (`version`); a status change must follow the lifecycle (409
   * INVALID_TRANSITION). `organizations`, when given, replaces the whole set. Closing the
   * project (completed, cancelled) re-evaluates the reminders of its open milestones.
   */
  async update(id: string, dto: UpdateAidProjectDto): Promise<AidProjectDetailResponse> {
    return this.tx.run(async (m) => {
      const current = await this.repo.lock(m, id);
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

      const changes: Partial<AidProjectChanges> = {
        title: dto.title ? toI18nName(dto.title) : undefined,
        category: dto.category || undefined,
        cityId: dto.cityId || undefined,
        status: dto.status || undefined,
        budgetAmount: dto.budget?.amount,
        budgetCurrency: dto.budget?.currency,
        plannedStart: dto.plannedStart || undefined,
        plannedEnd: dto.plannedEnd || undefined,
        actualStart: dto.actualStart,
        actualEnd: dto.actualEnd,
        beneficiariesTarget: dto.beneficiariesTarget,
        beneficiariesActual: dto.beneficiariesActual,
        sectorCode: dto.sectorCode,
        description: dto.description,
      };
      await this.repo.update(m, id, dto.version, changes);
      if (dto.organizations) await this.repo.replaceOrganizations(m, id, dto.organizations);

      const closing =
        dto.status && dto.status !== current.status && CLOSED_STATUSES.includes(dto.status);
      if (closing) {
        for (const milestoneId of await this.repo.openMilestoneIds(m, id))
          await this.datedRecords.touch(m, 'milestone', milestoneId);
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
    const project = await this.repo.findById(m, id);
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
