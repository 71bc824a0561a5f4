import { ConflictError, UnprocessableError } from '../common/errors';

/** 409 IATI_IDENTIFIER_EXISTS: another project already reports under this identifier. */
export class IatiIdentifierExistsError extends ConflictError {
  constructor() {
    super('IATI_IDENTIFIER_EXISTS', 'Another aid project already has this IATI identifier');
  }
}

/** 409 MILESTONE_ALREADY_COMPLETED. */
export class MilestoneAlreadyCompletedError extends ConflictError {
  constructor() {
    super('MILESTONE_ALREADY_COMPLETED', 'This milestone is already completed');
  }
}

/** 409 INDICATOR_VALUE_EXISTS: a value for this indicator and period was already reported. */
export class IndicatorValueExistsError extends ConflictError {
  constructor() {
    super('INDICATOR_VALUE_EXISTS', 'A value for this indicator and period was already reported');
  }
}

/** 409 ALREADY_APPROVED. */
export class IndicatorValueAlreadyApprovedError extends ConflictError {
  constructor() {
    super('ALREADY_APPROVED', 'This indicator value is already approved');
  }
}

/** 409 SELF_APPROVAL: four eyes; whoever reported a value may not approve it. */
export class SelfApprovalError extends ConflictError {
  constructor() {
    super('SELF_APPROVAL', 'A value must be approved by someone other than its reporter');
  }
}

/** 422 EXPORT_TOO_LARGE: more projects match than one IATI file carries. */
export class ExportTooLargeError extends UnprocessableError {
  constructor(limit: number) {
    super(
      'EXPORT_TOO_LARGE',
      `More than ${limit} aid projects match; narrow the selection with ?ids= or ?category=`,
      { limit },
    );
  }
}

/** 422 NOTHING_TO_EXPORT: an IATI file needs at least one activity. */
export class NothingToExportError extends UnprocessableError {
  constructor() {
    super(
      'NOTHING_TO_EXPORT',
      'No aid project matches; an IATI file must contain at least one activity',
    );
  }
}
