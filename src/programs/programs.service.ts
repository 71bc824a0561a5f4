import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isStaff } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import {
  InvalidTransitionError,
  NotFoundError,
  ReferenceNotFoundError,
  VersionConflictError,
} from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { DatedRecordOutbox } from '../common/outbox/dated-record-outbox';
import { Page, PageQueryDto } from '../common/pagination';
import { isDateOnly } from '../common/validation/validators';
import {
  CreateProgramDto,
  ProgramQueryDto,
  ProgramResponse,
  toProgramResponse,
  UpdateProgramDto,
} from './dto/program.dto';
import { assertProgramDates, assertZoneOfCityCountry, canMoveProgram } from './program-rules';
import { ProgramEntity } from './program.entity';
import { CapacityBelowConfirmedError } from './programs.errors';
import { ProgramNotices } from './program-notices';
import { ProgramChanges, ProgramFilters, ProgramsRepository } from './programs.repository';
import { RegistrationsRepository } from './registrations.repository';

/** Exchange programs: a public catalogue everyone reads; staff create and change them. */
@Injectable()
export class ProgramsService {
  constructor(
    private readonly datedRecords: DatedRecordOutbox,
    private readonly tx: TransactionRunner,
    private readonly programs: ProgramsRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: ProgramNotices,
  ) {}

  /** Creates a program coordinated by the caller; dates are checked (422) and the outbox touched. */
  async create(actor: Actor, dto: CreateProgramDto): Promise<ProgramResponse> {
    const dates = {
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      registrationDeadline: new Date(dto.registrationDeadline),
    };
    assertProgramDates(dates);
    const organizationIds = [...new Set(dto.organizationIds ?? [])];
    return this.tx.run(async (m) => {
      await this.assertReferences(m, {
        partnershipId: dto.partnershipId,
        cityId: dto.cityId,
        organizationIds,
      });
      if (dto.cityId)
        assertZoneOfCityCountry(dto.timeZone, await this.programs.cityCountry(dto.cityId, m));
      const program = await this.programs.insert(m, {
        title: toI18nName(dto.title),
        type: dto.type,
        description: dto.description ?? null,
        partnershipId: dto.partnershipId ?? null,
        cityId: dto.cityId ?? null,
        coordinatorId: actor.userId,
        ...dates,
        timeZone: dto.timeZone,
        capacity: dto.capacity,
        confirmedCount: 0,
        status: dto.status ?? 'open',
      });
      for (const orgId of organizationIds)
        await this.programs.addOrganization(m, program.id, orgId);
      await this.datedRecords.touch(m, 'program', program.id);
      const response = await this.toResponse(m, actor, program);
      await this.audit.record(m, {
        action: 'program.created',
        entityType: 'program',
        entityId: program.id,
        after: response,
      });
      return response;
    });
  }

  /** The catalogue, by start time; filters combine. */
  async list(actor: Actor, query: ProgramQueryDto): Promise<Page<ProgramResponse>> {
    const filters: ProgramFilters = {
      status: query.status,
      type: query.type,
      partnershipId: query.partnershipId,
      cityId: query.cityId,
    };
    if (query.from)
      filters.endsFrom = new Date(isDateOnly(query.from) ? `${query.from}T00:00:00Z` : query.from);
    if (query.to) {
      if (isDateOnly(query.to)) filters.startsOnOrBeforeDay = query.to;
      else filters.startsUntil = new Date(query.to);
    }
    if (query.q) filters.search = query.q;
    const page = await this.programs.list(filters, query);
    return {
      items: await this.toResponses(undefined, actor, page.items),
      nextCursor: page.nextCursor,
    };
  }

  /** A partnership's timeline: its programs by start time (404 for an unknown partnership). */
  async timeline(
    actor: Actor,
    partnershipId: string,
    query: PageQueryDto,
  ): Promise<Page<ProgramResponse>> {
    if (!(await this.programs.partnershipExists(partnershipId)))
      throw new NotFoundError('Partnership');
    return this.list(actor, { ...query, partnershipId });
  }

  async get(actor: Actor, id: string): Promise<ProgramResponse> {
    const p = await this.programs.findById(id);
    if (!p) throw new NotFoundError('Program');
    return this.toResponse(undefined, actor, p);
  }

