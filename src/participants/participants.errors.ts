import { ConflictError } from '../common/errors';

/** 409 PARTICIPANT_DUPLICATE: the organisation already has this person; `details.existingId` names it. */
export class ParticipantDuplicateError extends ConflictError {
  constructor(existing: { id: string; matchedOn: 'email' | 'name_and_date_of_birth' }) {
    super(
      'PARTICIPANT_DUPLICATE',
      existing.matchedOn === 'email'
        ? 'A participant with this email is already registered by the organisation'
        : 'A participant with this name and date of birth is already registered by the organisation',
      { existingId: existing.id, matchedOn: existing.matchedOn },
    );
  }
}

/** 409 PARTICIPANT_ERASED: the person's data was erased; the record can no longer be edited. */
export class ParticipantErasedError extends ConflictError {
  constructor() {
    super('PARTICIPANT_ERASED', 'This participant was erased and can no longer be edited');
  }
}

/**
 * 409 MERGE_CONFLICT: both records hold a live registration in the same program or a live
 * application to the same scheme; `details` names them. Nothing was merged.
 */
export class MergeConflictError extends ConflictError {
  constructor(clash: { programIds: string[]; scholarshipIds: string[] }) {
    super(
      'MERGE_CONFLICT',
      'Both records are registered for the same program or applied to the same scholarship; cancel or withdraw one first',
      clash,
    );
  }
}

/** True for a Postgres unique violation (23505) surfaced by TypeORM or node-postgres. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code === '23505' || e?.code === '23505';
}
