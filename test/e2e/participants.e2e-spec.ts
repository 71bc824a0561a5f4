import { readdirSync } from 'fs';
import { tmpdir } from 'os';
import { Clock } from '../../src/common/clock';
import { approvedMember, Member } from '../factories/organization.factory';
import { staffToken } from '../factories/user.factory';
import { csv } from '../utils/csv';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseCsv } = require('csv-parse/sync') as typeof import('csv-parse/sync');

const HEADER = ['fullName', 'nativeName', 'email', 'nationality', 'gender', 'dateOfBirth', 'phone'];

describe('participants: records, de-duplication, search, CSV import/export, personal data', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let hunza: Member;
  let karamay: Member;

  // Rows of one import batch share created_at (one statement), so order by name for stable assertions.
  const rows = async (orgId: string) =>
    (
      await t.db.query(
        `SELECT * FROM participants WHERE organization_id = $1 ORDER BY full_name, created_at`,
        [orgId],
      )
    ).rows;
  const upload = (token: string, content: string | Buffer, query = '') =>
    t
      .http()
      .post(`/api/v1/participants/import${query}`)
      .set(bearer(token))
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), {
        filename: 'people.csv',
        contentType: 'text/csv',
      });

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_LIMIT_BYTES: '65536' });
    admin = await t.adminToken();
    coordinator = await staffToken(t, 'coordinator');
    hunza = await approvedMember(t, 'Hunza Relief Foundation');
    karamay = await approvedMember(t, 'Karamay Friendship Association', { country: 'CN' });
  });
  afterAll(() => t.close());

  describe('NUL characters in input', () => {
    it('answers 400 VALIDATION_FAILED naming the field, for query, export query and nested body', async () => {
      for (const path of [
        '/api/v1/participants?q=%00',
        '/api/v1/participants/export.csv?q=a%00b',
      ]) {
        const res = await t.http().get(path).set(bearer(hunza.token));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'q' }] });
      }
      const body = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(hunza.token))
        .send({ fullName: 'Nul Test', nationality: 'PK', extra: { names: ['ok', 'a\u0000'] } });
      expect(body.status).toBe(400);
      expect(body.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'extra.names[1]' }],
      });
    });
  });

  describe('POST/GET/PATCH /participants', () => {
    it('creates a member’s participant in its organisation, NFC-normalised, with a name key', async () => {
      const res = await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send({
        fullName: '  Jose\u0301   Baig ',
        nativeName: 'جوزے بیگ',
        email: 'jose@hunza.test',
        nationality: 'PK',
        gender: 'male',
        dateOfBirth: '1990-09-03',
        phone: '+92 300 1234567',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        fullName: 'Jos\u00e9   Baig',
        organizationId: hunza.orgId,
        nationality: 'PK',
        dateOfBirth: '1990-09-03',
        erasedAt: null,
        version: 1,
      });
      const row = (
        await t.db.query(`SELECT full_name, name_key FROM participants WHERE id = $1`, [
          res.body.id,
        ])
      ).rows[0];
      expect(row).toEqual({ full_name: 'Jos\u00e9   Baig', name_key: 'jos\u00e9 baig' });
      const audit = await t.db.query(
        `SELECT action, after FROM audit_events WHERE entity_id = $1`,
        [res.body.id],
      );
      expect(audit.rows[0].action).toBe('participant.created');
      expect(JSON.stringify(audit.rows[0].after)).not.toMatch(/Baig|jose@|1990|\+92/);
      expect(
        (await t.http().get(`/api/v1/participants/${res.body.id}`).set(bearer(hunza.token))).body
          .id,
      ).toBe(res.body.id);
    });

    it('refuses bad input with 400 and saves nothing', async () => {
      const before = (await rows(hunza.orgId)).length;
      const cases = [
        [{ fullName: '=HYPERLINK("http://evil.test","x")', nationality: 'PK' }, 'fullName'],
        [{ fullName: 'Sher Ali', nativeName: '+cmd', nationality: 'PK' }, 'nativeName'],
        [{ fullName: 'Sher Ali', nationality: 'Pakistan' }, 'nationality'],
        [{ fullName: 'Sher Ali', nationality: 'PK', dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
        [{ fullName: 'Sher Ali', nationality: 'PK', dateOfBirth: '1990-02-30' }, 'dateOfBirth'],
        [{ fullName: 'Sher Ali', nationality: 'PK', gender: 'm' }, 'gender'],
        [{ fullName: 'Sher Ali', nationality: 'PK', email: 'nope' }, 'email'],
        [{ fullName: 'Sher Ali', nationality: 'PK', erasedAt: '2020-01-01T00:00:00Z' }, 'erasedAt'],
        [{ nationality: 'PK' }, 'fullName'],
      ] as const;
      for (const [body, field] of cases) {
        const res = await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await rows(hunza.orgId)).toHaveLength(before);
    });

    it("judges a date of birth in the future by the app's clock", async () => {
      const clock = t.app.get(Clock);
      const body = { fullName: 'Nadia Baig', nationality: 'PK', dateOfBirth: '2021-03-04' };
      jest.spyOn(clock, 'now').mockReturnValue(new Date('2021-03-03T12:00:00Z'));
      try {
        const early = await t
          .http()
          .post('/api/v1/participants')
          .set(bearer(hunza.token))
          .send(body);
        expect([early.status, early.body.details?.[0]?.field]).toEqual([400, 'dateOfBirth']);
        jest.spyOn(clock, 'now').mockReturnValue(new Date('2021-03-04T12:00:00Z'));
        const onTheDay = await t
          .http()
          .post('/api/v1/participants')
          .set(bearer(hunza.token))
          .send(body);
        expect(onTheDay.status).toBe(201);
      } finally {
        jest.restoreAllMocks();
      }
    });

    it('answers 409 PARTICIPANT_DUPLICATE with the existing id for the same email or normalised name + birth date, per organisation', async () => {
      const first = await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send({
        fullName: 'Ayesha Karim',
        nativeName: 'عائشہ کریم',
        email: 'Ayesha@Hunza.test',
        nationality: 'PK',
        gender: 'female',
        dateOfBirth: '1996-04-12',
      });
      expect(first.status).toBe(201);
      const byEmail = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(hunza.token))
        .send({ fullName: 'A. Karim', email: 'ayesha@hunza.TEST', nationality: 'PK' });
      expect(byEmail.status).toBe(409);
      expect(byEmail.body).toMatchObject({
        code: 'PARTICIPANT_DUPLICATE',
        details: { existingId: first.body.id, matchedOn: 'email' },
      });
      const byName = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(hunza.token))
        .send({ fullName: '  AYESHA\u00a0 karim', nationality: 'PK', dateOfBirth: '1996-04-12' });
      expect(byName.status).toBe(409);
      expect(byName.body.details).toEqual({
        existingId: first.body.id,
        matchedOn: 'name_and_date_of_birth',
      });
      // Same name, another birth date: another person.
      expect(
        (
          await t
            .http()
            .post('/api/v1/participants')
            .set(bearer(hunza.token))
            .send({ fullName: 'Ayesha Karim', nationality: 'PK', dateOfBirth: '2001-01-01' })
        ).status,
      ).toBe(201);
      // Another organisation may know the same person (and must not learn that Hunza does).
      expect(
        (
          await t.http().post('/api/v1/participants').set(bearer(karamay.token)).send({
            fullName: 'Ayesha Karim',
            email: 'ayesha@hunza.test',
            nationality: 'PK',
            dateOfBirth: '1996-04-12',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM participants WHERE lower(email) = 'ayesha@hunza.test'`,
          )
        ).rows[0].n,
      ).toBe(2);
    });

    it('creates exactly one participant when the same person is posted 8 times at once', async () => {
      const body = {
        fullName: 'Zainab Hussain',
        email: 'zainab@hunza.test',
        nationality: 'PK',
        dateOfBirth: '1999-02-28',
      };
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.http().post('/api/v1/participants').set(bearer(hunza.token)).send(body),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      const conflicts = results.filter((r) => r.status === 409);
      expect(conflicts).toHaveLength(7);
      for (const c of conflicts)
        expect(c.body).toMatchObject({
          code: 'PARTICIPANT_DUPLICATE',
          details: { existingId: created[0].body.id },
        });
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM participants WHERE email = 'zainab@hunza.test'`,
          )
        ).rows[0].n,
      ).toBe(1);
    });

    it('lets staff place a participant in any organisation or none, and 404s an unknown organisation', async () => {
      const placed = await t.http().post('/api/v1/participants').set(bearer(coordinator)).send({
        fullName: 'Li Na',
        nativeName: '李娜',
        nationality: 'CN',
        organizationId: karamay.orgId,
      });
      expect(placed.status).toBe(201);
      expect(placed.body.organizationId).toBe(karamay.orgId);
      const none = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(coordinator))
        .send({ fullName: 'Independent Scholar', nationality: 'CN' });
      expect(none.body.organizationId).toBeNull();
      const unknown = await t.http().post('/api/v1/participants').set(bearer(coordinator)).send({
        fullName: 'X',
        nationality: 'CN',
        organizationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(404);
    });

    it('searches fullName and nativeName in Latin, Chinese and Urdu script', async () => {
      await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(karamay.token))
        .send({ fullName: 'Wang Fang', nativeName: '王芳', nationality: 'CN' });
      await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(hunza.token))
        .send({ fullName: 'Imran Baig', nativeName: 'عمران بیگ', nationality: 'PK' });
      const names = async (token: string, q: string) =>
        (
          await t
            .http()
            .get(`/api/v1/participants?q=${encodeURIComponent(q)}`)
            .set(bearer(token))
        ).body.items.map((p: { fullName: string }) => p.fullName);
      expect(await names(karamay.token, '王')).toEqual(['Wang Fang']);
      expect(await names(hunza.token, 'عمران')).toEqual(['Imran Baig']);
      expect(await names(hunza.token, 'IMRAN b')).toEqual(['Imran Baig']);
      expect(await names(hunza.token, '王')).toEqual([]);
      expect(await names(coordinator, 'fang')).toEqual(['Wang Fang']);
      expect(await names(hunza.token, '%')).toEqual([]);
      const filtered = await t
        .http()
        .get('/api/v1/participants?nationality=CN&limit=100')
        .set(bearer(coordinator));
      expect(
        filtered.body.items.every((p: { nationality: string }) => p.nationality === 'CN'),
      ).toBe(true);
    });

    it('pages through the caller’s participants with nextCursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
          .http()
          .get(`/api/v1/participants?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(hunza.token));
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((p) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const expected = await t.db.query(
        `SELECT id FROM participants WHERE organization_id = $1 AND erased_at IS NULL ORDER BY created_at, id`,
        [hunza.orgId],
      );
      expect(seen).toEqual(expected.rows.map((r) => r.id));
      expect(seen.length).toBeGreaterThan(4);
    });

    it('PATCHes with version checks, clears optional fields with null, and refuses a duplicate edit', async () => {
      const a = await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send({
        fullName: 'Karim Khan',
        email: 'karim@hunza.test',
        nationality: 'PK',
        phone: '0300 1234567',
      });
      const b = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(hunza.token))
        .send({ fullName: 'Karim Khan Jr', email: 'karim.jr@hunza.test', nationality: 'PK' });
      const ok = await t
        .http()
        .patch(`/api/v1/participants/${a.body.id}`)
        .set(bearer(hunza.token))
        .send({ phone: null, gender: 'male', version: 1 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ phone: null, gender: 'male', version: 2 });
      const stale = await t
        .http()
        .patch(`/api/v1/participants/${a.body.id}`)
        .set(bearer(hunza.token))
        .send({ gender: 'other', version: 1 });
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const dup = await t
        .http()
        .patch(`/api/v1/participants/${b.body.id}`)
        .set(bearer(hunza.token))
        .send({ email: 'KARIM@hunza.test' });
      expect(dup.status).toBe(409);
      expect(dup.body.details.existingId).toBe(a.body.id);
      const nullName = await t
        .http()
        .patch(`/api/v1/participants/${b.body.id}`)
        .set(bearer(hunza.token))
        .send({ fullName: null });
      expect(nullName.status).toBe(400);
      const row = (
        await t.db.query(`SELECT email, full_name, version FROM participants WHERE id = $1`, [
          b.body.id,
        ])
      ).rows[0];
      expect(row).toEqual({ email: 'karim.jr@hunza.test', full_name: 'Karim Khan Jr', version: 1 });
      const audit = await t.db.query(
        `SELECT after->'changed' AS changed FROM audit_events WHERE entity_id = $1 AND action = 'participant.updated'`,
        [a.body.id],
      );
      expect(audit.rows).toEqual([{ changed: ['phone', 'gender'] }]);
    });
  });

  describe('POST /participants/import', () => {
    let org: Member;
    beforeAll(async () => {
      org = await approvedMember(t, 'Gilgit Youth Network');
      // Already stored: found again by name + birth date (row 9) and by email (row 10).
      await t.http().post('/api/v1/participants').set(bearer(org.token)).send({
        fullName: 'Ayesha Karim',
        email: 'ayesha@gilgit.test',
        nationality: 'PK',
        dateOfBirth: '1996-04-12',
      });
    });

    it('saves good rows, reports bad rows by row number and counts duplicates (in-file and stored) exactly', async () => {
      const file = csv([
        HEADER, // row 1
        [
          'Imran Baig',
          'عمران بیگ',
          'imran@gilgit.test',
          'PK',
          'male',
          '1990-09-03',
          '+92 300 1111111',
        ], // 2 created
        ['Wang Fang', '王芳', 'wang.fang@karamay.test', 'cn', 'female', '1995-01-20', ''], // 3 created
        ['', 'نام', 'noname@gilgit.test', 'PK', '', '', ''], // 4 missing name
        ['Sher Ali', 'شیر علی', '', 'XX', 'male', '1988-05-05', ''], // 5 bad country
        ['Zainab Hussain', '', 'zainab@gilgit.test', 'PK', 'female', '1999-02-30', ''], // 6 bad date
        ['=HYPERLINK("http://evil.test","click")', '', '', 'PK', '', '', ''], // 7 formula name
        ['Nadia Shah', '@SUM(1+1)', '', 'PK', '', '', ''], // 8 formula native name
        ['AYESHA  karim', '', '', 'PK', 'female', '1996-04-12', ''], // 9 duplicate of stored (name + dob)
        ['Someone Else', '', 'AYESHA@gilgit.test', 'PK', '', '', ''], // 10 duplicate of stored (email)
        ['Imran Baig', '', '', 'PK', '', '1990-09-03', ''], // 11 duplicate of row 2 (name + dob)
        [''], // 12 blank line: skipped
        ['Li Na', '李娜', 'li.na@karamay.test', 'CN', 'female', '1993-07-07', ''], // 13 created
        ['Other Person', '', 'IMRAN@gilgit.test', 'PK', '', '', ''], // 14 duplicate of row 2 (email)
        ['Karim Khan', 'کریم خان', '', 'PK', 'male', '', ''], // 15 created
        ['Bad Email', '', 'not-an-email', 'PK', '', '', ''], // 16 bad email
        ['Too', 'Many', 'cells', 'PK', '', '', '', 'extra'], // 17 too many cells
        ['Sana Malik', 'ثناء ملک', '', 'pk', 'FEMALE', '2001-11-30', "'+92 51 1234567"], // 18 created, quote-escaped phone
      ]);
      const res = await upload(org.token, file);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        created: 5,
        duplicates: 4,
        duplicateRows: [9, 10, 11, 14],
        failed: 7,
        errors: [
          { row: 4, field: 'fullName', message: expect.any(String) },
          { row: 5, field: 'nationality', message: expect.any(String) },
          { row: 6, field: 'dateOfBirth', message: expect.any(String) },
          { row: 7, field: 'fullName', message: expect.any(String) },
          { row: 8, field: 'nativeName', message: expect.any(String) },
          { row: 16, field: 'email', message: expect.any(String) },
          { row: 17, field: 'file', message: expect.any(String) },
        ],
        errorsTruncated: false,
      });
      const stored = await rows(org.orgId);
      expect(stored.map((r) => r.full_name)).toEqual([
        'Ayesha Karim',
        'Imran Baig',
        'Karim Khan',
        'Li Na',
        'Sana Malik',
        'Wang Fang',
      ]);
      const sana = stored.find((r) => r.full_name === 'Sana Malik');
      expect(sana).toMatchObject({
        nationality: 'PK',
        gender: 'female',
        phone: '+92 51 1234567',
        native_name: 'ثناء ملک',
        organization_id: org.orgId,
      });
      const audits = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'participant.created' AND entity_id = ANY($1::uuid[])`,
        [stored.map((r) => r.id)],
      );
      expect(audits.rows[0].n).toBe(6);
      const summary = await t.db.query(
        `SELECT after FROM audit_events WHERE action = 'participant.import' ORDER BY created_at DESC LIMIT 1`,
      );
      expect(summary.rows[0].after).toMatchObject({
        organizationId: org.orgId,
        rows: 16,
        created: 5,
        duplicates: 4,
        failed: 7,
      });

      // The same file again: nothing new; every row that can be matched is a duplicate.
      const again = await upload(org.token, file);
      expect(again.body).toMatchObject({ created: 1, duplicates: 8, failed: 7 });
      // Karim Khan has neither email nor birth date, so nothing identifies him as the same person.
      expect((await rows(org.orgId)).filter((r) => r.full_name === 'Karim Khan')).toHaveLength(2);
    });

    it('reads a BOM, CRLF line ends, any column order; staff set the organisation per row or by ?organizationId=', async () => {
      const target = await approvedMember(t, 'Kashgar University', {
        type: 'university',
        country: 'CN',
      });
      const content =
        '\ufeffnationality,fullName,organizationId,dateOfBirth\r\n' +
        `CN,Ma Lin,,1994-03-03\r\n` +
        `CN,Liu Yang,${karamay.orgId},1992-12-12\r\n` +
        `CN,Ghost,00000000-0000-4000-8000-000000000000,1992-12-12\r\n`;
      const res = await upload(coordinator, content, `?organizationId=${target.orgId}`);
      expect(res.body).toEqual({
        created: 2,
        duplicates: 0,
        duplicateRows: [],
        failed: 1,
        errors: [{ row: 4, field: 'organizationId', message: 'organization not found' }],
        errorsTruncated: false,
      });
      expect((await rows(target.orgId)).map((r) => r.full_name)).toEqual(['Ma Lin']);
      expect((await rows(karamay.orgId)).map((r) => r.full_name)).toContain('Liu Yang');
    });

    it('keeps stray quotes as text, and reports a never-closed quote with its row number, keeping the rows before it', async () => {
      const m = await approvedMember(t, 'Tashkurgan Culture Club', { country: 'CN' });
      const content =
        'fullName,nationality\nGood One,CN\nBro"ken,CN\n"Unclosed,CN\nNever Read,CN\n';
      const res = await upload(m.token, content);
      expect(res.body).toMatchObject({
        created: 2,
        failed: 1,
        errors: [
          { row: 4, field: 'file', message: expect.stringMatching(/malformed CSV.*never closed/) },
        ],
      });
      expect((await rows(m.orgId)).map((r) => r.full_name)).toEqual(['Bro"ken', 'Good One']);
    });

    it('refuses an unusable header row with 400 and imports nothing', async () => {
      const before = (await rows(org.orgId)).length;
      for (const content of [
        'fullName,nationality,role\nX,PK,admin\n',
        'nativeName,email\nX,x@y.test\n',
        'fullName,fullName,nationality\n',
        '',
      ]) {
        const res = await upload(org.token, content);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await upload(org.token, '').catch((e) => e)).status).toBe(400);
      const noFile = await t
        .http()
        .post('/api/v1/participants/import')
        .set(bearer(org.token))
        .field('x', 'y');
      expect(noFile.status).toBe(400);
      const wrongField = await t
        .http()
        .post('/api/v1/participants/import')
        .set(bearer(org.token))
        .attach('upload', Buffer.from('fullName,nationality\nAli Raza,PK\n'), 'people.csv');
      expect(wrongField.status).toBe(400);
      expect(wrongField.body.details).toEqual([
        { field: 'file', message: expect.stringContaining('"file"') },
      ]);
      const malformed = await t
        .http()
        .post('/api/v1/participants/import')
        .set(bearer(org.token))
        .set('Content-Type', 'multipart/form-data; boundary=zzz')
        .send(
          '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nfullName',
        );
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
      const twoFiles = await t
        .http()
        .post('/api/v1/participants/import')
        .set(bearer(org.token))
        .attach('other', Buffer.from('x'), 'x.csv')
        .attach('file', Buffer.from('fullName,nationality\nAli Raza,PK\n'), 'people.csv');
      expect(twoFiles.status).toBe(400);
      expect(twoFiles.body.details[0].message).toContain('"file"');
      const asJson = await t
        .http()
        .post('/api/v1/participants/import')
        .set(bearer(org.token))
        .send({ file: 'fullName,nationality' });
      expect(asJson.status).toBe(400);
      expect(asJson.body.code).toBe('VALIDATION_FAILED');
      expect(await rows(org.orgId)).toHaveLength(before);
    });

    it('answers 413 PAYLOAD_TOO_LARGE beyond UPLOAD_LIMIT_BYTES and saves nothing', async () => {
      const before = (await rows(org.orgId)).length;
      const big =
        'fullName,nationality\n' +
        Array.from({ length: 4000 }, (_, i) => `Person Number ${i},PK`).join('\n');
      expect(Buffer.byteLength(big)).toBeGreaterThan(65536);
      const uploads = () => readdirSync(tmpdir()).filter((f) => f.startsWith('silkbridge-upload-'));
      const leftBefore = uploads().length;
      const res = await upload(org.token, big);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await rows(org.orgId)).toHaveLength(before);
      // The part written before the cut is removed.
      expect(uploads()).toHaveLength(leftBefore);
    });
  });

  describe('GET /participants/export.csv', () => {
    it('streams the caller’s participants with formula-leading cells quote-escaped', async () => {
      const m = await approvedMember(t, 'Sost Exporters');
      await t.http().post('/api/v1/participants').set(bearer(m.token)).send({
        fullName: 'Sana Malik',
        nativeName: 'ثناء ملک',
        email: 'sana@sost.test',
        nationality: 'PK',
        phone: '+92 51 1234567',
      });
      // A legacy row written before names were checked.
      await t.db.query(
        `INSERT INTO participants (organization_id, full_name, native_name, name_key, nationality) VALUES ($1, '=HYPERLINK("http://evil.test","x")', '@SUM(1)', 'legacy', 'PK')`,
        [m.orgId],
      );
      const res = await t
        .http()
        .get('/api/v1/participants/export.csv')
        .set(bearer(m.token))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const body = (res.body as Buffer).toString('utf8');
      expect(body.startsWith('\ufeff')).toBe(true);
      const records = parseCsv(body, { bom: true, columns: true }) as Record<string, string>[];
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({
        fullName: 'Sana Malik',
        nativeName: 'ثناء ملک',
        email: 'sana@sost.test',
        phone: "'+92 51 1234567",
        organizationId: m.orgId,
      });
      expect(records[1]).toMatchObject({
        fullName: `'=HYPERLINK("http://evil.test","x")`,
        nativeName: "'@SUM(1)",
      });
      expect(body).not.toMatch(/(^|,)"?=HYPERLINK/m);

      // Staff: everything, or one organisation.
      const staff = await t
        .http()
        .get(`/api/v1/participants/export.csv?organizationId=${m.orgId}`)
        .set(bearer(coordinator));
      expect(parseCsv(staff.text, { bom: true, columns: true })).toHaveLength(2);
      const all = await t.http().get('/api/v1/participants/export.csv').set(bearer(coordinator));
      const total = (
        await t.db.query(`SELECT count(*)::int AS n FROM participants WHERE erased_at IS NULL`)
      ).rows[0].n;
      expect(parseCsv(all.text, { bom: true, columns: true })).toHaveLength(total);
    });
  });

  describe('personal data and erasure (admin)', () => {
    let person: string;
    let applicationId: string;
    beforeAll(async () => {
      const res = await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send({
        fullName: 'Nadia Shah',
        nativeName: 'نادیہ شاہ',
        email: 'nadia@hunza.test',
        nationality: 'PK',
        gender: 'female',
        dateOfBirth: '1998-08-08',
        phone: '+92 300 7654321',
      });
      person = res.body.id;
      const coord = (await t.db.query(`SELECT id FROM users WHERE role = 'coordinator' LIMIT 1`))
        .rows[0].id;
      const program = await t.db.query(
        `INSERT INTO programs (title, type, coordinator_id, starts_at, ends_at, time_zone, registration_deadline, capacity)
         VALUES ('{"en":"Karakoram Youth Exchange"}', 'youth', $1, now() + interval '30 days', now() + interval '40 days', 'Asia/Karachi', now() + interval '20 days', 10) RETURNING id`,
        [coord],
      );
      await t.db.query(
        `INSERT INTO registrations (program_id, participant_id, organization_id, status) VALUES ($1, $2, $3, 'confirmed')`,
        [program.rows[0].id, person, hunza.orgId],
      );
      const scholarship = await t.db.query(
        `INSERT INTO scholarships (name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at)
         VALUES ('{"en":"CPEC Master Scholarship"}', 'master', 5, 3000, 'CNY', now(), now() + interval '30 days') RETURNING id`,
      );
      const application = await t.db.query(
        `INSERT INTO scholarship_applications (scholarship_id, participant_id, organization_id, created_by, statement)
         VALUES ($1, $2, $3, $4, 'I grew up beside the Karakoram Highway') RETURNING id`,
        [scholarship.rows[0].id, person, hunza.orgId, hunza.userId],
      );
      applicationId = application.rows[0].id;
      await t.db.query(
        `INSERT INTO application_reviews (application_id, reviewer_id, score, comment) VALUES ($1, $2, 88, 'Strong')`,
        [applicationId, coord],
      );
    });

    it('exports everything held about one person as JSON (admin only), and records that it did', async () => {
      for (const token of [coordinator, hunza.token])
        expect(
          (await t.http().get(`/api/v1/participants/${person}/personal-data`).set(bearer(token)))
            .status,
        ).toBe(403);
      const res = await t
        .http()
        .get(`/api/v1/participants/${person}/personal-data`)
        .set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.participant).toMatchObject({
        id: person,
        fullName: 'Nadia Shah',
        email: 'nadia@hunza.test',
        dateOfBirth: '1998-08-08',
        phone: '+92 300 7654321',
      });
      expect(res.body.registrations).toEqual([
        expect.objectContaining({ participantId: person, status: 'confirmed' }),
      ]);
      expect(res.body.scholarshipApplications).toEqual([
        expect.objectContaining({
          id: applicationId,
          statement: 'I grew up beside the Karakoram Highway',
          reviews: [expect.objectContaining({ score: 88, comment: 'Strong' })],
          disbursements: [],
        }),
      ]);
      expect(res.body.auditEvents.map((e: { action: string }) => e.action)).toContain(
        'participant.created',
      );
      const logged = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'participant.personal_data_exported' AND entity_id = $1`,
        [person],
      );
      expect(logged.rows[0].n).toBe(1);
    });

    it('erases a person: personal fields gone, nationality/gender/organisation kept, audit free of personal data', async () => {
      expect(
        (await t.http().post(`/api/v1/participants/${person}/erase`).set(bearer(coordinator)))
          .status,
      ).toBe(403);
      const countsBefore = (
        await t.db.query(
          `SELECT nationality, gender, count(*)::int AS n FROM participants WHERE organization_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
          [hunza.orgId],
        )
      ).rows;
      const res = await t.http().post(`/api/v1/participants/${person}/erase`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: person,
        fullName: 'Erased participant',
        nativeName: null,
        email: null,
        phone: null,
        dateOfBirth: null,
        nationality: 'PK',
        gender: 'female',
        organizationId: hunza.orgId,
      });
      expect(res.body.erasedAt).toEqual(expect.any(String));
      const row = (await t.db.query(`SELECT * FROM participants WHERE id = $1`, [person])).rows[0];
      expect(JSON.stringify(row)).not.toMatch(/Nadia|نادیہ|nadia@|1998|7654321/);
      const statement = (
        await t.db.query(`SELECT statement FROM scholarship_applications WHERE id = $1`, [
          applicationId,
        ])
      ).rows[0].statement;
      expect(statement).toBe('[erased]');
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM registrations WHERE participant_id = $1`,
            [person],
          )
        ).rows[0].n,
      ).toBe(1);
      expect(
        (
          await t.db.query(
            `SELECT nationality, gender, count(*)::int AS n FROM participants WHERE organization_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
            [hunza.orgId],
          )
        ).rows,
      ).toEqual(countsBefore);
      const audit = await t.db.query(
        `SELECT before, after FROM audit_events WHERE action = 'participant.erased' AND entity_id = $1`,
        [person],
      );
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0].after).toMatchObject({
        erased: true,
        statementsErased: 1,
        nationality: 'PK',
        organizationId: hunza.orgId,
      });
      expect(JSON.stringify(audit.rows)).not.toMatch(/Nadia|نادیہ|nadia@|1998|7654321/);
      const everything = await t.db.query(
        `SELECT before, after FROM audit_events WHERE entity_id = $1`,
        [person],
      );
      expect(JSON.stringify(everything.rows)).not.toMatch(/Nadia|نادیہ|nadia@|1998-08-08|7654321/);

      // Gone from lists and exports, still readable by id, no longer editable; erasing again changes nothing.
      const list = await t.http().get('/api/v1/participants?limit=100').set(bearer(hunza.token));
      expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(person);
      expect(
        (await t.http().get(`/api/v1/participants/${person}`).set(bearer(hunza.token))).body
          .fullName,
      ).toBe('Erased participant');
      const patch = await t
        .http()
        .patch(`/api/v1/participants/${person}`)
        .set(bearer(hunza.token))
        .send({ fullName: 'Nadia Shah' });
      expect(patch.status).toBe(409);
      expect(patch.body.code).toBe('PARTICIPANT_ERASED');
      const again = await t.http().post(`/api/v1/participants/${person}/erase`).set(bearer(admin));
      expect(again.status).toBe(200);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM audit_events WHERE action = 'participant.erased' AND entity_id = $1`,
            [person],
          )
        ).rows[0].n,
      ).toBe(1);
      // The erased record no longer blocks the person from being registered afresh.
      expect(
        (
          await t.http().post('/api/v1/participants').set(bearer(hunza.token)).send({
            fullName: 'Nadia Shah',
            email: 'nadia@hunza.test',
            nationality: 'PK',
            dateOfBirth: '1998-08-08',
          })
        ).status,
      ).toBe(201);
    });
  });
});
