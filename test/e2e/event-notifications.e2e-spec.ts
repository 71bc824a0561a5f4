import type { INestApplicationContext } from '@nestjs/common';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { SmtpSink, startSmtpSink } from '../utils/smtp-sink';
import { startWorkerProcess, WorkerProcess } from '../utils/worker-processes';
import { approvedMember, Member, registerOrganization } from '../factories/organization.factory';
import { createProgram } from '../factories/program.factory';
import { register } from '../factories/registration.factory';
import { createUser } from '../factories/user.factory';
import { createApplication, decide, move, review } from '../factories/application.factory';
import { insertParticipant } from '../factories/participant.factory';
import { createScheme } from '../factories/scholarship.factory';
import { waitFor } from '../utils/wait';

/** Positive signal that the workers are done: every recorded event is marked delivered. */
const everyEventDelivered = (t: TestApp) =>
  waitFor(
    async () =>
      Number(
        (await t.db.query(`SELECT count(*) FROM notification_events WHERE delivered_at IS NULL`))
          .rows[0].count,
      ) === 0,
    20000,
    'every event delivered',
  );

/**
 * The contract's events (API-CONTRACT "Reminders and notifications"): each tells its recipients
 * once, in the app and by email when they want email, in their language, within seconds of the
 * change (enqueued after commit); the outbox sweep is only the safety net.
 */
