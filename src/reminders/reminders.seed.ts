import type { Seeder } from '../database/seeds/seeder';
import { parseOffset } from './offset';

/**
 * Demo reminder rules (invented: the essays say nothing about reminders). Found by (target,
 * offset), so seeding twice adds nothing. Rules start unapplied (`scheduled_version` 0): the
 * worker's first sweep schedules them for the demo records whose reminder time is still ahead.
 */
const DEMO_RULES = [
  { target: 'program.startsAt', offset: 'P7D', channels: ['in_app', 'email'], hours: null },
  { target: 'program.startsAt', offset: 'P1D', channels: ['in_app'], hours: { start: 8, end: 20 } },
  {
    target: 'program.registrationDeadline',
    offset: 'P3D',
    channels: ['in_app', 'email'],
    hours: { start: 8, end: 20 },
  },
  {
    target: 'scholarship.closesAt',
    offset: 'P7D',
    channels: ['in_app', 'email'],
    hours: { start: 8, end: 20 },
  },
  {
    target: 'milestone.dueOn',
    offset: 'P7D',
    channels: ['in_app', 'email'],
    hours: { start: 8, end: 20 },
  },
  {
    target: 'organization.registrationExpiresOn',
    offset: 'P30D',
    channels: ['in_app', 'email'],
    hours: { start: 8, end: 20 },
  },
  { target: 'partnership.anniversary', offset: 'P7D', channels: ['in_app'], hours: null },
] as const;

export const remindersSeeder: Seeder = {
  name: 'reminders',
  async run(m, ctx) {
    for (const r of DEMO_RULES) {
      const offset = parseOffset(r.offset);
      if (!offset.ok) throw new Error(`bad demo offset ${r.offset}`);
      const found: { id: string }[] = await m.query(
        `SELECT id FROM reminder_rules WHERE target = $1 AND "offset" = $2`,
        [r.target, offset.normalized],
      );
      const id =
        found[0]?.id ??
        (
          await m.query(
            `INSERT INTO reminder_rules (target, "offset", offset_seconds, channels, working_hours_start, working_hours_end)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [
              r.target,
              offset.normalized,
              offset.seconds,
              r.channels,
              r.hours?.start ?? null,
              r.hours?.end ?? null,
            ],
          )
        )[0].id;
      ctx.ids.set(`reminder_rule:${r.target}:${offset.normalized}`, id);
    }
  },
};
