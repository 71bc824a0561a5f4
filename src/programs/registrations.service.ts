import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { InvalidTransitionError, NotFoundError } from '../common/errors';
import { Page } from '../common/pagination';
import {
  RegistrationQueryDto,
  RegistrationResponse,
  toRegistrationResponse,
} from './dto/registration.dto';
import { isRegistrationOpen } from './program-rules';
import {
  AlreadyRegisteredError,
  AttendanceTooEarlyError,
  ProgramClosedError,
  RegistrationClosedError,
  RegistrationNotConfirmedError,
} from './programs.errors';
import { tenantScopeOf } from '../common/tenancy/tenant-scope';
import { ProgramsRepository } from './programs.repository';
import { ProgramNotices } from './program-notices';
import { RegistrationsRepository } from './registrations.repository';

const isUniqueViolation = (err: unknown) =>
  (err as { driverError?: { code?: string } }).driverError?.code === '23505';

/**
 * Seats and the waitlist. Every change that moves a seat runs in one transaction holding the
 * program row lock and keeps programs.confirmed_count in step, so confirmed never exceeds
 * capacity (the check constraint is the last line of defence), also under concurrent requests.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: RegistrationsRepository,
    private readonly programs: ProgramsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: ProgramNotices,
  ) {}

  /**
   * Registers a participant: confirmed while seats remain, else waitlisted. An ngo_member may
   * register only its organisation's participants (another's answers 404). 422
   * REGISTRATION_CLOSED when the program is not open or its deadline passed; 409
   * ALREADY_REGISTERED for the same participant twice.
   */
  async register(
    actor: Actor,
    programId: string,
    participantId: string,
  ): Promise<RegistrationResponse> {
    const scope = tenantScopeOf(actor);
    return this.tx.run(async (m) => {
      const participant = await this.repo.findParticipant(m, scope, participantId);
      if (!participant) throw new NotFoundError('Participant');
      const program = await this.programs.lock(m, programId);
      if (!program) throw new NotFoundError('Program');
      if (!isRegistrationOpen(program, this.clock.now())) {
        throw new RegistrationClosedError(
          program.status !== 'open'
            ? `the program is ${program.status}`
            : 'the registration deadline has passed',
        );
      }
      if (await this.repo.hasActive(m, programId, participantId))
        throw new AlreadyRegisteredError();
      const status = program.confirmedCount < program.capacity ? 'confirmed' : 'waitlisted';
      let id: string;
      try {
        id = await this.repo.insert(m, {
          programId,
          participantId,
          organizationId: participant.organization_id,
          status,
          registeredBy: actor.userId,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AlreadyRegisteredError();
        throw err;
      }
      if (status === 'confirmed') await this.programs.addConfirmed(m, programId, 1);
      if (participant.organization_id)
        await this.programs.addOrganization(m, programId, participant.organization_id);
      const response = await this.read(m, actor, id);
      await this.audit.record(m, {
        action: 'registration.created',
        entityType: 'registration',
        entityId: id,
        after: response,
      });
      return response;
    });
  }

  /** A program's registrations in arrival order; an ngo_member sees only its organisation's. */
  async listForProgram(
    actor: Actor,
    programId: string,
    query: RegistrationQueryDto,
  ): Promise<Page<RegistrationResponse>> {
    if (!(await this.programs.exists(programId))) throw new NotFoundError('Program');
    const limit = query.limit ?? 20;
    const rows = await this.repo.listForProgram(undefined, tenantScopeOf(actor), programId, {
      status: query.status,
      cursor: query.cursor,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toRegistrationResponse);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  async get(actor: Actor, id: string): Promise<RegistrationResponse> {
    return this.read(undefined, actor, id);
  }

  /**
   * Cancels a registration. A confirmed seat is freed and the oldest waitlisted registration
   * (FIFO by created_at, id) is confirmed in the same transaction.
   */
  async cancel(actor: Actor, id: string): Promise<RegistrationResponse> {
    const scope = tenantScopeOf(actor);
    return this.tx.run(async (m) => {
      const found = await this.repo.findOne(m, scope, id);
      if (!found) throw new NotFoundError('Registration');
      // Lock order everywhere: program row, then registration rows.
      const program = (await this.programs.lock(m, found.program_id))!;
      const reg = (await this.repo.lockOne(m, scope, id))!;
      if (reg.status === 'cancelled')
        throw InvalidTransitionError.between('Registration', 'cancelled', 'cancelled');
      if (program.status === 'completed' || program.status === 'cancelled')
        throw new ProgramClosedError(program.status);
      await this.repo.setStatus(m, id, 'cancelled');
      let promoted: string[] = [];
      if (reg.status === 'confirmed') {
        await this.programs.addConfirmed(m, program.id, -1);
        promoted = await this.repo.promoteWaitlisted(m, program.id);
        await this.programs.addConfirmed(m, program.id, promoted.length);
        await this.notices.promoted(m, program, promoted);
      }
      const response = await this.read(m, actor, id);
      await this.audit.record(m, {
        action: 'registration.cancelled',
        entityType: 'registration',
        entityId: id,
        before: { status: reg.status },
        after: response,
      });
      for (const promotedId of promoted) {
        await this.audit.record(m, {
          action: 'registration.promoted',
          entityType: 'registration',
          entityId: promotedId,
          after: { status: 'confirmed', reason: `seat freed by ${id}` },
        });
      }
      return response;
    });
  }

  /** Staff mark attendance of a confirmed registration once the program has started. */
  async markAttendance(actor: Actor, id: string, attended: boolean): Promise<RegistrationResponse> {
    const scope = tenantScopeOf(actor);
    return this.tx.run(async (m) => {
      const found = await this.repo.findOne(m, scope, id);
      if (!found) throw new NotFoundError('Registration');
      const program = (await this.programs.lock(m, found.program_id))!;
      const reg = (await this.repo.lockOne(m, scope, id))!;
      if (reg.status !== 'confirmed') throw new RegistrationNotConfirmedError();
      if (program.status === 'cancelled') throw new ProgramClosedError(program.status);
      if (this.clock.now().getTime() < program.startsAt.getTime())
        throw new AttendanceTooEarlyError();
      await this.repo.setAttended(m, id, attended);
      const response = await this.read(m, actor, id);
      await this.audit.record(m, {
        action: 'registration.attendance',
        entityType: 'registration',
        entityId: id,
        before: { attended: found.attended },
        after: response,
      });
      return response;
    });
  }

  private async read(
    m: EntityManager | undefined,
    actor: Actor,
    id: string,
  ): Promise<RegistrationResponse> {
    const row = await this.repo.findOne(m, tenantScopeOf(actor), id);
    if (!row) throw new NotFoundError('Registration');
    return toRegistrationResponse(row);
  }
}
