import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../common/database/transaction-runner';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { QUEUES, reminderJobId } from '../common/queue/queue.constants';
import {
  NewReminder,
  RemindersRepository,
  RuleRow,
  ScheduledReminder,
} from './reminders.repository';
import { Queryable } from './targets/target-provider';
import { TargetRegistry } from './targets/target-registry';
import { nextOccurrence, stillTargets } from './targets/target-state';

/** What the queue must do after a scheduling transaction committed. */
export interface QueueSync {
  add: ScheduledReminder[];
  remove: string[];
}

const emptySync = (): QueueSync => ({ add: [], remove: [] });
const mergeSync = (into: QueueSync, from: QueueSync) => {
  into.add.push(...from.add);
  into.remove.push(...from.remove);
};

/** Records per batch when a rule is applied to existing records. */
const BACKFILL_BATCH = 500;

/**
 * Keeps `reminders` (the schedule, in Postgres) and the delayed `reminder.deliver` jobs (its
 * mirror in Redis) in line with the records and the rules. Postgres is the truth: rows change in
 * a transaction, jobs are added or removed after it commits, and whatever Redis misses is caught
 * up by the sweep ({@link RemindersSweep}).
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: RemindersRepository,
    private readonly targets: TargetRegistry,
    private readonly producer: QueueProducer,
    private readonly clock: Clock,
  ) {}

  /**
   * Brings one record's reminders in line with its current dates and the active rules, inside
   * the caller's transaction. Reminders whose date moved, whose record closed or whose rule went
   * away are cancelled; a rule without a valid reminder gets one when its reminder time is after
   * `reference` (the moment the record was written), so edits never produce past reminders.
   */
  async reconcileEntity(
    m: Queryable,
    entityType: string,
    entityId: string,
    reference: Date,
  ): Promise<QueueSync> {
    const providers = this.targets.forEntityType(entityType);
    if (providers.length === 0) return emptySync();
    await this.repo.lockEntity(m, entityType, entityId);
    const rules = await this.repo.activeRulesFor(
      m,
      providers.map((p) => p.target),
    );
    const scheduled = await this.repo.scheduledFor(m, entityType, entityId);
    const ruleIds = new Set(rules.map((r) => r.id));
    const toCancel = scheduled.filter((r) => !ruleIds.has(r.rule_id)).map((r) => r.id);
    const toInsert: NewReminder[] = [];

    for (const provider of providers) {
      const state = (await provider.resolve(m, [entityId])).get(entityId);
      for (const rule of rules.filter((r) => r.target === provider.target)) {
        const rows = scheduled.filter((r) => r.rule_id === rule.id);
        const valid = state
          ? rows.filter(
              (r) =>
                stillTargets(state, r.target_at) &&
                r.due_at.getTime() === r.target_at.getTime() - rule.offset_seconds * 1000,
            )
          : [];
        toCancel.push(...rows.filter((r) => !valid.includes(r)).map((r) => r.id));
        if (!state || valid.length > 0) continue;
        const next = nextOccurrence(state, rule.offset_seconds, reference);
        if (next)
          toInsert.push({
            ruleId: rule.id,
            entityType,
            entityId,
            targetAt: next.targetAt,
            dueAt: next.dueAt,
          });
      }
    }
    return {
      remove: await this.repo.cancel(m, toCancel),
      add: await this.repo.insertScheduled(m, toInsert),
    };
  }

  /** Reconciles one record in its own transaction and updates the queue (used by the worker). */
  async scheduleEntity(
    entityType: string,
    entityId: string,
    reference = this.clock.now(),
  ): Promise<QueueSync> {
    const sync = await this.tx.run((m) => this.reconcileEntity(m, entityType, entityId, reference));
    await this.syncQueue(sync);
    return sync;
  }

  /**
   * Drains the outbox written by other modules, in batches claimed with SKIP LOCKED: each touched
   * record is reconciled with the time of its oldest outbox row as reference. A record whose
   * reconcile fails (a deadlock or timeout against a rule being applied, say) keeps its outbox
   * rows unprocessed, so the next drain tries it again; this drain does not claim them twice.
   * Returns how many outbox rows were processed.
   */
  async drainOutbox(batchSize = 100, maxBatches = 50): Promise<number> {
    let processed = 0;
    const failed: string[] = [];
    for (let batch = 0; batch < maxBatches; batch++) {
      const sync = emptySync();
      const claimed = await this.tx.run(async (m) => {
        const rows = await this.repo.claimOutbox(m, batchSize, failed);
        if (rows.length === 0) return { claimed: 0, done: 0 };
        const byEntity = new Map<
          string,
          { type: string; id: string; reference: Date; rowIds: string[] }
        >();
        for (const r of rows) {
          const key = `${r.entity_type}:${r.entity_id}`;
          const seen = byEntity.get(key);
          if (!seen)
            byEntity.set(key, {
              type: r.entity_type,
              id: r.entity_id,
              reference: r.created_at,
              rowIds: [r.id],
            });
          else {
            seen.rowIds.push(r.id);
            if (r.created_at < seen.reference) seen.reference = r.created_at;
          }
        }
        const done: string[] = [];
        // Sorted, so two drains locking overlapping records cannot deadlock each other.
        for (const key of [...byEntity.keys()].sort()) {
          const e = byEntity.get(key)!;
          const result = await this.repo.inSavepoint(m, 'reconcile', async () =>
            mergeSync(sync, await this.reconcileEntity(m, e.type, e.id, e.reference)),
          );
          if (result.ok) done.push(...e.rowIds);
          else {
            // Logged and left for the next drain, so one record cannot block the outbox.
            failed.push(...e.rowIds);
            this.logger.error(`reconcile ${key} failed: ${(result.error as Error).message}`);
          }
        }
        await this.repo.markOutboxProcessed(m, done);
        return { claimed: rows.length, done: done.length };
      });
      await this.syncQueue(sync);
      processed += claimed.done;
      if (claimed.claimed < batchSize) break;
    }
    return processed;
  }

  /** Processed outbox rows are kept a week for troubleshooting, then dropped (by the sweep). */
  purgeOutbox(): Promise<void> {
    return this.repo.purgeOutbox(this.repo.primary, 7);
  }

  /**
   * Applies created or changed rules: cancels their reminders that no longer fit, then schedules
   * the rule for existing open records whose reminder time is after the rule's change (never for
   * past ones), in bounded batches. The rule is marked applied only when all batches are done.
   */
  async applyRuleChanges(limit = 20): Promise<number> {
    const rules = await this.repo.unappliedRules(this.repo.primary, limit);
    for (const rule of rules) {
      const cancelled = await this.repo.cancelStaleOfRule(this.repo.primary, rule);
      await this.syncQueue({ add: [], remove: cancelled });
      if (rule.active) await this.backfillRule(rule);
      await this.repo.markRuleApplied(this.repo.primary, rule.id, rule.version);
    }
    return rules.length;
  }

  private async backfillRule(rule: RuleRow): Promise<void> {
    const provider = this.targets.byTarget(rule.target);
    const reference = new Date(rule.updated_at);
    const notBefore = new Date(reference.getTime() + rule.offset_seconds * 1000);
    let after: string | null = null;
    for (;;) {
      const ids = await provider.candidates(this.repo.primary, after, BACKFILL_BATCH, notBefore);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const states = await provider.resolve(this.repo.primary, ids);
      const rows: NewReminder[] = [];
      for (const [entityId, state] of states) {
        const next = nextOccurrence(state, rule.offset_seconds, reference);
        if (next)
          rows.push({
            ruleId: rule.id,
            entityType: provider.entityType,
            entityId,
            targetAt: next.targetAt,
            dueAt: next.dueAt,
          });
      }
      const added = await this.repo.insertScheduled(this.repo.primary, rows);
      await this.syncQueue({ add: added, remove: [] });
      if (ids.length < BACKFILL_BATCH) break;
    }
  }

  /**
   * Makes sure every scheduled reminder due soon (or never enqueued) has its job, e.g. after
   * Redis lost its data or was down when a transaction committed. Failed jobs are left alone
   * (visible on the dashboard, retried by an admin).
   */
  async catchUp(horizonMs: number, limit = 500): Promise<number> {
    const now = this.clock.now();
    const rows = await this.repo.needingJobs(
      this.repo.primary,
      now,
      new Date(now.getTime() + horizonMs),
      limit,
    );
    const queue = this.producer.queue(QUEUES.notifications);
    const add: ScheduledReminder[] = [];
    const present: string[] = [];
    for (const r of rows) {
      const state = await queue.getJobState(reminderJobId(r.id));
      if (state === 'unknown') add.push({ id: r.id, due_at: r.due_at, revived: false });
      else if (state === 'completed') add.push({ id: r.id, due_at: r.due_at, revived: true });
      else if (!r.enqueued_at) present.push(r.id);
    }
    await this.repo.markEnqueued(this.repo.primary, present);
    await this.syncQueue({ add, remove: [] });
    return add.length;
  }

  /**
   * After commit: removes jobs of cancelled reminders (best effort: a job already running or
   * missed is discarded by the handler's own checks) and adds delayed jobs with deterministic ids.
   * A failed add leaves `enqueued_at` empty for the sweep to retry.
   */
  async syncQueue(sync: QueueSync): Promise<void> {
    const queue = this.producer.queue(QUEUES.notifications);
    const staleIds = [...sync.remove, ...sync.add.filter((a) => a.revived).map((a) => a.id)];
    await Promise.all(staleIds.map((id) => queue.remove(reminderJobId(id)).catch(() => 0)));
    const now = this.clock.now().getTime();
    const enqueued: string[] = [];
    await Promise.all(
      sync.add.map(async (r) => {
        try {
          const delay = Math.max(0, new Date(r.due_at).getTime() - now);
          await this.producer.add(
            'reminder.deliver',
            { reminderId: r.id },
            { jobId: reminderJobId(r.id), delay },
          );
          enqueued.push(r.id);
        } catch {
          // Logged by the producer; the sweep retries (enqueued_at stays NULL).
        }
      }),
    );
    await this.repo.markEnqueued(this.repo.primary, enqueued);
  }
}
