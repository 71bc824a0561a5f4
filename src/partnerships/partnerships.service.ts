import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import {
  InvalidTransitionError,
  NotFoundError,
  ReferenceNotFoundError,
  ValidationFailedError,
  VersionConflictError,
} from '../common/errors';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page } from '../common/pagination';
import { Env } from '../config/env.validation';
import {
  AnniversaryList,
  AnniversaryQueryDto,
  AnniversaryResponse,
  CreatePartnershipDto,
  PartnershipQueryDto,
  PartnershipResponse,
  toPartnershipResponse,
  UpdatePartnershipDto,
} from './dto/partnership.dto';
import {
  anniversariesBetween,
  assertNotEstablishedInFuture,
  canMovePartnership,
  isDormant,
} from './partnership-rules';
import { PartnershipEntity } from './partnership.entity';
import { EstablishedOnRequiredError, PartnershipExistsError } from './partnerships.errors';
import {
  PartnershipChanges,
  PartnershipFilters,
  PartnershipsRepository,
} from './partnerships.repository';

const isUniqueViolation = (err: unknown) =>
  (err as { driverError?: { code?: string } }).driverError?.code === '23505';

/** Sister-city and friendship partnerships: public catalogue data, staff write. */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
    private readonly repo: PartnershipsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** Creates a partnership; 409 PARTNERSHIP_EXISTS for the same pair in either order (also in a race). */
  async create(dto: CreatePartnershipDto): Promise<PartnershipResponse> {
    if (dto.cityAId === dto.cityBId) {
      throw new ValidationFailedError([
        { field: 'cityBId', message: 'cityBId must differ from cityAId' },
      ]);
    }
    const status = dto.status ?? 'proposed';
    if (status !== 'proposed' && !dto.establishedOn) throw new EstablishedOnRequiredError();
    assertNotEstablishedInFuture(status, dto.establishedOn, this.clock.now());
    return this.tx.run(async (m) => {
      const found = await this.repo.existingCityIds(m, [dto.cityAId, dto.cityBId]);
      for (const field of ['cityAId', 'cityBId'] as const) {
        if (!found.has(dto[field])) throw new ReferenceNotFoundError(field, 'City');
      }
      const existing = await this.repo.findPair(m, dto.cityAId, dto.cityBId);
      if (existing) throw new PartnershipExistsError(existing);
      let id: string;
      try {
        id = await this.repo.insert(m, {
          cityAId: dto.cityAId,
          cityBId: dto.cityBId,
          kind: dto.kind,
          status,
          establishedOn: dto.establishedOn ?? null,
          agreementSignedOn: dto.agreementSignedOn ?? null,
          focusAreas: dto.focusAreas ?? [],
          notes: dto.notes ?? null,
        });
      } catch (err) {
        // Two requests for the same pair passed the look-up at once: the unique index decides.
        if (isUniqueViolation(err)) throw new PartnershipExistsError();
        throw err;
      }
      const response = await this.toResponse(m, await this.repo.findByIdOrFail(m, id));
      await this.datedRecords.touch(m, 'partnership', id);
      await this.audit.record(m, {
        action: 'partnership.created',
        entityType: 'partnership',
        entityId: id,
        after: response,
      });
      return response;
    });
  }

  /** Lists partnerships, oldest first; `q` matches either city in any language. */
  async list(query: PartnershipQueryDto): Promise<Page<PartnershipResponse>> {
    const filters: PartnershipFilters = {
      search: query.q,
      status: query.status,
      kind: query.kind,
      cityId: query.cityId,
    };
    if (query.dormant !== undefined) filters.dormant = this.dormantFilter(query.dormant);
    const page = await this.repo.list(filters, query);
    return {
      items: await this.toResponses(this.repo.outsideTransaction, page.items),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<PartnershipResponse> {
    const p = await this.repo.findById(id);
    if (!p) throw new NotFoundError('Partnership');
    return this.toResponse(this.repo.outsideTransaction, p);
  }

  /** Partial update with optimistic locking; status moves follow the state machine. */
  async update(id: string, dto: UpdatePartnershipDto): Promise<PartnershipResponse> {
    return this.tx.run(async (m) => {
      const before = await this.repo.lock(m, id);
      if (!before) throw new NotFoundError('Partnership');
      if (dto.version !== undefined && dto.version !== before.version)
        throw new VersionConflictError(before.version);
      const status = dto.status ?? before.status;
      if (status !== before.status && !canMovePartnership(before.status, status)) {
        throw InvalidTransitionError.between('Partnership', before.status, status);
      }
      const establishedOn =
        dto.establishedOn !== undefined ? dto.establishedOn : before.establishedOn;
      if (status !== 'proposed' && !establishedOn) throw new EstablishedOnRequiredError();
      // Only when either changes: an older record's unrelated edits are not refused.
      if (status !== before.status || dto.establishedOn !== undefined)
        assertNotEstablishedInFuture(status, establishedOn, this.clock.now());

      const changes: Partial<PartnershipChanges> = {};
      if (dto.kind) changes.kind = dto.kind;
      if (status !== before.status) changes.status = status;
      if (dto.establishedOn !== undefined) changes.establishedOn = dto.establishedOn;
      if (dto.agreementSignedOn !== undefined) changes.agreementSignedOn = dto.agreementSignedOn;
      if (dto.focusAreas !== undefined) changes.focusAreas = dto.focusAreas ?? [];
      if (dto.notes !== undefined) changes.notes = dto.notes;
      await this.repo.update(m, id, dto.version, changes);

      const after = await this.repo.findByIdOrFail(m, id);
      if (after.status !== before.status || after.establishedOn !== before.establishedOn) {
        await this.datedRecords.touch(m, 'partnership', id);
      }
      const response = await this.toResponse(m, after);
      await this.audit.record(m, {
        action:
          after.status !== before.status ? `partnership.${after.status}` : 'partnership.updated',
        entityType: 'partnership',
        entityId: id,
        before: {
          status: before.status,
          kind: before.kind,
          establishedOn: before.establishedOn,
          agreementSignedOn: before.agreementSignedOn,
          focusAreas: before.focusAreas,
          notes: before.notes,
          version: before.version,
        },
        after: response,
      });
      return response;
    });
  }

  /**
   * Anniversaries of active partnerships' establishment between two dates (inclusive), soonest
   * first. Reminders and reports read the same list.
   */
  async anniversaries(query: AnniversaryQueryDto): Promise<AnniversaryList> {
    if (query.to < query.from)
      throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    const limit = DateTime.fromISO(query.from, { zone: 'utc' }).plus({ years: 10 }).toISODate()!;
    if (query.to > limit)
      throw new ValidationFailedError([
        { field: 'to', message: 'the range may span at most ten years' },
      ]);
    const rows = await this.repo.activeEstablishedBefore(query.to);
    const cities = await this.repo.citiesByIds(
      this.repo.outsideTransaction,
      rows.flatMap((p) => [p.cityAId, p.cityBId]),
    );
    const items: AnniversaryResponse[] = rows.flatMap((p) =>
      anniversariesBetween(p.establishedOn!, query.from, query.to).map((a) => ({
        partnershipId: p.id,
        cities: [cities.get(p.cityAId)!, cities.get(p.cityBId)!],
        kind: p.kind,
        establishedOn: p.establishedOn!,
        date: a.date,
        years: a.years,
      })),
    );
    items.sort(
      (a, b) => a.date.localeCompare(b.date) || a.partnershipId.localeCompare(b.partnershipId),
    );
    return { items, nextCursor: null };
  }

  /** Throws 404 unless the partnership exists (used by the programs domain). */
  async assertExists(m: EntityManager, id: string): Promise<void> {
    if (!(await this.repo.exists(m, id))) throw new NotFoundError('Partnership');
  }

  /** Same rule as {@link isDormant}, as the repository's `?dormant=` filter. */
  private dormantFilter(dormant: boolean): PartnershipFilters['dormant'] {
    const now = this.clock.now();
    const cutoff = DateTime.fromJSDate(now, { zone: 'utc' }).minus({
      months: this.env.PARTNERSHIP_DORMANT_MONTHS,
    });
    return { dormant, now, cutoff: cutoff.toJSDate(), cutoffDate: cutoff.toISODate()! };
  }

  private async toResponse(m: EntityManager, p: PartnershipEntity): Promise<PartnershipResponse> {
    return (await this.toResponses(m, [p]))[0];
  }

  private async toResponses(
    m: EntityManager,
    rows: PartnershipEntity[],
  ): Promise<PartnershipResponse[]> {
    const now = this.clock.now();
    const ids = rows.map((p) => p.id);
    const cities = await this.repo.citiesByIds(
      m,
      rows.flatMap((p) => [p.cityAId, p.cityBId]),
    );
    const activity = await this.repo.activity(m, ids, now);
    return rows.map((p) => {
      const a = activity.get(p.id);
      const lastActivityAt = a?.lastActivityAt ?? null;
      return toPartnershipResponse(p, {
        cities,
        lastActivityAt,
        programCount: a?.programCount ?? 0,
        dormant: isDormant({
          status: p.status,
          establishedOn: p.establishedOn,
          createdAt: p.createdAt,
          lastActivityAt,
          now,
          months: this.env.PARTNERSHIP_DORMANT_MONTHS,
        }),
      });
    });
  }
}
