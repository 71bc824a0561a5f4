import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Clock } from '../../common/clock';
import { Env } from '../../config/env.validation';
import { EmailDeliveryService } from '../../mail/email-delivery.service';
import { recipientLocale } from '../../common/i18n';
import { renderReminder } from '../reminder-message';
import { ReminderScheduler } from '../reminder-scheduler.service';
import { RecipientRow, UserLookup } from '../../users/user-lookup';
import { InAppBatch, RemindersRepository, ReminderWithRule } from '../reminders.repository';
import type { Queryable, TargetDescription } from '../targets/target-provider';
import { TargetRegistry } from '../targets/target-registry';
import type { TargetState } from '../targets/target-state';
import { recipientZone } from '../../common/time/time-zones';
import {
  DeliverReminderJob,
  DeliveryResult,
  EARLY_TOLERANCE_MS,
  stillCurrent,
} from './deliver-reminder.job';

type DeliverJob = Pick<Job, 'data' | 'moveToDelayed'>;

interface Pending {
  job: DeliverJob;
  token?: string;
  resolve: (result: DeliveryResult) => void;
  reject: (err: unknown) => void;
  /** Settled, or handed to the one-by-one path (which settles it itself). */
  done: boolean;
}

interface Deliverable {
  pending: Pending;
  found: ReminderWithRule & { rule: NonNullable<ReminderWithRule['rule']> };
  state: TargetState;
  description: TargetDescription;
  recipients: RecipientRow[];
}

/** Batches being written at once: one fills while the other commits. */
const BATCHES_IN_FLIGHT = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entry point of `reminder.deliver` jobs in the worker. Due reminders that only write in-app
 * notifications (no email, no working hours, record unchanged) are delivered together: the jobs
 * a worker holds wait for the next batch (group commit: while one batch is written, the next
 * fills), whose reads are one set-based statement per kind of record and whose writes, every
 * notification under its delivery key plus every reminder marked delivered, are one statement.
 * So exactly-once rests on the same delivery keys and `status = 'scheduled'` check as
 * {@link DeliverReminderJob}, and a failed batch fails each of its jobs, which BullMQ retries.
 *
 * Everything else (emails, working hours, a reminder not due yet, a record that changed or
 * closed, a rule switched off) goes to {@link DeliverReminderJob} one by one, at most
 * WORKER_CONCURRENCY at a time, as before batching.
 */
@Injectable()
export class ReminderBatcher {
  private readonly logger = new Logger(ReminderBatcher.name);
  private readonly db: Queryable;
  private pending: Pending[] = [];
  private inFlight = 0;
  private flushQueued = false;
  private alone = 0;
  private readonly waitingAlone: (() => void)[] = [];
  /** Statements written so far (tests check that batching happened). */
  batchesWritten = 0;

