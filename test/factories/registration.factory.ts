import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { insertParticipant } from './participant.factory';

/** POST /programs/:id/registrations (the response is the test's to check). */
export function register(t: TestApp, token: string, programId: string, participantId: string) {
  return t
    .http()
    .post(`/api/v1/programs/${programId}/registrations`)
    .set(bearer(token))
    .send({ participantId });
}

/** A registration row by SQL; of a new participant of the organisation unless one is given. */
export async function insertRegistration(
  db: Client,
  r: {
    programId: string;
    organizationId: string | null;
    participantId?: string;
    status?: string;
  },
): Promise<string> {
  const participantId =
    r.participantId ?? (await insertParticipant(db, { organizationId: r.organizationId }));
  const { rows } = await db.query(
    `INSERT INTO registrations (program_id, participant_id, organization_id, status) VALUES ($1, $2, $3, $4) RETURNING id`,
    [r.programId, participantId, r.organizationId, r.status ?? 'confirmed'],
  );
  return rows[0].id;
}
