import type { AidStatus } from './aid-project.entity';
import { InvalidTransitionError } from '../common/errors';

/**
 * The project lifecycle: pipeline → implementation → completed; any state but cancelled itself
 * may move to cancelled. cancelled is terminal. Setting the status a project already has is not
 * a transition (a no-op), so a PATCH that re-sends the status is harmless.
 */
export const AID_STATUS_TRANSITIONS: Record<AidStatus, readonly AidStatus[]> = {
  pipeline: ['implementation', 'cancelled'],
  implementation: ['completed', 'cancelled'],
  completed: ['cancelled'],
  cancelled: [],
};

export function canTransition(from: AidStatus, to: AidStatus): boolean {
  return from === to || AID_STATUS_TRANSITIONS[from].includes(to);
}

/** Throws 409 INVALID_TRANSITION when the lifecycle does not allow `from → to`. */
export function assertTransition(from: AidStatus, to: AidStatus): void {
  if (!canTransition(from, to)) throw InvalidTransitionError.between('An aid project', from, to);
}

/** Statuses after which open milestones no longer need reminders. */
export const CLOSED_STATUSES: readonly AidStatus[] = ['completed', 'cancelled'];
