import { ORGANIZATION_STATUSES, OrganizationStatus } from './organization.entity';
import {
  approvalExpiresOn,
  nextOrganizationStatus,
  OrganizationAction,
  todayIn,
} from './organization-status';
import { InvalidTransitionError } from '../common/errors';

describe('organisation registration state machine', () => {
  const allowed: Record<
    OrganizationAction,
    Partial<Record<OrganizationStatus, OrganizationStatus>>
  > = {
    approve: { pending: 'approved', approved: 'approved', suspended: 'approved' },
    reject: { pending: 'rejected' },
    suspend: { approved: 'suspended' },
    renew: { approved: 'approved' },
  };

  for (const action of Object.keys(allowed) as OrganizationAction[]) {
    for (const from of ORGANIZATION_STATUSES) {
      const to = allowed[action][from];
      it(`${action} from ${from} ${to ? `→ ${to}` : 'is refused with INVALID_TRANSITION'}`, () => {
        if (to) expect(nextOrganizationStatus(from, action)).toBe(to);
        else {
          expect(() => nextOrganizationStatus(from, action)).toThrow(InvalidTransitionError);
          try {
            nextOrganizationStatus(from, action);
          } catch (err) {
            expect(err).toMatchObject({
              code: 'INVALID_TRANSITION',
              status: 409,
              details: { from, action },
            });
          }
        }
      });
    }
  }

  it('a rejected registration is final', () => {
    for (const action of ['approve', 'reject', 'suspend'] as const)
      expect(() => nextOrganizationStatus('rejected', action)).toThrow(InvalidTransitionError);
  });
});

describe('approval expiry', () => {
  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(approvalExpiresOn('2025-03-15', 24)).toBe('2027-03-15');
    expect(approvalExpiresOn('2024-01-31', 1)).toBe('2024-02-29');
    expect(approvalExpiresOn('2023-01-31', 1)).toBe('2023-02-28');
    expect(approvalExpiresOn('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('takes today in the given time zone', () => {
    const lateUtc = new Date('2025-06-30T20:30:00Z'); // already 1 July in Karachi (UTC+5)
    expect(todayIn('Asia/Karachi', lateUtc)).toBe('2025-07-01');
    expect(todayIn('UTC', lateUtc)).toBe('2025-06-30');
  });
});