  constructor(
    private readonly repo: RemindersRepository,
    private readonly targets: TargetRegistry,
    private readonly scheduler: ReminderScheduler,
    private readonly single: DeliverReminderJob,
    private readonly email: EmailDeliveryService,
    private readonly users: UserLookup,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {
    this.db = repo.prepared;
  }

  /** Settles when this job's reminder was delivered or discarded (or its batch failed). */
  deliver(job: DeliverJob, token?: string): Promise<DeliveryResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, token, resolve, reject, done: false });
      this.flushSoon();
    });
  }

  private flushSoon(): void {
    if (this.flushQueued || this.inFlight >= BATCHES_IN_FLIGHT || this.pending.length === 0) return;
    this.flushQueued = true;
    // After the jobs fetched in this turn of the event loop have joined.
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.pending.length > 0) {
      // A reminder twice in one batch (a stalled job run again while the first run waits):
      // the second waits for the next batch, where it finds the outcome of the first.
      const batch: Pending[] = [];
      const again: Pending[] = [];
      const ids = new Set<unknown>();
      for (const p of this.pending.splice(0, this.env.REMINDER_BATCH_SIZE)) {
        const id = reminderIdOf(p.job) ?? p.job.data?.reminderId;
        if (ids.has(id)) again.push(p);
        else {
          ids.add(id);
          batch.push(p);
        }
      }
      this.inFlight++;
      this.deliverBatch(batch)
        .catch((err) => {
          for (const p of batch) if (!p.done) settle(p, err, true);
        })
        .finally(() => {
          this.pending.unshift(...again);
          this.inFlight--;
          this.flushSoon();
        });
    }
  }

  private async deliverBatch(batch: Pending[]): Promise<void> {
    const now = this.clock.now();
    const ids = [...new Set(batch.map((p) => reminderIdOf(p.job)))].filter(
      (id): id is string => id !== undefined,
    );
    const found = ids.length ? await this.repo.remindersWithRules(this.db, ids) : new Map();

    const candidates: { pending: Pending; found: Deliverable['found'] }[] = [];
    for (const pending of batch) {
      const id = reminderIdOf(pending.job);
      const f = (id && found.get(id)) as ReminderWithRule | undefined;
      if (!f) settle(pending, { outcome: 'discarded', reason: 'missing' });
      else if (f.reminder.status !== 'scheduled')
        settle(pending, { outcome: 'discarded', reason: 'not-scheduled' });
      else if (!this.batchable(f, now)) this.runAlone(pending);
      else candidates.push({ pending, found: f as Deliverable['found'] });
    }
    if (candidates.length === 0) return;

    const deliverable = await this.readRecords(candidates);
    if (deliverable.length === 0) return;

    // A stable order, so two workers writing the same reminders (a stalled job re-run) take
    // their row locks in the same order.
    deliverable.sort((a, b) => compare(a.found.reminder.id, b.found.reminder.id));
    const { batch: rows, included } = this.inAppBatch(deliverable);
    if (included.length === 0) return;
    const { written, inAppOf } = await this.repo.deliverInAppBatch(this.db, rows);
    this.batchesWritten++;

    for (const d of included) {
      const { reminder } = d.found;
      try {
        // A yearly target's next occurrence, as the one-by-one path schedules it.
        if (d.state.kind === 'yearly')
          await this.scheduler.scheduleEntity(reminder.entity_type, reminder.entity_id);
        settle(d.pending, {
          outcome: 'delivered',
          recipients: d.recipients.length,
          inApp: inAppOf.get(reminder.id) ?? 0,
          emails: 0,
        });
      } catch (err) {
        settle(d.pending, err, true);
      }
    }
    this.logger.log(
      `${included.length} reminder(s) delivered in one batch, ${written} in-app notification(s)`,
    );
  }

  /** In-app only, due, rule active: nothing that needs the one-by-one path. */
  private batchable(f: ReminderWithRule, now: Date): boolean {
    const { reminder, rule } = f;
    return (
      !!rule &&
      rule.active &&
      rule.working_hours_start === null &&
      rule.working_hours_end === null &&
      !(rule.channels.includes('email') && this.email.enabled) &&
      reminder.due_at.getTime() - now.getTime() <= EARLY_TOLERANCE_MS
    );
  }

  /**
   * The records' states, descriptions and recipients: per kind of record three set-based reads
   * side by side, then every recipient's user row in one. A reminder whose record closed or
   * moved goes to the one-by-one path, which cancels and reschedules it.
   */
  private async readRecords(
    candidates: { pending: Pending; found: Deliverable['found'] }[],
  ): Promise<Deliverable[]> {
    const byTarget = new Map<string, typeof candidates>();
    for (const c of candidates) {
      const list = byTarget.get(c.found.rule.target);
      if (list) list.push(c);
      else byTarget.set(c.found.rule.target, [c]);
    }
    const reads = await Promise.all(
      [...byTarget.values()].map(async (list) => {
        const provider = this.targets.byTarget(list[0].found.rule.target);
        const entityIds = [...new Set(list.map((c) => c.found.reminder.entity_id))];
        const [states, descriptions, recipients] = await Promise.all([
          provider.resolve(this.db, entityIds),
          provider.describe(this.db, entityIds),
          provider.recipients(this.db, entityIds),
        ]);
        return { list, states, descriptions, recipients };
      }),
    );
    const userIds = new Set<string>();
    for (const r of reads)
      for (const ids of r.recipients.values()) ids.forEach((id) => userIds.add(id));
    const users = new Map(
      (await this.users.activeRecipients(this.db, [...userIds])).map((u) => [u.id, u] as const),
    );

    const deliverable: Deliverable[] = [];
    for (const { list, states, descriptions, recipients } of reads) {
      for (const { pending, found } of list) {
        const { reminder, rule } = found;
        const state = states.get(reminder.entity_id);
        const description = descriptions.get(reminder.entity_id);
        if (!state || !description || !stillCurrent(reminder, rule, state)) {
          this.runAlone(pending);
          continue;
        }
        const people = (recipients.get(reminder.entity_id) ?? [])
          .map((id) => users.get(id))
          .filter((u): u is RecipientRow => !!u)
          .sort((a, b) => compare(a.id, b.id));
        deliverable.push({ pending, found, state, description, recipients: people });
      }
    }
    return deliverable;
  }

  /**
   * One in-app message per recipient, in their zone. A text depends on the target, the record,
   * its date and the reader's zone (not their name), so each distinct one is rendered and sent once.
   * A reminder whose text cannot be rendered (say, a record with a zone this runtime does not know)
   * fails its own job only, not the batch.
   */
  private inAppBatch(deliverable: Deliverable[]): { batch: InAppBatch; included: Deliverable[] } {
    const batch: InAppBatch = { reminders: [], texts: [], messages: [] };
    const included: Deliverable[] = [];
    const textIndex = new Map<string, number>();
    for (const d of deliverable) {
      const { reminder, rule } = d.found;
      const index = batch.reminders.length;
      const messages: InAppBatch['messages'] = [];
      try {
        if (rule.channels.includes('in_app'))
          for (const user of d.recipients) {
            const zone = recipientZone(
              { timeZone: user.time_zone, orgCountry: user.org_country },
              this.env.REPORT_TIME_ZONE,
            );
            const locale = recipientLocale(user);
            const key = `${rule.target}|${reminder.entity_id}|${reminder.target_at.getTime()}|${zone}|${locale}`;
            let text = textIndex.get(key);
            if (text === undefined) {
              const { title, body } = renderReminder({
                target: rule.target,
                description: d.description,
                targetAt: reminder.target_at,
                zone,
                recipientName: user.display_name,
                locale,
              });
              text = batch.texts.push({ title, body }) - 1;
              textIndex.set(key, text);
            }
            messages.push({ reminder: index, userId: user.id, text });
          }
      } catch (err) {
        settle(d.pending, err, true);
        continue;
      }
      batch.reminders.push({
        id: reminder.id,
        entityType: reminder.entity_type,
        entityId: reminder.entity_id,
      });
      batch.messages.push(...messages);
      included.push(d);
    }
    return { batch, included };
  }

  /** The one-by-one path, at most WORKER_CONCURRENCY at a time (emails hold SMTP sessions). */
  private runAlone(pending: Pending): void {
    pending.done = true;
    const start = () => {
      this.alone++;
      this.single
        .run(pending.job, pending.token)
        .then(pending.resolve, pending.reject)
        .finally(() => {
          this.alone--;
          this.waitingAlone.shift()?.();
        });
    };
    if (this.alone < this.env.WORKER_CONCURRENCY) start();
    else this.waitingAlone.push(start);
  }
}

function settle(p: Pending, value: DeliveryResult | unknown, failed = false): void {
  if (p.done) return;
  p.done = true;
  if (failed) p.reject(value);
  else p.resolve(value as DeliveryResult);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The job's reminder id in Postgres' spelling (lower case), or undefined when it is not a UUID. */
function reminderIdOf(job: DeliverJob): string | undefined {
  const id: unknown = job.data?.reminderId;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}
