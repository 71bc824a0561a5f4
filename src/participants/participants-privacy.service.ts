import { Injectable } from '@nestjs/common';
import { AuditPrivacy } from '../audit/audit-privacy';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { RegistrationsPrivacy } from '../programs/registrations-privacy';
import { ApplicationsPrivacy } from '../scholarships/applications-privacy';
import {
  participantAuditView,
  ParticipantResponse,
  PersonalDataResponse,
  toParticipantResponse,
} from './dto/participant.dto';
import { ParticipantsRepository } from './participants.repository';

/** What an erased participant's name becomes. */
export const ERASED_NAME = 'Erased participant';
/** What an erased participant's scholarship statements become. */
export const ERASED_STATEMENT = '[erased]';

/**
 * Data-subject rights (admin only): export everything held about one person, and erase a
 * person by anonymising the record while keeping what aggregate counts need (nationality,
 * gender, organisation, registrations).
 */
@Injectable()
export class ParticipantsPrivacyService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: ParticipantsRepository,
    private readonly audit: AuditService,
    private readonly registrationsPrivacy: RegistrationsPrivacy,
    private readonly applicationsPrivacy: ApplicationsPrivacy,
    private readonly auditPrivacy: AuditPrivacy,
    private readonly clock: Clock,
  ) {}

  /** The participant row, their registrations, scholarship applications (with reviews and disbursements) and audit events. */
  async personalData(actor: Actor, id: string): Promise<PersonalDataResponse> {
    // One snapshot across every domain's records.
    return this.tx.run('REPEATABLE READ', async (m) => {
      const participant = await this.repo.findVisible(m, actor, id);
      const registrations = await this.registrationsPrivacy.forParticipant(m, id);
      const { applications, reviews, disbursements } =
        await this.applicationsPrivacy.forParticipant(m, id);
      const applicationIds = applications.map((a) => a.id as string);
      const subjectIds = [id, ...registrations.map((r) => r.id as string), ...applicationIds];
      const auditEvents = await this.auditPrivacy.forEntities(m, subjectIds);
      // Handing out a person's data is itself recorded.
      await this.audit.record(m, {
        action: 'participant.personal_data_exported',
        entityType: 'participant',
        entityId: id,
      });
      return {
        participant: toParticipantResponse(participant),
        registrations: registrations.map(camelRow),
        scholarshipApplications: applications.map((a) => ({
          ...camelRow(a),
          reviews: reviews.filter((r) => r.application_id === a.id).map(camelRow),
          disbursements: disbursements.filter((d) => d.application_id === a.id).map(camelRow),
        })),
        auditEvents: auditEvents.map(camelRow),
        exportedAt: this.clock.now().toISOString(),
      };
    });
  }

  /**
   * Anonymises a participant: name → "Erased participant"; native name, email, phone and birth
   * date → null; scholarship statements → "[erased]"; `erased_at` set. Nationality, gender,
   * organisation and registrations stay, so counts do not change. Erasing twice changes nothing.
   * The audit event carries no personal data (participant audit events never do).
   */
  async erase(actor: Actor, id: string): Promise<ParticipantResponse> {
    return this.tx.run(async (m) => {
      const before = await this.repo.findVisible(m, actor, id, { lock: true });
      if (before.erasedAt) return toParticipantResponse(before);
      await this.repo.erase(m, id, ERASED_NAME);
      const statementsErased = await this.applicationsPrivacy.eraseStatements(
        m,
        id,
        ERASED_STATEMENT,
      );
      const after = await this.repo.findVisible(m, actor, id);
      await this.audit.record(m, {
        action: 'participant.erased',
        entityType: 'participant',
        entityId: id,
        before: participantAuditView(before),
        after: {
          ...participantAuditView(after),
          statementsErased,
        },
      });
      return toParticipantResponse(after);
    });
  }
}

/** snake_case row → camelCase object; timestamps as ISO strings. */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      v instanceof Date ? v.toISOString() : v,
    ]),
  );
}
