import * as nodeIcal from 'node-ical';
import { Clock } from '../../src/common/clock';
import { createCity } from '../factories/city.factory';
import { insertOrganization } from '../factories/organization.factory';
import { insertParticipant, insertParticipants } from '../factories/participant.factory';
import { createProgram, programBody } from '../factories/program.factory';
import { register } from '../factories/registration.factory';
import { createUser } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

describe('programs, registrations and calendars', () => {
  let t: TestApp;
  let coord: { id: string; token: string };
  let orgA: string;
  let orgB: string;
  let memberA: string;
  let memberB: string;
  let partnershipId: string;
  const city: Record<string, string> = {};

  const q = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)).rows;
  const statusesOf = async (programId: string) =>
    (
      await q(
        `SELECT status, count(*)::int AS n FROM registrations WHERE program_id = $1 GROUP BY status`,
        [programId],
      )
    ).reduce(
      (acc: Record<string, number>, r: { status: string; n: number }) => ({
        ...acc,
        [r.status]: r.n,
      }),
      {},
    );

  beforeAll(async () => {
    t = await createTestApp();
    coord = await createUser(t, 'coordinator');
    orgA = await insertOrganization(t.db, { name: 'Hunza Relief Foundation' });
    orgB = await insertOrganization(t.db, { name: 'Gwadar Youth Forum' });
    memberA = (await createUser(t, 'ngo_member', orgA)).token;
    memberB = (await createUser(t, 'ngo_member', orgB)).token;
    for (const key of ['Karamay', 'Gwadar', 'Kashgar'] as const)
      city[key] = await createCity(t, coord.token, key);
    const p = await t.http().post('/api/v1/partnerships').set(bearer(coord.token)).send({
      cityAId: city.Karamay,
      cityBId: city.Gwadar,
      kind: 'sister_city',
      status: 'active',
      establishedOn: '2015-04-20',
    });
    partnershipId = p.body.id;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  describe('programs', () => {
    it('creates a program coordinated by its creator, with times in its own zone, and touches the outbox', async () => {
      const res = await t
        .http()
        .post('/api/v1/programs')
        .set(bearer(coord.token))
        .send(
          programBody({
            title: { en: 'Gwadar Port Youth Exchange', zh: '瓜达尔港青年交流' },
            partnershipId,
            cityId: city.Gwadar,
            startsAt: '2027-06-07T04:00:00Z',
            organizationIds: [orgA],
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        coordinatorId: coord.id,
        status: 'open',
        startsAt: '2027-06-07T09:00:00.000+05:00',
        endsAt: '2027-06-12T18:00:00.000+05:00',
        registrationDeadline: '2027-05-15T23:59:00.000+05:00',
        timeZone: 'Asia/Karachi',
        capacity: 10,
        confirmedCount: 0,
        seatsLeft: 10,
        registrationOpen: true,
        organizationIds: [orgA],
      });
      expect(
        await q(`SELECT entity_type FROM reminder_outbox WHERE entity_id = $1`, [res.body.id]),
      ).toEqual([{ entity_type: 'program' }]);
      // Public catalogue: an ngo_member reads it, but sees only its own organisation among the participants.
      const asB = await t.http().get(`/api/v1/programs/${res.body.id}`).set(bearer(memberB));
      expect(asB.status).toBe(200);
      expect(asB.body.organizationIds).toEqual([]);
    });

    it('refuses bad dates and references with clear codes, and writes nothing', async () => {
      const before = (await q(`SELECT count(*)::int AS n FROM programs`))[0].n;
      const cases: [Record<string, unknown>, number, string, string?][] = [
        [{ endsAt: '2027-06-01T00:00:00+05:00' }, 422, 'INVALID_DATE_RANGE', 'endsAt'],
        [
          { registrationDeadline: '2027-06-08T00:00:00+05:00' },
          422,
          'DEADLINE_AFTER_START',
          'registrationDeadline',
        ],
        [{ timeZone: 'Mars/Olympus' }, 400, 'VALIDATION_FAILED', 'timeZone'],
        [{ startsAt: '2027-06-07T09:00:00' }, 400, 'VALIDATION_FAILED', 'startsAt'],
        [{ capacity: 0 }, 400, 'VALIDATION_FAILED', 'capacity'],
        [{ type: 'party' }, 400, 'VALIDATION_FAILED', 'type'],
        [{ status: 'cancelled' }, 400, 'VALIDATION_FAILED', 'status'],
        [
          { partnershipId: '00000000-0000-4000-8000-000000000000' },
          422,
          'REFERENCE_NOT_FOUND',
          'partnershipId',
        ],
        [
          { organizationIds: ['00000000-0000-4000-8000-000000000000'] },
          422,
          'REFERENCE_NOT_FOUND',
          'organizationIds',
        ],
      ];
      for (const [override, status, code, field] of cases) {
        const res = await t
          .http()
          .post('/api/v1/programs')
          .set(bearer(coord.token))
          .send(programBody(override));
        expect([res.status, res.body.code]).toEqual([status, code]);
        if (field)
          expect(res.body.details).toEqual(
            expect.arrayContaining([expect.objectContaining({ field })]),
          );
      }
      expect(
        (await t.http().post('/api/v1/programs').set(bearer(memberA)).send(programBody())).status,
      ).toBe(403);
      expect((await q(`SELECT count(*)::int AS n FROM programs`))[0].n).toBe(before);
    });

    it('follows the lifecycle planned → open → in_progress → completed; anything else is 409 INVALID_TRANSITION', async () => {
      const { id } = await createProgram(t, coord.token, { status: 'planned' });
      const patch = (body: Record<string, unknown>) =>
        t.http().patch(`/api/v1/programs/${id}`).set(bearer(coord.token)).send(body);
      const outbox = async () =>
        (await q(`SELECT count(*)::int AS n FROM reminder_outbox WHERE entity_id = $1`, [id]))[0].n;
      expect([(await patch({ status: 'completed' })).body.code]).toEqual(['INVALID_TRANSITION']);
      expect((await patch({ status: 'open' })).body.status).toBe('open');
      expect((await patch({ status: 'planned' })).status).toBe(409);
      expect((await patch({ status: 'in_progress' })).body.status).toBe('in_progress');
      const n = await outbox();
      expect((await patch({ status: 'completed' })).body.status).toBe('completed');
      expect(await outbox()).toBe(n + 1); // completing touches the outbox
      const late = await patch({ status: 'cancelled' });
      expect([late.status, late.body.code]).toEqual([409, 'INVALID_TRANSITION']);

      const other = await createProgram(t, coord.token);
      const n2 = (
        await q(`SELECT count(*)::int AS n FROM reminder_outbox WHERE entity_id = $1`, [other.id])
      )[0].n;
      const moved = await t
        .http()
        .patch(`/api/v1/programs/${other.id}`)
        .set(bearer(coord.token))
        .send({ title: { en: 'Renamed' } });
      expect(moved.body.title).toEqual({ en: 'Renamed' });
      const dated = await t
        .http()
        .patch(`/api/v1/programs/${other.id}`)
        .set(bearer(coord.token))
        .send({ startsAt: '2027-06-08T09:00:00+05:00' });
      expect(dated.body.startsAt).toBe('2027-06-08T09:00:00.000+05:00');
      const cancelled = await t
        .http()
        .patch(`/api/v1/programs/${other.id}`)
        .set(bearer(coord.token))
        .send({ status: 'cancelled' });
      expect(cancelled.body.status).toBe('cancelled');
      // title-only edit: no touch; date change and cancel: one each.
      expect(
        (
          await q(`SELECT count(*)::int AS n FROM reminder_outbox WHERE entity_id = $1`, [other.id])
        )[0].n,
      ).toBe(n2 + 2);
      const badDates = await t
        .http()
        .patch(`/api/v1/programs/${other.id}`)
        .set(bearer(coord.token))
        .send({ endsAt: '2027-01-01T00:00:00Z' });
      expect([badDates.status, badDates.body.code]).toEqual([422, 'INVALID_DATE_RANGE']);
      expect(
        (await q(`SELECT ends_at, version FROM programs WHERE id = $1`, [other.id]))[0],
      ).toEqual({ ends_at: new Date('2027-06-12T13:00:00Z'), version: 4 });
    });

    it('filters the catalogue by status, type, partnership, city, period and text', async () => {
      const shanghai = await createProgram(t, coord.token, {
        title: { en: 'CPEC Think-Tank Seminar', zh: '中巴经济走廊智库研讨会' },
        type: 'think_tank',
        cityId: city.Kashgar,
        timeZone: 'Asia/Shanghai',
        startsAt: '2028-10-16T09:00:00+08:00',
        endsAt: '2028-10-17T17:30:00+08:00',
        registrationDeadline: '2028-10-01T18:00:00+08:00',
      });
      const ids = async (qs: string) =>
        (await t.http().get(`/api/v1/programs?${qs}`).set(bearer(memberA))).body.items.map(
          (p: { id: string }) => p.id,
        );
      expect(await ids('type=think_tank')).toEqual([shanghai.id]);
      expect(await ids(`cityId=${city.Kashgar}`)).toEqual([shanghai.id]);
      expect(await ids(`q=${encodeURIComponent('智库')}`)).toEqual([shanghai.id]);
      expect(await ids('from=2028-01-01T00:00:00Z')).toEqual([shanghai.id]);
      expect(await ids('to=2028-01-01T00:00:00Z')).not.toContain(shanghai.id);
      expect(await ids('from=2028-10-18&to=2028-10-20')).toEqual([]); // ended 17 Oct 09:30 UTC
      expect(await ids('from=2028-10-16&to=2028-10-16')).toEqual([shanghai.id]);
      expect(await ids('to=2028-10-15')).not.toContain(shanghai.id);
      expect(await ids(`partnershipId=${partnershipId}&status=open`)).toHaveLength(1);
      const bad = await t.http().get('/api/v1/programs?status=done').set(bearer(memberA));
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('registrations', () => {
    it('capacity 3 with 5 registrations: 3 confirmed, 2 waitlisted in order; cancelling one confirms the first waitlisted', async () => {
      const { id } = await createProgram(t, coord.token, { partnershipId, capacity: 3 });
      const people = await insertParticipants(t.db, orgA, 5);
      const regs = [];
      for (const p of people) {
        const res = await register(t, memberA, id, p);
        expect(res.status).toBe(201);
        regs.push(res.body);
      }
      expect(regs.map((r) => r.status)).toEqual([
        'confirmed',
        'confirmed',
        'confirmed',
        'waitlisted',
        'waitlisted',
      ]);
      expect(regs.map((r) => r.waitlistPosition)).toEqual([null, null, null, 1, 2]);
      expect(await statusesOf(id)).toEqual({ confirmed: 3, waitlisted: 2 });
      expect(
        (await q(`SELECT confirmed_count FROM programs WHERE id = $1`, [id]))[0].confirmed_count,
      ).toBe(3);

      const cancel = await t
        .http()
        .post(`/api/v1/registrations/${regs[1].id}/cancel`)
        .set(bearer(memberA));
      expect(cancel.status).toBe(200);
      expect(cancel.body.status).toBe('cancelled');
      const list = await t.http().get(`/api/v1/programs/${id}/registrations`).set(bearer(memberA));
      const byId = Object.fromEntries(list.body.items.map((r: { id: string }) => [r.id, r]));
      expect(byId[regs[3].id]).toMatchObject({ status: 'confirmed', waitlistPosition: null });
      expect(byId[regs[4].id]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      expect(await statusesOf(id)).toEqual({ confirmed: 3, waitlisted: 1, cancelled: 1 });
      expect(
        (await q(`SELECT confirmed_count FROM programs WHERE id = $1`, [id]))[0].confirmed_count,
      ).toBe(3);

      // Cancelling a waitlisted one moves no seat; cancelling twice is refused.
      await t
        .http()
        .post(`/api/v1/registrations/${regs[4].id}/cancel`)
        .set(bearer(memberA))
        .expect(200);
      const twice = await t
        .http()
        .post(`/api/v1/registrations/${regs[4].id}/cancel`)
        .set(bearer(memberA));
      expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      expect(await statusesOf(id)).toEqual({ confirmed: 3, cancelled: 2 });
      expect(
        await q(`SELECT organization_id FROM program_organizations WHERE program_id = $1`, [id]),
      ).toEqual([{ organization_id: orgA }]);
    });

    it('answers 409 ALREADY_REGISTERED for the same participant twice (a cancelled one may come back)', async () => {
      const { id } = await createProgram(t, coord.token, { capacity: 5 });
      const person = await insertParticipant(t.db, { organizationId: orgA });
      const first = await register(t, memberA, id, person);
      const again = await register(t, coord.token, id, person);
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REGISTERED']);
      expect(await statusesOf(id)).toEqual({ confirmed: 1 });
      await t
        .http()
        .post(`/api/v1/registrations/${first.body.id}/cancel`)
        .set(bearer(memberA))
        .expect(200);
      expect((await register(t, memberA, id, person)).status).toBe(201);
    });

    it('answers 422 REGISTRATION_CLOSED after the deadline and when the program is not open', async () => {
      const past = await createProgram(t, coord.token, {
        startsAt: '2020-06-07T09:00:00+05:00',
        endsAt: '2020-06-08T09:00:00+05:00',
        registrationDeadline: '2020-05-01T00:00:00+05:00',
      });
      const person = await insertParticipant(t.db, { organizationId: orgA });
      const late = await register(t, memberA, past.id, person);
      expect([late.status, late.body.code]).toEqual([422, 'REGISTRATION_CLOSED']);

      // Time travel instead of sleeping: one millisecond after the deadline.
      const soon = await createProgram(t, coord.token, {
        registrationDeadline: '2027-05-15T23:59:00+05:00',
      });
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-05-15T18:59:00.001Z'));
      const justLate = await register(t, memberA, soon.id, person);
      expect([justLate.status, justLate.body.code]).toEqual([422, 'REGISTRATION_CLOSED']);
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-05-15T18:59:00.000Z'));
      expect((await register(t, memberA, soon.id, person)).status).toBe(201);

      const planned = await createProgram(t, coord.token, { status: 'planned' });
      const notOpen = await register(t, memberA, planned.id, person);
      expect([notOpen.status, notOpen.body.code]).toEqual([422, 'REGISTRATION_CLOSED']);
      expect(
        (
          await q(
            `SELECT count(*)::int AS n FROM registrations WHERE program_id = ANY($1::uuid[])`,
            [[past.id, planned.id]],
          )
        )[0].n,
      ).toBe(0);
    });

    it('50 concurrent registrations for 10 seats: exactly 10 confirmed, 40 waitlisted in a gapless order', async () => {
      const { id } = await createProgram(t, coord.token, { capacity: 10 });
      const people = await insertParticipants(t.db, orgA, 50);
      const results = await Promise.all(people.map((p) => register(t, memberA, id, p)));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(10);
      expect(await statusesOf(id)).toEqual({ confirmed: 10, waitlisted: 40 });
      expect(
        (await q(`SELECT confirmed_count FROM programs WHERE id = $1`, [id]))[0].confirmed_count,
      ).toBe(10);
      // Every confirmed one arrived before every waitlisted one (seats handed out in arrival order).
      const order = await q(
        `SELECT status FROM registrations WHERE program_id = $1 ORDER BY created_at, id`,
        [id],
      );
      expect(order.map((r: { status: string }) => r.status)).toEqual([
        ...Array(10).fill('confirmed'),
        ...Array(40).fill('waitlisted'),
      ]);
      const list = await t
        .http()
        .get(`/api/v1/programs/${id}/registrations?status=waitlisted&limit=100`)
        .set(bearer(coord.token));
      expect(list.body.items.map((r: { waitlistPosition: number }) => r.waitlistPosition)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );

      // Concurrent cancellations of confirmed seats promote exactly as many, never overbooking.
      const confirmed = results.filter((r) => r.body.status === 'confirmed').slice(0, 5);
      await Promise.all(
        confirmed.map((r) =>
          t.http().post(`/api/v1/registrations/${r.body.id}/cancel`).set(bearer(memberA)),
        ),
      );
      expect(await statusesOf(id)).toEqual({ confirmed: 10, waitlisted: 35, cancelled: 5 });
    });

    it('refuses lowering capacity below the confirmed count (409 CAPACITY_BELOW_CONFIRMED); raising it promotes the waitlist in order', async () => {
      const { id } = await createProgram(t, coord.token, { capacity: 2 });
      const people = await insertParticipants(t.db, orgA, 5);
      const regs = [];
      for (const p of people) regs.push((await register(t, memberA, id, p)).body);
      const lower = await t
        .http()
        .patch(`/api/v1/programs/${id}`)
        .set(bearer(coord.token))
        .send({ capacity: 1 });
      expect([lower.status, lower.body.code, lower.body.details]).toEqual([
        409,
        'CAPACITY_BELOW_CONFIRMED',
        { confirmedCount: 2 },
      ]);
      expect((await q(`SELECT capacity FROM programs WHERE id = $1`, [id]))[0].capacity).toBe(2);

      const raise = await t
        .http()
        .patch(`/api/v1/programs/${id}`)
        .set(bearer(coord.token))
        .send({ capacity: 4 });
      expect(raise.status).toBe(200);
      expect(raise.body).toMatchObject({ capacity: 4, confirmedCount: 4, seatsLeft: 0 });
      const rows = await q(
        `SELECT id, status FROM registrations WHERE program_id = $1 ORDER BY created_at, id`,
        [id],
      );
      expect(rows.map((r: { status: string }) => r.status)).toEqual([
        'confirmed',
        'confirmed',
        'confirmed',
        'confirmed',
        'waitlisted',
      ]);
      expect(rows[4].id).toBe(regs[4].id);
    });

    it('marks attendance only after the start (422 ATTENDANCE_TOO_EARLY), staff only', async () => {
      const { id } = await createProgram(t, coord.token);
      const reg = (
        await register(t, memberA, id, await insertParticipant(t.db, { organizationId: orgA }))
      ).body;
      const early = await t
        .http()
        .post(`/api/v1/registrations/${reg.id}/attendance`)
        .set(bearer(coord.token))
        .send({ attended: true });
      expect([early.status, early.body.code]).toEqual([422, 'ATTENDANCE_TOO_EARLY']);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/registrations/${reg.id}/attendance`)
            .set(bearer(memberA))
            .send({ attended: true })
        ).status,
      ).toBe(403);
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-07T04:00:00Z'));
      const ok = await t
        .http()
        .post(`/api/v1/registrations/${reg.id}/attendance`)
        .set(bearer(coord.token))
        .send({ attended: true });
      expect(ok.status).toBe(200);
      expect(ok.body.attended).toBe(true);
      const bad = await t
        .http()
        .post(`/api/v1/registrations/${reg.id}/attendance`)
        .set(bearer(coord.token))
        .send({ attended: 'yes' });
      expect(bad.status).toBe(400);
      expect(
        (await q(`SELECT attended FROM registrations WHERE id = $1`, [reg.id]))[0].attended,
      ).toBe(true);
    });

    it("keeps NGOs to their own: another organisation's participant or registration is 404 and untouched", async () => {
      const { id } = await createProgram(t, coord.token, { capacity: 5 });
      const mineA = await insertParticipant(t.db, { organizationId: orgA });
      const mineB = await insertParticipant(t.db, { organizationId: orgB });
      const staffOnly = await insertParticipant(t.db, { organizationId: null });

      const cross = await register(t, memberA, id, mineB);
      expect([cross.status, cross.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await register(t, memberA, id, staffOnly)).status).toBe(404);
      const a = (await register(t, memberA, id, mineA)).body;
      const b = (await register(t, memberB, id, mineB)).body;
      expect((await register(t, coord.token, id, staffOnly)).status).toBe(201); // staff: any participant
      expect(b.organizationId).toBe(orgB);

      const listA = await t.http().get(`/api/v1/programs/${id}/registrations`).set(bearer(memberA));
      expect(listA.body.items.map((r: { id: string }) => r.id)).toEqual([a.id]);
      const listStaff = await t
        .http()
        .get(`/api/v1/programs/${id}/registrations`)
        .set(bearer(coord.token));
      expect(listStaff.body.items).toHaveLength(3);

      for (const res of [
        await t.http().get(`/api/v1/registrations/${b.id}`).set(bearer(memberA)),
        await t.http().post(`/api/v1/registrations/${b.id}/cancel`).set(bearer(memberA)),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      }
      expect((await q(`SELECT status FROM registrations WHERE id = $1`, [b.id]))[0].status).toBe(
        'confirmed',
      );

      const asA = await t.http().get(`/api/v1/programs/${id}`).set(bearer(memberA));
      expect(asA.body.organizationIds).toEqual([orgA]);
      const asStaff = await t.http().get(`/api/v1/programs/${id}`).set(bearer(coord.token));
      expect([...asStaff.body.organizationIds].sort()).toEqual([orgA, orgB].sort());

      // A member of an organisation that is not approved cannot register (guard: 403).
      const pendingOrg = await insertOrganization(t.db, { status: 'pending' });
      const pendingMember = (await createUser(t, 'ngo_member', pendingOrg)).token;
      const pending = await register(
        t,
        pendingMember,
        id,
        await insertParticipant(t.db, { organizationId: pendingOrg }),
      );
      expect([pending.status, pending.body.code]).toEqual([403, 'ORGANIZATION_NOT_APPROVED']);
    });
  });

  it('documents the routes in OpenAPI (schemas, enums, text/calendar, feed token)', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    const create = doc.paths['/api/v1/programs'].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(create.responses['201'].content['application/json'].schema.$ref).toMatch(
      /ProgramResponse/,
    );
    expect(doc.components.schemas.ProgramResponse.properties.status.enum).toEqual([
      'planned',
      'open',
      'in_progress',
      'completed',
      'cancelled',
    ]);
    expect(doc.components.schemas.CreateProgramDto.required).toEqual(
      expect.arrayContaining([
        'title',
        'type',
        'startsAt',
        'endsAt',
        'timeZone',
        'registrationDeadline',
        'capacity',
      ]),
    );
    expect(doc.paths['/api/v1/partnerships/anniversaries'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/partnerships/{id}/programs'].get).toBeDefined();
    expect(doc.paths['/api/v1/programs/{id}/registrations'].post.responses['201']).toBeDefined();
    const ics = doc.paths['/api/v1/participants/{id}/calendar.ics'].get;
    expect(ics.responses['200'].content['text/calendar']).toBeDefined();
    expect(ics.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'token']),
    );
  });

  describe('iCalendar feeds', () => {
    let karachi: string;
    let shanghai: string;
    let person: string;

    beforeAll(async () => {
      karachi = (
        await createProgram(t, coord.token, {
          title: { en: 'Tashkurgan Delegation to Hunza', zh: '塔什库尔干代表团访问罕萨' },
          type: 'delegation',
          cityId: city.Gwadar,
          timeZone: 'Asia/Karachi',
          startsAt: '2027-06-07T09:00:00+05:00',
          endsAt: '2027-06-12T18:00:00+05:00',
          registrationDeadline: '2027-05-15T23:59:00+05:00',
        })
      ).id;
      shanghai = (
        await createProgram(t, coord.token, {
          title: { en: 'Gandhara Heritage Art Exhibition; Beijing, Xiangshan' },
          type: 'culture',
          timeZone: 'Asia/Shanghai',
          // Given in UTC: the feed must still show it at 09:30 Beijing time.
          startsAt: '2027-09-26T01:30:00Z',
          endsAt: '2027-12-26T09:00:00Z',
          registrationDeadline: '2027-09-20T10:00:00Z',
        })
      ).id;
      person = await insertParticipant(t.db, { organizationId: orgA, fullName: 'Ayesha Khan' });
      await register(t, memberA, karachi, person).expect(201);
      await register(t, memberA, shanghai, person).expect(201);
    });

    const parse = (body: string) =>
      Object.values(nodeIcal.sync.parseICS(body)).filter(
        (c) => c.type === 'VEVENT',
      ) as nodeIcal.VEvent[];

    it('serves one program as valid iCalendar with TZID, a VTIMEZONE and the right UTC instants (Karachi)', async () => {
      const res = await t
        .http()
        .get(`/api/v1/programs/${karachi}/calendar.ics`)
        .set(bearer(memberB));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="program-${karachi}.ics"`,
      );
      expect(res.text).toContain('DTSTART;TZID=Asia/Karachi:20270607T090000');
      expect(res.text).toMatch(
        /BEGIN:VTIMEZONE\r\nTZID:Asia\/Karachi\r\n[\s\S]*TZOFFSETTO:\+0500[\s\S]*END:VTIMEZONE/,
      );
      expect(res.text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
      expect(res.text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
      const [event] = parse(res.text);
      expect(event.uid).toBe(`program-${karachi}@silkbridge`);
      expect(event.summary).toBe('Tashkurgan Delegation to Hunza');
      expect(event.start.toISOString()).toBe('2027-06-07T04:00:00.000Z');
      expect(event.end.toISOString()).toBe('2027-06-12T13:00:00.000Z');
      expect(event.start.tz).toBe('Asia/Karachi');
      expect(event.location).toBe('Gwadar, PK');
      expect(event.description).toContain('塔什库尔干代表团访问罕萨');
    });

    it("serves a participant's itinerary with a Karachi and a Shanghai program at the right instants", async () => {
      const res = await t
        .http()
        .get(`/api/v1/participants/${person}/calendar.ics`)
        .set(bearer(memberA));
      expect(res.status).toBe(200);
      const events = parse(res.text);
      const byUid = Object.fromEntries(events.map((e) => [e.uid, e]));
      expect(Object.keys(byUid).sort()).toEqual(
        [`program-${karachi}@silkbridge`, `program-${shanghai}@silkbridge`].sort(),
      );
      expect(byUid[`program-${shanghai}@silkbridge`].start.toISOString()).toBe(
        '2027-09-26T01:30:00.000Z',
      );
      expect(byUid[`program-${shanghai}@silkbridge`].summary).toBe(
        'Gandhara Heritage Art Exhibition; Beijing, Xiangshan',
      );
      expect(res.text).toContain('DTSTART;TZID=Asia/Shanghai:20270926T093000');
      expect(res.text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(2);

      // Only confirmed seats: a waitlisted program is not on the itinerary.
      const full = await createProgram(t, coord.token, { capacity: 1 });
      await register(
        t,
        memberA,
        full.id,
        await insertParticipant(t.db, { organizationId: orgA }),
      ).expect(201);
      await register(t, memberA, full.id, person).expect(201);
      const again = parse(
        (await t.http().get(`/api/v1/participants/${person}/calendar.ics`).set(bearer(memberA)))
          .text,
      );
      expect(again).toHaveLength(2);

      // Another organisation's participant: 404, as for participants themselves.
      const other = await t
        .http()
        .get(`/api/v1/participants/${person}/calendar.ics`)
        .set(bearer(memberB));
      expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(
        (await t.http().get(`/api/v1/participants/${person}/calendar.ics`).set(bearer(coord.token)))
          .status,
      ).toBe(200);
    });

    it('lets a phone subscribe with a feed token instead of a header; a forged or missing token is 401', async () => {
      const tokenRes = await t.http().get('/api/v1/calendar/feed-token').set(bearer(memberB));
      expect(tokenRes.status).toBe(200);
      const { token, feedUrl } = tokenRes.body;
      const feed = await t.http().get(feedUrl);
      expect(feed.status).toBe(200);
      const uids = parse(feed.text).map((e) => e.uid);
      // memberB's organisation takes part in no program here, so it sees the open ones only.
      expect(uids).toContain(`program-${karachi}@silkbridge`);
      const cancelledUid = `program-${(await q(`SELECT id FROM programs WHERE status = 'cancelled' LIMIT 1`))[0].id}@silkbridge`;
      expect(uids).not.toContain(cancelledUid);
      const staffFeed = parse(
        (await t.http().get('/api/v1/calendar.ics').set(bearer(coord.token))).text,
      );
      expect(staffFeed.find((e) => e.uid === cancelledUid)?.status).toBe('CANCELLED');

      const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
      for (const url of [
        `/api/v1/calendar.ics?token=${encodeURIComponent(forged)}`,
        '/api/v1/calendar.ics?token=garbage',
        '/api/v1/calendar.ics',
      ]) {
        const res = await t.http().get(url);
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
      // The feed token opens only the calendars, never the JSON API.
      expect(
        (await t.http().get(`/api/v1/programs?token=${encodeURIComponent(token)}`)).status,
      ).toBe(401);
      expect(
        (
          await t
            .http()
            .get(`/api/v1/participants/${person}/calendar.ics?token=${encodeURIComponent(token)}`)
        ).status,
      ).toBe(404);
    });
  });

  describe('defects (issue 16)', () => {
    it("refuses a time zone that is not one of the city's country (422 TIME_ZONE_MISMATCH), on create and update", async () => {
      const hunza = await createCity(t, coord.token, 'Hunza');
      const create = (overrides: Record<string, unknown>) =>
        t.http().post('/api/v1/programs').set(bearer(coord.token)).send(programBody(overrides));
      const update = (id: string, body: Record<string, unknown>) =>
        t.http().patch(`/api/v1/programs/${id}`).set(bearer(coord.token)).send(body);
      const mismatch = (res: { status: number; body: Record<string, unknown> }) => {
        expect([res.status, res.body.code]).toEqual([422, 'TIME_ZONE_MISMATCH']);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'timeZone' })]);
      };

      const before = (await q(`SELECT count(*)::int AS n FROM programs`))[0].n;
      mismatch(await create({ cityId: hunza, timeZone: 'Asia/Shanghai' }));
      mismatch(await create({ cityId: city.Kashgar, timeZone: 'Asia/Karachi' }));
      expect((await q(`SELECT count(*)::int AS n FROM programs`))[0].n).toBe(before);
      const zh = await create({ cityId: hunza, timeZone: 'Asia/Shanghai' }).set(
        'Accept-Language',
        'zh',
      );
      expect(zh.body.message).toBe('时区与项目所在城市的国家不符');

      // Xinjiang keeps Beijing time or Urumqi time; either is a zone of China.
      expect((await create({ cityId: city.Kashgar, timeZone: 'Asia/Urumqi' })).status).toBe(201);
      const program = await create({ cityId: hunza, timeZone: 'Asia/Karachi' });
      expect(program.status).toBe(201);
      // No city, no country to check.
      expect((await create({ timeZone: 'Asia/Shanghai' })).status).toBe(201);

      const id = program.body.id as string;
      mismatch(await update(id, { timeZone: 'Asia/Shanghai' }));
      mismatch(await update(id, { cityId: city.Kashgar }));
      expect(
        await q(`SELECT time_zone, city_id, version FROM programs WHERE id = $1`, [id]),
      ).toEqual([{ time_zone: 'Asia/Karachi', city_id: hunza, version: 1 }]);
      const moved = await update(id, { cityId: city.Kashgar, timeZone: 'Asia/Shanghai' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ cityId: city.Kashgar, timeZone: 'Asia/Shanghai' });

      // Elsewhere any zone of the place will do, but not Pakistan's or China's own.
      const london = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coord.token))
        .send({ names: { en: 'London' }, country: 'GB', region: 'England', kind: 'city' });
      expect(london.status).toBe(201);
      expect((await create({ cityId: london.body.id, timeZone: 'Europe/London' })).status).toBe(
        201,
      );
      mismatch(await create({ cityId: london.body.id, timeZone: 'Asia/Karachi' }));
    });
  });
});
