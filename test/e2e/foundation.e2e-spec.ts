import { ADMIN, bearer, createTestApp, TestApp } from '../utils/create-app';

describe('foundation: auth, roles, validation, errors, health, queue wiring', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const created = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email: 'coord@test.local',
      password: 'coordinator-pass-1',
      role: 'coordinator',
      displayName: 'Coordinator One',
    });
    expect(created.status).toBe(201);
    coordinator = await t.login('coord@test.local', 'coordinator-pass-1');
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('answers tokens for good credentials and /auth/me tells who it is', async () => {
      const res = await t.http().post('/api/v1/auth/login').send(ADMIN);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      const me = await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', organizationId: null });
    });

    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@test.local', password: 'whatever-123' });
      const wrong = await t.http().post('/api/v1/auth/login').send({ email: ADMIN.email, password: 'wrong-password' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
    });

    it('rejects tokens signed with another algorithm, secret or audience', async () => {
      const jwt = await import('jsonwebtoken');
      const none = jwt.sign({ sub: 'x', role: 'admin' }, '', { algorithm: 'none' as never });
      const other = jwt.sign({ sub: 'x', role: 'admin' }, 'another-secret-another-secret-another', { issuer: 'silkbridge', audience: 'silkbridge-api' });
      for (const token of [none, other, 'garbage']) {
        const res = await t.http().get('/api/v1/auth/me').set(bearer(token));
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
      const missing = await t.http().get('/api/v1/auth/me');
      expect(missing.status).toBe(401);
    });

    it('rate-limits an account after repeated failures with 429 RATE_LIMITED', async () => {
      await t.http().post('/api/v1/users').set(bearer(admin)).send({ email: 'victim@test.local', password: 'victim-password-1', role: 'coordinator', displayName: 'V' });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await t.http().post('/api/v1/auth/login').send({ email: 'victim@test.local', password: `bad-${i}` });
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
      // Even the right password is refused while the account is locked out.
      const good = await t.http().post('/api/v1/auth/login').send({ email: 'victim@test.local', password: 'victim-password-1' });
      expect(good.status).toBe(429);
    });
  });

  describe('refresh tokens', () => {
    it('rotates, and a reused token revokes its whole family', async () => {
      const login = await t.http().post('/api/v1/auth/login').send(ADMIN);
      const first = login.body.refreshToken;
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first);

      const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
      // The legitimate successor died with the family.
      const successor = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(successor.status).toBe(401);
      const stored = await t.db.query(`SELECT token_hash FROM refresh_tokens WHERE token_hash = $1`, [first]);
      expect(stored.rowCount).toBe(0); // stored hashed, never in clear
    });
  });

  describe('roles (deny by default)', () => {
    it('lets only admins create users and read the audit trail', async () => {
      const body = { email: 'x@test.local', password: 'password-123456', role: 'coordinator', displayName: 'X' };
      expect((await t.http().post('/api/v1/users').set(bearer(coordinator)).send(body)).status).toBe(403);
      expect((await t.http().get('/api/v1/audit-events').set(bearer(coordinator))).status).toBe(403);
      const audit = await t.http().get('/api/v1/audit-events?entityType=user').set(bearer(admin));
      expect(audit.status).toBe(200);
      expect(audit.body.items.some((e: { action: string }) => e.action === 'user.created')).toBe(true);
    });

    it('lets coordinators write cities and everyone read them', async () => {
      const created = await t.http().post('/api/v1/cities').set(bearer(coordinator)).send({ names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' }, country: 'PK', region: 'Balochistan', kind: 'city' });
      expect(created.status).toBe(201);
      expect(created.body.names.zh).toBe('瓜达尔');
      const found = await t.http().get('/api/v1/cities?q=%E7%93%9C%E8%BE%BE').set(bearer(coordinator));
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      expect((await t.http().get('/api/v1/cities')).status).toBe(401);
    });

    it('answers 401 without a token on every /api/v1 route but the public ones', async () => {
      const res = await t.http().get('/api/v1/users');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('validation and error shape', () => {
    it('rejects unknown fields with 400 VALIDATION_FAILED listing the field', async () => {
      const res = await t.http().post('/api/v1/cities').set(bearer(coordinator)).send({ names: { en: 'Hunza' }, country: 'PK', kind: 'county', isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
    });

    it('validates nested objects and does not coerce types', async () => {
      const res = await t.http().post('/api/v1/cities').set(bearer(coordinator)).send({ names: { zh: '罕萨', fr: 'x' }, country: 'XX', kind: 'village' });
      expect(res.status).toBe(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['names.en', 'names.fr', 'country', 'kind']));
      const coerced = await t.http().post('/api/v1/cities').set(bearer(coordinator)).send({ names: { en: 123 }, country: 'PK', kind: 'city' });
      expect(coerced.status).toBe(400);
      const bad = await t.http().get('/api/v1/cities?limit=abc').set(bearer(coordinator));
      expect(bad.status).toBe(400);
      const tooMany = await t.http().get('/api/v1/cities?limit=101').set(bearer(coordinator));
      expect(tooMany.status).toBe(400);
      const badId = await t.http().get('/api/v1/cities/not-a-uuid').set(bearer(coordinator));
      expect(badId.status).toBe(400);
      expect(badId.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers malformed JSON with 400 in the error shape', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.c", ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: expect.any(String) });
    });

    it('answers an oversized body with 413 in the error shape', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers unknown routes with 404 NOT_FOUND and never leaks stack traces', async () => {
      const res = await t.http().get('/api/v1/nope').set(bearer(admin));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
    });

    it('sends security headers and a request id', async () => {
      const res = await t.http().get('/health/live').set('X-Request-Id', 'req-12345');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-request-id']).toBe('req-12345');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('optimistic concurrency', () => {
    it('answers 409 VERSION_CONFLICT when the version is stale', async () => {
      const city = await t.http().post('/api/v1/cities').set(bearer(coordinator)).send({ names: { en: 'Sost' }, country: 'PK', kind: 'city' });
      const first = await t.http().patch(`/api/v1/cities/${city.body.id}`).set(bearer(coordinator)).send({ region: 'Gilgit-Baltistan', version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await t.http().patch(`/api/v1/cities/${city.body.id}`).set(bearer(coordinator)).send({ region: 'Hunza', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const row = await t.db.query(`SELECT region, version FROM cities WHERE id = $1`, [city.body.id]);
      expect(row.rows[0]).toEqual({ region: 'Gilgit-Baltistan', version: 2 });
    });
  });

  describe('health, OpenAPI and the queue', () => {
    it('is live and ready with Postgres and Redis up', async () => {
      expect((await t.http().get('/health/live')).status).toBe(200);
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
    });

    it('publishes an OpenAPI document with schemas, errors and bearer security', async () => {
      const res = await t.http().get('/api/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const login = doc.paths['/api/v1/auth/login'].post;
      expect(login.requestBody.content['application/json'].schema.$ref).toMatch(/LoginDto/);
      expect(login.security).toBeUndefined();
      const createCity = doc.paths['/api/v1/cities'].post;
      expect(createCity.security).toEqual([{ bearer: [] }]);
      for (const s of ['201', '400', '401', '403', '409', '422', '429']) expect(createCity.responses[s]).toBeDefined();
      const citySchema = doc.components.schemas.CreateCityDto;
      expect(citySchema.properties.kind.enum).toEqual(['city', 'county', 'prefecture', 'province']);
      expect(citySchema.required).toEqual(expect.arrayContaining(['names', 'country', 'kind']));
    });

    it('runs a job end to end: enqueued by the API, completed by a worker', async () => {
      await t.startWorker();
      const res = await t.http().post('/api/v1/system/worker-ping').set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
    });
  });
});

describe('foundation: Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6' });
  });
  afterAll(() => t.close());

  it('answers /health/ready 503 naming redis, and queue producers fail fast with 503', async () => {
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('NOT_READY');
    expect(ready.body.message).toMatch(/redis/);
    expect(ready.body.details.postgres.status).toBe('up');
    const admin = await t.adminToken();
    const started = Date.now();
    const ping = await t.http().post('/api/v1/system/worker-ping').set(bearer(admin));
    expect(ping.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
