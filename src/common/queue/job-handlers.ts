import type { Job } from 'bullmq';
import { JOB_QUEUES, JobName, JobNameOf, JobPayloads, QueueName } from './queue.constants';

/** One job's handler: gets the job typed by its name's payload. */
export type JobHandler<N extends JobName> = (
  job: Job<JobPayloads[N], unknown, N>,
  token?: string,
) => Promise<unknown>;

/** A processor's handlers: exactly one per job name of its queue (the compiler asks for each). */
export type JobHandlers<Q extends QueueName> = { [N in JobNameOf<Q>]: JobHandler<N> };

/** A processor that dispatches by job name through its handler map (the only way processors dispatch). */
export interface JobHandlerHost<Q extends QueueName = QueueName> {
  readonly queueName: Q;
  readonly handlers: JobHandlers<Q>;
}

/** Runs the job's handler; a name without one fails the job (a producer newer than this worker). */
export function dispatch<Q extends QueueName>(
  host: JobHandlerHost<Q>,
  job: Job,
  token?: string,
): Promise<unknown> {
  const handlers = host.handlers as unknown as Record<string, JobHandler<JobName> | undefined>;
  const handler = Object.prototype.hasOwnProperty.call(handlers, job.name)
    ? handlers[job.name]
    : undefined;
  if (!handler) throw new Error(`no handler for ${job.name} on ${host.queueName}`);
  return handler(job as Job<JobPayloads[JobName], unknown, JobName>, token);
}

/**
 * Whether a failure in the running attempt is the job's last (BullMQ counts `attemptsMade` after
 * an attempt ends, so the running one is `attemptsMade + 1`).
 */
export function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Checked when the worker starts (as Immich does): every registered job name has exactly one
 * handler, on a processor of the job's own queue, and no processor handles a name the registry
 * does not know. Returns the problems; empty when the wiring is sound.
 */
export function jobHandlerProblems(
  hosts: readonly { queueName: string; handlers: object }[],
  registry: Record<string, string> = JOB_QUEUES,
): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string[]>();
  for (const host of hosts) {
    for (const name of Object.keys(host.handlers)) {
      const queue = registry[name];
      if (queue === undefined)
        problems.push(`${name}: handled on ${host.queueName} but not registered`);
      else if (queue !== host.queueName)
        problems.push(`${name}: belongs to queue ${queue} but is handled on ${host.queueName}`);
      owners.set(name, [...(owners.get(name) ?? []), host.queueName]);
    }
  }
  for (const name of Object.keys(registry)) {
    const n = owners.get(name)?.length ?? 0;
    if (n === 0) problems.push(`${name}: no handler`);
    else if (n > 1) problems.push(`${name}: ${n} handlers`);
  }
  return problems;
}
