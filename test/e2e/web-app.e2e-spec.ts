import { randomUUID } from 'crypto';
import { existsSync } from 'fs';
import * as path from 'path';
import { WEB_DIST } from '../../src/common/http/serve-web';
import { ADMIN, bearer, createTestApp, TestApp } from '../utils/create-app';
import { checkOrWriteClientSchema } from '../utils/web-client';

/**
 * The API process serves the built web app (npm test builds it first): compressed, cacheable
 * assets, index.html for client-side routes, and the API's own answers left alone.
 */
describe('web app: serving, typed client, cookie sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    expect(existsSync(path.join(WEB_DIST, 'index.html'))).toBe(true);
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the checked-in typed client matches the OpenAPI document (npm run web:client)', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    const { fresh } = checkOrWriteClientSchema(doc.body);
    expect(fresh).toBe(true);
  });

  describe('static app', () => {
    it('serves index.html at / without caching, compressed when asked', async () => {
      const res = await t.http().get('/').set('Accept-Encoding', 'br, gzip');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
    });

    it('serves hashed assets for a year, gzip-compressed for a gzip-only client', async () => {
      const html = await t.http().get('/').set('Accept-Encoding', 'identity');
      const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html.text)?.[1];
      expect(script).toBeDefined();
      const res = await t.http().get(script!).set('Accept-Encoding', 'gzip');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe('gzip');
    });

    it('answers index.html for a deep link such as /programs/<uuid>', async () => {
      const res = await t.http().get(`/programs/${randomUUID()}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    });

    it('leaves the API alone: an unknown /api path is the JSON 404, health and docs answer', async () => {
      const nope = await t.http().get('/api/v1/nope');
      expect(nope.status).toBe(404);
      expect(nope.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      const live = await t.http().get('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers['content-type']).toMatch(/json/);
      const nowhere = await t.http().get('/health/nowhere');
      expect(nowhere.status).toBe(404);
      expect(nowhere.body.code).toBe('NOT_FOUND');
      const docs = await t.http().get('/api/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).toContain('swagger');
    });
  });

  describe('refresh cookie for the web app', () => {
    const web = { 'X-Silkbridge-Client': 'web' };
    const cookieOf = (res: { headers: Record<string, unknown> }) =>
      ([] as string[])
        .concat((res.headers['set-cookie'] as string[]) ?? [])
        .find((c) => c.startsWith('sb_refresh='));

    it('sets an HttpOnly SameSite=Strict cookie scoped to the auth routes instead of JSON', async () => {
      const res = await t.http().post('/api/v1/auth/login').set(web).send(ADMIN);
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).toBeUndefined();
      expect(res.body.accessToken).toEqual(expect.any(String));
      const cookie = cookieOf(res)!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth(;|$)/);
      // Tests run with NODE_ENV=test: Secure only in production.
      expect(cookie).not.toMatch(/Secure/i);
    });

    it('API clients keep receiving the refresh token in JSON and no cookie', async () => {
      const res = await t.http().post('/api/v1/auth/login').send(ADMIN);
      expect(res.body.refreshToken).toEqual(expect.any(String));
      expect(cookieOf(res)).toBeUndefined();
    });

    it('refreshes from the cookie, rotates it, and logout revokes it', async () => {
      const login = await t.http().post('/api/v1/auth/login').set(web).send(ADMIN);
      const first = cookieOf(login)!.split(';')[0];
      const refreshed = await t.http().post('/api/v1/auth/refresh').set(web).set('Cookie', first);
      expect(refreshed.status).toBe(200);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(refreshed.body.accessToken));
      expect(me.body.email).toBe(ADMIN.email);
      const second = cookieOf(refreshed)!.split(';')[0];
      expect(second).not.toBe(first);

      const out = await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(refreshed.body.accessToken))
        .set('Cookie', second);
      expect(out.status).toBe(204);
      expect(cookieOf(out)).toMatch(/sb_refresh=;/);
      const after = await t.http().post('/api/v1/auth/refresh').set(web).set('Cookie', second);
      expect(after.status).toBe(401);
    });

    it('logout needs the bearer token and revokes the body token; refresh without any token is 400', async () => {
      const login = await t.http().post('/api/v1/auth/login').send(ADMIN);
      const anonymous = await t
        .http()
        .post('/api/v1/auth/logout')
        .send({ refreshToken: login.body.refreshToken });
      expect(anonymous.status).toBe(401);
      const out = await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(login.body.accessToken))
        .send({ refreshToken: login.body.refreshToken });
      expect(out.status).toBe(204);
      const again = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: login.body.refreshToken });
      expect(again.status).toBe(401);
      const none = await t.http().post('/api/v1/auth/refresh').send({});
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('VALIDATION_FAILED');
    });
  });
});
