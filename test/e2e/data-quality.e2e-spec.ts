import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { createApplication } from '../factories/application.factory';
import { approvedMember, Member } from '../factories/organization.factory';
import { createProgram } from '../factories/program.factory';
import { register } from '../factories/registration.factory';
import { createScheme } from '../factories/scholarship.factory';
import { createUser } from '../factories/user.factory';

/**
 * One person, one record (API-CONTRACT "Data quality"): the same person created by two
 * organisations is found, cannot take two seats in one program, and is merged by staff.
 */
describe('one person, one record (e2e)', () => {
  let t: TestApp;
  let coord: { id: string; token: string };
  let hunza: Member;
  let gwadar: Member;

  beforeAll(async () => {
    t = await createTestApp();
    coord = await createUser(t, 'coordinator');
    hunza = await approvedMember(t, 'Hunza Women Weavers');
    gwadar = await approvedMember(t, 'Gwadar Fishermen Welfare');
  });

  afterAll(async () => {
    await t?.close();
  });

  const person = async (member: Member, body: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/api/v1/participants')
      .set(bearer(member.token))
      .send({ nationality: 'PK', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const registrationsOf = async (participantId: string) =>
    (
      await t.db.query(
        `SELECT program_id, organization_id, status FROM registrations WHERE participant_id = $1 ORDER BY program_id`,
        [participantId],
      )
    ).rows;

  it('refuses a second seat for the same person under another organisation’s record', async () => {
    const program = await createProgram(t, coord.token);
    const a = await person(hunza, { fullName: 'Karim  Baig', email: 'Karim.Baig@example.pk' });
    const b = await person(gwadar, { fullName: 'Karim Baig', email: 'karim.baig@example.pk' });
    const c = await person(gwadar, {
      fullName: 'Sher Ali',
      dateOfBirth: '1998-03-02',
    });
    const d = await person(hunza, { fullName: 'sher ali', dateOfBirth: '1998-03-02' });
    expect((await register(t, hunza.token, program.id, a)).status).toBe(201);
    expect((await register(t, gwadar.token, program.id, c)).status).toBe(201);

    for (const [member, id] of [
      [gwadar, b],
      [hunza, d],
    ] as const) {
      const again = await register(t, member.token, program.id, id);
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REGISTERED']);
    }
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM registrations WHERE program_id = $1`,
      [program.id],
    );
    expect(rows[0].n).toBe(2);
    // A different person with a similar name is not refused.
    const e = await person(gwadar, { fullName: 'Sher Ali', dateOfBirth: '2001-07-15' });
    expect((await register(t, gwadar.token, program.id, e)).status).toBe(201);
  });

  it('lists likely duplicates across organisations for staff only', async () => {
    const a = await person(hunza, { fullName: 'Ayesha Noor', email: 'ayesha.noor@example.pk' });
    const b = await person(gwadar, { fullName: 'Ayesha N.', email: 'AYESHA.NOOR@example.pk' });
    const res = await t.http().get('/api/v1/participants/duplicates').set(bearer(coord.token));
    expect(res.status).toBe(200);
    const group = (res.body.items as { matchedOn: string; participants: { id: string }[] }[]).find(
      (g) => g.participants.some((p) => p.id === a),
    );
    expect(group).toBeDefined();
    expect(group!.matchedOn).toBe('email');
    expect(group!.participants.map((p) => p.id)).toEqual([a, b]);

    const member = await t.http().get('/api/v1/participants/duplicates').set(bearer(hunza.token));
    expect(member.status).toBe(403);
  });

  it('merges a record into another: registrations and applications follow, the audit trail keeps both', async () => {
    const programA = await createProgram(t, coord.token);
    const programB = await createProgram(t, coord.token);
    const scheme = await createScheme(t, coord.token);
    const keep = await person(hunza, {
      fullName: 'Nadia Karim',
      email: 'nadia.karim@example.pk',
      gender: 'female',
      dateOfBirth: '2000-05-10',
    });
    const dup = await person(gwadar, {
      fullName: 'Nadia Karim',
      email: 'nadia@example.org',
      gender: 'female',
      dateOfBirth: '2000-05-10',
    });
    expect((await register(t, hunza.token, programA.id, keep)).status).toBe(201);
    expect((await register(t, gwadar.token, programB.id, dup)).status).toBe(201);
    const application = await createApplication(t, gwadar.token, scheme.id, dup);

    const merged = await t
      .http()
      .post(`/api/v1/participants/${dup}/merge`)
      .set(bearer(coord.token))
      .send({ intoId: keep });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(keep);

    expect(await registrationsOf(keep)).toEqual(
      [
        { program_id: programA.id, organization_id: hunza.orgId, status: 'confirmed' },
        { program_id: programB.id, organization_id: hunza.orgId, status: 'confirmed' },
      ].sort((x, y) => x.program_id.localeCompare(y.program_id)),
    );
    const app = await t.db.query(
      `SELECT participant_id, organization_id FROM scholarship_applications WHERE id = $1`,
      [application],
    );
    expect(app.rows[0]).toEqual({ participant_id: keep, organization_id: hunza.orgId });
    expect(
      (await t.http().get(`/api/v1/participants/${dup}`).set(bearer(coord.token))).status,
    ).toBe(404);
    // The organisation that lost the record no longer sees it or its registration.
    expect(
      (await t.http().get(`/api/v1/participants/${keep}`).set(bearer(gwadar.token))).status,
    ).toBe(404);

    const trail = await t
      .http()
      .get(`/api/v1/audit-events?entityType=participant&entityId=${keep}`)
      .set(bearer(await t.adminToken()));
    const mergedEvent = (trail.body.items as { action: string; after: unknown }[]).find(
      (e) => e.action === 'participant.merged',
    );
    expect(mergedEvent?.after).toEqual({
      mergedFrom: dup,
      moved: { registrations: 1, applications: 1 },
    });
    const away = await t
      .http()
      .get(`/api/v1/audit-events?entityType=participant&entityId=${dup}`)
      .set(bearer(await t.adminToken()));
    expect((away.body.items as { action: string }[]).map((e) => e.action)).toContain(
      'participant.merged_away',
    );
  });

  it('refuses a merge that would give one person two seats (409 MERGE_CONFLICT), changing nothing', async () => {
    const program = await createProgram(t, coord.token);
    const a = await person(hunza, { fullName: 'Imran Ali', email: 'imran@example.pk' });
    const b = await person(gwadar, { fullName: 'Imran Ali', email: 'imran.ali@example.org' });
    expect((await register(t, hunza.token, program.id, a)).status).toBe(201);
    expect((await register(t, gwadar.token, program.id, b)).status).toBe(201);
    const before = [await registrationsOf(a), await registrationsOf(b)];

    const res = await t
      .http()
      .post(`/api/v1/participants/${b}/merge`)
      .set(bearer(coord.token))
      .send({ intoId: a });
    expect([res.status, res.body.code]).toEqual([409, 'MERGE_CONFLICT']);
    expect(res.body.details).toEqual({ programIds: [program.id], scholarshipIds: [] });
    expect([await registrationsOf(a), await registrationsOf(b)]).toEqual(before);

    const self = await t
      .http()
      .post(`/api/v1/participants/${a}/merge`)
      .set(bearer(coord.token))
      .send({ intoId: a });
    expect([self.status, self.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const byMember = await t
      .http()
      .post(`/api/v1/participants/${b}/merge`)
      .set(bearer(gwadar.token))
      .send({ intoId: a });
    expect(byMember.status).toBe(403);
  });
});
