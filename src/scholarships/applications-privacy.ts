import type { EntityManager } from 'typeorm';

/** A participant's scholarship records (raw rows, snake_case). */
export interface ParticipantApplications {
  /** Oldest first. */
  applications: Record<string, unknown>[];
  /** Of those applications, oldest first. */
  reviews: Record<string, unknown>[];
  /** Of those applications, by payment date (`paid_on` as YYYY-MM-DD text). */
  disbursements: Record<string, unknown>[];
}

/**
 * The scholarships domain's port for what it holds about one person: export and erase it
 * (data-subject rights) and move it when two records of the same person are merged, so the
 * participants domain never touches its tables. Implemented
 * by ApplicationsRepository; provided and exported by ScholarshipsModule.
 */
export abstract class ApplicationsPrivacy {
  abstract forParticipant(
    m: EntityManager,
    participantId: string,
  ): Promise<ParticipantApplications>;

  /**
   * Replaces the statement of each of the participant's applications with `replacement`
   * (bumping its version); returns how many changed.
   */
  abstract eraseStatements(
    m: EntityManager,
    participantId: string,
    replacement: string,
  ): Promise<number>;

  /** Schemes to which both records hold a live application (a merge would clash there). */
  abstract clashes(m: EntityManager, fromId: string, intoId: string): Promise<string[]>;

  /** Moves every application of `fromId` to `intoId` and its organisation; returns how many. */
  abstract moveToParticipant(
    m: EntityManager,
    fromId: string,
    into: { id: string; organizationId: string | null },
  ): Promise<number>;
}
