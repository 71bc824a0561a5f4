import {
  ConflictError,
  FieldError,
  UnprocessableError,
  ValidationFailedError,
} from './domain.error';

/**
 * 409 INVALID_TRANSITION: a state machine does not allow this move. `details` names the current
 * status and the requested move in the owning domain's words (`{from, to}`, `{from, action}`, …).
 */
export class InvalidTransitionError extends ConflictError {
  constructor(message: string, details: Record<string, unknown>) {
    super('INVALID_TRANSITION', message, details);
  }

  /** `<entity> cannot move from <from> to <to>` with details `{from, to}`. */
  static between(entity: string, from: string, to: string): InvalidTransitionError {
    return new InvalidTransitionError(`${entity} cannot move from ${from} to ${to}`, { from, to });
  }
}

/**
 * 422 REFERENCE_NOT_FOUND: a body names a record (city, organisation, partnership…) that does not
 * exist. 422 like the database's own foreign-key answer; `details` lists each such field.
 */
export class ReferenceNotFoundError extends UnprocessableError {
  constructor(field: string, entity: string);
  constructor(missing: FieldError[]);
  constructor(fieldOrMissing: string | FieldError[], entity?: string) {
    const missing =
      typeof fieldOrMissing === 'string'
        ? [{ field: fieldOrMissing, message: `${entity} does not exist` }]
        : fieldOrMissing;
    super(
      'REFERENCE_NOT_FOUND',
      typeof fieldOrMissing === 'string'
        ? `${entity} ${fieldOrMissing} does not exist`
        : `Referenced record(s) do not exist: ${missing.map((f) => f.field).join(', ')}`,
      missing,
    );
  }
}

/**
 * 409 ALREADY_REVERSED: a money entry (aid transaction, disbursement) is reversed at most once;
 * `details.reversedBy` names its reversal.
 */
export class AlreadyReversedError extends ConflictError {
  constructor(reversedBy: string | null) {
    super('ALREADY_REVERSED', 'This entry is already reversed', { reversedBy });
  }
}

/**
 * 409 REVERSAL_NOT_REVERSIBLE: a reversal is itself never reversed; a reversal made by mistake
 * is corrected by recording the original entry again.
 */
export class ReversalNotReversibleError extends ConflictError {
  constructor(reverses: string) {
    super(
      'REVERSAL_NOT_REVERSIBLE',
      'A reversal cannot be reversed; record the original entry again instead',
      { reverses },
    );
  }
}

/** 400 for a cursor that is not a row of the caller's list (unknown or another organisation's). */
export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([
      { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
    ]);
  }
}
