import { Clock } from '../../src/common/clock';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../utils/smtp-sink';

describe('accounts (users and auth)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: string;
  let seq = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url, PUBLIC_URL: 'https://app.silkbridge.test' });
    admin = await t.adminToken();
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  afterEach(() => jest.restoreAllMocks());

  async function newUser(role: 'admin' | 'coordinator' = 'coordinator') {
    const email = `user${++seq}@test.local`;
    const password = `password-${seq}-abcdef`;
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email, password, role, displayName: `User ${seq}` });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  }

  async function signIn(email: string, password: string) {
    const res = await t.http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string };
  }

  /** Waits for the positive signal (the message in the sink), never for a fixed time. */
  async function mailTo(address: string, after = 0): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = sink.messages.slice(after).find((m) => m.envelopeTo.includes(address));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no email to ${address}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const tokenOf = (mail: ReceivedMail): string => {
    const match = /https:\/\/app\.silkbridge\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(
      mail.text,
    );
    expect(match).not.toBeNull();
    return match![1];
  };

  describe('GET and PATCH /users/:id', () => {
    it('reads a user and lists users', async () => {
      const u = await newUser();
      const one = await t.http().get(`/api/v1/users/${u.id}`).set(bearer(admin));
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: u.id,
        email: u.email,
        role: 'coordinator',
        isActive: true,
        locale: 'en',
        emailNotifications: true,
      });
      const list = await t.http().get('/api/v1/users?limit=100').set(bearer(admin));
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(u.id);
      const missing = await t
        .http()
        .get('/api/v1/users/00000000-0000-4000-8000-000000000000')
        .set(bearer(admin));
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('deactivation applies to the next request: the old access and refresh tokens answer 401', async () => {
      const u = await newUser();
      const session = await signIn(u.email, u.password);
      expect((await t.http().get('/api/v1/auth/me').set(bearer(session.accessToken))).status).toBe(
        200,
      );
      const patch = await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ active: false });
      expect(patch.status).toBe(200);
      expect(patch.body.isActive).toBe(false);

      const me = await t.http().get('/api/v1/auth/me').set(bearer(session.accessToken));
      expect([me.status, me.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      const refresh = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect(refresh.status).toBe(401);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: u.email, password: u.password });
      expect(login.status).toBe(401);

      const audit = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`,
        [u.id],
      );
      expect(audit.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['user.updated', 'user.deactivated']),
      );

      // Reactivated, the user signs in again.
      await t.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin)).send({ active: true });
      await signIn(u.email, u.password);
    });

    it('a role change gives the next request the new rights, with the same token', async () => {
      const u = await newUser('coordinator');
      const { accessToken } = await signIn(u.email, u.password);
      expect((await t.http().get('/api/v1/users').set(bearer(accessToken))).status).toBe(403);
      await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ role: 'admin' })
        .expect(200);
      expect((await t.http().get('/api/v1/users').set(bearer(accessToken))).status).toBe(200);
      await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ role: 'coordinator', displayName: 'Demoted' })
        .expect(200);
      const again = await t.http().get('/api/v1/users').set(bearer(accessToken));
      expect([again.status, again.body.code]).toEqual([403, 'FORBIDDEN']);
      const me = await t.http().get('/api/v1/auth/me').set(bearer(accessToken));
      expect(me.body).toMatchObject({ role: 'coordinator', displayName: 'Demoted' });
    });

    it('protects the last active admin from deactivation and demotion (409 LAST_ADMIN)', async () => {
      const adminId = (await t.http().get('/api/v1/auth/me').set(bearer(admin))).body.id;
      // Every other admin made by earlier tests is demoted first.
      const others = await t.db.query(
        `SELECT id FROM users WHERE role = 'admin' AND is_active AND id <> $1`,
        [adminId],
      );
      for (const o of others.rows)
        await t
          .http()
          .patch(`/api/v1/users/${o.id}`)
          .set(bearer(admin))
          .send({ role: 'coordinator' })
          .expect(200);

      for (const change of [{ active: false }, { role: 'coordinator' }]) {
        const res = await t
          .http()
          .patch(`/api/v1/users/${adminId}`)
          .set(bearer(admin))
          .send(change);
        expect([res.status, res.body.code]).toEqual([409, 'LAST_ADMIN']);
      }
      expect((await t.http().get('/api/v1/users').set(bearer(admin))).status).toBe(200);

      // With a second admin, the first may step down; then the second is the last one.
      const second = await newUser('admin');
      const secondToken = (await signIn(second.email, second.password)).accessToken;
      await t
        .http()
        .patch(`/api/v1/users/${adminId}`)
        .set(bearer(secondToken))
        .send({ role: 'coordinator' })
        .expect(200);
      const last = await t
        .http()
        .patch(`/api/v1/users/${second.id}`)
        .set(bearer(secondToken))
        .send({ active: false });
      expect([last.status, last.body.code]).toEqual([409, 'LAST_ADMIN']);
      await t
        .http()
        .patch(`/api/v1/users/${adminId}`)
        .set(bearer(secondToken))
        .send({ role: 'admin' })
        .expect(200);
    });

    it('two admins demoting each other at once: one succeeds, one admin remains', async () => {
      const adminId = (await t.http().get('/api/v1/auth/me').set(bearer(admin))).body.id;
      const others = await t.db.query(
        `SELECT id FROM users WHERE role = 'admin' AND is_active AND id <> $1`,
        [adminId],
      );
      for (const o of others.rows)
        await t
          .http()
          .patch(`/api/v1/users/${o.id}`)
          .set(bearer(admin))
          .send({ role: 'coordinator' })
          .expect(200);
      const second = await newUser('admin');
      const secondToken = (await signIn(second.email, second.password)).accessToken;
      const [a, b] = await Promise.all([
        t
          .http()
          .patch(`/api/v1/users/${second.id}`)
          .set(bearer(admin))
          .send({ role: 'coordinator' }),
        t
          .http()
          .patch(`/api/v1/users/${adminId}`)
          .set(bearer(secondToken))
          .send({ role: 'coordinator' }),
      ]);
      // The loser is refused by the rule (409 LAST_ADMIN) or, when the winner committed before
      // its request was authorised, by the guard (403: no longer an admin). Never both succeed.
      const loser = a.status === 200 ? b : a;
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      expect([
        [409, 'LAST_ADMIN'],
        [403, 'FORBIDDEN'],
      ]).toContainEqual([loser.status, loser.body.code]);
      const left = await t.db.query(
        `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND is_active`,
      );
      expect(left.rows[0].n).toBe(1);
      // Whoever is left restores the original admin for the tests that follow.
      const survivor = a.status === 200 ? admin : secondToken;
      await t
        .http()
        .patch(`/api/v1/users/${adminId}`)
        .set(bearer(survivor))
        .send({ role: 'admin' })
        .expect(200);
    });

    it('refuses a role change to or from ngo_member, unknown fields and non-admins', async () => {
      const u = await newUser();
      const toMember = await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ role: 'ngo_member' });
      expect([toMember.status, toMember.body.code]).toEqual([422, 'ROLE_CHANGE_NOT_ALLOWED']);
      const unknown = await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ email: 'x@test.local' });
      expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const long = await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(admin))
        .send({ displayName: 'x'.repeat(201) });
      expect([long.status, long.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const { accessToken } = await signIn(u.email, u.password);
      const self = await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(bearer(accessToken))
        .send({ role: 'admin' });
      expect(self.status).toBe(403);
    });
  });

  describe('PATCH /auth/me', () => {
    it('round-trips display name, locale, time zone and email preference', async () => {
      const u = await newUser();
      const { accessToken } = await signIn(u.email, u.password);
      const before = await t.http().get('/api/v1/auth/me').set(bearer(accessToken));
      expect(before.body).toMatchObject({
        id: u.id,
        email: u.email,
        locale: 'en',
        timeZone: null,
        emailNotifications: true,
      });
      const patch = await t.http().patch('/api/v1/auth/me').set(bearer(accessToken)).send({
        displayName: 'علی',
        locale: 'ur',
        timeZone: 'Asia/Karachi',
        emailNotifications: false,
      });
      expect(patch.status).toBe(200);
      const after = await t.http().get('/api/v1/auth/me').set(bearer(accessToken));
      expect(after.body).toEqual({
        id: u.id,
        email: u.email,
        role: 'coordinator',
        organizationId: null,
        displayName: 'علی',
        locale: 'ur',
        timeZone: 'Asia/Karachi',
        emailNotifications: false,
      });
      // A field left out stays; null clears the time zone.
      await t
        .http()
        .patch('/api/v1/auth/me')
        .set(bearer(accessToken))
        .send({ timeZone: null })
        .expect(200);
      const cleared = await t.http().get('/api/v1/auth/me').set(bearer(accessToken));
      expect(cleared.body).toMatchObject({ locale: 'ur', timeZone: null });
    });

    it('answers 400 VALIDATION_FAILED for a bad locale or time zone, naming the field', async () => {
      const u = await newUser();
      const { accessToken } = await signIn(u.email, u.password);
      for (const [field, value] of [
        ['locale', 'fr'],
        ['timeZone', 'Mars/Olympus_Mons'],
        ['timeZone', 'x'.repeat(100)],
        ['role', 'admin'],
      ] as const) {
        const res = await t
          .http()
          .patch('/api/v1/auth/me')
          .set(bearer(accessToken))
          .send({ [field]: value });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(JSON.stringify(res.body.details)).toContain(field);
      }
      const me = await t.http().get('/api/v1/auth/me').set(bearer(accessToken));
      expect(me.body).toMatchObject({ locale: 'en', role: 'coordinator' });
    });
  });

  describe('POST /auth/password', () => {
    it('changes the password and revokes the other sessions’ refresh tokens, not this one', async () => {
      const u = await newUser();
      const here = await signIn(u.email, u.password);
      const elsewhere = await signIn(u.email, u.password);

      const wrong = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(here.accessToken))
        .send({ currentPassword: 'not-the-password', newPassword: 'brand-new-password-1' });
      expect([wrong.status, wrong.body.code]).toEqual([400, 'INVALID_CURRENT_PASSWORD']);

      const ok = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(here.accessToken))
        .send({ currentPassword: u.password, newPassword: 'brand-new-password-1' });
      expect(ok.status).toBe(204);

      const other = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: elsewhere.refreshToken });
      expect(other.status).toBe(401);
      const own = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: here.refreshToken });
      expect(own.status).toBe(200);

      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: u.email, password: u.password }))
          .status,
      ).toBe(401);
      await signIn(u.email, 'brand-new-password-1');
      const audit = await t.db.query(
        `SELECT 1 FROM audit_events WHERE action = 'user.password_changed' AND entity_id = $1`,
        [u.id],
      );
      expect(audit.rowCount).toBe(1);
    });
  });

  describe('password reset', () => {
    it('answers a known and an unknown address alike: 202, the same body, mail only to the known one', async () => {
      const u = await newUser();
      const from = sink.messages.length;
      const known = await t.http().post('/api/v1/auth/password-reset').send({ email: u.email });
      const unknown = await t
        .http()
        .post('/api/v1/auth/password-reset')
        .send({ email: 'nobody-here@test.local' });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
      expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
      await mailTo(u.email, from);
      const rows = await t.db.query(
        `SELECT u.email FROM password_reset_tokens p JOIN users u ON u.id = p.user_id`,
      );
      expect(rows.rows.map((r) => r.email)).not.toContain('nobody-here@test.local');
    });

    it('emails a one-time link that sets a new password once and signs every session out', async () => {
      const u = await newUser();
      const session = await signIn(u.email, u.password);
      const from = sink.messages.length;
      await t.http().post('/api/v1/auth/password-reset').send({ email: u.email }).expect(202);
      const mail = await mailTo(u.email, from);
      expect(mail.subject).toMatch(/reset/i);
      const token = tokenOf(mail);
      // Stored hashed: the token itself is nowhere in the table.
      const stored = await t.db.query(
        `SELECT token_hash, EXTRACT(EPOCH FROM expires_at - created_at)::int AS validity
           FROM password_reset_tokens WHERE user_id = $1`,
        [u.id],
      );
      expect(stored.rows[0].token_hash).not.toContain(token);
      expect(stored.rows[0].validity).toBeGreaterThanOrEqual(3590);
      expect(stored.rows[0].validity).toBeLessThanOrEqual(3610);

      const confirm = await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, newPassword: 'reset-password-123' });
      expect(confirm.status).toBe(204);
      const again = await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, newPassword: 'another-password-123' });
      expect([again.status, again.body.code]).toEqual([400, 'INVALID_TOKEN']);
      const bogus = await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: 'not-a-token-at-all', newPassword: 'another-password-123' });
      expect([bogus.status, bogus.body.code]).toEqual([400, 'INVALID_TOKEN']);

      const refresh = await t
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken });
      expect(refresh.status).toBe(401);
      await signIn(u.email, 'reset-password-123');
      expect(
        (await t.http().post('/api/v1/auth/login').send({ email: u.email, password: u.password }))
          .status,
      ).toBe(401);
    });

    it('writes the email in the account’s language, as text and right-to-left HTML with the link as a button', async () => {
      const u = await newUser();
      const session = await signIn(u.email, u.password);
      await t
        .http()
        .patch('/api/v1/auth/me')
        .set(bearer(session.accessToken))
        .send({ locale: 'ur' })
        .expect(200);
      const from = sink.messages.length;
      await t.http().post('/api/v1/auth/password-reset').send({ email: u.email }).expect(202);
      const mail = await mailTo(u.email, from);
      expect(mail.subject).toBe('اپنا سلک برج پاس ورڈ دوبارہ ترتیب دیں');
      const token = tokenOf(mail);
      expect(mail.text).toContain('یہ لنک صرف ایک بار اور ایک گھنٹے کے اندر کام کرتا ہے');
      expect(mail.html).toContain('dir="rtl"');
      expect(mail.html).toContain(
        `href="https://app.silkbridge.test/reset-password?token=${token}"`,
      );
      expect(mail.html).toContain('نیا پاس ورڈ منتخب کریں');
    });

    it('a link is refused after an hour (moved with the injected clock)', async () => {
      const u = await newUser();
      const from = sink.messages.length;
      await t.http().post('/api/v1/auth/password-reset').send({ email: u.email }).expect(202);
      const token = tokenOf(await mailTo(u.email, from));
      const clock = t.app.get(Clock);
      const later = new Date(Date.now() + 61 * 60 * 1000);
      jest.spyOn(clock, 'now').mockReturnValue(later);
      const late = await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, newPassword: 'too-late-password-1' });
      expect([late.status, late.body.code]).toEqual([400, 'INVALID_TOKEN']);
      jest.restoreAllMocks();
      // 59 minutes in, the same link still works.
      jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 59 * 60 * 1000));
      await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, newPassword: 'in-time-password-1' })
        .expect(204);
    });

    it('rate-limits reset requests per account with 429 RATE_LIMITED and its headers', async () => {
      const email = 'flood@test.local';
      const statuses: number[] = [];
      let limited: { headers: Record<string, string>; body: { code: string } } | undefined;
      for (let i = 0; i < 6; i++) {
        const res = await t.http().post('/api/v1/auth/password-reset').send({ email });
        statuses.push(res.status);
        if (res.status === 429) limited = res;
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      expect(limited!.body.code).toBe('RATE_LIMITED');
      expect(limited!.headers['ratelimit-limit']).toBe('5');
      expect(limited!.headers['ratelimit-remaining']).toBe('0');
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
