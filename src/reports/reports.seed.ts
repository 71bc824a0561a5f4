import type { Seeder } from '../database/seeds/seeder';

/**
 * Demo report schedules (invented): a monthly summary as PDF and a quarterly aid-projects
 * workbook, in Asia/Karachi. With the worker running, the last closed month's summary is built
 * at the first tick and the admins are notified. Looked up by (kind, frequency, format).
 */
const DEMO_SCHEDULES = [
  { kind: 'summary', frequency: 'monthly', format: 'pdf' },
  { kind: 'aid_projects', frequency: 'quarterly', format: 'xlsx' },
] as const;

export const reportsSeeder: Seeder = {
  name: 'reports',
  async run(m, ctx) {
    const admin: { id: string }[] = await m.query(
      `SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`,
    );
    for (const s of DEMO_SCHEDULES) {
      const found: { id: string }[] = await m.query(
        `SELECT id FROM report_schedules WHERE kind = $1 AND frequency = $2 AND format = $3`,
        [s.kind, s.frequency, s.format],
      );
      const id =
        found[0]?.id ??
        (
          await m.query(
            `INSERT INTO report_schedules (kind, frequency, format, time_zone, skip_empty, created_by) VALUES ($1, $2, $3, 'Asia/Karachi', false, $4) RETURNING id`,
            [s.kind, s.frequency, s.format, admin[0]?.id ?? null],
          )
        )[0].id;
      ctx.ids.set(`reportSchedule:${s.kind}:${s.frequency}`, id);
    }
  },
};
