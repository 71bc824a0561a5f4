import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { updateVersioned } from '../common/database/versioned-update';
import { Page, paginate } from '../common/pagination';
import { OrganizationsRepository } from '../organizations/organizations.repository';
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
import { ParticipantEntity } from './participant.entity';
import {
  isUniqueViolation,
  ParticipantDuplicateError,
  ParticipantErasedError,
} from './participants.errors';
import { ParticipantsRepository } from './participants.repository';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ParticipantsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly audit: AuditService,
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
      return await this.dataSource.transaction(async (m) => {
        const organizationId = await this.resolveOrganization(m, actor, dto.organizationId);
        candidate = {
          organizationId,
          email: dto.email ?? null,
          nameKey: nameKey(dto.fullName),
          dateOfBirth: dto.dateOfBirth ?? null,
        };
        const existing = await this.repo.findDuplicate(m, candidate);
        if (existing) throw new ParticipantDuplicateError(existing);
        const repo = m.getRepository(ParticipantEntity);
        const entity = repo.create({
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
        await repo.insert(entity);
        const saved = await repo.findOneByOrFail({ id: entity.id });
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
    const qb = await this.filtered(this.dataSource.manager, actor, query);
    await this.repo.assertCursorVisible(this.dataSource.manager, actor, query.cursor);
    return paginate(qb, query, toParticipantResponse);
  }

  /** Scoped, filtered query shared by the list and the CSV export. */
  async filtered(manager: EntityManager, actor: Actor, filter: ParticipantFilterDto) {
    if (filter.organizationId)
      await this.organizations.assertVisible(manager, actor, filter.organizationId);
    const qb = this.repo.scoped(manager, actor).andWhere('p.erased_at IS NULL');
    if (filter.organizationId)
      qb.andWhere('p.organization_id = :org', { org: filter.organizationId });
    if (filter.nationality) qb.andWhere('p.nationality = :nat', { nat: filter.nationality });
    if (filter.q) qb.andWhere(searchMatch('p.search_text'), { q: searchTerm(filter.q) });
    return qb;
  }

  async get(actor: Actor, id: string): Promise<ParticipantResponse> {
    return toParticipantResponse(await this.repo.findVisible(this.dataSource.manager, actor, id));
  }

  /** Edits a participant; re-checks duplicates when the email, name, birth date or organisation changes. */
  async update(actor: Actor, id: string, dto: UpdateParticipantDto): Promise<ParticipantResponse> {
    let candidate: DedupCandidate | undefined;
    try {
      return await this.dataSource.transaction(async (m) => {
        const before = await this.repo.findVisible(m, actor, id, { lock: true });
        if (before.erasedAt) throw new ParticipantErasedError();
        const set: Record<string, unknown> = {};
        const changed: string[] = [];
        const change = (
          field: keyof UpdateParticipantDto & keyof ParticipantEntity,
          column: string,
          value: unknown,
        ) => {
          if (value === undefined || value === before[field]) return;
          set[column] = value;
          changed.push(field);
        };
        if (dto.organizationId !== undefined)
          change(
            'organizationId',
            'organization_id',
            await this.resolveOrganization(m, actor, dto.organizationId),
          );
        if (dto.fullName !== undefined) {
          change('fullName', 'full_name', dto.fullName);
          if (changed.includes('fullName')) set.name_key = nameKey(dto.fullName);
        }
        change('nativeName', 'native_name', dto.nativeName);
        change(
          'email',
          'email',
          dto.email === undefined || dto.email === null ? dto.email : dto.email.trim(),
        );
        change(
          'phone',
          'phone',
          dto.phone === undefined || dto.phone === null ? dto.phone : dto.phone.trim(),
        );
        change('nationality', 'nationality', dto.nationality);
        change('gender', 'gender', dto.gender);
        change('dateOfBirth', 'date_of_birth', dto.dateOfBirth);

        if (
          changed.some((f) => ['organizationId', 'fullName', 'email', 'dateOfBirth'].includes(f))
        ) {
          candidate = {
            organizationId:
              'organization_id' in set
                ? (set.organization_id as string | null)
                : before.organizationId,
            email: 'email' in set ? (set.email as string | null) : before.email,
            nameKey: 'name_key' in set ? (set.name_key as string) : before.nameKey,
            dateOfBirth:
              'date_of_birth' in set ? (set.date_of_birth as string | null) : before.dateOfBirth,
          };
          const existing = await this.repo.findDuplicate(m, candidate, id);
          if (existing) throw new ParticipantDuplicateError(existing);
        }
        await updateVersioned(
          m,
          'participants',
          id,
          dto.version,
          set,
          'Participant',
          this.repo.writeScope(actor),
        );
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
    const existing = await this.repo.findDuplicate(this.dataSource.manager, candidate, exceptId);
    return existing ? new ParticipantDuplicateError(existing) : err;
  }
}
