import type { JobsOptions } from 'bullmq';

/** Every queue of Silkbridge. Producers live in the API and the worker; consumers only in the worker. */
export const QUEUES = {
  system: 'system',
  notifications: 'notifications',
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Job names per queue, with their payloads. Payloads carry ids, never personal data. */
export interface JobPayloads {
  /** Canary: proves a worker takes jobs off the queue. */
  'system.ping': { sentAt: string };
  /** Builds one report row (idempotent: a report that is ready, failed or skipped is left alone). */
  'report.build': { reportId: string };
  /** Job scheduler tick: creates the report of each active schedule's last closed period. */
  'report.schedules.tick': Record<string, never>;
  [name: string]: Record<string, unknown>;
}

/** Retention and retry policy per job name; one place to tune it. */
export const JOB_OPTIONS: Record<string, JobsOptions> = {
  'system.ping': { attempts: 1, removeOnComplete: { age: 300, count: 100 }, removeOnFail: { age: 3600 } },
  'report.build': { attempts: 3, backoff: { type: 'exponential', delay: 10000 } },
  'report.schedules.tick': { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { age: 24 * 3600, count: 50 } },
};

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  // Failed jobs stay visible (dashboard) for a week.
  removeOnFail: { age: 7 * 24 * 3600 },
};