  /**
   * Partial update under the program row lock, so capacity and status changes cannot race
   * registrations. Raising capacity promotes the waitlist in order.
   */
  async update(actor: Actor, id: string, dto: UpdateProgramDto): Promise<ProgramResponse> {
    return this.tx.run(async (m) => {
      const before = await this.programs.lock(m, id);
      if (!before) throw new NotFoundError('Program');
      if (dto.version !== undefined && dto.version !== before.version)
        throw new VersionConflictError(before.version);
      const status = dto.status ?? before.status;
      if (status !== before.status && !canMoveProgram(before.status, status))
        throw InvalidTransitionError.between('Program', before.status, status);
      const dates = {
        startsAt: dto.startsAt ? new Date(dto.startsAt) : before.startsAt,
        endsAt: dto.endsAt ? new Date(dto.endsAt) : before.endsAt,
        registrationDeadline: dto.registrationDeadline
          ? new Date(dto.registrationDeadline)
          : before.registrationDeadline,
      };
      assertProgramDates(dates);
      if (dto.capacity !== undefined && dto.capacity < before.confirmedCount)
        throw new CapacityBelowConfirmedError(before.confirmedCount);
      const organizationIds = dto.organizationIds ? [...new Set(dto.organizationIds)] : undefined;
      await this.assertReferences(m, {
        partnershipId: dto.partnershipId,
        cityId: dto.cityId,
        organizationIds,
      });
      const cityId = dto.cityId !== undefined ? dto.cityId : before.cityId;
      if (cityId && (dto.timeZone || dto.cityId))
        assertZoneOfCityCountry(
          dto.timeZone || before.timeZone,
          await this.programs.cityCountry(cityId, m),
        );

      const changes: Partial<ProgramChanges> = {
        title: dto.title ? toI18nName(dto.title) : undefined,
        type: dto.type,
        description: dto.description,
        partnershipId: dto.partnershipId,
        cityId: dto.cityId,
        timeZone: dto.timeZone || undefined,
        capacity: dto.capacity,
        status: status !== before.status ? status : undefined,
      };
      const datesChanged = (['startsAt', 'endsAt', 'registrationDeadline'] as const).filter(
        (k) => dates[k].getTime() !== before[k].getTime(),
      );
      for (const k of datesChanged) changes[k] = dates[k];
      await this.programs.update(m, id, dto.version, changes);

      let promoted: string[] = [];
      if (
        dto.capacity !== undefined &&
        dto.capacity > before.capacity &&
        status !== 'cancelled' &&
        status !== 'completed'
      ) {
        promoted = await this.registrations.promoteWaitlisted(m, id);
        await this.programs.addConfirmed(m, id, promoted.length);
      }
      if (organizationIds) await this.replaceOrganizations(m, id, organizationIds);
      if (datesChanged.length > 0 || status !== before.status)
        await this.datedRecords.touch(m, 'program', id);

      const stored = await this.programs.findByIdOrFail(m, id);
      await this.notices.promoted(m, stored, promoted);
      if (status === 'cancelled' && before.status !== 'cancelled')
        await this.notices.changed(m, stored, 'cancelled');
      else if (datesChanged.includes('startsAt') || datesChanged.includes('endsAt'))
        await this.notices.changed(m, stored, 'rescheduled');
      const response = await this.toResponse(m, actor, stored);
      await this.audit.record(m, {
        action: status !== before.status ? `program.${status}` : 'program.updated',
        entityType: 'program',
        entityId: id,
        before: toProgramResponse(before, [], this.clock.now()),
        after: response,
      });
      for (const regId of promoted) {
        await this.audit.record(m, {
          action: 'registration.promoted',
          entityType: 'registration',
          entityId: regId,
          after: { status: 'confirmed', reason: 'capacity raised' },
        });
      }
      return response;
    });
  }

  /** Replaces the list of organisations; ones with active registrations are kept. */
  private async replaceOrganizations(
    m: EntityManager,
    programId: string,
    organizationIds: string[],
  ): Promise<void> {
    await this.programs.removeOrganizationsExcept(m, programId, organizationIds);
    for (const orgId of organizationIds) await this.programs.addOrganization(m, programId, orgId);
  }

  /** 422 REFERENCE_NOT_FOUND naming the field whose record does not exist. */
  private async assertReferences(
    m: EntityManager,
    refs: { partnershipId?: string | null; cityId?: string | null; organizationIds?: string[] },
  ): Promise<void> {
    if (refs.partnershipId && !(await this.programs.partnershipExists(refs.partnershipId, m)))
      throw new ReferenceNotFoundError('partnershipId', 'Partnership');
    if (refs.cityId && !(await this.programs.cityExists(refs.cityId, m)))
      throw new ReferenceNotFoundError('cityId', 'City');
    if (
      refs.organizationIds?.length &&
      (await this.programs.countOrganizations(refs.organizationIds, m)) !==
        refs.organizationIds.length
    )
      throw new ReferenceNotFoundError('organizationIds', 'Organization');
  }

  private async toResponse(
    m: EntityManager | undefined,
    actor: Actor,
    p: ProgramEntity,
  ): Promise<ProgramResponse> {
    return (await this.toResponses(m, actor, [p]))[0];
  }

  /** Maps a page; organisations taking part are shown in full to staff, an ngo_member sees only its own. */
  private async toResponses(
    m: EntityManager | undefined,
    actor: Actor,
    rows: ProgramEntity[],
  ): Promise<ProgramResponse[]> {
    const orgs = new Map<string, string[]>();
    if (rows.length > 0) {
      const links = await this.programs.organizationLinks(
        rows.map((p) => p.id),
        isStaff(actor) ? undefined : actor.organizationId,
        m,
      );
      for (const l of links)
        orgs.set(l.programId, [...(orgs.get(l.programId) ?? []), l.organizationId]);
    }
    const now = this.clock.now();
    return rows.map((p) => toProgramResponse(p, orgs.get(p.id) ?? [], now));
  }
}
