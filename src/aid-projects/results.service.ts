import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import {
  InvalidTransitionError,
  ValidationFailedError,
  VersionConflictError,
} from '../common/errors';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Page, PageQueryDto } from '../common/pagination';
import { AidAccessService } from './aid-access.service';
import {
  IndicatorValueAlreadyApprovedError,
  IndicatorValueExistsError,
  SelfApprovalError,
} from './aid-projects.errors';
import {
  CreateIndicatorDto,
  CorrectIndicatorValueDto,
  CreateIndicatorValueDto,
  IndicatorProgressResponse,
  IndicatorResponse,
  IndicatorValueResponse,
  ReturnIndicatorValueDto,
  toIndicatorResponse,
  toIndicatorValueResponse,
} from './dto/result.dto';
import { AidProjectsRepository } from './aid-projects.repository';
import { ResultsRepository } from './results.repository';

const NO_PROGRESS: IndicatorProgressResponse = {
  actual: null,
  percentOfTarget: null,
  lastPeriodEnd: null,
  approvedValues: 0,
  pendingValues: 0,
};

/**
 * Results: indicators with baseline and target, and actual values per period. A value counts
 * towards progress once someone other than its reporter (staff) approved it.
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: AidAccessService,
    private readonly audit: AuditService,
    private readonly results: ResultsRepository,
    private readonly projects: AidProjectsRepository,
    private readonly clock: Clock,
  ) {}

  /** Staff only (the route says so): defines what a project measures. */
  async createIndicator(
    actor: Actor,
    projectId: string,
    dto: CreateIndicatorDto,
  ): Promise<IndicatorResponse> {
    return this.tx.run(async (m) => {
      await this.access.assertCanContribute(actor, projectId, m);
      const indicatorId = await this.results.insertIndicator(m, {
        projectId,
        title: dto.title,
        unit: dto.unit,
        measure: dto.measure,
        baseline: dto.baseline ?? '0',
        target: dto.target,
      });
      const created = await this.indicator(m, indicatorId);
      await this.audit.record(m, {
        action: 'result_indicator.created',
        entityType: 'result_indicator',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  }

  /** A project's indicators with progress; visible to staff and participating organisations. */
  async listIndicators(
    actor: Actor,
    projectId: string,
    query: PageQueryDto,
  ): Promise<Page<IndicatorResponse>> {
    await this.access.assertCanView(actor, projectId, this.projects.outsideTransaction);
    const page = await this.results.listIndicators(projectId, query);
    const progress = await this.results.progress(page.items.map((i) => i.id));
    return {
      items: page.items.map((i) => toIndicatorResponse(i, progress.get(i.id) ?? NO_PROGRESS)),
      nextCursor: page.nextCursor,
    };
  }

  /** Reports an actual value (records `reportedBy`); staff or implementing organisations. */
  async reportValue(
    actor: Actor,
    indicatorId: string,
    dto: CreateIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    if (dto.periodEnd < dto.periodStart)
      throw new ValidationFailedError([
        { field: 'periodEnd', message: 'periodEnd must not be before periodStart' },
      ]);
    return this.tx.run(async (m) => {
      const projectId = await this.access.projectOf(actor, 'indicator', indicatorId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const value = await this.results.insertValue(m, {
        indicatorId,
        periodStart: dto.periodStart,
        periodEnd: dto.periodEnd,
        value: dto.value,
        reportedBy: actor.userId,
      });
      if (!value) throw new IndicatorValueExistsError();
      const id = value.id;
      const created = toIndicatorValueResponse(value);
      await this.audit.record(m, {
        action: 'indicator_value.reported',
        entityType: 'indicator_value',
        entityId: id,
        after: created,
      });
      return created;
    });
  }

  async listValues(
    actor: Actor,
    indicatorId: string,
    query: PageQueryDto,
  ): Promise<Page<IndicatorValueResponse>> {
    await this.access.projectOf(actor, 'indicator', indicatorId, this.projects.outsideTransaction);
    const page = await this.results.listValues(indicatorId, query);
    return { items: page.items.map(toIndicatorValueResponse), nextCursor: page.nextCursor };
  }

  /**
   * Approves a value (staff; records `approvedBy`). Four eyes: the reporter cannot approve its
   * own value (409 SELF_APPROVAL); a second approval is 409 ALREADY_APPROVED.
   */
  async approveValue(actor: Actor, valueId: string): Promise<IndicatorValueResponse> {
    return this.tx.run(async (m) => {
      await this.access.projectOf(actor, 'indicatorValue', valueId, m);
      const value = await this.results.lockValue(m, valueId);
      if (value.approvedAt) throw new IndicatorValueAlreadyApprovedError();
      if (value.status === 'returned')
        throw InvalidTransitionError.between('Indicator value', value.status, 'approved');
      if (value.reportedBy === actor.userId) throw new SelfApprovalError();
      const before = toIndicatorValueResponse(value);
      await this.results.approveValue(m, valueId, actor.userId, this.clock.now());
      const after = toIndicatorValueResponse(await this.results.findValueOrFail(m, valueId));
      await this.audit.record(m, {
        action: 'indicator_value.approved',
        entityType: 'indicator_value',
        entityId: valueId,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Returns a wrong value to its reporter (staff), also after approval: it is `returned` with
   * the reason and stops counting towards progress until corrected. A returned value cannot be
   * returned again (409 INVALID_TRANSITION).
   */
  async returnValue(
    actor: Actor,
    valueId: string,
    dto: ReturnIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    return this.tx.run(async (m) => {
      await this.access.projectOf(actor, 'indicatorValue', valueId, m);
      const value = await this.results.lockValue(m, valueId);
      if (value.status === 'returned')
        throw InvalidTransitionError.between('Indicator value', value.status, 'returned');
      const before = toIndicatorValueResponse(value);
      await this.results.returnValue(m, valueId, {
        by: actor.userId,
        at: this.clock.now(),
        reason: dto.reason,
      });
      const after = toIndicatorValueResponse(await this.results.findValueOrFail(m, valueId));
      await this.audit.record(m, {
        action: 'indicator_value.returned',
        entityType: 'indicator_value',
        entityId: valueId,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Corrects a returned value (who may report values to the project may correct them): it is
   * `reported` again, with the corrector as its reporter, so its approval stays four-eyes.
   * Only a returned value changes (409 INVALID_TRANSITION); the history is in the audit log.
   */
  async correctValue(
    actor: Actor,
    valueId: string,
    dto: CorrectIndicatorValueDto,
  ): Promise<IndicatorValueResponse> {
    return this.tx.run(async (m) => {
      const projectId = await this.access.projectOf(actor, 'indicatorValue', valueId, m);
      await this.access.assertCanContribute(actor, projectId, m);
      const value = await this.results.lockValue(m, valueId);
      if (dto.version !== undefined && dto.version !== value.version)
        throw new VersionConflictError(value.version);
      if (value.status !== 'returned')
        throw InvalidTransitionError.between('Indicator value', value.status, 'reported');
      const before = toIndicatorValueResponse(value);
      await this.results.correctValue(m, valueId, {
        value: dto.value,
        comment: dto.comment ?? null,
        reportedBy: actor.userId,
        reportedAt: this.clock.now(),
      });
      const after = toIndicatorValueResponse(await this.results.findValueOrFail(m, valueId));
      await this.audit.record(m, {
        action: 'indicator_value.corrected',
        entityType: 'indicator_value',
        entityId: valueId,
        before,
        after,
      });
      return after;
    });
  }

  private async indicator(m: EntityManager, id: string): Promise<IndicatorResponse> {
    const indicator = await this.results.findIndicatorOrFail(m, id);
    const progress = await this.results.progress([id], m);
    return toIndicatorResponse(indicator, progress.get(id) ?? NO_PROGRESS);
  }
}
