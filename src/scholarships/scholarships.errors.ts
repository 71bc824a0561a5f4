import {
  ConflictError,
  DomainError,
  InvalidTransitionError,
  UnprocessableError,
} from '../common/errors';
import { allowedFrom, ApplicationEvent, ApplicationStatus } from './application-state-machine';

/** 409 INVALID_TRANSITION: the state machine does not allow this move from the current status. */
export function invalidApplicationTransition(
  from: ApplicationStatus,
  event: ApplicationEvent,
): InvalidTransitionError {
  return new InvalidTransitionError(
    `An application that is ${from} cannot be moved by "${event}"`,
    {
      status: from,
      event,
      allowedFrom: allowedFrom(event),
    },
  );
}

/** 409 ALREADY_APPLIED: the participant already has an active application to this scheme. */
export class AlreadyAppliedError extends ConflictError {
  constructor() {
    super(
      'ALREADY_APPLIED',
      'This participant already has an active application to this scholarship',
    );
  }
}

/** 409 QUOTA_EXCEEDED: every place of the scheme is taken. */
export class QuotaExceededError extends ConflictError {
  constructor(quota: number) {
    super('QUOTA_EXCEEDED', `All ${quota} places of this scholarship are awarded`, { quota });
  }
}

/** 409 QUOTA_BELOW_AWARDED: a quota lower than the places already awarded. */
export class QuotaBelowAwardedError extends ConflictError {
  constructor(awardedCount: number) {
    super(
      'QUOTA_BELOW_AWARDED',
      `The quota cannot be lower than the ${awardedCount} places already awarded`,
      { awardedCount },
    );
  }
}

/** 409 APPLICATION_NOT_EDITABLE: the statement can only change while the application is a draft. */
export class ApplicationNotEditableError extends ConflictError {
  constructor(status: ApplicationStatus) {
    super(
      'APPLICATION_NOT_EDITABLE',
      `Only a draft application can be edited; this one is ${status}`,
      { status },
    );
  }
}

/** 409 ALREADY_REVIEWED: one review per reviewer and application. */
export class AlreadyReviewedError extends ConflictError {
  constructor() {
    super('ALREADY_REVIEWED', 'You already reviewed this application');
  }
}

/** 409 NOT_REVIEWABLE: only submitted or under-review applications take reviews. */
export class NotReviewableError extends ConflictError {
  constructor(status: ApplicationStatus) {
    super('NOT_REVIEWABLE', `An application that is ${status} cannot be reviewed`, { status });
  }
}

/** 409 CONFLICT_ALREADY_DECLARED: the reviewer declared this organisation before. */
export class ConflictAlreadyDeclaredError extends ConflictError {
  constructor() {
    super(
      'CONFLICT_ALREADY_DECLARED',
      'You already declared a conflict of interest for this organisation',
    );
  }
}

/** 403 CONFLICT_OF_INTEREST: the reviewer declared a conflict with the applicant's organisation. */
export class ConflictOfInterestError extends DomainError {
  constructor() {
    super(
      'CONFLICT_OF_INTEREST',
      403,
      "You declared a conflict of interest with the applicant's organisation",
    );
  }
}

/** 422 DEADLINE_PASSED: the scheme closed. */
export class DeadlinePassedError extends UnprocessableError {
  constructor(closesAt: Date) {
    super('DEADLINE_PASSED', `Applications closed at ${closesAt.toISOString()}`, {
      closesAt: closesAt.toISOString(),
    });
  }
}

/** 422 NOT_OPEN: the scheme does not take submissions yet. */
export class NotOpenError extends UnprocessableError {
  constructor(opensAt: Date) {
    super('NOT_OPEN', `Applications open at ${opensAt.toISOString()}`, {
      opensAt: opensAt.toISOString(),
    });
  }
}

/** One eligibility rule the applicant fails. */
export interface FailedRule {
  /** `nationality`, `dateOfBirth`, `minAge`, `maxAge`, `gender`, `organizationType`. */
  rule: string;
  message: string;
  required?: unknown;
  actual?: unknown;
}

/** 422 NOT_ELIGIBLE: `details` lists every failed rule. */
export class NotEligibleError extends UnprocessableError {
  constructor(failed: FailedRule[]) {
    super(
      'NOT_ELIGIBLE',
      `The participant does not meet ${failed.length} eligibility rule(s): ${failed.map((f) => f.rule).join(', ')}`,
      failed,
    );
  }
}

/** 422 NOT_DISBURSABLE: stipends are paid only on accepted awards. */
export class NotDisbursableError extends UnprocessableError {
  constructor(status: ApplicationStatus) {
    super(
      'NOT_DISBURSABLE',
      `Stipends are paid only for accepted awards; this application is ${status}`,
      { status },
    );
  }
}

/**
 * 422 DISBURSEMENT_EXCEEDS_AWARD: an award's payments (net of reversals) never add up to more
 * than its stipend; `details` gives the stipend, what is paid and what remains.
 */
export class DisbursementExceedsAwardError extends UnprocessableError {
  constructor(details: { stipend: string; paid: string; remaining: string; currency: string }) {
    super(
      'DISBURSEMENT_EXCEEDS_AWARD',
      `The stipend is ${details.stipend} ${details.currency}; ${details.paid} is paid and only ${details.remaining} remains`,
      details,
    );
  }
}

/** 422 CURRENCY_MISMATCH: a payment is made in the stipend's currency. */
export class CurrencyMismatchError extends UnprocessableError {
  constructor(expected: string, given: string) {
    super('CURRENCY_MISMATCH', `The stipend is paid in ${expected}, not ${given}`, {
      expected,
      given,
    });
  }
}
