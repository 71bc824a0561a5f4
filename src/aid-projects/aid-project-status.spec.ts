import { AID_STATUSES, AidStatus } from './aid-project.entity';
import { assertTransition, canTransition } from './aid-project-status';

describe('aid project status lifecycle', () => {
  const allowed: [AidStatus, AidStatus][] = [
    ['pipeline', 'implementation'],
    ['implementation', 'completed'],
    ['pipeline', 'cancelled'],
    ['implementation', 'cancelled'],
    ['completed', 'cancelled'],
  ];

  it('allows exactly the forward steps and cancellation from any non-cancelled state', () => {
    for (const from of AID_STATUSES) {
      for (const to of AID_STATUSES) {
        const expected = from === to || allowed.some(([a, b]) => a === from && b === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('refuses skipping, going back and leaving cancelled with 409 INVALID_TRANSITION', () => {
    for (const [from, to] of [
      ['pipeline', 'completed'],
      ['completed', 'implementation'],
      ['implementation', 'pipeline'],
      ['cancelled', 'pipeline'],
      ['cancelled', 'implementation'],
    ] as [AidStatus, AidStatus][]) {
      expect(() => assertTransition(from, to)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', status: 409 }),
      );
    }
  });
});
