/**
 * The application life cycle as a pure table: (status, event) → next status. Anything the
 * table does not list is refused with 409 INVALID_TRANSITION.
 *
 *   draft ──submit──▶ submitted ──review (first)──▶ under_review ──award──▶ awarded ──accept──▶ accepted
 *     │                  │                            │  └─review─┘ └─reject─▶ rejected   └──decline─▶ declined
 *     └──────withdraw────┴───────────withdraw─────────┴──▶ withdrawn
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'awarded',
  'rejected',
  'withdrawn',
  'accepted',
  'declined',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_EVENTS = [
  'submit',
  'review',
  'award',
  'reject',
  'withdraw',
  'accept',
  'decline',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** Statuses that hold one of the scheme's places (counted in `scholarships.awarded_count`). */
export const PLACE_HOLDING_STATUSES: readonly ApplicationStatus[] = ['awarded', 'accepted'];

/** Statuses that have been submitted and not withdrawn: what the ranking lists. */
export const RANKED_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'under_review',
  'awarded',
  'rejected',
  'accepted',
  'declined',
];

/** Submitted but not yet decided: candidates for an award. */
export const UNDECIDED_STATUSES: readonly ApplicationStatus[] = ['submitted', 'under_review'];

export const TRANSITIONS: Readonly<
  Record<ApplicationEvent, Partial<Record<ApplicationStatus, ApplicationStatus>>>
> = {
  submit: { draft: 'submitted' },
  // The first review moves a submitted application under review; later reviews keep it there.
  review: { submitted: 'under_review', under_review: 'under_review' },
  award: { under_review: 'awarded' },
  reject: { under_review: 'rejected' },
  withdraw: { draft: 'withdrawn', submitted: 'withdrawn', under_review: 'withdrawn' },
  accept: { awarded: 'accepted' },
  decline: { awarded: 'declined' },
};

/** The status `event` leads to from `from`, or null when the move is not allowed. */
export function nextStatus(
  from: ApplicationStatus,
  event: ApplicationEvent,
): ApplicationStatus | null {
  return TRANSITIONS[event][from] ?? null;
}

/** Statuses from which `event` is allowed (for error details). */
export function allowedFrom(event: ApplicationEvent): ApplicationStatus[] {
  return Object.keys(TRANSITIONS[event]) as ApplicationStatus[];
}
