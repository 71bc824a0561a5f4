import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { insertParticipant } from './participant.factory';

/** An application through POST /scholarships/:id/applications (a draft). */
export async function createApplication(
  t: TestApp,
  token: string,
  schemeId: string,
  participantId: string,
  statement = 'I want to study in Kashgar.',
): Promise<string> {
  const res = await t
    .http()
    .post(`/api/v1/scholarships/${schemeId}/applications`)
    .set(bearer(token))
    .send({ participantId, statement });
  if (res.status !== 201)
    throw new Error(`POST applications failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** POST /applications/:id/<move> expecting 200. */
export async function move(
  t: TestApp,
  token: string,
  applicationId: string,
  verb: 'submit' | 'withdraw' | 'accept' | 'decline',
  body?: object,
): Promise<Record<string, unknown>> {
  const res = await t
    .http()
    .post(`/api/v1/applications/${applicationId}/${verb}`)
    .set(bearer(token))
    .send(body ?? {});
  if (res.status !== 200)
    throw new Error(`${verb} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function review(
  t: TestApp,
  token: string,
  applicationId: string,
  score: number,
  comment = 'Strong statement.',
): Promise<void> {
  const res = await t
    .http()
    .post(`/api/v1/applications/${applicationId}/reviews`)
    .set(bearer(token))
    .send({ score, comment });
  if (res.status !== 201)
    throw new Error(`review failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function decide(
  t: TestApp,
  token: string,
  applicationId: string,
  decision: 'award' | 'reject',
) {
  return t
    .http()
    .post(`/api/v1/applications/${applicationId}/decision`)
    .set(bearer(token))
    .send({ decision });
}

/** Status and version of an application row, for "nothing changed" assertions. */
export async function applicationRow(
  t: TestApp,
  id: string,
): Promise<{ status: string; version: number; submitted_at: Date | null }> {
  const { rows } = await t.db.query(
    `SELECT status, version, submitted_at FROM scholarship_applications WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/**
 * An application row by SQL (a draft unless told otherwise); of a new participant of
 * `organizationId` unless a participant is given.
 */
export async function insertApplication(
  db: Client,
  a: {
    scholarshipId: string;
    createdBy: string;
    participantId?: string;
    organizationId?: string | null;
    status?: string;
    statement?: string;
    submittedAt?: string | null;
    decidedAt?: string | null;
    respondedAt?: string | null;
  },
): Promise<string> {
  const participantId =
    a.participantId ?? (await insertParticipant(db, { organizationId: a.organizationId ?? null }));
  const { rows } = await db.query(
    `INSERT INTO scholarship_applications (scholarship_id, participant_id, organization_id, created_by, status, statement, submitted_at, decided_at, responded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      a.scholarshipId,
      participantId,
      a.organizationId ?? null,
      a.createdBy,
      a.status ?? 'draft',
      a.statement ?? 'I would like to study at Kashgar University.',
      a.submittedAt ?? null,
      a.decidedAt ?? null,
      a.respondedAt ?? null,
    ],
  );
  return rows[0].id;
}

/** A stipend payment of an application, by SQL. */
export async function insertDisbursement(
  db: Client,
  d: { applicationId: string; amount: string; currency: string; paidOn: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO disbursements (application_id, amount, currency, paid_on, reference) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [d.applicationId, d.amount, d.currency, d.paidOn, `REF-${d.paidOn}-${d.amount}`],
  );
  return rows[0].id;
}
