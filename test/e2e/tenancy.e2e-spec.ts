import { approvedMember, Member } from '../factories/organization.factory';
import { staffToken } from '../factories/user.factory';
import { csv } from '../utils/csv';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

/**
 * The isolation matrix: NGO A calls every organisation and participant route on NGO B's ids.
 * Each answers exactly what an id that does not exist answers (404 NOT_FOUND, or 403 where the
 * route is not A's role at all), and B's rows stay byte-for-byte unchanged.
 */
describe('tenancy isolation: NGO A never reaches NGO B', () => {
  let t: TestApp;
  let coordinator: string;
  let a: Member;
  let b: Member;
  let aParticipant: string;
  let bParticipant: string;
  const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

  /** Everything B owns (and the totals), to compare before and after. */
  const snapshotB = async () => ({
    org: (await t.db.query(`SELECT * FROM organizations WHERE id = $1`, [b.orgId])).rows,
    participants: (
      await t.db.query(`SELECT * FROM participants WHERE organization_id = $1 ORDER BY id`, [
        b.orgId,
      ])
    ).rows,
    users: (
      await t.db.query(
        `SELECT id, email, role, organization_id, version FROM users WHERE organization_id = $1 ORDER BY id`,
        [b.orgId],
      )
    ).rows,
    totals: (
      await t.db.query(
        `SELECT (SELECT count(*) FROM participants)::int AS participants, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM organizations)::int AS orgs`,
      )
    ).rows[0],
  });

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = await staffToken(t, 'coordinator');
    a = await approvedMember(t, 'NGO A Hunza Relief', { zh: '甲组织' });
    b = await approvedMember(t, 'NGO B Karamay Friends', { country: 'CN', zh: '乙组织' });
    aParticipant = (
      await t.http().post('/api/v1/participants').set(bearer(a.token)).send({
        fullName: 'Imran Baig',
        nativeName: 'عمران بیگ',
        email: 'imran@a.test',
        nationality: 'PK',
        dateOfBirth: '1990-09-03',
      })
    ).body.id;
    bParticipant = (
      await t.http().post('/api/v1/participants').set(bearer(b.token)).send({
        fullName: 'Wang Fang',
        nativeName: '王芳',
        email: 'wang.fang@b.test',
        nationality: 'CN',
        dateOfBirth: '1995-01-20',
      })
    ).body.id;
    expect(aParticipant).toEqual(expect.any(String));
    expect(bParticipant).toEqual(expect.any(String));
  });
  afterAll(() => t.close());

  type Call = {
    name: string;
    status: number;
    idOf: () => string;
    send: (id: string) => PromiseLike<{ status: number; body: unknown }>;
  };
  const calls: Call[] = [];
  const add = (name: string, status: number, idOf: () => string, send: Call['send']) =>
    calls.push({ name, status, idOf, send });
  const CODES: Record<number, string> = {
    400: 'VALIDATION_FAILED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
  };

  // Organisation routes on B's organisation id.
  add(
    'GET /organizations/:id',
    404,
    () => b.orgId,
    (id) => t.http().get(`/api/v1/organizations/${id}`).set(bearer(a.token)),
  );
  add(
    'PATCH /organizations/:id',
    404,
    () => b.orgId,
    (id) =>
      t
        .http()
        .patch(`/api/v1/organizations/${id}`)
        .set(bearer(a.token))
        .send({ description: 'taken over' }),
  );
  add(
    'GET /organizations/:id/members',
    404,
    () => b.orgId,
    (id) => t.http().get(`/api/v1/organizations/${id}/members`).set(bearer(a.token)),
  );
  add(
    'POST /organizations/:id/members',
    404,
    () => b.orgId,
    (id) =>
      t
        .http()
        .post(`/api/v1/organizations/${id}/members`)
        .set(bearer(a.token))
        .send({ email: 'mole@a.test', password: 'mole-password-1', displayName: 'Mole' }),
  );
  add(
    'POST /organizations/:id/approve (not A’s role)',
    403,
    () => b.orgId,
    (id) => t.http().post(`/api/v1/organizations/${id}/approve`).set(bearer(a.token)),
  );
  add(
    'POST /organizations/:id/reject (not A’s role)',
    403,
    () => b.orgId,
    (id) =>
      t
        .http()
        .post(`/api/v1/organizations/${id}/reject`)
        .set(bearer(a.token))
        .send({ reason: 'x' }),
  );
  add(
    'POST /organizations/:id/suspend (not A’s role)',
    403,
    () => b.orgId,
    (id) =>
      t
        .http()
        .post(`/api/v1/organizations/${id}/suspend`)
        .set(bearer(a.token))
        .send({ reason: 'x' }),
  );
  // A list cursor is an id too: B's row must not open a page (the paginator reads the cursor row).
  add(
    'GET /organizations?cursor=',
    400,
    () => b.orgId,
    (id) => t.http().get(`/api/v1/organizations?cursor=${id}`).set(bearer(a.token)),
  );
  add(
    'GET /participants?cursor=',
    400,
    () => bParticipant,
    (id) => t.http().get(`/api/v1/participants?cursor=${id}`).set(bearer(a.token)),
  );
  add(
    'GET /organizations/:own/members?cursor=',
    400,
    () => b.userId,
    (id) =>
      t.http().get(`/api/v1/organizations/${a.orgId}/members?cursor=${id}`).set(bearer(a.token)),
  );
  // Participant routes on B's participant id.
  add(
    'GET /participants/:id',
    404,
    () => bParticipant,
    (id) => t.http().get(`/api/v1/participants/${id}`).set(bearer(a.token)),
  );
  add(
    'PATCH /participants/:id',
    404,
    () => bParticipant,
    (id) =>
      t
        .http()
        .patch(`/api/v1/participants/${id}`)
        .set(bearer(a.token))
        .send({ fullName: 'Hijacked' }),
  );
  add(
    'PATCH /participants/:id with version',
    404,
    () => bParticipant,
    (id) =>
      t
        .http()
        .patch(`/api/v1/participants/${id}`)
        .set(bearer(a.token))
        .send({ email: null, version: 1 }),
  );
  add(
    'GET /participants/:id/personal-data (not A’s role)',
    403,
    () => bParticipant,
    (id) => t.http().get(`/api/v1/participants/${id}/personal-data`).set(bearer(a.token)),
  );
  add(
    'POST /participants/:id/erase (not A’s role)',
    403,
    () => bParticipant,
    (id) => t.http().post(`/api/v1/participants/${id}/erase`).set(bearer(a.token)),
  );
  // Routes that take B's organisation id as a filter or in the body.
  add(
    'GET /participants?organizationId=',
    404,
    () => b.orgId,
    (id) => t.http().get(`/api/v1/participants?organizationId=${id}`).set(bearer(a.token)),
  );
  add(
    'GET /participants/export.csv?organizationId=',
    404,
    () => b.orgId,
    (id) =>
      t.http().get(`/api/v1/participants/export.csv?organizationId=${id}`).set(bearer(a.token)),
  );
  add(
    'POST /participants {organizationId}',
    404,
    () => b.orgId,
    (id) =>
      t
        .http()
        .post('/api/v1/participants')
        .set(bearer(a.token))
        .send({ fullName: 'Planted', nationality: 'PK', organizationId: id }),
  );
  add(
    'PATCH own participant {organizationId}',
    404,
    () => b.orgId,
    (id) =>
      t
        .http()
        .patch(`/api/v1/participants/${aParticipant}`)
        .set(bearer(a.token))
        .send({ organizationId: id }),
  );
  add(
    'POST /participants/import?organizationId=',
    404,
    () => b.orgId,
    (id) =>
      t
        .http()
        .post(`/api/v1/participants/import?organizationId=${id}`)
        .set(bearer(a.token))
        .attach(
          'file',
          Buffer.from(
            csv([
              ['fullName', 'nationality'],
              ['Planted', 'PK'],
            ]),
          ),
          'p.csv',
        ),
  );

  it.each(calls.map((c) => [c.name, c] as const))(
    '%s by A on B’s id answers like an unknown id and changes nothing',
    async (_name, call) => {
      const before = await snapshotB();
      const onB = await call.send(call.idOf());
      expect(onB.status).toBe(call.status);
      expect((onB.body as { code: string }).code).toBe(CODES[call.status]);
      // Indistinguishable from an id that does not exist: nothing reveals that B's record is there.
      const onUnknown = await call.send(UNKNOWN);
      expect(onUnknown.status).toBe(onB.status);
      expect(onUnknown.body).toEqual(onB.body);
      expect(await snapshotB()).toEqual(before);
      expect(
        (await t.db.query(`SELECT organization_id FROM participants WHERE id = $1`, [aParticipant]))
          .rows[0].organization_id,
      ).toBe(a.orgId);
    },
  );

  it('an import row naming B’s organisation is reported, not saved in B', async () => {
    const before = await snapshotB();
    const file = csv([
      ['fullName', 'nationality', 'organizationId'],
      ['Planted Person', 'PK', b.orgId],
      ['Own Person', 'PK', a.orgId],
      ['Default Person', 'PK', ''],
    ]);
    const res = await t
      .http()
      .post('/api/v1/participants/import')
      .set(bearer(a.token))
      .attach('file', Buffer.from(file), 'p.csv');
    expect(res.body).toMatchObject({
      created: 2,
      failed: 1,
      errors: [{ row: 2, field: 'organizationId', message: 'organization not found' }],
    });
    expect((await snapshotB()).participants).toEqual(before.participants);
    const own = await t.db.query(
      `SELECT full_name FROM participants WHERE organization_id = $1 ORDER BY full_name`,
      [a.orgId],
    );
    expect(own.rows.map((r) => r.full_name)).toEqual([
      'Default Person',
      'Imran Baig',
      'Own Person',
    ]);
  });

  it('lists, searches and exports never include B’s rows', async () => {
    const orgs = await t.http().get('/api/v1/organizations?limit=100').set(bearer(a.token));
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toEqual([a.orgId]);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/organizations?q=${encodeURIComponent('乙组织')}`)
          .set(bearer(a.token))
      ).body.items,
    ).toEqual([]);
    expect(
      (await t.http().get('/api/v1/organizations?country=CN').set(bearer(a.token))).body.items,
    ).toEqual([]);

    const people = await t.http().get('/api/v1/participants?limit=100').set(bearer(a.token));
    const ids = people.body.items.map((p: { id: string; organizationId: string }) => p.id);
    expect(ids).toContain(aParticipant);
    expect(ids).not.toContain(bParticipant);
    expect(
      people.body.items.every((p: { organizationId: string }) => p.organizationId === a.orgId),
    ).toBe(true);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/participants?q=${encodeURIComponent('王芳')}`)
          .set(bearer(a.token))
      ).body.items,
    ).toEqual([]);
    expect(
      (await t.http().get('/api/v1/participants?q=wang').set(bearer(a.token))).body.items,
    ).toEqual([]);

    const exported = await t.http().get('/api/v1/participants/export.csv').set(bearer(a.token));
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('Imran Baig');
    expect(exported.text).not.toMatch(/Wang Fang|王芳|wang\.fang|NGO B/);
    expect(exported.text).not.toContain(b.orgId);

    // Staff see both.
    const staff = await t.http().get('/api/v1/participants?limit=100').set(bearer(coordinator));
    expect(staff.body.items.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining([aParticipant, bParticipant]),
    );
  });

  it('de-duplication never reveals that B knows a person', async () => {
    const res = await t.http().post('/api/v1/participants').set(bearer(a.token)).send({
      fullName: 'Wang Fang',
      email: 'WANG.FANG@b.test',
      nationality: 'CN',
      dateOfBirth: '1995-01-20',
    });
    expect(res.status).toBe(201);
    expect(res.body.organizationId).toBe(a.orgId);
  });

  it('bodies that try to set a role, status or another organisation are refused', async () => {
    const before = await snapshotB();
    const role = await t
      .http()
      .post(`/api/v1/organizations/${a.orgId}/members`)
      .set(bearer(a.token))
      .send({
        email: 'boss@a.test',
        password: 'boss-password-1',
        displayName: 'Boss',
        role: 'admin',
      });
    expect(role.status).toBe(400);
    const moveMember = await t
      .http()
      .post(`/api/v1/organizations/${a.orgId}/members`)
      .set(bearer(a.token))
      .send({
        email: 'boss@a.test',
        password: 'boss-password-1',
        displayName: 'Boss',
        organizationId: b.orgId,
      });
    expect(moveMember.status).toBe(400);
    const status = await t
      .http()
      .patch(`/api/v1/organizations/${a.orgId}`)
      .set(bearer(a.token))
      .send({ status: 'approved' });
    expect(status.status).toBe(400);
    const users = await t.http().post('/api/v1/users').set(bearer(a.token)).send({
      email: 'boss@a.test',
      password: 'boss-password-1',
      displayName: 'Boss',
      role: 'ngo_member',
      organizationId: b.orgId,
    });
    expect(users.status).toBe(403);
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'boss@a.test'`)).rows[0]
        .n,
    ).toBe(0);
    expect(await snapshotB()).toEqual(before);
  });
});
