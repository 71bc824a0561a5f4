import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ParticipantsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The participant row, their registrations, scholarship applications (with reviews and disbursements) and audit events. */
  async personalData(actor: Actor, id: string): Promise<PersonalDataResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const participant = await this.repo.findVisible(m, actor, id);
      const registrations: Record<string, unknown>[] = await m.query(
        `SELECT * FROM registrations WHERE participant_id = $1 ORDER BY created_at, id`,
        [id],
      );
      const applications: Record<string, unknown>[] = await m.query(
        `SELECT * FROM scholarship_applications WHERE participant_id = $1 ORDER BY created_at, id`,
        [id],
      );
      const applicationIds = applications.map((a) => a.id as string);
      const reviews: Record<string, unknown>[] = await m.query(
        `SELECT * FROM application_reviews WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id`,
        [applicationIds],
      );
      const disbursements: Record<string, unknown>[] = await m.query(
        `SELECT id, application_id, amount, currency, paid_on::text AS paid_on, reference, created_by, created_at
           FROM disbursements WHERE application_id = ANY($1::uuid[]) ORDER BY paid_on, id`,
        [applicationIds],
      );
      const subjectIds = [id, ...registrations.map((r) => r.id as string), ...applicationIds];
      const auditEvents: Record<string, unknown>[] = await m.query(
        `SELECT id, actor_user_id, actor_role, action, entity_type, entity_id, before, after, request_id, created_at
           FROM audit_events WHERE entity_id = ANY($1::uuid[]) ORDER BY created_at, id`,
        [subjectIds],
      );
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
        exportedAt: new Date().toISOString(),
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
    return this.dataSource.transaction(async (m) => {
      const before = await this.repo.findVisible(m, actor, id, { lock: true });
      if (before.erasedAt) return toParticipantResponse(before);
      await m.query(
        `UPDATE participants
            SET full_name = $2, native_name = NULL, email = NULL, phone = NULL, date_of_birth = NULL,
                name_key = 'erased:' || id::text, erased_at = now(), version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, ERASED_NAME],
      );
      const statements: [unknown, number] = await m.query(
        `UPDATE scholarship_applications SET statement = $2, version = version + 1, updated_at = now()
          WHERE participant_id = $1 AND statement <> $2`,
        [id, ERASED_STATEMENT],
      );
      const after = await this.repo.findVisible(m, actor, id);
      await this.audit.record(m, {
        action: 'participant.erased',
        entityType: 'participant',
        entityId: id,
        before: participantAuditView(before),
        after: {
          ...participantAuditView(after),
          statementsErased: Array.isArray(statements) ? statements[1] : 0,
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
