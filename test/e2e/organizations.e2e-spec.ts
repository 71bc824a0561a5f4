import { runSeed } from '../../src/scripts/seeds/run-seed';
import { approvalExpiresOn, todayIn } from '../../src/organizations/organization-status';
import { approvedMember, registerOrganization } from '../factories/organization.factory';
import { staffToken } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

const newParticipant = (fullName: string) => ({ fullName, nationality: 'PK' });

describe('organisations: registration, approval lifecycle, members', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  const counts = async () => {
    const r = await t.db.query(
      `SELECT (SELECT count(*) FROM organizations)::int AS orgs, (SELECT count(*) FROM users)::int AS users`,
    );
    return r.rows[0] as { orgs: number; users: number };
  };
  const orgRow = async (id: string) =>
    (await t.db.query(`SELECT * FROM organizations WHERE id = $1`, [id])).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    coordinator = await staffToken(t, 'coordinator');
  });
  afterAll(() => t.close());

  describe('POST /organizations/register', () => {
    const body = (suffix: string) => ({
      organization: {
        name: {
          en: `Hunza Relief Foundation ${suffix}`,
          zh: '罕萨救助基金会',
          ur: 'ہنزہ ریلیف فاؤنڈیشن',
        },
        type: 'ngo',
        country: 'PK',
        contactEmail: `info-${suffix}@hunza.test`,
        website: 'https://hunza.test',
        description: 'Relief work in Gilgit-Baltistan',
      },
      account: {
        email: `first-${suffix}@hunza.test`,
        password: 'member-password-1',
        displayName: 'Karim Baig',
      },
    });

    it('creates a pending organisation and its first ngo_member in one go, without a token', async () => {
      const res = await t.http().post('/api/v1/organizations/register').send(body('a'));
      expect(res.status).toBe(201);
      expect(res.body.organization).toMatchObject({
        status: 'pending',
        name: { en: 'Hunza Relief Foundation a', zh: '罕萨救助基金会', ur: 'ہنزہ ریلیف فاؤنڈیشن' },
        type: 'ngo',
        country: 'PK',
        registrationExpiresOn: null,
        approvedAt: null,
        version: 1,
      });
      expect(res.body.account).toMatchObject({
        email: 'first-a@hunza.test',
        role: 'ngo_member',
        organizationId: res.body.organization.id,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      const user = await t.db.query(`SELECT role, organization_id FROM users WHERE id = $1`, [
        res.body.account.id,
      ]);
      expect(user.rows[0]).toEqual({
        role: 'ngo_member',
        organization_id: res.body.organization.id,
      });
      const audit = await t.db.query(
        `SELECT action, actor_user_id FROM audit_events WHERE entity_id = $1 ORDER BY created_at`,
        [res.body.organization.id],
      );
      expect(audit.rows).toEqual([
        { action: 'organization.registered', actor_user_id: res.body.account.id },
      ]);
      const me = await t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer(await t.login('first-a@hunza.test', 'member-password-1')));
      expect(me.body).toMatchObject({
        role: 'ngo_member',
        organizationId: res.body.organization.id,
      });
    });

    it.each([
      [
        'a role on the account',
        (b: ReturnType<typeof body>) => ({ ...b, account: { ...b.account, role: 'admin' } }),
        'account.role',
      ],
      [
        'an organizationId on the account',
        (b: ReturnType<typeof body>) => ({
          ...b,
          account: { ...b.account, organizationId: '7d1c0c2e-8b5a-4c57-9d7e-3f0e6a1b2c3d' },
        }),
        'account.organizationId',
      ],
      [
        'a status on the organisation',
        (b: ReturnType<typeof body>) => ({
          ...b,
          organization: { ...b.organization, status: 'approved' },
        }),
        'organization.status',
      ],
      ['a top-level role', (b: ReturnType<typeof body>) => ({ ...b, role: 'coordinator' }), 'role'],
      [
        'a bad type and country',
        (b: ReturnType<typeof body>) => ({
          ...b,
          organization: { ...b.organization, type: 'church', country: 'XX' },
        }),
        'organization.type',
      ],
      [
        'a name without English',
        (b: ReturnType<typeof body>) => ({
          ...b,
          organization: { ...b.organization, name: { zh: '罕萨' } },
        }),
        'organization.name.en',
      ],
      [
        'a short password',
        (b: ReturnType<typeof body>) => ({ ...b, account: { ...b.account, password: 'short' } }),
        'account.password',
      ],
    ])('refuses %s with 400 and creates nothing', async (_label, mutate, field) => {
      const before = await counts();
      const res = await t
        .http()
        .post('/api/v1/organizations/register')
        .send(mutate(body('x')));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('answers 409 EMAIL_TAKEN for a used email and leaves no organisation behind', async () => {
      const before = await counts();
      const b = body('dup');
      b.account.email = 'FIRST-A@hunza.test';
      const res = await t.http().post('/api/v1/organizations/register').send(b);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EMAIL_TAKEN');
      expect(await counts()).toEqual(before);
    });

    it('limits registrations per address (REGISTRATIONS_PER_HOUR, default 20) with 429 RATE_LIMITED', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await t
          .http()
          .post('/api/v1/organizations/register')
          .set('X-Forwarded-For', '203.0.113.77')
          .send(body(`rl${i}`));
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
      }
      expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(statuses[20]).toBe(429);
      const rows = await t.db.query(
        `SELECT count(*)::int AS n FROM organizations WHERE contact_email LIKE 'info-rl%'`,
      );
      expect(rows.rows[0].n).toBe(20);
      // Another address is not affected.
      const other = await t
        .http()
        .post('/api/v1/organizations/register')
        .set('X-Forwarded-For', '203.0.113.78')
        .send(body('other-address'));
      expect(other.status).toBe(201);
    });
  });

  describe('approval lifecycle', () => {
    it('pending member is blocked from writes → approved (same token) → writes work → suspended → blocked → reinstated', async () => {
      const org = await registerOrganization(t, 'Karamay Test Association', {
        country: 'CN',
        zh: '克拉玛依友好协会',
      });
      const member = await t.login(org.email, org.password);

      // Pending: reads work, every write is 403 ORGANIZATION_NOT_APPROVED.
      expect(
        (await t.http().get(`/api/v1/organizations/${org.orgId}`).set(bearer(member))).body.status,
      ).toBe('pending');
      const blocked = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(member))
        .send(newParticipant('Wang Fang'));
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('ORGANIZATION_NOT_APPROVED');
      const blockedPatch = await t
        .http()
        .patch(`/api/v1/organizations/${org.orgId}`)
        .set(bearer(member))
        .send({ description: 'x' });
      expect(blockedPatch.body.code).toBe('ORGANIZATION_NOT_APPROVED');
      const blockedInvite = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/members`)
        .set(bearer(member))
        .send({
          email: 'second@karamay.test',
          password: 'member-password-2',
          displayName: 'Li Na',
        });
      expect(blockedInvite.body.code).toBe('ORGANIZATION_NOT_APPROVED');
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM participants WHERE organization_id = $1`,
            [org.orgId],
          )
        ).rows[0].n,
      ).toBe(0);

      // A member cannot approve itself.
      expect(
        (await t.http().post(`/api/v1/organizations/${org.orgId}/approve`).set(bearer(member)))
          .status,
      ).toBe(403);

      // Approved by a coordinator: takes effect at once, without a new login.
      const approved = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/approve`)
        .set(bearer(coordinator));
      expect(approved.status).toBe(200);
      // Counted from today in the organisation's own calendar (Karamay: China).
      const expected = approvalExpiresOn(todayIn('Asia/Shanghai', new Date()), 24);
      expect(approved.body).toMatchObject({
        status: 'approved',
        statusReason: null,
        registrationExpiresOn: expected,
        version: 2,
      });
      expect(approved.body.approvedAt).toEqual(expect.any(String));
      const outbox = await t.db.query(
        `SELECT entity_type FROM reminder_outbox WHERE entity_id = $1`,
        [org.orgId],
      );
      expect(outbox.rows).toEqual([{ entity_type: 'organization' }]);

      const created = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(member))
        .send(newParticipant('Wang Fang'));
      expect(created.status).toBe(201);
      expect(created.body.organizationId).toBe(org.orgId);

      // Suspended: blocked again at once, reads still work.
      const suspended = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/suspend`)
        .set(bearer(coordinator))
        .send({ reason: 'Contact details unverifiable' });
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({
        status: 'suspended',
        statusReason: 'Contact details unverifiable',
        registrationExpiresOn: null,
      });
      const again = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(member))
        .send(newParticipant('Li Na'));
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('ORGANIZATION_NOT_APPROVED');
      expect(
        (await t.http().get('/api/v1/participants').set(bearer(member))).body.items,
      ).toHaveLength(1);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM participants WHERE organization_id = $1`,
            [org.orgId],
          )
        ).rows[0].n,
      ).toBe(1);

      // Reinstated by approving again.
      const reinstated = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/approve`)
        .set(bearer(admin));
      expect(reinstated.body).toMatchObject({
        status: 'approved',
        statusReason: null,
        registrationExpiresOn: expected,
      });
      expect(
        (
          await t
            .http()
            .post('/api/v1/participants')
            .set(bearer(member))
            .send(newParticipant('Li Na'))
        ).status,
      ).toBe(201);

      const actions = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_type = 'organization' AND entity_id = $1 ORDER BY created_at`,
        [org.orgId],
      );
      expect(actions.rows.map((r) => r.action)).toEqual([
        'organization.registered',
        'organization.approved',
        'organization.suspended',
        'organization.approved',
      ]);
      expect(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM reminder_outbox WHERE entity_id = $1`, [
            org.orgId,
          ])
        ).rows[0].n,
      ).toBe(3);
    });

    it('rejects with a reason; the member stays blocked and the rejection is final', async () => {
      const org = await registerOrganization(t, 'Sost Test Traders', { type: 'enterprise' });
      const member = await t.login(org.email, org.password);
      const noReason = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/reject`)
        .set(bearer(coordinator))
        .send({});
      expect(noReason.status).toBe(400);
      expect((await orgRow(org.orgId)).status).toBe('pending');

      const rejected = await t
        .http()
        .post(`/api/v1/organizations/${org.orgId}/reject`)
        .set(bearer(coordinator))
        .send({ reason: 'Not an organisation working on exchanges' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        statusReason: 'Not an organisation working on exchanges',
      });
      // The member reads why, but cannot write.
      const own = await t.http().get(`/api/v1/organizations/${org.orgId}`).set(bearer(member));
      expect(own.body).toMatchObject({
        status: 'rejected',
        statusReason: 'Not an organisation working on exchanges',
      });
      expect(
        (
          await t
            .http()
            .post('/api/v1/participants')
            .set(bearer(member))
            .send(newParticipant('Sher Ali'))
        ).body.code,
      ).toBe('ORGANIZATION_NOT_APPROVED');

      const snapshot = await orgRow(org.orgId);
      for (const action of ['approve', 'reject', 'suspend']) {
        const res = await t
          .http()
          .post(`/api/v1/organizations/${org.orgId}/${action}`)
          .set(bearer(admin))
          .send({ reason: 'again' });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({
          code: 'INVALID_TRANSITION',
          details: { from: 'rejected', action },
        });
      }
      expect(await orgRow(org.orgId)).toEqual(snapshot);
    });

    it('refuses moves the state machine does not allow with 409 INVALID_TRANSITION and changes nothing', async () => {
      const pending = await registerOrganization(t, 'Pending Org');
      const before = await orgRow(pending.orgId);
      const suspend = await t
        .http()
        .post(`/api/v1/organizations/${pending.orgId}/suspend`)
        .set(bearer(coordinator))
        .send({ reason: 'x' });
      expect(suspend.status).toBe(409);
      expect(suspend.body.code).toBe('INVALID_TRANSITION');
      expect(await orgRow(pending.orgId)).toEqual(before);

      const approved = await approvedMember(t, 'Approved Org');
      const beforeApproved = await orgRow(approved.orgId);
      const reject = await t
        .http()
        .post(`/api/v1/organizations/${approved.orgId}/reject`)
        .set(bearer(coordinator))
        .send({ reason: 'x' });
      expect(reject.status).toBe(409);
      expect(await orgRow(approved.orgId)).toEqual(beforeApproved);
    });

    it('renews an approved organisation by approving it again (audited as renewed)', async () => {
      const m = await approvedMember(t, 'Renewed Org');
      await t.db.query(
        `UPDATE organizations SET registration_expires_on = '2026-02-01' WHERE id = $1`,
        [m.orgId],
      );
      const res = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/approve`)
        .set(bearer(coordinator));
      expect(res.status).toBe(200);
      expect(res.body.registrationExpiresOn).toBe(
        approvalExpiresOn(todayIn('Asia/Karachi', new Date()), 24),
      );
      const last = await t.db.query(
        `SELECT action, before->>'registrationExpiresOn' AS before_expiry FROM audit_events WHERE entity_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [m.orgId],
      );
      expect(last.rows[0]).toEqual({ action: 'organization.renewed', before_expiry: '2026-02-01' });
    });

    it('approving an approved organisation again keeps the days it had left, as a renewal does', async () => {
      const m = await approvedMember(t, 'Early Renewal Org');
      const ahead = approvalExpiresOn(todayIn('Asia/Karachi', new Date()), 3);
      await t.db.query(`UPDATE organizations SET registration_expires_on = $2 WHERE id = $1`, [
        m.orgId,
        ahead,
      ]);
      const res = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/approve`)
        .set(bearer(coordinator));
      expect(res.status).toBe(200);
      expect(res.body.registrationExpiresOn).toBe(approvalExpiresOn(ahead, 24));
    });

    it('answers 404 for an unknown organisation and 400 for a malformed id', async () => {
      expect(
        (
          await t
            .http()
            .post('/api/v1/organizations/00000000-0000-4000-8000-000000000000/approve')
            .set(bearer(coordinator))
        ).status,
      ).toBe(404);
      expect(
        (await t.http().get('/api/v1/organizations/nope').set(bearer(coordinator))).status,
      ).toBe(400);
    });
  });

  describe('GET and PATCH /organizations', () => {
    it('lets staff filter by status, type, country and search names in any script', async () => {
      const uni = await approvedMember(t, 'Kashgar Test University', {
        type: 'university',
        country: 'CN',
        zh: '喀什大学',
        ur: 'کاشغر یونیورسٹی',
      });
      const list = async (qs: string) =>
        (
          await t.http().get(`/api/v1/organizations?${qs}&limit=100`).set(bearer(coordinator))
        ).body.items.map((o: { id: string }) => o.id);
      expect(await list('q=%E5%96%80%E4%BB%80')).toEqual([uni.orgId]); // 喀什
      expect(await list(`q=${encodeURIComponent('کاشغر')}`)).toEqual([uni.orgId]);
      expect(await list('q=kashgar%20test%20UNIV')).toEqual([uni.orgId]);
      expect(await list('type=university&country=CN&status=approved')).toEqual([uni.orgId]);
      expect(await list('type=university&country=PK')).toEqual([]);
      const pending = await list('status=pending');
      const statuses = await t.db.query(`SELECT id FROM organizations WHERE status = 'pending'`);
      expect(pending.sort()).toEqual(statuses.rows.map((r) => r.id).sort());
      expect(
        (await t.http().get('/api/v1/organizations?status=nope').set(bearer(coordinator))).status,
      ).toBe(400);
    });

    it('lets a member edit its organisation but not its status, type or country', async () => {
      const m = await approvedMember(t, 'FM98 Test Radio', { type: 'media' });
      const ok = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(m.token))
        .send({ contactEmail: 'studio@fm98.test', website: null, version: 2 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        contactEmail: 'studio@fm98.test',
        website: null,
        version: 3,
      });
      const before = await orgRow(m.orgId);
      const status = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(m.token))
        .send({ status: 'approved', registrationExpiresOn: '2099-01-01' });
      expect(status.status).toBe(400);
      const type = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(m.token))
        .send({ type: 'ngo' });
      expect(type.status).toBe(403);
      const stale = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(m.token))
        .send({ description: 'x', version: 2 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const nulled = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(m.token))
        .send({ contactEmail: null });
      expect(nulled.status).toBe(400);
      expect(await orgRow(m.orgId)).toEqual(before);
      // Staff may change the type.
      const staff = await t
        .http()
        .patch(`/api/v1/organizations/${m.orgId}`)
        .set(bearer(coordinator))
        .send({ type: 'ngo' });
      expect(staff.body.type).toBe('ngo');
    });
  });

  describe('members', () => {
    it('lets an approved member invite a further member of its own organisation only', async () => {
      const m = await approvedMember(t, 'Gwadar Test Committee', { type: 'local_government' });
      const forged = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/members`)
        .set(bearer(m.token))
        .send({
          email: 'deputy@gwadar.test',
          password: 'deputy-password-1',
          displayName: 'Deputy',
          role: 'admin',
        });
      expect(forged.status).toBe(400);
      const forgedOrg = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/members`)
        .set(bearer(m.token))
        .send({
          email: 'deputy@gwadar.test',
          password: 'deputy-password-1',
          displayName: 'Deputy',
          organizationId: m.orgId,
        });
      expect(forgedOrg.status).toBe(400);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM users WHERE email = 'deputy@gwadar.test'`,
          )
        ).rows[0].n,
      ).toBe(0);

      const invited = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/members`)
        .set(bearer(m.token))
        .send({
          email: 'deputy@gwadar.test',
          password: 'deputy-password-1',
          displayName: 'Naseer Baloch',
        });
      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({
        role: 'ngo_member',
        organizationId: m.orgId,
        email: 'deputy@gwadar.test',
      });
      const deputy = await t.login('deputy@gwadar.test', 'deputy-password-1');
      expect(
        (await t.http().get('/api/v1/organizations').set(bearer(deputy))).body.items.map(
          (o: { id: string }) => o.id,
        ),
      ).toEqual([m.orgId]);

      const members = await t
        .http()
        .get(`/api/v1/organizations/${m.orgId}/members`)
        .set(bearer(deputy));
      expect(members.body.items.map((u: { email: string }) => u.email)).toEqual([
        m.email,
        'deputy@gwadar.test',
      ]);
      expect(JSON.stringify(members.body)).not.toMatch(/password/i);

      const taken = await t
        .http()
        .post(`/api/v1/organizations/${m.orgId}/members`)
        .set(bearer(m.token))
        .send({ email: 'DEPUTY@gwadar.test', password: 'deputy-password-1', displayName: 'Again' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('EMAIL_TAKEN');
      // Coordinators manage no users; an admin may add members to any organisation.
      expect(
        (
          await t
            .http()
            .post(`/api/v1/organizations/${m.orgId}/members`)
            .set(bearer(coordinator))
            .send({ email: 'c@gwadar.test', password: 'member-password-9', displayName: 'C' })
        ).status,
      ).toBe(403);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/organizations/${m.orgId}/members`)
            .set(bearer(admin))
            .send({ email: 'a@gwadar.test', password: 'member-password-9', displayName: 'A' })
        ).status,
      ).toBe(201);
    });
  });

  describe('OpenAPI', () => {
    it('documents the organisation and participant routes with their schemas', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      const register = doc.paths['/api/v1/organizations/register'].post;
      expect(register.security).toBeUndefined();
      expect(register.responses['201'].content['application/json'].schema.$ref).toMatch(
        /RegistrationResponse/,
      );
      expect(doc.components.schemas.NewOrganizationDto.properties.type.enum).toEqual([
        'ngo',
        'enterprise',
        'local_government',
        'university',
        'think_tank',
        'overseas_association',
        'media',
      ]);
      expect(doc.components.schemas.RegisterOrganizationDto.required).toEqual(
        expect.arrayContaining(['organization', 'account']),
      );
      expect(doc.paths['/api/v1/organizations/{id}/approve'].post.security).toEqual([
        { bearer: [] },
      ]);
      const importOp = doc.paths['/api/v1/participants/import'].post;
      expect(Object.keys(importOp.requestBody.content)).toEqual(['multipart/form-data']);
      expect(doc.paths['/api/v1/participants/export.csv'].get).toBeDefined();
      expect(doc.components.schemas.ParticipantResponse.properties.gender.enum).toEqual([
        'female',
        'male',
        'other',
        'undisclosed',
      ]);
      expect(doc.components.schemas.ImportResultResponse.required).toEqual(
        expect.arrayContaining(['created', 'duplicates', 'errors']),
      );
    });
  });

  describe('demo seed', () => {
    it('loads the essays’ organisations, members and people once; running it again adds nothing', async () => {
      const count = async () =>
        (
          await t.db.query(
            `SELECT (SELECT count(*) FROM organizations)::int AS o, (SELECT count(*) FROM participants)::int AS p, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM reminder_outbox WHERE entity_type = 'organization')::int AS r`,
          )
        ).rows[0];
      const before = await count();
      const first = await runSeed({ DATABASE_URL: t.env.DATABASE_URL });
      const afterFirst = await count();
      expect(afterFirst.o - before.o).toBe(8);
      expect(afterFirst.p - before.p).toBe(20);
      expect(afterFirst.r - before.r).toBe(7); // one outbox row per approved organisation
      const second = await runSeed({ DATABASE_URL: t.env.DATABASE_URL });
      expect(await count()).toEqual(afterFirst);
      expect(second.ids.get('org:Hunza Relief Foundation')).toBe(
        first.ids.get('org:Hunza Relief Foundation'),
      );
      expect(first.ids.get('participant:Wang Fang')).toEqual(expect.any(String));

      const hunza = await t.login('hunza.member@silkbridge.local', 'member-demo-2026');
      const people = await t
        .http()
        .get(`/api/v1/participants?q=${encodeURIComponent('عائشہ')}`)
        .set(bearer(hunza));
      expect(people.body.items.map((p: { fullName: string }) => p.fullName)).toEqual([
        'Ayesha Karim',
      ]);
      const sost = await t.login('sost.member@silkbridge.local', 'member-demo-2026');
      expect(
        (
          await t
            .http()
            .post('/api/v1/participants')
            .set(bearer(sost))
            .send({ fullName: 'X', nationality: 'PK' })
        ).body.code,
      ).toBe('ORGANIZATION_NOT_APPROVED');
      const gwadar = await t
        .http()
        .get(`/api/v1/organizations/${first.ids.get('org:Gwadar Port Municipal Committee')}`)
        .set(bearer(coordinator));
      expect(gwadar.body.registrationExpiresOn).toBe(
        approvalExpiresOn(approvalExpiresOn(todayIn('Asia/Karachi', new Date()), -23), 24),
      );
    });
  });
});
