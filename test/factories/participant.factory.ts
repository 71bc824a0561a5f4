import type { Client } from 'pg';
import { uniq } from './names';

export interface ParticipantOpts {
  organizationId: string | null;
  fullName?: string;
  nationality?: string;
  dateOfBirth?: string | null;
  gender?: 'female' | 'male' | 'other' | 'undisclosed' | null;
}

/** A participant row by SQL; an adult woman from Pakistan unless told otherwise. */
export async function insertParticipant(db: Client, p: ParticipantOpts): Promise<string> {
  const fullName = p.fullName ?? `Participant ${uniq()}`;
  const { rows } = await db.query(
    `INSERT INTO participants (organization_id, full_name, name_key, nationality, gender, date_of_birth)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      p.organizationId,
      fullName,
      fullName.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim(),
      p.nationality ?? 'PK',
      p.gender === undefined ? 'female' : p.gender,
      p.dateOfBirth === undefined ? '2000-05-10' : p.dateOfBirth,
    ],
  );
  return rows[0].id;
}

export async function insertParticipants(
  db: Client,
  organizationId: string | null,
  n: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(await insertParticipant(db, { organizationId, fullName: `Person ${i} ${uniq()}` }));
  return ids;
}
