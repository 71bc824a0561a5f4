import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { preparedQueries } from '../common/database/prepared-queries';
import type { ReminderChannel } from './reminder-rule.entity';
import type { Queryable, ReminderTarget } from './targets/target-provider';

export interface RuleRow {
  id: string;
  target: ReminderTarget;
  offset_seconds: number;
  channels: ReminderChannel[];
  working_hours_start: number | null;
  working_hours_end: number | null;
  active: boolean;
  version: number;
  scheduled_version: number;
  updated_at: Date;
}

export interface ReminderRow {
  id: string;
  rule_id: string;
  entity_type: string;
  entity_id: string;
  target_at: Date;
  due_at: Date;
  status: 'scheduled' | 'delivered' | 'cancelled';
  enqueued_at: Date | null;
}

export interface ReminderWithRule {
  reminder: ReminderRow;
  /** Absent when the rule was deleted. */
  rule: RuleRow | undefined;
}

/** Input of {@link RemindersRepository.deliverInAppBatch}: messages refer to reminders and texts by index. */
export interface InAppBatch {
  reminders: { id: string; entityType: string; entityId: string }[];
  texts: { title: string; body: string }[];
  messages: { reminder: number; userId: string; text: number }[];
}

export interface InAppBatchResult {
  written: number;
  /** Notifications written per reminder id. */
  inAppOf: Map<string, number>;
}

export interface NewReminder {
  ruleId: string;
  entityType: string;
  entityId: string;
  targetAt: Date;
  dueAt: Date;
}

/** A reminder row the queue must now hold a job for; `revived` rows may have an old finished job. */
export interface ScheduledReminder {
  id: string;
  due_at: Date;
  revived: boolean;
}

export interface OutboxRow {
  id: string;
  entity_type: string;
  entity_id: string;
  created_at: Date;
}

/** Only one sweep at a time across all workers (session-level advisory lock). */
const SWEEP_LOCK_KEY = 727_701;

const RULE_COLUMNS = `id, target, offset_seconds, channels, working_hours_start, working_hours_end, active, version, scheduled_version, updated_at`;
const REMINDER_COLUMNS = `id, rule_id, entity_type, entity_id, target_at, due_at, status, enqueued_at`;

