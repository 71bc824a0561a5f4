import { ConflictError } from '../common/errors';
import type { OrganizationStatus } from './organization.entity';

/** 409 INVALID_TRANSITION: the registration state machine does not allow this move. */
export class InvalidTransitionError extends ConflictError {
  constructor(from: OrganizationStatus, action: string) {
    super(
      'INVALID_TRANSITION',
      `An organisation that is ${from} cannot be ${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'suspended'}`,
      {
        from,
        action,
      },
    );
  }
}
