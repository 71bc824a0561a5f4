import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Page } from '../common/pagination';
import { OrganizationLookup } from '../organizations/organization-lookup';
import { confinedOrganization } from '../common/tenancy/tenant-scope';
import {
  CreateParticipantDto,
  participantAuditView,
  ParticipantFilterDto,
  ParticipantQueryDto,
  ParticipantResponse,
  toParticipantResponse,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { nameKey } from './participant-rules';
import {
  isUniqueViolation,
  ParticipantDuplicateError,
  ParticipantErasedError,
} from './participants.errors';
import {
  ParticipantChanges,
  ParticipantFilters,
  ParticipantsRepository,
} from './participants.repository';
import { ParticipantSearchYears } from './search-years';

type DedupCandidate = {
  organizationId: string | null;
  email: string | null;
  nameKey: string;
  dateOfBirth: string | null;
};

/**
 * People records. Tenancy lives in {@link ParticipantsRepository.scoped}; de-duplication per
 * organisation is checked here first (for a friendly 409 with the existing id) and enforced by
 * the unique partial indexes (a concurrent duplicate surfaces as 23505 and gets the same 409).
 */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ParticipantsRepository,
    private readonly organizations: OrganizationLookup,
    private readonly audit: AuditService,
    private readonly searchYears: ParticipantSearchYears,
  ) {}

  /**
   * The organisation a new or moved participant belongs to. An ngo_member: always its own
   * (naming another answers 404, as if it did not exist). Staff: the one named (404 when it does
   * not exist), or none.
   */
  async resolveOrganization(
    manager: EntityManager,
    actor: Actor,
    requested: string | undefined | null,
  ): Promise<string | null> {
    const own = confinedOrganization(actor);
    if (requested) await this.organizations.assertVisible(manager, actor, requested);
    return own ?? requested ?? null;
  }

  /** Creates a participant; 409 PARTICIPANT_DUPLICATE (with `details.existingId`) when already known. */
  async create(actor: Actor, dto: CreateParticipantDto): Promise<ParticipantResponse> {
    let candidate: DedupCandidate | undefined;
    try {
      return await this.tx.run(async (m) => {
        const organizationId = await this.resolveOrganization(m, actor, dto.organizationId);
        candidate = {
          organizationId,
          email: dto.email ?? null,
          nameKey: nameKey(dto.fullName),
          dateOfBirth: dto.dateOfBirth ?? null,
        };
        const existing = await this.repo.findDuplicate(m, candidate);
        if (existing) throw new ParticipantDuplicateError(existing);
        const saved = await this.repo.insert(m, {
          organizationId,
          fullName: dto.fullName,
          nativeName: dto.nativeName ?? null,
          nameKey: candidate.nameKey,
          email: dto.email?.trim() ?? null,
          phone: dto.phone?.trim() ?? null,
          nationality: dto.nationality,
          gender: dto.gender ?? null,
          dateOfBirth: dto.dateOfBirth ?? null,
        });
        await this.audit.record(m, {
          action: 'participant.created',
          entityType: 'participant',
          entityId: saved.id,
          after: participantAuditView(saved),
        });
        return toParticipantResponse(saved);
      });
    } catch (err) {
      throw await this.duplicateOr(err, candidate);
    }
  }

  /** The caller's participants (never erased ones), filtered by `q` in any script, organisation, nationality. */
  async list(actor: Actor, query: ParticipantQueryDto): Promise<Page<ParticipantResponse>> {
    const filters = await this.filters(actor, query);
    // A search reads year by year (search-years.ts); a plain list walks (created_at, id) anyway.
    const windows = filters.search ? await this.searchYears.windows() : undefined;
    const page = await this.repo.list(actor, filters, query, windows);
    return { items: page.items.map(toParticipantResponse), nextCursor: page.nextCursor };
  }

  /**
   * The list and CSV export filters; naming an organisation the actor may not see is 404, as if
   * it did not exist.
   */
  async filters(actor: Actor, filter: ParticipantFilterDto): Promise<ParticipantFilters> {
    if (filter.organizationId)
      await this.organizations.assertVisible(
        this.repo.outsideTransaction,
        actor,
        filter.organizationId,
      );
    return {
      organizationId: filter.organizationId,
      nationality: filter.nationality,
      search: filter.q,
    };
  }

  async get(actor: Actor, id: string): Promise<ParticipantResponse> {
    return toParticipantResponse(
      await this.repo.findVisible(this.repo.outsideTransaction, actor, id),
    );
  }

  /** Edits a participant; re-checks duplicates when the email, name, birth date or organisation changes. */
  async update(actor: Actor, id: string, dto: UpdateParticipantDto): Promise<ParticipantResponse> {
    let candidate: DedupCandidate | undefined;
    try {
      return await this.tx.run(async (m) => {
        const before = await this.repo.findVisible(m, actor, id, { lock: true });
        if (before.erasedAt) throw new ParticipantErasedError();
        const changes: Partial<ParticipantChanges> = {};
        const changed: string[] = [];
        const change = <F extends keyof UpdateParticipantDto & keyof ParticipantChanges>(
          field: F,
          value: ParticipantChanges[F] | undefined,
        ) => {
          if (value === undefined || value === before[field]) return;
          changes[field] = value;
          changed.push(field);
        };
        if (dto.organizationId !== undefined)
          change('organizationId', await this.resolveOrganization(m, actor, dto.organizationId));
        if (dto.fullName !== undefined) {
          change('fullName', dto.fullName);
          if (changed.includes('fullName')) changes.nameKey = nameKey(dto.fullName);
        }
        change('nativeName', dto.nativeName);
        change(
          'email',
          dto.email === undefined || dto.email === null ? dto.email : dto.email.trim(),
        );
        change(
          'phone',
          dto.phone === undefined || dto.phone === null ? dto.phone : dto.phone.trim(),
        );
        change('nationality', dto.nationality);
        change('gender', dto.gender);
        change('dateOfBirth', dto.dateOfBirth);

        if (
          changed.some((f) => ['organizationId', 'fullName', 'email', 'dateOfBirth'].includes(f))
        ) {
          candidate = {
            organizationId:
              changes.organizationId !== undefined ? changes.organizationId : before.organizationId,
            email: changes.email !== undefined ? changes.email : before.email,
            nameKey: changes.nameKey ?? before.nameKey,
            dateOfBirth:
              changes.dateOfBirth !== undefined ? changes.dateOfBirth : before.dateOfBirth,
          };
          const existing = await this.repo.findDuplicate(m, candidate, id);
          if (existing) throw new ParticipantDuplicateError(existing);
        }
        await this.repo.update(m, actor, id, dto.version, changes);
        const after = await this.repo.findVisible(m, actor, id);
        await this.audit.record(m, {
          action: 'participant.updated',
          entityType: 'participant',
          entityId: id,
          before: participantAuditView(before),
          after: participantAuditView(after, changed),
        });
        return toParticipantResponse(after);
      });
    } catch (err) {
      throw await this.duplicateOr(err, candidate, id);
    }
  }

  /** Maps a unique violation from a concurrent duplicate to 409 PARTICIPANT_DUPLICATE. */
  private async duplicateOr(
    err: unknown,
    candidate: DedupCandidate | undefined,
    exceptId?: string,
  ): Promise<unknown> {
    if (!candidate || !isUniqueViolation(err)) return err;
    // The other transaction has committed (that is when 23505 is raised), so its row is visible now.
    const existing = await this.repo.findDuplicate(
      this.repo.outsideTransaction,
      candidate,
      exceptId,
    );
    return existing ? new ParticipantDuplicateError(existing) : err;
  }
}