/** node-postgres through TypeORM answers UPDATE … RETURNING with [rows, count]. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

/** Set-based SQL over reminder_rules, reminders and reminder_outbox; no rules of its own. */
@Injectable()
export class RemindersRepository {
  /**
   * The connections a caller passes as `db` (here and to target providers) outside a
   * transaction: `primary` runs plain statements on the primary; `prepared` runs them as named
   * prepared statements (the delivery handler's hot path, see {@link preparedQueries}).
   */
  readonly primary: Queryable;
  readonly prepared: Queryable;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.primary = dataSource;
    this.prepared = preparedQueries(dataSource);
  }

  /**
   * Runs `work` inside a savepoint of the caller's transaction: released when it succeeds,
   * rolled back to when it throws, so one failed step leaves the transaction usable. Answers
   * the error of a failed `work` rather than throwing it.
   */
  async inSavepoint(
    m: Queryable,
    name: string,
    work: () => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    await m.query(`SAVEPOINT ${name}`);
    try {
      await work();
      await m.query(`RELEASE SAVEPOINT ${name}`);
      return { ok: true };
    } catch (error) {
      await m.query(`ROLLBACK TO SAVEPOINT ${name}`);
      return { ok: false, error };
    }
  }

  /**
   * Runs `work` holding the sweep's session-level advisory lock on a connection of its own;
   * answers undefined without running it when another sweep holds the lock.
   */
  async withSweepLock<T>(work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.dataSource.createQueryRunner('master');
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock($1) AS locked`,
        [SWEEP_LOCK_KEY],
      );
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [SWEEP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Serialises scheduling of one record across transactions and workers. */
  async lockEntity(db: Queryable, entityType: string, entityId: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `reminders:${entityType}:${entityId}`,
    ]);
  }

  async activeRulesFor(db: Queryable, targets: ReminderTarget[]): Promise<RuleRow[]> {
    return db.query(
      `SELECT ${RULE_COLUMNS} FROM reminder_rules WHERE active AND target = ANY($1::text[]) ORDER BY id`,
      [targets],
    );
  }

  async rule(db: Queryable, id: string): Promise<RuleRow | undefined> {
    return (await db.query(`SELECT ${RULE_COLUMNS} FROM reminder_rules WHERE id = $1`, [id]))[0];
  }

  /** Rules whose latest version the schedule does not reflect yet. */
  async unappliedRules(db: Queryable, limit: number): Promise<RuleRow[]> {
    return db.query(
      `SELECT ${RULE_COLUMNS} FROM reminder_rules WHERE scheduled_version < version ORDER BY updated_at, id LIMIT $1`,
      [limit],
    );
  }

  async markRuleApplied(db: Queryable, ruleId: string, version: number): Promise<void> {
    await db.query(
      `UPDATE reminder_rules SET scheduled_version = $2 WHERE id = $1 AND version = $2`,
      [ruleId, version],
    );
  }

  async scheduledFor(db: Queryable, entityType: string, entityId: string): Promise<ReminderRow[]> {
    return db.query(
      `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE entity_type = $1 AND entity_id = $2 AND status = 'scheduled'`,
      [entityType, entityId],
    );
  }

  /** A reminder and its rule in one round trip (the delivery handler's first read). */
  async reminderWithRule(db: Queryable, id: string): Promise<ReminderWithRule | undefined> {
    return (await this.remindersWithRules(db, [id])).get(id.toLowerCase());
  }

  /** Reminders with their rules, by reminder id; unknown ids are absent. */
  async remindersWithRules(db: Queryable, ids: string[]): Promise<Map<string, ReminderWithRule>> {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT ${REMINDER_COLUMNS.split(', ')
        .map((c) => `r.${c}`)
        .join(', ')},
              ${RULE_COLUMNS.split(', ')
                .map((c) => `u.${c} AS rule__${c}`)
                .join(', ')}
         FROM reminders r LEFT JOIN reminder_rules u ON u.id = r.rule_id
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    const found = new Map<string, ReminderWithRule>();
    for (const row of rows) {
      const reminder = {} as Record<string, unknown>;
      const rule = {} as Record<string, unknown>;
      for (const [key, value] of Object.entries(row)) {
        if (key.startsWith('rule__')) rule[key.slice(6)] = value;
        else reminder[key] = value;
      }
      found.set(reminder.id as string, {
        reminder: reminder as unknown as ReminderRow,
        rule: rule.id ? (rule as unknown as RuleRow) : undefined,
      });
    }
    return found;
  }

  async reminder(db: Queryable, id: string): Promise<ReminderRow | undefined> {
    return (await db.query(`SELECT ${REMINDER_COLUMNS} FROM reminders WHERE id = $1`, [id]))[0];
  }

  /** Cancels still-scheduled reminders; returns the ids actually cancelled. */
  async cancel(db: Queryable, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = rowsOf<{ id: string }>(
      await db.query(
        `UPDATE reminders SET status = 'cancelled' WHERE id = ANY($1::uuid[]) AND status = 'scheduled' RETURNING id`,
        [ids],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** A rule's scheduled reminders that no longer fit it (deactivated, or its offset changed). */
  async cancelStaleOfRule(
    db: Queryable,
    rule: Pick<RuleRow, 'id' | 'active' | 'offset_seconds'>,
  ): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await db.query(
        `UPDATE reminders SET status = 'cancelled'
          WHERE rule_id = $1 AND status = 'scheduled' AND (NOT $2::boolean OR due_at <> target_at - make_interval(secs => $3))
        RETURNING id`,
        [rule.id, rule.active, rule.offset_seconds],
      ),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Inserts reminders as `scheduled`. The same (rule, record, due time) seen before is revived
   * when it was cancelled (the date moved away and back) and left alone when delivered.
   */
  async insertScheduled(db: Queryable, rows: NewReminder[]): Promise<ScheduledReminder[]> {
    if (rows.length === 0) return [];
    return db.query(
      `INSERT INTO reminders (rule_id, entity_type, entity_id, target_at, due_at, status)
       SELECT * , 'scheduled' FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])
       ON CONFLICT (rule_id, entity_type, entity_id, due_at) DO UPDATE
          SET status = 'scheduled', target_at = EXCLUDED.target_at, enqueued_at = NULL, delivered_at = NULL
        WHERE reminders.status = 'cancelled'
       RETURNING id, due_at, (xmax::text <> '0') AS revived`,
      [
        rows.map((r) => r.ruleId),
        rows.map((r) => r.entityType),
        rows.map((r) => r.entityId),
        rows.map((r) => r.targetAt),
        rows.map((r) => r.dueAt),
      ],
    );
  }

  async markEnqueued(db: Queryable, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      `UPDATE reminders SET enqueued_at = now() WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
      [ids],
    );
  }

  /** Whether the reminder is still waiting to be delivered (not cancelled, not delivered). */
  async isScheduled(db: Queryable, id: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await db.query(`SELECT id FROM reminders WHERE id = $1 AND status = 'scheduled'`, [id]),
    );
    return rows.length > 0;
  }

  async markDelivered(db: Queryable, id: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await db.query(
        `UPDATE reminders SET status = 'delivered', delivered_at = now() WHERE id = $1 AND status = 'scheduled' RETURNING id`,
        [id],
      ),
    );
    return rows.length > 0;
  }

  /**
   * A reminder's in-app notifications (a title and body per user; delivery key
   * `<eventKey>:<userId>:in_app` and ON CONFLICT DO NOTHING, exactly as
   * NotificationsService.notify writes them) and, when `markDelivered`, the reminder marked
   * delivered: one statement, so one round trip and one commit per reminder. Like the batch
   * write, it writes nothing for a reminder cancelled since it was read (an email loop can
   * take long).
   */
  async deliverInApp(
    db: Queryable,
    input: {
      reminderId: string;
      entityType: string;
      entityId: string;
      eventKey: string;
      messages: { userId: string; title: string; body: string }[];
      markDelivered: boolean;
    },
  ): Promise<{ inApp: number; delivered: boolean }> {
    const seen = new Set<string>();
    const messages = input.messages.filter((m) => !seen.has(m.userId) && seen.add(m.userId));
    const [row]: { in_app: number; delivered: number }[] = await db.query(
      `WITH n AS (
         INSERT INTO notifications (user_id, kind, entity_type, entity_id, title, body, delivery_key)
         SELECT m.u, 'reminder', $4, $5, m.t, m.b, $6 || ':' || m.u::text || ':in_app'
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS m(u, t, b)
          WHERE EXISTS (SELECT 1 FROM reminders cur WHERE cur.id = $7 AND cur.status = 'scheduled')
         ON CONFLICT (delivery_key) DO NOTHING
         RETURNING 1
       ), d AS (
         UPDATE reminders SET status = 'delivered', delivered_at = now()
          WHERE id = $7 AND status = 'scheduled' AND $8::boolean
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM n)::int AS in_app, (SELECT count(*) FROM d)::int AS delivered`,
      [
        messages.map((m) => m.userId),
        messages.map((m) => m.title),
        messages.map((m) => m.body),
        input.entityType,
        input.entityId,
        input.eventKey,
        input.reminderId,
        input.markDelivered,
      ],
    );
    return { inApp: row.in_app, delivered: row.delivered > 0 };
  }

  /**
   * Many reminders' in-app notifications (delivery keys and ON CONFLICT DO NOTHING, as in
   * {@link deliverInApp}) and all of those reminders marked delivered: one statement, so the
   * whole batch commits or nothing does. Each distinct text is sent once (recipients in one zone
   * share their reminder's text) and messages point at their reminder and text by position.
   * Answers how many notifications were written and, only when some were skipped (a reminder
   * another worker delivered first: its rows exist under their keys), the reminder of each
   * written one.
   */
  async deliverInAppBatch(db: Queryable, input: InAppBatch): Promise<InAppBatchResult> {
    const { reminders, texts, messages } = input;
    const [row]: { written: number; written_of: string[] | null }[] = await db.query(
      `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) WITH ORDINALITY AS r(id, et, e, i)
       ), x AS (
         SELECT * FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS x(t, b, i)
       ), n AS (
         INSERT INTO notifications (user_id, kind, entity_type, entity_id, title, body, delivery_key)
         SELECT m.u, 'reminder', r.et, r.e, x.t, x.b, 'reminder:' || r.id::text || ':' || m.u::text || ':in_app'
           FROM unnest($6::int[], $7::uuid[], $8::int[]) WITH ORDINALITY AS m(ri, u, xi, o)
           JOIN r ON r.i = m.ri JOIN x ON x.i = m.xi
           -- Not for a reminder cancelled (or delivered) since it was read.
           JOIN reminders cur ON cur.id = r.id AND cur.status = 'scheduled'
          ORDER BY m.o
         ON CONFLICT (delivery_key) DO NOTHING
         RETURNING split_part(delivery_key, ':', 2) AS reminder_id
       ), d AS (
         UPDATE reminders SET status = 'delivered', delivered_at = now()
          WHERE id = ANY($1::uuid[]) AND status = 'scheduled'
       )
       SELECT (SELECT count(*) FROM n)::int AS written,
              CASE WHEN (SELECT count(*) FROM n) < cardinality($7::uuid[])
                   THEN coalesce((SELECT array_agg(reminder_id) FROM n), '{}') END AS written_of`,
      [
        reminders.map((r) => r.id),
        reminders.map((r) => r.entityType),
        reminders.map((r) => r.entityId),
        texts.map((t) => t.title),
        texts.map((t) => t.body),
        // 1-based, as WITH ORDINALITY counts.
        messages.map((m) => m.reminder + 1),
        messages.map((m) => m.userId),
        messages.map((m) => m.text + 1),
      ],
    );
    const inAppOf = new Map<string, number>();
    if (row.written_of)
      for (const id of row.written_of) inAppOf.set(id, (inAppOf.get(id) ?? 0) + 1);
    else
      for (const m of messages) {
        const id = reminders[m.reminder].id;
        inAppOf.set(id, (inAppOf.get(id) ?? 0) + 1);
      }
    return { written: row.written, inAppOf };
  }

  /**
   * Scheduled reminders the sweep must make sure have a job: never enqueued, or due before
   * `horizon` (their event not yet past). Oldest first, bounded.
   */
  async needingJobs(
    db: Queryable,
    now: Date,
    horizon: Date,
    limit: number,
  ): Promise<ReminderRow[]> {
    return db.query(
      `SELECT ${REMINDER_COLUMNS} FROM reminders
        WHERE status = 'scheduled' AND target_at > $1 AND (enqueued_at IS NULL OR due_at <= $2)
        ORDER BY due_at, id LIMIT $3`,
      [now, horizon, limit],
    );
  }

  /** Claims unprocessed outbox rows; other sweeps skip them. Call inside a transaction. */
  /** Unprocessed outbox rows not locked by another drain, leaving out the ids in `skip`. */
  async claimOutbox(db: Queryable, limit: number, skip: string[] = []): Promise<OutboxRow[]> {
    return db.query(
      `SELECT id, entity_type, entity_id, created_at FROM reminder_outbox
        WHERE processed_at IS NULL AND id <> ALL($2::bigint[])
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, skip],
    );
  }

  async markOutboxProcessed(db: Queryable, ids: string[]): Promise<void> {
    await db.query(`UPDATE reminder_outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [
      ids,
    ]);
  }

  /** Forgets processed outbox rows older than `days` (bounded per call). */
  async purgeOutbox(db: Queryable, days: number, limit = 5000): Promise<void> {
    await db.query(
      `DELETE FROM reminder_outbox WHERE id IN (
         SELECT id FROM reminder_outbox WHERE processed_at < now() - make_interval(days => $1) LIMIT $2)`,
      [days, limit],
    );
  }
}
