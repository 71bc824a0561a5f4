import type { Client } from 'pg';
import { insertOutboxRow } from './reminder-outbox.factory';

/** A partnership row by SQL (an active sister-city pair unless told otherwise). */
export async function insertPartnership(
  db: Client,
  p: {
    cityA: string;
    cityB: string;
    establishedOn: string | null;
    kind?: string;
    status?: string;
    /** Write the outbox row, as the partnerships module does in the same transaction (default). */
    outbox?: boolean;
  },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO partnerships (city_a_id, city_b_id, kind, status, established_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.cityA, p.cityB, p.kind ?? 'sister_city', p.status ?? 'active', p.establishedOn],
  );
  if (p.outbox ?? true) await insertOutboxRow(db, 'partnership', rows[0].id);
  return rows[0].id;
}
