import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { RegistrationsPrivacy } from '../programs/registrations-privacy';
import { ApplicationsPrivacy } from '../scholarships/applications-privacy';
import {
  DuplicateGroupResponse,
  participantAuditView,
  ParticipantResponse,
  toParticipantResponse,
} from './dto/participant.dto';
import { MergeConflictError } from './participants.errors';
import { ParticipantsRepository } from './participants.repository';

/**
 * One person, one record (staff): likely duplicates across organisations, and merging one
 * record into another. The merged record's registrations and applications move to the
 * surviving one (and to its organisation), then the merged record is deleted; the audit trail
 * keeps both sides (`participant.merged` on the survivor names the merged id and what moved,
 * `participant.merged_away` on the merged id keeps its last state).
 */
@Injectable()
export class ParticipantsMergeService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ParticipantsRepository,
    private readonly audit: AuditService,
    private readonly registrations: RegistrationsPrivacy,
    private readonly applications: ApplicationsPrivacy,
  ) {}

  async duplicates(limit: number): Promise<DuplicateGroupResponse[]> {
    const m = this.repo.outsideTransaction;
    const groups = await this.repo.likelyDuplicates(m, limit);
    const people = new Map(
      (await this.repo.findByIds(m, [...new Set(groups.flatMap((g) => g.ids))])).map((p) => [
        p.id,
        p,
      ]),
    );
    return groups.map((g) => ({
      matchedOn: g.matchedOn,
      participants: g.ids.flatMap((id) => {
        const p = people.get(id);
        return p ? [toParticipantResponse(p)] : [];
      }),
    }));
  }

  async merge(actor: Actor, id: string, intoId: string): Promise<ParticipantResponse> {
    if (id === intoId)
      throw new ValidationFailedError([
        { field: 'intoId', message: 'intoId must name another participant' },
      ]);
    return this.tx.run(async (m) => {
      const pair = await this.repo.lockPair(m, id, intoId);
      const from = pair.find((p) => p.id === id && !p.erasedAt);
      const into = pair.find((p) => p.id === intoId && !p.erasedAt);
      if (!from || !into) throw new NotFoundError('Participant');
      const clash = {
        programIds: await this.registrations.clashes(m, id, intoId),
        scholarshipIds: await this.applications.clashes(m, id, intoId),
      };
      if (clash.programIds.length || clash.scholarshipIds.length)
        throw new MergeConflictError(clash);
      const target = { id: into.id, organizationId: into.organizationId };
      const moved = {
        registrations: await this.registrations.moveToParticipant(m, id, target),
        applications: await this.applications.moveToParticipant(m, id, target),
      };
      await this.repo.delete(m, id);
      await this.audit.record(m, {
        action: 'participant.merged_away',
        entityType: 'participant',
        entityId: id,
        before: participantAuditView(from),
        after: { mergedInto: intoId },
      });
      await this.audit.record(m, {
        action: 'participant.merged',
        entityType: 'participant',
        entityId: intoId,
        after: { mergedFrom: id, moved },
      });
      return toParticipantResponse(into);
    });
  }
}
