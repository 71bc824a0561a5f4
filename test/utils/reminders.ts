import type { Client } from 'pg';
import { waitFor } from './wait';

/** Reads of the reminders module's own tables, for the reminders tests' assertions. */

export const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

export async function remindersOf(
  db: Client,
  entityId: string,
): Promise<{ id: string; status: string; due_at: Date; target_at: Date; rule_id: string }[]> {
  const { rows } = await db.query(
    `SELECT id, status, due_at, target_at, rule_id FROM reminders WHERE entity_id = $1 ORDER BY created_at, id`,
    [entityId],
  );
  return rows;
}

/** Waits until a record has reminders (the worker scheduled it), and returns them. */
export function remindersOnceScheduled(
  db: Client,
  entityId: string,
  timeoutMs = 10000,
): ReturnType<typeof remindersOf> {
  return waitFor(
    async () => {
      const rows = await remindersOf(db, entityId);
      return rows.length ? rows : undefined;
    },
    timeoutMs,
    `reminders of ${entityId} scheduled`,
  );
}

/** Waits until the worker applied a rule's latest version to the schedule. */
export async function ruleApplied(db: Client, ruleId: string, timeoutMs = 10000): Promise<void> {
  await waitFor(
    async () =>
      (
        await db.query(
          `SELECT 1 FROM reminder_rules WHERE id = $1 AND scheduled_version = version`,
          [ruleId],
        )
      ).rowCount,
    timeoutMs,
    'rule applied',
  );
}

/** Notifications per user for one record: {userId: count}. */
export async function notificationCounts(
  db: Client,
  entityId: string,
): Promise<Record<string, number>> {
  const { rows } = await db.query(
    `SELECT user_id, count(*)::int AS n FROM notifications WHERE entity_id = $1 GROUP BY user_id`,
    [entityId],
  );
  return Object.fromEntries(rows.map((r: { user_id: string; n: number }) => [r.user_id, r.n]));
}
