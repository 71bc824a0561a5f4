import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { localized, LocalizedName, uniq } from './names';
import { insertOutboxRow } from './reminder-outbox.factory';

const DAY = 24 * 3600 * 1000;

/** A valid scheme body, open from yesterday for 30 days. */
export function schemeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: {
      en: `China–Pakistan Test Scholarship ${uniq()}`,
      zh: '中巴测试奖学金',
      ur: 'پاک چین ٹیسٹ اسکالرشپ',
    },
    level: 'master',
    quota: 5,
    stipend: { amount: '3500.00', currency: 'CNY' },
    opensAt: new Date(Date.now() - DAY).toISOString(),
    closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
    ...overrides,
  };
}

/** A scheme through POST /scholarships. */
export async function createScheme(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; closesAt: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post('/api/v1/scholarships')
    .set(bearer(token))
    .send(schemeBody(overrides));
  if (res.status !== 201)
    throw new Error(`POST /scholarships failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A scheme row by SQL, open for the 30 days before it closes unless `opensAt` is given. */
export async function insertScholarship(
  db: Client,
  s: {
    closesAt: Date | string;
    opensAt?: Date | string;
    name?: string | LocalizedName;
    level?: string;
    stipendCurrency?: string;
    /** Write the outbox row, as the scholarships module does in the same transaction (default). */
    outbox?: boolean;
  },
): Promise<string> {
  const closesAt = new Date(s.closesAt);
  const { rows } = await db.query(
    `INSERT INTO scholarships (name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at)
     VALUES ($1, $2, 10, '1000.00', $3, $4, $5) RETURNING id`,
    [
      JSON.stringify(localized(s.name ?? `Scholarship ${uniq()}`)),
      s.level ?? 'master',
      s.stipendCurrency ?? 'CNY',
      s.opensAt === undefined ? new Date(closesAt.getTime() - 30 * DAY) : new Date(s.opensAt),
      closesAt,
    ],
  );
  if (s.outbox ?? true) await insertOutboxRow(db, 'scholarship', rows[0].id);
  return rows[0].id;
}