describe('event notifications (e2e)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url });
    worker = await t.startWorker();
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const api = (token: string) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body: object = {}) =>
      t.http().post(`/api/v1${path}`).set(bearer(token)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(`/api/v1${path}`).set(bearer(token)).send(body),
  });

  type Note = { kind: string; entityId: string; title: string; body: string };
  const inbox = async (token: string, kind: string): Promise<Note[]> => {
    const res = await api(token).get('/notifications?limit=100');
    expect(res.status).toBe(200);
    return (res.body.items as Note[]).filter((n) => n.kind === kind);
  };

  const allDelivered = () => everyEventDelivered(t);
  const mailsTo = (address: string, key: string) =>
    sink.messages.filter((m) => m.envelopeTo.includes(address) && m.deliveryKey.includes(key));

  const setProfile = async (token: string, body: object) =>
    expect((await api(token).patch('/auth/me', body)).status).toBe(200);

  it('a registration tells every coordinator within 5 s, in their language; email only to those who want it', async () => {
    const zhCoord = await createUser(t, 'coordinator');
    const quietCoord = await createUser(t, 'coordinator');
    await setProfile(zhCoord.token, { locale: 'zh' });
    await setProfile(quietCoord.token, { emailNotifications: false });
    const zhEmail = (await api(zhCoord.token).get('/auth/me')).body.email as string;
    const quietEmail = (await api(quietCoord.token).get('/auth/me')).body.email as string;

    const org = await registerOrganization(t, 'Hunza Women Weavers', { zh: '罕萨女织工协会' });
    // In the inbox within 5 s: enqueued as the registration commits, not at the next sweep.
    const [note] = await waitFor(
      async () => {
        const got = await inbox(zhCoord.token, 'organization_registered');
        return got.length > 0 && got;
      },
      5000,
      'organization_registered in the inbox',
    );
    expect(note.entityId).toBe(org.orgId);
    expect(note.title).toBe('有新机构待审核：罕萨女织工协会');
    await allDelivered();

    expect(await inbox(zhCoord.token, 'organization_registered')).toHaveLength(1);
    expect(await inbox(quietCoord.token, 'organization_registered')).toHaveLength(1);
    expect(await inbox(await t.adminToken(), 'organization_registered')).toHaveLength(0);
    const member = await t.login(org.email, org.password);
    expect(await inbox(member, 'organization_registered')).toHaveLength(0);
    const key = `event:`;
    expect(mailsTo(zhEmail, key).map((m) => m.subject)).toEqual(['有新机构待审核：罕萨女织工协会']);
    expect(mailsTo(quietEmail, key)).toHaveLength(0);
  });

  it('approval, rejection (with its reason) and suspension tell the organisation’s members, in Urdu for an Urdu reader', async () => {
    const coord = await createUser(t, 'coordinator');
    const org = await registerOrganization(t, 'Gwadar Fishermen Welfare', {
      ur: 'گوادر ماہی گیر ویلفیئر',
    });
    const member = await t.login(org.email, org.password);
    await setProfile(member, { locale: 'ur' });
    expect((await api(coord.token).post(`/organizations/${org.orgId}/approve`)).status).toBe(200);
    expect(
      (await api(coord.token).post(`/organizations/${org.orgId}/suspend`, { reason: 'audit' }))
        .status,
    ).toBe(200);
    await allDelivered();
    const notes = await inbox(member, 'organization_status');
    expect(notes.map((n) => n.title)).toEqual([
      'آپ کا ادارہ معطل کر دیا گیا',
      'آپ کا ادارہ منظور ہو گیا',
    ]);
    expect(notes[1].body).toContain('گوادر ماہی گیر ویلفیئر');
    const mails = mailsTo(org.email, 'event:');
    expect(mails.map((m) => m.subject).sort()).toEqual(
      ['آپ کا ادارہ منظور ہو گیا', 'آپ کا ادارہ معطل کر دیا گیا'].sort(),
    );
    // Right to left in the email too.
    expect(mails[0].html).toContain('dir="rtl"');

    const other = await registerOrganization(t, 'Karakoram Snow Removal Volunteers');
    expect(
      (
        await api(coord.token).post(`/organizations/${other.orgId}/reject`, {
          reason: 'Registration certificate missing',
        })
      ).status,
    ).toBe(200);
    await allDelivered();
    const otherMember = await t.login(other.email, other.password);
    const [rejected] = await inbox(otherMember, 'organization_status');
    expect(rejected.title).toBe('Your organisation was not approved');
    expect(rejected.body).toContain('Reason: Registration certificate missing');
    // Nobody else's members hear of it.
    expect(await inbox(member, 'organization_status')).toHaveLength(2);
  });

  it('a scholarship decision tells the applicant’s organisation', async () => {
    const coord = await createUser(t, 'coordinator');
    const ngo: Member = await approvedMember(t, 'Tashkurgan Teachers Union', {
      country: 'CN',
      zh: '塔什库尔干教师联合会',
    });
    await setProfile(ngo.token, { locale: 'zh' });
    const other = await approvedMember(t, 'Bystander NGO');
    const scheme = await createScheme(t, coord.token, {
      name: { en: 'Friendship Scholarship', zh: '友谊奖学金' },
    });
    const awardee = await insertParticipant(t.db, {
      organizationId: ngo.orgId,
      fullName: 'Aygul Tursun',
    });
    const turnedDown = await insertParticipant(t.db, {
      organizationId: ngo.orgId,
      fullName: 'Li Wei',
    });
    const apps: string[] = [];
    for (const p of [awardee, turnedDown]) {
      const app = await createApplication(t, ngo.token, scheme.id, p);
      await move(t, ngo.token, app, 'submit');
      await review(t, coord.token, app, 80);
      apps.push(app);
    }
    expect((await decide(t, coord.token, apps[0], 'award')).status).toBe(200);
    expect((await decide(t, coord.token, apps[1], 'reject')).status).toBe(200);
    await allDelivered();

    const notes = await inbox(ngo.token, 'application_decision');
    expect(notes.map((n) => [n.entityId, n.title]).sort()).toEqual(
      [
        [apps[0], '奖学金已授予：Aygul Tursun'],
        [apps[1], '奖学金申请未获通过：Li Wei'],
      ].sort(),
    );
    expect(notes.find((n) => n.entityId === apps[0])!.body).toBe('Aygul Tursun已获得友谊奖学金。');
    expect(await inbox(other.token, 'application_decision')).toHaveLength(0);
    expect(mailsTo(ngo.email, 'event:').filter((m) => m.subject.includes('奖学金'))).toHaveLength(
      2,
    );
  });

  it('a waitlisted seat confirmed tells the registering organisation, once', async () => {
    const coord = await createUser(t, 'coordinator');
    const ngo = await approvedMember(t, 'Karamay Youth League');
    const program = await createProgram(t, coord.token, {
      title: { en: 'Karamay–Gwadar Youth Exchange' },
      capacity: 1,
    });
    const first = await insertParticipant(t.db, {
      organizationId: ngo.orgId,
      fullName: 'Sana Mir',
    });
    const second = await insertParticipant(t.db, {
      organizationId: ngo.orgId,
      fullName: 'Bilal Ahmed',
    });
    const a = await register(t, ngo.token, program.id, first);
    const b = await register(t, ngo.token, program.id, second);
    expect([a.body.status, b.body.status]).toEqual(['confirmed', 'waitlisted']);
    expect((await api(ngo.token).post(`/registrations/${a.body.id}/cancel`)).status).toBe(200);
    await allDelivered();
    const notes = await inbox(ngo.token, 'registration_status');
    expect(notes.map((n) => [n.entityId, n.title])).toEqual([
      [b.body.id, 'A seat for Bilal Ahmed in Karamay–Gwadar Youth Exchange'],
    ]);
  });

  it('new dates tell the registered organisations, with the dates in the program’s own zone', async () => {
    const coord = await createUser(t, 'coordinator');
    const ngo = await approvedMember(t, 'Gilgit Clinic Drivers');
    const bystander = await approvedMember(t, 'Not Registered NGO');
    const program = await createProgram(t, coord.token, {
      title: { en: 'Cataract Operation Tour' },
    });
    const person = await insertParticipant(t.db, {
      organizationId: ngo.orgId,
      fullName: 'Imran Ali',
    });
    expect((await register(t, ngo.token, program.id, person)).status).toBe(201);
    // Only the registration deadline moves: nobody needs telling.
    const deadline = await api(coord.token).patch(`/programs/${program.id}`, {
      registrationDeadline: '2027-05-20T23:59:00+05:00',
    });
    expect(deadline.status).toBe(200);
    const moved = await api(coord.token).patch(`/programs/${program.id}`, {
      startsAt: '2027-06-14T09:00:00+05:00',
      endsAt: '2027-06-19T18:00:00+05:00',
    });
    expect(moved.status).toBe(200);
    await allDelivered();
    const notes = await inbox(ngo.token, 'program_changed');
    expect(notes.map((n) => [n.title, n.body])).toEqual([
      [
        'New dates: Cataract Operation Tour',
        'Cataract Operation Tour now takes place from 14 Jun 2027, 09:00 PKT to 19 Jun 2027, 18:00 PKT.',
      ],
    ]);
    expect(await inbox(bystander.token, 'program_changed')).toHaveLength(0);
  });

  it('expiry: an expired organisation cannot write (403 ORGANIZATION_EXPIRED) and its members are told once; renewal restores writes', async () => {
    const coord = await createUser(t, 'coordinator');
    const ngo = await approvedMember(t, 'Solar Lighting Gilgit');
    const other = await approvedMember(t, 'Still Valid NGO');
    await t.db.query(
      `UPDATE organizations SET registration_expires_on = current_date - 2 WHERE id = $1`,
      [ngo.orgId],
    );
    const write = () =>
      api(ngo.token).post('/participants', { fullName: 'Nadia Karim', nationality: 'PK' });
    const refused = await write();
    expect([refused.status, refused.body.code]).toEqual([403, 'ORGANIZATION_EXPIRED']);
    const refusedZh = await api(ngo.token)
      .post('/participants', { fullName: 'Nadia Karim', nationality: 'PK' })
      .set('Accept-Language', 'zh');
    expect(refusedZh.body).toMatchObject({ code: 'ORGANIZATION_EXPIRED' });
    expect(refusedZh.body.message).toContain('过期');
    expect((await api(ngo.token).get('/participants')).status).toBe(200);
    expect(
      Number(
        (
          await t.db.query(`SELECT count(*) FROM participants WHERE organization_id = $1`, [
            ngo.orgId,
          ])
        ).rows[0].count,
      ),
    ).toBe(0);

    const { OrganizationExpiry } = await import('../../src/organizations/organization-expiry.cron');
    // The worker's periodic job, run now rather than wait for its period.
    const expiry = worker.get(OrganizationExpiry, { strict: false });
    expect(await expiry.run()).toEqual({ told: 1 });
    // Once per expiry date: a second run tells nobody again.
    expect(await expiry.run()).toEqual({ told: 0 });
    await allDelivered();
    const [expired] = await inbox(ngo.token, 'organization_status');
    expect(expired.title).toBe("Your organisation's registration has expired");
    expect((await inbox(other.token, 'organization_status')).map((n) => n.title)).toEqual([
      'Your organisation was approved',
    ]);

    const renewed = await api(coord.token).post(`/organizations/${ngo.orgId}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.registrationExpiresOn > new Date().toISOString().slice(0, 10)).toBe(true);
    expect((await write()).status).toBe(201);
    // Only approved registrations renew.
    const pending = await registerOrganization(t, 'Pending NGO');
    const bad = await api(coord.token).post(`/organizations/${pending.orgId}/renew`);
    expect([bad.status, bad.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    // Members may not renew themselves.
    expect((await api(ngo.token).post(`/organizations/${ngo.orgId}/renew`)).status).toBe(403);
  });

  it('events recorded while Redis was unreachable are delivered by the sweep', async () => {
    const { EventsSweep } = await import('../../src/notifications/events/sweep-events.cron');
    await t.db.query(
      `INSERT INTO notification_events (kind, entity_type, entity_id, audience, params, created_at)
       VALUES ('organization_registered', 'organization', gen_random_uuid(), '{"roles":["admin"]}',
               '{"organization":{"en":"Lost Enqueue NGO"}}', now() - interval '1 minute')`,
    );
    // The sweep is the worker's; run it now rather than wait for its period.
    const swept = await worker.get(EventsSweep, { strict: false }).run();
    expect(swept.enqueued).toBe(1);
    await allDelivered();
    const notes = await inbox(await t.adminToken(), 'organization_registered');
    expect(notes.map((n) => n.title)).toEqual(['New organisation to review: Lost Enqueue NGO']);
  });

  it('an event whose email is refused to the last attempt is marked failed and left out of the sweep; a retry delivers it', async () => {
    const { EventsSweep } = await import('../../src/notifications/events/sweep-events.cron');
    const { EventsProcessor } = await import('../../src/notifications/events/events.processor');
    const refused = 'refused-always@test.local';
    const [{ id }] = (
      await t.db.query(
        `INSERT INTO notification_events (kind, entity_type, entity_id, audience, params, created_at)
         VALUES ('organization_registered', 'organization', gen_random_uuid(), $1,
                 '{"organization":{"en":"Refused NGO"}}', now() - interval '1 minute')
         RETURNING id`,
        [
          JSON.stringify({
            people: [{ key: 'person:refused', email: refused, name: 'Refused', locale: 'en' }],
          }),
        ],
      )
    ).rows;
    const processor = worker.get(EventsProcessor, { strict: false });
    const attempt = (attemptsMade: number) =>
      processor.process({
        name: 'event.deliver',
        data: { eventId: id },
        attemptsMade,
        opts: { attempts: 8 },
      } as never);
    const event = async () =>
      (
        await t.db.query(
          `SELECT failed_at, last_error, delivered_at FROM notification_events WHERE id = $1`,
          [id],
        )
      ).rows[0];
    sink.rejectRcpt.add(refused);
    try {
      await expect(attempt(0)).rejects.toThrow(/email failed for 1 recipient/);
      expect((await event()).failed_at).toBeNull();
      await expect(attempt(7)).rejects.toThrow(/email failed for 1 recipient/);
    } finally {
      sink.rejectRcpt.clear();
    }
    expect(await event()).toMatchObject({
      failed_at: expect.any(Date),
      last_error: expect.stringMatching(/mailbox unavailable/),
      delivered_at: null,
    });
    const swept = await worker.get(EventsSweep, { strict: false }).run();
    expect(swept.enqueued).toBe(0);

    // An admin's retry from the dashboard, with the address fixed on the server's side.
    await expect(attempt(0)).resolves.toMatchObject({ outcome: 'delivered', emails: 1 });
    expect((await event()).delivered_at).toEqual(expect.any(Date));
    expect(mailsTo(refused, `event:${id}`)).toHaveLength(1);
  });
});

describe('program cancelled with two workers running (e2e)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url });
    for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess({ ...t.env }));
  });

  afterAll(async () => {
    for (const w of workers) await w.kill().catch(() => undefined);
    await t?.close();
    await sink?.close();
  });

  it('each member and each confirmed person hears of it exactly once, in their language', async () => {
    const coord = await createUser(t, 'coordinator');
    const pk = await approvedMember(t, 'Hunza Friendship School');
    const cn = await approvedMember(t, 'Kashgar Teachers College', { country: 'CN' });
    await t.http().patch('/api/v1/auth/me').set(bearer(cn.token)).send({ locale: 'zh' });
    const program = await createProgram(t, coord.token, {
      title: { en: 'Tashkurgan–Hunza Teacher Exchange', zh: '塔什库尔干—罕萨教师交流' },
      capacity: 2,
    });
    const people = [
      { org: pk, name: 'Ayesha Khan', email: 'ayesha@people.test', nationality: 'PK' },
      { org: cn, name: 'Wang Fang', email: 'wang@people.test', nationality: 'CN' },
      { org: cn, name: 'Zhao Lei', email: 'zhao@people.test', nationality: 'CN' },
    ];
    for (const p of people) {
      const { rows } = await t.db.query(
        `INSERT INTO participants (organization_id, full_name, name_key, nationality, email)
         VALUES ($1, $2, lower($2), $3, $4) RETURNING id`,
        [p.org.orgId, p.name, p.nationality, p.email],
      );
      expect((await register(t, p.org.token, program.id, rows[0].id)).status).toBe(201);
    }

    const cancel = await t
      .http()
      .patch(`/api/v1/programs/${program.id}`)
      .set(bearer(coord.token))
      .send({ status: 'cancelled' });
    expect(cancel.status).toBe(200);

    await everyEventDelivered(t);
    const { rows: notes } = await t.db.query(
      `SELECT user_id, title FROM notifications WHERE kind = 'program_changed' ORDER BY title`,
    );
    expect(notes.map((n) => [n.user_id, n.title]).sort()).toEqual(
      [
        [pk.userId, 'Cancelled: Tashkurgan–Hunza Teacher Exchange'],
        [cn.userId, '已取消：塔什库尔干—罕萨教师交流'],
      ].sort(),
    );
    const { rows: events } = await t.db.query(
      `SELECT id FROM notification_events WHERE kind = 'program_changed'`,
    );
    expect(events).toHaveLength(1);
    const cancelMails = sink.messages.filter((m) =>
      m.deliveryKey.startsWith(`event:${events[0].id}:`),
    );
    const byAddress = new Map<string, string[]>();
    for (const m of cancelMails)
      for (const to of m.envelopeTo) byAddress.set(to, [...(byAddress.get(to) ?? []), m.subject]);
    // Ayesha and Wang hold the two seats; Zhao is waitlisted, so not told by email.
    expect(Object.fromEntries(byAddress)).toEqual({
      [pk.email]: ['Cancelled: Tashkurgan–Hunza Teacher Exchange'],
      [cn.email]: ['已取消：塔什库尔干—罕萨教师交流'],
      'ayesha@people.test': ['منسوخ: Tashkurgan–Hunza Teacher Exchange'],
      'wang@people.test': ['已取消：塔什库尔干—罕萨教师交流'],
    });
  });
});
