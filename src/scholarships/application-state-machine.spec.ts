import {
  APPLICATION_EVENTS,
  APPLICATION_STATUSES,
  ApplicationEvent,
  ApplicationStatus,
  nextStatus,
} from './application-state-machine';

/** The whole table, written out: every (status, event) pair not listed here must be refused. */
const ALLOWED: [ApplicationStatus, ApplicationEvent, ApplicationStatus][] = [
  ['draft', 'submit', 'submitted'],
  ['draft', 'withdraw', 'withdrawn'],
  ['submitted', 'review', 'under_review'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['under_review', 'review', 'under_review'],
  ['under_review', 'award', 'awarded'],
  ['under_review', 'reject', 'rejected'],
  ['under_review', 'withdraw', 'withdrawn'],
  ['awarded', 'accept', 'accepted'],
  ['awarded', 'decline', 'declined'],
];

describe('application state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from, event)).toBe(to);
  });

  const refused = APPLICATION_STATUSES.flatMap((s) =>
    APPLICATION_EVENTS.map((e) => [s, e] as const),
  ).filter(([s, e]) => !ALLOWED.some(([from, event]) => from === s && event === e));

  it('refuses every other move', () => {
    expect(refused).toHaveLength(
      APPLICATION_STATUSES.length * APPLICATION_EVENTS.length - ALLOWED.length,
    );
    for (const [s, e] of refused) expect([s, e, nextStatus(s, e)]).toEqual([s, e, null]);
  });

  it('has terminal statuses that nothing leaves', () => {
    for (const s of ['rejected', 'withdrawn', 'accepted', 'declined'] as const) {
      for (const e of APPLICATION_EVENTS) expect(nextStatus(s, e)).toBeNull();
    }
  });

  it('cannot decide a draft or a submitted application without a review', () => {
    for (const s of ['draft', 'submitted'] as const) {
      expect(nextStatus(s, 'award')).toBeNull();
      expect(nextStatus(s, 'reject')).toBeNull();
    }
  });
});
