import type { JobsOptions } from 'bullmq';

/** Every queue of Silkbridge. Producers live in the API and the worker; consumers only in the worker. */
export const QUEUES = {
  system: 'system',
  notifications: 'notifications',
  reports: 'reports',
  events: 'events',
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Job names per queue, with their payloads. Payloads carry ids, never personal data. */
export interface JobPayloads {
  /** Canary: proves a worker takes jobs off the queue. */
  'system.ping': { sentAt: string };
  /** Delivers one reminder (queue `notifications`, job id `reminder-<reminderId>`). */
  'reminder.deliver': { reminderId: string };
  /** Drains the reminder outbox, applies rule changes, re-enqueues lost reminder jobs. */
  'reminders.sweep': { reason?: 'schedule' | 'rule-changed' };
  /** Drains the reminder outbox now: enqueued when a transaction that wrote a row commits. */
  'reminders.outbox': Record<string, never>;
  /** Builds one report row (idempotent: a report that is ready, failed or skipped is left alone). */
  'report.build': { reportId: string };
  /** Job scheduler tick: creates the report of each active schedule's last closed period. */
  'report.schedules.tick': Record<string, never>;
  /** Tells one notification event's recipients (queue `events`, job id `event-<eventId>`). */
  'event.deliver': { eventId: string };
  /** Re-enqueues events whose after-commit enqueue was lost; purges old delivered ones. */
  'events.sweep': Record<string, never>;
  /** Tells the members of organisations whose registration has just run out. */
  'organizations.expiry': Record<string, never>;
  /** Builds the per-year participant search indexes that are missing (this year's and next). */
  'participants.search-indexes': Record<string, never>;
}

/** Every job name of Silkbridge; adding one to {@link JobPayloads} makes the compiler ask for its queue and options. */
export type JobName = keyof JobPayloads;

/** The queue each job goes to: producers take it from here, processors declare which names they handle. */
export const JOB_QUEUES = {
  'system.ping': QUEUES.system,
  'reminder.deliver': QUEUES.notifications,
  'reminders.sweep': QUEUES.notifications,
  'reminders.outbox': QUEUES.notifications,
  'report.build': QUEUES.reports,
  'report.schedules.tick': QUEUES.reports,
  'event.deliver': QUEUES.events,
  'events.sweep': QUEUES.events,
  'organizations.expiry': QUEUES.system,
  // Its own queue: an index build can take minutes on a large table, and the system queue's
  // canary must answer within seconds.
  'participants.search-indexes': QUEUES.maintenance,
} as const satisfies Record<JobName, QueueName>;

/** Job names that go to queue `Q`. */
export type JobNameOf<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUES)[N] extends Q ? N : never;
}[JobName];

/** Retention and retry policy per job name; one place to tune it. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  'system.ping': {
    attempts: 1,
    removeOnComplete: { age: 300, count: 100 },
    removeOnFail: { age: 3600 },
  },
  // Each retry is idempotent (delivery keys in Postgres); ~10 minutes of retries cover an SMTP
  // hiccup. A job that still fails stays visible (dashboard) and its reminder stays `scheduled`.
  'reminder.deliver': {
    attempts: 8,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 24 * 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // The next sweep is never far away: no retries, no history of successful runs. BullMQ applies
  // a finished job's removeOn* limits to the queue's WHOLE completed/failed set, and the sweep
  // shares the notifications queue with reminder deliveries: a `count` or shorter `age` here
  // would trim their history too. So a sweep removes only itself; failed ones age like
  // failed deliveries.
  'reminders.sweep': { attempts: 1, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
  // One per outbox row (its job id), so a row written while a drain runs gets its own drain.
  // Retried briefly; whatever still fails waits for the sweep. Removes only itself (see above).
  'reminders.outbox': {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  'report.build': { attempts: 3, backoff: { type: 'exponential', delay: 10000 } },
  // Same reason as the sweep: the tick shares the reports queue with report builds.
  'report.schedules.tick': {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // Like reminders: each retry is idempotent (delivery keys), ~10 minutes cover an SMTP hiccup.
  'event.deliver': {
    attempts: 8,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 24 * 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  // Shares its queue with deliveries: removes only itself (see reminders.sweep).
  'events.sweep': { attempts: 1, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
  'organizations.expiry': {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  'participants.search-indexes': {
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  },
};

/** BullMQ custom job ids may not contain ':' (unless in its legacy 3-part form): use '-'. */
export const reminderJobId = (reminderId: string): string => `reminder-${reminderId}`;
export const reminderOutboxJobId = (outboxRowId: string): string =>
  `reminder-outbox-${outboxRowId}`;
export const eventJobId = (eventId: string): string => `event-${eventId}`;
/** Stable id of the job scheduler that runs the reminders sweep. */
export const REMINDER_SWEEP_SCHEDULER_ID = 'reminders-sweep';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  // Failed jobs stay visible (dashboard) for a week.
  removeOnFail: { age: 7 * 24 * 3600 },
};
