import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { localeOfNationality } from '../common/i18n';
import { NotificationEvents } from '../notifications/events/notification-events';
import type { ProgramEntity } from './program.entity';
import { RegistrationsRepository } from './registrations.repository';

/**
 * The notices programs send, recorded in the transaction of the change: a waitlisted seat
 * confirmed (to the registering organisation's members) and a program cancelled or moved (to
 * the members of every organisation registered in it, and by email to its confirmed people).
 */
@Injectable()
export class ProgramNotices {
  constructor(
    private readonly registrations: RegistrationsRepository,
    private readonly events: NotificationEvents,
  ) {}

  async promoted(m: EntityManager, program: ProgramEntity, registrationIds: string[]) {
    for (const r of await this.registrations.promotionNotices(m, registrationIds)) {
      await this.events.record(m, {
        kind: 'registration_status',
        entityType: 'registration',
        entityId: r.id,
        audience: { organizationIds: [r.organizationId] },
        params: { participant: r.participant, program: program.title },
      });
    }
  }

  async changed(m: EntityManager, program: ProgramEntity, change: 'cancelled' | 'rescheduled') {
    const audience = await this.registrations.changeAudience(m, program.id);
    if (audience.organizationIds.length === 0 && audience.people.length === 0) return;
    await this.events.record(m, {
      kind: 'program_changed',
      entityType: 'program',
      entityId: program.id,
      audience: {
        organizationIds: audience.organizationIds,
        people: audience.people.map((p) => ({
          key: `participant:${p.id}`,
          email: p.email,
          name: p.name,
          locale: localeOfNationality(p.nationality),
        })),
      },
      params: {
        change,
        program: program.title,
        startsAt: program.startsAt.toISOString(),
        endsAt: program.endsAt.toISOString(),
        timeZone: program.timeZone,
      },
    });
  }
}
