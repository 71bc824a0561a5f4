import { InvalidTransitionError } from '../common/errors';
import type { OrganizationStatus } from './organization.entity';

/** 409 INVALID_TRANSITION: the registration state machine does not allow this move. */
export function invalidOrganizationTransition(
  from: OrganizationStatus,
  action: string,
): InvalidTransitionError {
  return new InvalidTransitionError(
    `An organisation that is ${from} cannot be ${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'suspended'}`,
    { from, action },
  );
}
