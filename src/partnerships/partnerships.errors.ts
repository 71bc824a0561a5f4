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

/** 422: a partnership that is not proposed was established on a day that has not come yet. */
export class EstablishedOnInFutureError extends UnprocessableError {
  constructor() {
    super(
      'ESTABLISHED_ON_IN_FUTURE',
      'A partnership that is not proposed cannot be established in the future',
      [
        {
          field: 'establishedOn',
          message: 'establishedOn must not be in the future unless status is proposed',
        },
      ],
    );
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
