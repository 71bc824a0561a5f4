import type { EntityManager } from 'typeorm';

/**
 * The programs domain's port for a participant's data-subject rights: what it holds about one
 * person, so the participants domain never reads `registrations` itself. Implemented by
 * RegistrationsRepository; provided and exported by ProgramsModule.
 */
export abstract class RegistrationsPrivacy {
  /** The participant's registrations (raw rows, snake_case), oldest first. */
  abstract forParticipant(
    m: EntityManager,
    participantId: string,
  ): Promise<Record<string, unknown>[]>;
}
