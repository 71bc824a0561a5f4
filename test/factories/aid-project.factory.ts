import type { Client } from 'pg';
import { TestApp } from '../utils/create-app';
import { localized, LocalizedName, uniq } from './names';
import { insertOutboxRow } from './reminder-outbox.factory';

/** A valid POST /aid-projects body; override what a test cares about. */
export function projectBody(
  cityId: string,
  organizations: { organizationId: string; role: string }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    title: {
      en: 'Safe drinking water for Hunza',
      zh: '罕萨安全饮用水',
      ur: 'ہنزہ کے لیے محفوظ پینے کا پانی',
    },
    category: 'drinking_water',
    cityId,
    status: 'pipeline',
    budget: { amount: '1500000.00', currency: 'CNY' },
    plannedStart: '2026-03-01',
    plannedEnd: '2027-02-28',
    organizations,
    beneficiariesTarget: 1500,
    sectorCode: '14031',
    ...overrides,
  };
}

/** Row counts of every aid table, to prove a refused request changed nothing. */
export async function aidCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'aid_projects',
    'aid_project_organizations',
    'aid_transactions',
    'milestones',
    'result_indicators',
    'indicator_values',
    'deliverables',
    'maintenance_logs',
    'reminder_outbox',
  ];
  const out: Record<string, number> = {};
  for (const table of tables)
    out[table] = Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  return out;
}

/** An aid project row by SQL, with its organisations by role. */
export async function insertAidProject(
  db: Client,
  p: {
    cityId: string | null;
    title?: string | LocalizedName;
    category?: string;
    coordinatorId?: string | null;
    status?: string;
    budget?: string;
    currency?: string;
    plannedStart?: string | null;
    plannedEnd?: string | null;
    actualStart?: string | null;
    actualEnd?: string | null;
    target?: number | null;
    actual?: number | null;
    organizations?: { id: string; role: string }[];
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO aid_projects (title, category, city_id, coordinator_id, status, budget_amount, budget_currency,
       planned_start, planned_end, actual_start, actual_end, beneficiaries_target, beneficiaries_actual)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      JSON.stringify(localized(p.title ?? `Project ${uniq()}`)),
      p.category ?? 'solar_lighting',
      p.cityId,
      p.coordinatorId ?? null,
      p.status ?? 'implementation',
      p.budget ?? '100000.00',
      p.currency ?? 'PKR',
      p.plannedStart ?? null,
      p.plannedEnd ?? null,
      p.actualStart ?? null,
      p.actualEnd ?? null,
      p.target ?? null,
      p.actual ?? null,
    ],
  );
  const projectId = rows[0].id;
  for (const o of p.organizations ?? []) {
    await db.query(
      `INSERT INTO aid_project_organizations (project_id, organization_id, role) VALUES ($1, $2, $3)`,
      [projectId, o.id, o.role],
    );
  }
  return projectId;
}

/** A milestone row by SQL. */
export async function insertMilestone(
  db: Client,
  m: {
    projectId: string;
    dueOn: string;
    title?: string;
    completedAt?: string | null;
    /** Write the outbox row, as the aid-projects module does in the same transaction (default). */
    outbox?: boolean;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO milestones (project_id, title, due_on, completed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
    [m.projectId, m.title ?? 'Milestone', m.dueOn, m.completedAt ?? null],
  );
  if (m.outbox ?? true) await insertOutboxRow(db, 'milestone', rows[0].id);
  return rows[0].id;
}

/** A financial transaction of an aid project, by SQL. */
export async function insertAidTransaction(
  db: Client,
  x: { projectId: string; type: string; amount: string; currency: string; date: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [x.projectId, x.type, x.amount, x.currency, x.date],
  );
  return rows[0].id;
}
