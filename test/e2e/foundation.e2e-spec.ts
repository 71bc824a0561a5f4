import { execFile } from 'child_process';
import type { Server } from 'http';
import { AddressInfo, connect } from 'net';
import { promisify } from 'util';
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
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
      });
      const me = await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', organizationId: null });
    });

    it('answers the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@test.local', password: 'whatever-123' });
      const wrong = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email, password: 'wrong-password' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: expect.any(String),
      });
    });

    it('rejects tokens signed with another algorithm, secret or audience', async () => {
      const jwt = await import('jsonwebtoken');
      const me = (await t.http().get('/api/v1/auth/me').set(bearer(admin))).body;
      const secret = t.env.JWT_SECRET;
      const good = { issuer: 'silkbridge', audience: 'silkbridge-api' };
      const claims = { sub: me.id, role: 'admin' };
      // Control: the right secret, issuer, audience and algorithm is accepted.
      const valid = jwt.sign(claims, secret, { ...good, algorithm: 'HS256', expiresIn: 60 });
      expect((await t.http().get('/api/v1/auth/me').set(bearer(valid))).status).toBe(200);
      const forged = [
        jwt.sign(claims, '', { algorithm: 'none' as never }),
        jwt.sign(claims, 'another-secret-another-secret-another', good),
        jwt.sign(claims, secret, { ...good, audience: 'someone-else' }),
        jwt.sign(claims, secret, { ...good, issuer: 'someone-else' }),
        jwt.sign(claims, secret, { ...good, algorithm: 'HS512' }),
        jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, good),
        'garbage',
      ];
      for (const token of forged) {
        const res = await t.http().get('/api/v1/auth/me').set(bearer(token));
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
      const missing = await t.http().get('/api/v1/auth/me');
      expect(missing.status).toBe(401);
    });

    it('rate-limits an account after repeated failures with 429 RATE_LIMITED', async () => {
      await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'victim@test.local',
        password: 'victim-password-1',
        role: 'coordinator',
        displayName: 'V',
      });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: 'victim@test.local', password: `bad-${i}` });
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
      // Even the right password is refused while the account is locked out.
      const good = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'victim@test.local', password: 'victim-password-1' });
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
      const successor = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.body.refreshToken });
      expect(successor.status).toBe(401);
      const { createHash } = await import('crypto');
      const clear = await t.db.query(`SELECT 1 FROM refresh_tokens WHERE token_hash = $1`, [first]);
      expect(clear.rowCount).toBe(0); // never stored in clear…
      const hashed = await t.db.query(
        `SELECT revoked_at FROM refresh_tokens WHERE token_hash = $1`,
        [createHash('sha256').update(first).digest('hex')],
      );
      expect(hashed.rowCount).toBe(1); // …but as its sha256, now revoked
      expect(hashed.rows[0].revoked_at).not.toBeNull();
    });

    it('lets exactly one of two concurrent refreshes of the same token win', async () => {
      const login = await t.http().post('/api/v1/auth/login').send(ADMIN);
      const [a, b] = await Promise.all([
        t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }),
        t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
      // The loser was taken as reuse: the winner's successor is revoked too.
      const winner = a.status === 200 ? a : b;
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/refresh')
            .send({ refreshToken: winner.body.refreshToken })
        ).status,
      ).toBe(401);
    });
  });

  describe('login rate limit under a burst', () => {
    it('lets no more than the limit of concurrent bad guesses reach the password check', async () => {
      await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'burst@test.local',
        password: 'burst-password-1',
        role: 'coordinator',
        displayName: 'B',
      });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: 'burst@test.local', password: `guess-${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      const limited = results.find((r) => r.status === 429)!;
      const retryAfter = limited.headers['retry-after'];
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(limited.headers['ratelimit-limit']).toBe('10');
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect(Number(limited.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(limited.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    });
  });

  describe('roles (deny by default)', () => {
    it('lets only admins create users and read the audit trail', async () => {
      const body = {
        email: 'x@test.local',
        password: 'password-123456',
        role: 'coordinator',
        displayName: 'X',
      };
      expect(
        (await t.http().post('/api/v1/users').set(bearer(coordinator)).send(body)).status,
      ).toBe(403);
      expect((await t.http().get('/api/v1/audit-events').set(bearer(coordinator))).status).toBe(
        403,
      );
      const audit = await t.http().get('/api/v1/audit-events?entityType=user').set(bearer(admin));
      expect(audit.status).toBe(200);
      expect(audit.body.items.some((e: { action: string }) => e.action === 'user.created')).toBe(
        true,
      );
    });

    it('lets coordinators write cities and everyone read them', async () => {
      const created = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({
          names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
          country: 'PK',
          region: 'Balochistan',
          kind: 'city',
        });
      expect(created.status).toBe(201);
      expect(created.body.names.zh).toBe('瓜达尔');
      const found = await t
        .http()
        .get('/api/v1/cities?q=%E7%93%9C%E8%BE%BE')
        .set(bearer(coordinator));
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
      expect((await t.http().get('/api/v1/cities')).status).toBe(401);
    });

    it('refuses a NUL character in a city name with 400 VALIDATION_FAILED, storing nothing', async () => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM cities`)).rows[0].n;
      const res = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({ names: { en: 'Nul City', zh: '\u0000' }, country: 'PK', kind: 'city' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'names.zh' }],
      });
      expect((await t.db.query(`SELECT count(*)::int AS n FROM cities`)).rows[0].n).toBe(before);
    });

    it('answers 401 without a token on every /api/v1 route of the OpenAPI document but the public ones', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      const publicOps = [
        'post /api/v1/auth/login',
        'post /api/v1/auth/refresh',
        'post /api/v1/auth/password-reset',
        'post /api/v1/auth/password-reset/confirm',
        'post /api/v1/organizations/register',
      ];
      let checked = 0;
      for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
        if (!path.startsWith('/api/v1/')) continue;
        for (const method of Object.keys(item)) {
          if (publicOps.includes(`${method} ${path}`)) continue;
          const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
          const res = await (
            t.http() as unknown as Record<string, (u: string) => import('supertest').Test>
          )[method](url);
          // .ics feeds also accept a feed token instead of a bearer token: still 401 without one.
          expect({ op: `${method} ${path}`, status: res.status }).toEqual({
            op: `${method} ${path}`,
            status: 401,
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(40);
    });

    it('gives an NGO member catalogue reads and refuses it staff routes', async () => {
      const org = await t.db.query(
        `INSERT INTO organizations (name, type, country, contact_email, status) VALUES ('{"en":"Role Test NGO"}', 'ngo', 'PK', 'r@test.local', 'approved') RETURNING id`,
      );
      await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'member@test.local',
        password: 'member-password-1',
        role: 'ngo_member',
        displayName: 'M',
        organizationId: org.rows[0].id,
      });
      const member = await t.login('member@test.local', 'member-password-1');
      expect((await t.http().get('/api/v1/cities').set(bearer(member))).status).toBe(200);
      expect(
        (
          await t
            .http()
            .post('/api/v1/cities')
            .set(bearer(member))
            .send({ names: { en: 'Nowhere' }, country: 'PK', kind: 'city' })
        ).status,
      ).toBe(403);
      expect((await t.http().get('/api/v1/users').set(bearer(member))).status).toBe(403);
      expect((await t.http().get('/api/v1/audit-events').set(bearer(member))).status).toBe(403);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(member));
      expect(me.body).toMatchObject({ role: 'ngo_member', organizationId: org.rows[0].id });
    });

    it('refuses a cursor that is not a row of the list (no probing of other records)', async () => {
      const unknown = await t
        .http()
        .get('/api/v1/cities?cursor=00000000-0000-4000-8000-000000000000')
        .set(bearer(admin));
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
      // A user id is a real row, but not a row of the cities list.
      const me = (await t.http().get('/api/v1/auth/me').set(bearer(admin))).body;
      const foreign = await t.http().get(`/api/v1/cities?cursor=${me.id}`).set(bearer(admin));
      expect(foreign.status).toBe(400);
    });

    it('pages the user list with a cursor', async () => {
      const first = await t.http().get('/api/v1/users?limit=2').set(bearer(admin));
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      const next = await t
        .http()
        .get(`/api/v1/users?limit=2&cursor=${first.body.nextCursor}`)
        .set(bearer(admin));
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
      expect(next.body.items[0].id).not.toBe(first.body.items[1].id);
    });
  });

  describe('validation and error shape', () => {
    it('rejects unknown fields with 400 VALIDATION_FAILED listing the field', async () => {
      const res = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({ names: { en: 'Hunza' }, country: 'PK', kind: 'county', isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]),
      );
    });

    it('validates nested objects and does not coerce types', async () => {
      const res = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({ names: { zh: '罕萨', fr: 'x' }, country: 'XX', kind: 'village' });
      expect(res.status).toBe(400);
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['names.en', 'names.fr', 'country', 'kind']));
      const coerced = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({ names: { en: 123 }, country: 'PK', kind: 'city' });
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
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@b.c", ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'MALFORMED_JSON',
        message: expect.any(String),
      });
    });

    it('refuses a JSON body that tries to set __proto__, as malformed', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@b.c", "password": "x", "__proto__": {"role": "admin"}}');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('takes an empty body sent as JSON as no body, and answers other media types 415', async () => {
      const empty = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('Content-Type', 'application/json')
        .send('');
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('VALIDATION_FAILED');
      const text = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'text/plain')
        .send('email=a@b.c');
      expect(text.status).toBe(415);
      expect(text.body).toEqual({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.any(String),
      });
    });

    it('answers URLs the router cannot take in the error shape, as Express did', async () => {
      const badEscape = await t.http().get('/api/v1/cities/%E0%A4%A').set(bearer(coordinator));
      expect(badEscape.status).toBe(400);
      expect(badEscape.body).toEqual({
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: 'The request URL is malformed',
      });
      const longId = await t
        .http()
        .get(`/api/v1/cities/${'a'.repeat(300)}`)
        .set(bearer(coordinator));
      expect(longId.status).toBe(400);
      expect(longId.body.code).toBe('VALIDATION_FAILED');
      const upper = await t.http().get('/API/V1/Cities').set(bearer(coordinator));
      expect(upper.status).toBe(200);
    });

    it('answers requests the HTTP parser refuses in the error shape (400, 431)', async () => {
      const server = t.app.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const send = (request: string) =>
          new Promise<{ status: number; body: unknown }>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1');
            let data = '';
            socket.on('data', (chunk) => (data += chunk.toString()));
            socket.on('close', () =>
              resolve({
                status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(data)?.[1]),
                body: JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)),
              }),
            );
            socket.on('error', reject);
            socket.write(request);
          });
        expect(
          await send('GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'),
        ).toEqual({
          status: 400,
          body: { statusCode: 400, code: 'BAD_REQUEST', message: expect.any(String) },
        });
        // Beyond Node's 16 KiB of headers.
        expect(
          await send(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`),
        ).toEqual({
          status: 431,
          body: { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: expect.any(String) },
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('carries the request id and the caller into the audit trail of a write', async () => {
      const res = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .set('X-Request-Id', 'req-audit-7')
        .send({ names: { en: 'Khunjerab' }, country: 'PK', kind: 'city' });
      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toBe('req-audit-7');
      const audit = await t.db.query(
        `SELECT a.request_id, u.email FROM audit_events a JOIN users u ON u.id = a.actor_user_id
          WHERE a.entity_id = $1`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([{ request_id: 'req-audit-7', email: 'coord@test.local' }]);
    });

    it('serves a route with or without a trailing slash', async () => {
      for (const path of ['/api/v1/cities', '/api/v1/cities/']) {
        const res = await t.http().get(path).set(bearer(coordinator));
        expect(res.status).toBe(200);
        expect(res.body).toHaveProperty('items');
      }
    });

    it('answers an oversized body with 413 in the error shape', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    describe('defects (issue 16)', () => {
      /**
       * A client in its own process (in this one, the server and the client take turns on one
       * event loop and the race never shows): Node's fetch, posting a 5 MB JSON body `times`
       * times with a Content-Length and `times` times chunked.
       */
      const FETCH_CLIENT = `
        const [url, times] = [process.argv[1], Number(process.argv[2])];
        const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(5 * 1024 * 1024) });
        const bytes = new TextEncoder().encode(big);
        const chunked = () => new ReadableStream({
          start(c) {
            for (let at = 0; at < bytes.length; at += 65536) c.enqueue(bytes.subarray(at, at + 65536));
            c.close();
          },
        });
        (async () => {
          const results = [];
          for (let i = 0; i < times; i++)
            for (const body of [big, chunked()]) {
              try {
                const res = await fetch(url, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body,
                  duplex: 'half',
                });
                results.push({ status: res.status, body: await res.json() });
              } catch (err) {
                results.push({ error: String(err.cause?.code ?? err.cause?.message ?? err.message) });
              }
            }
          process.stdout.write(JSON.stringify(results));
        })();
      `;

      it("answers a 5 MB JSON body with the 413 error body that Node's fetch receives, every time", async () => {
        const server = t.app.getHttpServer() as Server;
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const { port } = server.address() as AddressInfo;
          const url = `http://127.0.0.1:${port}/api/v1/auth/login`;
          const { stdout } = await promisify(execFile)(
            process.execPath,
            ['-e', FETCH_CLIENT, url, '10'],
            {
              maxBuffer: 1024 * 1024,
            },
          );
          const answer = {
            status: 413,
            body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) },
          };
          expect(JSON.parse(stdout)).toEqual(Array.from({ length: 20 }, () => answer));
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      });
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
      const city = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(coordinator))
        .send({ names: { en: 'Sost' }, country: 'PK', kind: 'city' });
      const first = await t
        .http()
        .patch(`/api/v1/cities/${city.body.id}`)
        .set(bearer(coordinator))
        .send({ region: 'Gilgit-Baltistan', version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await t
        .http()
        .patch(`/api/v1/cities/${city.body.id}`)
        .set(bearer(coordinator))
        .send({ region: 'Hunza', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const row = await t.db.query(`SELECT region, version FROM cities WHERE id = $1`, [
        city.body.id,
      ]);
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
      expect(doc.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      const login = doc.paths['/api/v1/auth/login'].post;
      expect(login.requestBody.content['application/json'].schema.$ref).toMatch(/LoginDto/);
      expect(login.security).toBeUndefined();
      const createCity = doc.paths['/api/v1/cities'].post;
      expect(createCity.security).toEqual([{ bearer: [] }]);
      for (const s of ['201', '400', '401', '403', '409', '422', '429'])
        expect(createCity.responses[s]).toBeDefined();
      const citySchema = doc.components.schemas.CreateCityDto;
      expect(citySchema.properties.kind.enum).toEqual(['city', 'county', 'prefecture', 'province']);
      expect(citySchema.required).toEqual(expect.arrayContaining(['names', 'country', 'kind']));
    });

    it('gives every response DTO a schema name of its own', async () => {
      const { Logger } = await import('@nestjs/common');
      const { buildOpenApi } = await import('../../src/common/openapi/openapi');
      const warn = jest.spyOn(Logger, 'warn').mockImplementation(() => undefined);
      try {
        const doc = buildOpenApi(t.app);
        const duplicates = warn.mock.calls
          .map((c) => String(c[0]))
          .filter((m) => /Duplicate DTO/.test(m));
        expect(duplicates).toEqual([]);
        const schemaOf = (path: string, method: string, status: string) => {
          const ref = doc.paths[path][method as 'get']!.responses[status] as {
            content: Record<string, { schema: { $ref: string } }>;
          };
          const name = ref.content['application/json'].schema.$ref.split('/').pop()!;
          return Object.keys((doc.components!.schemas![name] as { properties: object }).properties);
        };
        expect(schemaOf('/api/v1/organizations/register', 'post', '201')).toEqual([
          'organization',
          'account',
        ]);
        expect(schemaOf('/api/v1/registrations/{id}', 'get', '200')).toContain('programId');
      } finally {
        warn.mockRestore();
      }
    });

    it('holds every string to its documented maxLength: 400 VALIDATION_FAILED naming the field', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      // names.en has its own @MaxLength; ?q= only the documented default.
      const max: number = doc.components.schemas.I18nNameDto.properties.en.maxLength;
      expect(max).toBeGreaterThan(0);
      const city = await t
        .http()
        .post('/api/v1/cities')
        .set(bearer(admin))
        .send({ names: { en: 'x'.repeat(max + 1) }, country: 'PK', kind: 'city' });
      expect(city.status).toBe(400);
      expect(city.body.code).toBe('VALIDATION_FAILED');
      expect(city.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'names.en' })]),
      );
      const q = doc.paths['/api/v1/cities'].get.parameters.find(
        (p: { name: string }) => p.name === 'q',
      );
      const list = await t
        .http()
        .get(`/api/v1/cities?q=${'y'.repeat(q.schema.maxLength + 1)}`)
        .set(bearer(admin));
      expect(list.status).toBe(400);
      expect(list.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'q' }] });
      const nul = await t.http().get('/api/v1/cities?q=a%00b').set(bearer(admin));
      expect(nul.status).toBe(400);
      expect(nul.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'q' }] });
    });

    it('serves Swagger UI with its assets', async () => {
      const page = await t.http().get('/api/docs');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/html/);
      const scripts = [...page.text.matchAll(/src="\.\/docs\/([\w.-]+\.js)"/g)].map((m) => m[1]);
      expect(scripts).toContain('swagger-ui-bundle.js');
      for (const file of scripts) {
        const asset = await t.http().get(`/api/docs/${file}`);
        expect(asset.status).toBe(200);
        expect(asset.headers['content-type']).toMatch(/javascript/);
      }
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
    expect(ready.body.details).toEqual({ postgres: { status: 'up' }, redis: { status: 'down' } });
    const admin = await t.adminToken();
    const started = Date.now();
    const ping = await t.http().post('/api/v1/system/worker-ping').set(bearer(admin));
    expect(ping.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('foundation: start-up from nothing', () => {
  it('creates its database, migrates it, creates the first admin and becomes ready', async () => {
    const { Client } = await import('pg');
    const { bootstrapApi } = await import('../../src/main');
    const { resetEnvCache } = await import('../../src/config/env.validation');
    const { PG_SERVER, REDIS_URL } = await import('../utils/test-env');
    const name = `sbt_${process.env.SB_TEST_RUN ?? 'adhoc'}_boot_${Date.now()}`;
    const saved = { ...process.env };
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: `${PG_SERVER}/${name}`,
      REDIS_URL,
      PORT: '0',
      MIGRATIONS_RUN: 'true',
      QUEUE_PREFIX: `sbt:${process.env.SB_TEST_RUN ?? 'adhoc'}:boot`,
      ADMIN_EMAIL: 'first-admin@test.local',
      ADMIN_PASSWORD: 'first-admin-password',
      LOG_LEVEL: 'silent',
      WORKER_HEALTH_PORT: '0',
    });
    resetEnvCache();
    const app = await bootstrapApi();
    try {
      const request = (await import('supertest')).default;
      expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(200);
      const login = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: 'first-admin@test.local', password: 'first-admin-password' });
      expect(login.status).toBe(200);
    } finally {
      await app.close();
      process.env = saved;
      resetEnvCache();
      const admin = new Client({ connectionString: `${PG_SERVER}/postgres` });
      await admin.connect();
      const migrated = await new Client({ connectionString: `${PG_SERVER}/${name}` });
      await migrated.connect();
      const rows = await migrated.query(`SELECT count(*)::int AS n FROM migrations`);
      await migrated.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      expect(rows.rows[0].n).toBeGreaterThan(0);
    }
  });

  it('refuses to start without a JWT secret outside development and tests, naming the variable', async () => {
    const { validateEnv } = await import('../../src/config/env.validation');
    expect(() => validateEnv({})).toThrow(/JWT_SECRET/);
    expect(() =>
      validateEnv({
        NODE_ENV: 'production',
        JWT_SECRET: 'change-me-change-me-change-me-change-me',
      }),
    ).toThrow(/placeholder/);
    expect(() => validateEnv({ NODE_ENV: 'test', PORT: '70000' })).toThrow(/PORT/);
    expect(() => validateEnv({ NODE_ENV: 'test', MIGRATIONS_RUN: 'banana' })).toThrow(
      /MIGRATIONS_RUN/,
    );
    expect(() => validateEnv({ NODE_ENV: 'test', ADMIN_EMAIL: 'a@b.cd' })).toThrow(
      /ADMIN_PASSWORD/,
    );
    expect(() => validateEnv({ NODE_ENV: 'test', BODY_LIMIT: 'lots' })).toThrow(/BODY_LIMIT/);
    expect(validateEnv({ NODE_ENV: 'test' }).PORT).toBe(3000);
  });
});
