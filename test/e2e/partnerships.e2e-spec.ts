import { Clock } from '../../src/common/clock';
import { createCity } from '../factories/city.factory';
import { insertOrganization } from '../factories/organization.factory';
import { createProgram } from '../factories/program.factory';
import { createUser } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

describe('partnerships: pairs, search, status, anniversaries, dormancy, timeline', () => {
  let t: TestApp;
  let coord: string;
  let member: string;
  const city: Record<string, string> = {};
  let kg: { id: string; version: number };

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.db.query(sql, params)).rows[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    coord = (await createUser(t, 'coordinator')).token;
    member = (await createUser(t, 'ngo_member', await insertOrganization(t.db))).token;
    for (const key of ['Karamay', 'Gwadar', 'Tashkurgan', 'Hunza', 'Kashgar'] as const)
      city[key] = await createCity(t, coord, key);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('creates Karamay–Gwadar with both cities named, and touches the reminder outbox', async () => {
    const res = await t
      .http()
      .post('/api/v1/partnerships')
      .set(bearer(coord))
      .send({
        cityAId: city.Karamay,
        cityBId: city.Gwadar,
        kind: 'sister_city',
        status: 'active',
        establishedOn: '2015-04-20',
        agreementSignedOn: '2015-04-20',
        focusAreas: [' port cooperation ', 'education', 'education'],
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      cityA: { id: city.Karamay, names: { en: 'Karamay', zh: '克拉玛依' }, country: 'CN' },
      cityB: { id: city.Gwadar, names: { en: 'Gwadar', zh: '瓜达尔' }, country: 'PK' },
      kind: 'sister_city',
      status: 'active',
      establishedOn: '2015-04-20',
      focusAreas: ['port cooperation', 'education'],
      notes: null,
      lastActivityAt: null,
      programCount: 0,
      version: 1,
    });
    kg = { id: res.body.id, version: res.body.version };
    expect(
      await count(
        `SELECT count(*) AS n FROM reminder_outbox WHERE entity_type = 'partnership' AND entity_id = $1`,
        [kg.id],
      ),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'partnership.created' AND entity_id = $1`,
        [kg.id],
      ),
    ).toBe(1);
  });

  it('answers 409 PARTNERSHIP_EXISTS for the same pair in either order, writing nothing', async () => {
    for (const [a, b] of [
      [city.Gwadar, city.Karamay],
      [city.Karamay, city.Gwadar],
    ]) {
      const res = await t
        .http()
        .post('/api/v1/partnerships')
        .set(bearer(coord))
        .send({ cityAId: a, cityBId: b, kind: 'friendship', status: 'proposed' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'PARTNERSHIP_EXISTS',
        details: { partnershipId: kg.id },
      });
    }
    expect(await count(`SELECT count(*) AS n FROM partnerships`)).toBe(1);
  });

  it('lets the database decide a race for a new pair: one 201, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .post('/api/v1/partnerships')
          .set(bearer(coord))
          .send({
            cityAId: i % 2 ? city.Kashgar : city.Hunza,
            cityBId: i % 2 ? city.Hunza : city.Kashgar,
            kind: 'friendship',
          }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === 'PARTNERSHIP_EXISTS'),
    ).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(
      await count(
        `SELECT count(*) AS n FROM partnerships WHERE $1 IN (city_a_id, city_b_id) AND $2 IN (city_a_id, city_b_id)`,
        [city.Kashgar, city.Hunza],
      ),
    ).toBe(1);
  });

  it('finds Karamay–Gwadar by either city in any language (?q=瓜达尔, ?q=Gwadar, ?q=karamay)', async () => {
    for (const q of ['瓜达尔', 'Gwadar', 'karamay', 'گوادر', '克拉玛']) {
      const res = await t
        .http()
        .get(`/api/v1/partnerships?q=${encodeURIComponent(q)}`)
        .set(bearer(member));
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([kg.id]);
    }
    const none = await t
      .http()
      .get(`/api/v1/partnerships?q=${encodeURIComponent('%')}`)
      .set(bearer(member));
    expect(none.body.items).toEqual([]);
    const byCity = await t
      .http()
      .get(`/api/v1/partnerships?cityId=${city.Gwadar}`)
      .set(bearer(member));
    expect(byCity.body.items.map((p: { id: string }) => p.id)).toEqual([kg.id]);
  });

  it('rejects bad input with stable codes and writes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM partnerships`);
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { cityAId: city.Karamay, cityBId: city.Karamay, kind: 'sister_city' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        {
          cityAId: city.Karamay,
          cityBId: '00000000-0000-4000-8000-000000000000',
          kind: 'sister_city',
        },
        422,
        'REFERENCE_NOT_FOUND',
      ],
      [
        { cityAId: city.Tashkurgan, cityBId: city.Hunza, kind: 'sister_county', status: 'active' },
        422,
        'ESTABLISHED_ON_REQUIRED',
      ],
      [{ cityAId: city.Tashkurgan, cityBId: city.Hunza, kind: 'twin' }, 400, 'VALIDATION_FAILED'],
      [
        {
          cityAId: city.Tashkurgan,
          cityBId: city.Hunza,
          kind: 'sister_county',
          establishedOn: '2016-02-30',
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        { cityAId: city.Tashkurgan, cityBId: city.Hunza, kind: 'sister_county', mayor: 'x' },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.http().post('/api/v1/partnerships').set(bearer(coord)).send(body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const forbidden = await t
      .http()
      .post('/api/v1/partnerships')
      .set(bearer(member))
      .send({ cityAId: city.Tashkurgan, cityBId: city.Hunza, kind: 'sister_county' });
    expect(forbidden.status).toBe(403);
    expect(await count(`SELECT count(*) AS n FROM partnerships`)).toBe(before);
  });

  it('follows the status machine: active → suspended → active → ended; ended is final (409 INVALID_TRANSITION)', async () => {
    const create = await t
      .http()
      .post('/api/v1/partnerships')
      .set(bearer(coord))
      .send({ cityAId: city.Tashkurgan, cityBId: city.Hunza, kind: 'sister_county' });
    expect(create.body.status).toBe('proposed');
    const id = create.body.id;
    const patch = (body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/partnerships/${id}`).set(bearer(coord)).send(body);

    const skip = await patch({ status: 'suspended' });
    expect([skip.status, skip.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    const noDate = await patch({ status: 'active' });
    expect([noDate.status, noDate.body.code]).toEqual([422, 'ESTABLISHED_ON_REQUIRED']);
    const outboxBefore = await count(
      `SELECT count(*) AS n FROM reminder_outbox WHERE entity_id = $1`,
      [id],
    );

    let res = await patch({ status: 'active', establishedOn: '2016-08-18', version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', establishedOn: '2016-08-18', version: 2 });
    const stale = await patch({ notes: 'late', version: 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
    res = await patch({ status: 'suspended' });
    expect(res.body.status).toBe('suspended');
    res = await patch({ status: 'active' });
    expect(res.body.status).toBe('active');
    res = await patch({ notes: 'Notes only' });
    expect(res.body.notes).toBe('Notes only');
    res = await patch({ status: 'ended' });
    expect(res.body.status).toBe('ended');
    const back = await patch({ status: 'active' });
    expect([back.status, back.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    const cities = await patch({ cityAId: city.Kashgar });
    expect(cities.status).toBe(400);

    // Four status changes touched the outbox, the notes-only edit did not.
    expect(
      await count(`SELECT count(*) AS n FROM reminder_outbox WHERE entity_id = $1`, [id]),
    ).toBe(outboxBefore + 4);
    const row = await t.db.query(`SELECT status, notes FROM partnerships WHERE id = $1`, [id]);
    expect(row.rows[0]).toEqual({ status: 'ended', notes: 'Notes only' });
  });

  it('lists anniversaries: the 10th of Karamay–Gwadar in 2025, and 29 February foundings on the 28th', async () => {
    const leap = await t.http().post('/api/v1/partnerships').set(bearer(coord)).send({
      cityAId: city.Kashgar,
      cityBId: city.Gwadar,
      kind: 'friendship',
      status: 'active',
      establishedOn: '2016-02-29',
    });
    expect(leap.status).toBe(201);

    const y2025 = await t
      .http()
      .get('/api/v1/partnerships/anniversaries?from=2025-01-01&to=2025-12-31')
      .set(bearer(member));
    expect(y2025.status).toBe(200);
    expect(y2025.body.items).toEqual([
      expect.objectContaining({ partnershipId: leap.body.id, date: '2025-02-28', years: 9 }),
      {
        partnershipId: kg.id,
        cities: [
          expect.objectContaining({
            id: city.Karamay,
            names: expect.objectContaining({ en: 'Karamay' }),
          }),
          expect.objectContaining({ id: city.Gwadar }),
        ],
        kind: 'sister_city',
        establishedOn: '2015-04-20',
        date: '2025-04-20',
        years: 10,
      },
    ]);
    const y2028 = await t
      .http()
      .get('/api/v1/partnerships/anniversaries?from=2028-02-01&to=2028-03-31')
      .set(bearer(member));
    expect(y2028.body.items).toEqual([
      expect.objectContaining({ partnershipId: leap.body.id, date: '2028-02-29', years: 12 }),
    ]);

    for (const qs of [
      'from=2025-12-31&to=2025-01-01',
      'from=2025-01-01&to=2040-01-01',
      'from=2025-01-01',
      'from=2025-13-01&to=2025-12-31',
    ]) {
      const bad = await t
        .http()
        .get(`/api/v1/partnerships/anniversaries?${qs}`)
        .set(bearer(member));
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('derives dormant and lastActivityAt from the programs held under it, following the clock', async () => {
    let res = await t.http().get(`/api/v1/partnerships/${kg.id}`).set(bearer(member));
    expect(res.body).toMatchObject({ dormant: true, lastActivityAt: null }); // established 2015, nothing since

    const clock = t.app.get(Clock);
    jest.spyOn(clock, 'now').mockReturnValue(new Date('2025-08-01T00:00:00Z'));
    const youth = await createProgram(t, coord, {
      partnershipId: kg.id,
      timeZone: 'Asia/Shanghai',
      startsAt: '2025-07-14T09:00:00+08:00',
      endsAt: '2025-07-24T18:00:00+08:00',
      registrationDeadline: '2025-06-15T23:59:00+08:00',
      status: 'completed',
    });
    // A cancelled one does not count as activity; a later one not yet started does not either.
    const cancelled = await createProgram(t, coord, {
      partnershipId: kg.id,
      startsAt: '2025-07-20T09:00:00+05:00',
      endsAt: '2025-07-21T09:00:00+05:00',
      registrationDeadline: '2025-07-01T00:00:00+05:00',
    });
    await t
      .http()
      .patch(`/api/v1/programs/${cancelled.id}`)
      .set(bearer(coord))
      .send({ status: 'cancelled' })
      .expect(200);
    await createProgram(t, coord, {
      partnershipId: kg.id,
      startsAt: '2025-09-01T09:00:00+05:00',
      endsAt: '2025-09-02T09:00:00+05:00',
      registrationDeadline: '2025-08-20T00:00:00+05:00',
    });

    res = await t.http().get(`/api/v1/partnerships/${kg.id}`).set(bearer(member));
    expect(res.body).toMatchObject({
      dormant: false,
      lastActivityAt: '2025-07-14T01:00:00.000Z',
      programCount: 3,
    });

    // 18 months (PARTNERSHIP_DORMANT_MONTHS) after the last program started, it is dormant again.
    jest.spyOn(clock, 'now').mockReturnValue(new Date('2027-03-02T00:00:00Z'));
    res = await t.http().get(`/api/v1/partnerships/${kg.id}`).set(bearer(member));
    expect(res.body).toMatchObject({ dormant: true, lastActivityAt: '2025-09-01T04:00:00.000Z' });
    jest.spyOn(clock, 'now').mockReturnValue(new Date('2027-02-28T00:00:00Z'));
    res = await t.http().get(`/api/v1/partnerships/${kg.id}`).set(bearer(member));
    expect(res.body.dormant).toBe(false);

    const dormantList = await t.http().get('/api/v1/partnerships?dormant=true').set(bearer(member));
    const awakeList = await t.http().get('/api/v1/partnerships?dormant=false').set(bearer(member));
    expect(dormantList.body.items.map((p: { id: string }) => p.id)).not.toContain(kg.id);
    expect(awakeList.body.items.map((p: { id: string }) => p.id)).toContain(kg.id);
    for (const p of [...dormantList.body.items, ...awakeList.body.items]) {
      expect(dormantList.body.items.includes(p)).toBe(p.dormant); // the SQL filter agrees with the flag
    }
    void youth;
  });

  it("lists a partnership's timeline ordered by start time; 404 for an unknown one", async () => {
    const res = await t.http().get(`/api/v1/partnerships/${kg.id}/programs`).set(bearer(member));
    expect(res.status).toBe(200);
    const starts = res.body.items.map((p: { startsAt: string }) => Date.parse(p.startsAt));
    expect(starts).toHaveLength(3);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(res.body.items[0]).toMatchObject({
      partnershipId: kg.id,
      timeZone: 'Asia/Shanghai',
      startsAt: '2025-07-14T09:00:00.000+08:00',
    });
    const missing = await t
      .http()
      .get('/api/v1/partnerships/00000000-0000-4000-8000-000000000000/programs')
      .set(bearer(member));
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  describe('defects (issue 16)', () => {
    it('refuses a partnership past proposed established in the future (422 ESTABLISHED_ON_IN_FUTURE), on create and update', async () => {
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-12-03T12:00:00Z'));
      const newCity = async (en: string, country: string) => {
        const res = await t
          .http()
          .post('/api/v1/cities')
          .set(bearer(coord))
          .send({ names: { en }, country, region: 'Test', kind: 'city' });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const [sost, aksu, gilgit] = [
        await newCity('Sost (test)', 'PK'),
        await newCity('Aksu (test)', 'CN'),
        await newCity('Gilgit (test)', 'PK'),
      ];
      const create = (body: Record<string, unknown>) =>
        t
          .http()
          .post('/api/v1/partnerships')
          .set(bearer(coord))
          .send({ kind: 'friendship', ...body });
      const inFuture = (res: { status: number; body: Record<string, unknown> }) => {
        expect([res.status, res.body.code]).toEqual([422, 'ESTABLISHED_ON_IN_FUTURE']);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'establishedOn' })]);
      };

      const before = await count(`SELECT count(*) AS n FROM partnerships`);
      for (const status of ['active', 'suspended', 'ended'])
        inFuture(
          await create({ cityAId: sost, cityBId: aksu, status, establishedOn: '2026-12-06' }),
        );
      expect(await count(`SELECT count(*) AS n FROM partnerships`)).toBe(before);
      // Already 4 December in Karachi and Kashgar at noon UTC.
      const today = await create({
        cityAId: gilgit,
        cityBId: aksu,
        status: 'active',
        establishedOn: '2026-12-04',
      });
      expect(today.status).toBe(201);

      // A proposed partnership may plan its date; it cannot become active before that day.
      const planned = await create({
        cityAId: sost,
        cityBId: aksu,
        status: 'proposed',
        establishedOn: '2027-04-20',
      });
      expect(planned.status).toBe(201);
      const patch = (body: Record<string, unknown>) =>
        t.http().patch(`/api/v1/partnerships/${planned.body.id}`).set(bearer(coord)).send(body);
      inFuture(await patch({ status: 'active' }));
      expect(
        (
          await t.db.query(`SELECT status, version FROM partnerships WHERE id = $1`, [
            planned.body.id,
          ])
        ).rows[0],
      ).toEqual({ status: 'proposed', version: 1 });
      const active = await patch({ status: 'active', establishedOn: '2026-12-03' });
      expect(active.status).toBe(200);
      expect(active.body).toMatchObject({ status: 'active', establishedOn: '2026-12-03' });
      inFuture(await patch({ establishedOn: '2027-01-01' }));
      inFuture(
        await t
          .http()
          .patch(`/api/v1/partnerships/${today.body.id}`)
          .set(bearer(coord))
          .send({ status: 'suspended', establishedOn: '2026-12-31' }),
      );
    });
  });
});
