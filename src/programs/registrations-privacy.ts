import type { EntityManager } from 'typeorm';

/**
 * The programs domain's port for what it holds about one person: for data-subject rights
 * (export) and for merging two records of the same person, so the participants domain never
 * reads or writes `registrations` itself. Implemented by
 * RegistrationsRepository; provided and exported by ProgramsModule.
 */
export abstract class RegistrationsPrivacy {
  /** The participant's registrations (raw rows, snake_case), oldest first. */
  abstract forParticipant(
    m: EntityManager,
    participantId: string,
  ): Promise<Record<string, unknown>[]>;

  /** Programs in which both records hold a live registration (a merge would clash there). */
  abstract clashes(m: EntityManager, fromId: string, intoId: string): Promise<string[]>;

  /**
   * Moves every registration of `fromId` to `intoId`, owned from now on by the surviving
   * record's organisation; returns how many moved.
   */
  abstract moveToParticipant(
    m: EntityManager,
    fromId: string,
    into: { id: string; organizationId: string | null },
  ): Promise<number>;
}
