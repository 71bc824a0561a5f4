import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import { Actor, isStaff } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { updateVersioned } from '../common/database/versioned-update';
import {
  InvalidTransitionError,
  NotFoundError,
  ReferenceNotFoundError,
  VersionConflictError,
} from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { isDateOnly } from '../common/validation/validators';
import { PartnershipsService } from '../partnerships/partnerships.service';
import {
  CreateProgramDto,
  ProgramQueryDto,
  ProgramResponse,
  toProgramResponse,
  UpdateProgramDto,
} from './dto/program.dto';
import { assertProgramDates, canMoveProgram } from './program-rules';
import { ProgramEntity } from './program.entity';
import { CapacityBelowConfirmedError } from './programs.errors';
import { RegistrationsRepository } from './registrations.repository';

/** Exchange programs: a public catalogue everyone reads; staff create and change them. */
@Injectable()
export class ProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsRepository,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
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
    return this.dataSource.transaction(async (m) => {
      await this.assertReferences(m, {
        partnershipId: dto.partnershipId,
        cityId: dto.cityId,
        organizationIds,
      });
      const repo = m.getRepository(ProgramEntity);
      const program = repo.create({
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
      await repo.insert(program);
      for (const orgId of organizationIds)
        await this.registrations.addOrganization(m, program.id, orgId);
      await touchDatedRecord(m, 'program', program.id);
      const response = await this.toResponse(
        m,
        actor,
        await repo.findOneByOrFail({ id: program.id }),
      );
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
    const qb = this.dataSource.getRepository(ProgramEntity).createQueryBuilder('p');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.type) qb.andWhere('p.type = :type', { type: query.type });
    if (query.partnershipId)
      qb.andWhere('p.partnership_id = :partnershipId', { partnershipId: query.partnershipId });
    if (query.cityId) qb.andWhere('p.city_id = :cityId', { cityId: query.cityId });
    if (query.from)
      qb.andWhere('p.ends_at >= :from', {
        from: new Date(isDateOnly(query.from) ? `${query.from}T00:00:00Z` : query.from),
      });
    if (query.to) {
      if (isDateOnly(query.to))
        qb.andWhere(`p.starts_at < (:to::date + 1)::timestamp AT TIME ZONE 'UTC'`, {
          to: query.to,
        });
      else qb.andWhere('p.starts_at <= :to', { to: new Date(query.to) });
    }
    if (query.q)
      qb.andWhere('p.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    const page = await paginate(qb, query, (p) => p, { column: 'starts_at' });
    return {
      items: await this.toResponses(this.dataSource.manager, actor, page.items),
      nextCursor: page.nextCursor,
    };
  }

  /** A partnership's timeline: its programs by start time (404 for an unknown partnership). */
  async timeline(
    actor: Actor,
    partnershipId: string,
    query: PageQueryDto,
  ): Promise<Page<ProgramResponse>> {
    await this.partnerships.assertExists(this.dataSource.manager, partnershipId);
    return this.list(actor, { ...query, partnershipId });
  }

  async get(actor: Actor, id: string): Promise<ProgramResponse> {
    const p = await this.dataSource.getRepository(ProgramEntity).findOneBy({ id });
    if (!p) throw new NotFoundError('Program');
    return this.toResponse(this.dataSource.manager, actor, p);
  }

  /**
   * Partial update under the program row lock, so capacity and status changes cannot race
   * registrations. Raising capacity promotes the waitlist in order.
   */
  async update(actor: Actor, id: string, dto: UpdateProgramDto): Promise<ProgramResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.registrations.lockProgram(m, id);
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

      const set: Record<string, unknown> = {};
      if (dto.title) set.title = JSON.stringify(toI18nName(dto.title));
      if (dto.type) set.type = dto.type;
      if (dto.description !== undefined) set.description = dto.description;
      if (dto.partnershipId !== undefined) set.partnership_id = dto.partnershipId;
      if (dto.cityId !== undefined) set.city_id = dto.cityId;
      if (dto.timeZone) set.time_zone = dto.timeZone;
      if (dto.capacity !== undefined) set.capacity = dto.capacity;
      if (status !== before.status) set.status = status;
      const datesChanged = (['startsAt', 'endsAt', 'registrationDeadline'] as const).filter(
        (k) => dates[k].getTime() !== before[k].getTime(),
      );
      for (const k of datesChanged)
        set[
          {
            startsAt: 'starts_at',
            endsAt: 'ends_at',
            registrationDeadline: 'registration_deadline',
          }[k]
        ] = dates[k];
      await updateVersioned(m, 'programs', id, dto.version, set, 'Program');

      let promoted: string[] = [];
      if (
        dto.capacity !== undefined &&
        dto.capacity > before.capacity &&
        status !== 'cancelled' &&
        status !== 'completed'
      ) {
        promoted = await this.registrations.promoteWaitlisted(m, id);
      }
      if (organizationIds) await this.replaceOrganizations(m, id, organizationIds);
      if (datesChanged.length > 0 || status !== before.status)
        await touchDatedRecord(m, 'program', id);

      const response = await this.toResponse(
        m,
        actor,
        await m.getRepository(ProgramEntity).findOneByOrFail({ id }),
      );
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
    await m.query(
      `DELETE FROM program_organizations po
        WHERE po.program_id = $1 AND NOT (po.organization_id = ANY($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.program_id = po.program_id
                            AND r.organization_id = po.organization_id AND r.status <> 'cancelled')`,
      [programId, organizationIds],
    );
    for (const orgId of organizationIds)
      await this.registrations.addOrganization(m, programId, orgId);
  }

  /** 422 REFERENCE_NOT_FOUND naming the field whose record does not exist. */
  private async assertReferences(
    m: EntityManager,
    refs: { partnershipId?: string | null; cityId?: string | null; organizationIds?: string[] },
  ): Promise<void> {
    if (refs.partnershipId) {
      const rows: unknown[] = await m.query(`SELECT 1 FROM partnerships WHERE id = $1`, [
        refs.partnershipId,
      ]);
      if (rows.length === 0) throw new ReferenceNotFoundError('partnershipId', 'Partnership');
    }
    if (refs.cityId) {
      const rows: unknown[] = await m.query(`SELECT 1 FROM cities WHERE id = $1`, [refs.cityId]);
      if (rows.length === 0) throw new ReferenceNotFoundError('cityId', 'City');
    }
    if (refs.organizationIds?.length) {
      const rows: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM organizations WHERE id = ANY($1::uuid[])`,
        [refs.organizationIds],
      );
      if (rows[0].n !== refs.organizationIds.length)
        throw new ReferenceNotFoundError('organizationIds', 'Organization');
    }
  }

  private async toResponse(
    m: EntityManager,
    actor: Actor,
    p: ProgramEntity,
  ): Promise<ProgramResponse> {
    return (await this.toResponses(m, actor, [p]))[0];
  }

  /** Maps a page; organisations taking part are shown in full to staff, an ngo_member sees only its own. */
  private async toResponses(
    m: EntityManager,
    actor: Actor,
    rows: ProgramEntity[],
  ): Promise<ProgramResponse[]> {
    const orgs = new Map<string, string[]>();
    if (rows.length > 0) {
      const params: unknown[] = [rows.map((p) => p.id)];
      let sql = `SELECT program_id, organization_id FROM program_organizations WHERE program_id = ANY($1::uuid[])`;
      if (!isStaff(actor)) {
        params.push(actor.organizationId);
        sql += ` AND organization_id = $2`;
      }
      const links: { program_id: string; organization_id: string }[] = await m.query(
        `${sql} ORDER BY organization_id`,
        params,
      );
      for (const l of links)
        orgs.set(l.program_id, [...(orgs.get(l.program_id) ?? []), l.organization_id]);
    }
    const now = this.clock.now();
    return rows.map((p) => toProgramResponse(p, orgs.get(p.id) ?? [], now));
  }
}
