import { ConflictError, UnprocessableError } from '../common/errors';

/** 409: the two cities already have a partnership (in either order). */
export class PartnershipExistsError extends ConflictError {
  constructor(existingId?: string) {
    super(
      'PARTNERSHIP_EXISTS',
      'These two cities already have a partnership',
      existingId ? { partnershipId: existingId } : undefined,
    );
  }
}

/** 409: the status machine does not allow this move. */
export class InvalidTransitionError extends ConflictError {
  constructor(entity: string, from: string, to: string) {
    super('INVALID_TRANSITION', `${entity} cannot move from ${from} to ${to}`, { from, to });
  }
}

/** 422: an active, suspended or ended partnership needs its establishment date. */
export class EstablishedOnRequiredError extends UnprocessableError {
  constructor() {
    super('ESTABLISHED_ON_REQUIRED', 'A partnership that is not proposed needs establishedOn', [
      { field: 'establishedOn', message: 'establishedOn is required unless status is proposed' },
    ]);
  }
}

/** 422: a referenced city (or other record) does not exist. */
export class ReferenceNotFoundError extends UnprocessableError {
  constructor(field: string, entity: string) {
    super('REFERENCE_NOT_FOUND', `${entity} ${field} does not exist`, [
      { field, message: `${entity} does not exist` },
    ]);
  }
}
