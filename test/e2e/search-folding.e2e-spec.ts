import { approvedMember, Member } from '../factories/organization.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

/**
 * `?q=` matches across spellings a person takes as the same (API contract, Data quality): the
 * stored `search_text` and the query are folded by the same `search_fold()`.
 */
describe('search across spellings', () => {
  let t: TestApp;
  let admin: string;
  let member: Member;

  const names = async (path: string, q: string, token = member.token) => {
    const res = await t.http().get(`/api/v1/${path}`).query({ q, limit: 100 }).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as Record<string, unknown>[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    member = await approvedMember(t, 'Hunza Search Society');
    const people = [
      { fullName: 'Abdul Karim', nativeName: 'عبدالکریم' },
      { fullName: 'Karim Baig', nativeName: 'کریم بیگ' },
      { fullName: 'Sher Ali', nativeName: 'شیر علی' },
      { fullName: 'Zoë Müller', nativeName: null },
      { fullName: 'Wang Fang', nativeName: '王芳' },
    ];
    for (const p of people) {
      const res = await t
        .http()
        .post('/api/v1/participants')
        .set(bearer(member.token))
        .send({ ...p, nativeName: p.nativeName ?? undefined, nationality: 'PK' });
      expect(res.status).toBe(201);
    }
    const city = await t
      .http()
      .post('/api/v1/cities')
      .set(bearer(admin))
      .send({ names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' }, country: 'PK', kind: 'city' });
    expect(city.status).toBe(201);
  });
  afterAll(() => t.close());

  it('finds Urdu letters typed in their Arabic forms (ك for ک, ي for ی)', async () => {
    const urdu = await names('participants', 'کریم');
    const arabic = await names('participants', 'كريم');
    expect(urdu.map((p) => p.fullName).sort()).toEqual(['Abdul Karim', 'Karim Baig']);
    expect(arabic.map((p) => p.fullName).sort()).toEqual(['Abdul Karim', 'Karim Baig']);
  });

  it('finds Arabic text written with diacritics and tatweel', async () => {
    expect((await names('participants', 'كَرِيـم')).map((p) => p.fullName).sort()).toEqual([
      'Abdul Karim',
      'Karim Baig',
    ]);
  });

  it('treats runs of white space as one space and ignores case and accents', async () => {
    expect((await names('participants', 'Sher  Ali')).map((p) => p.fullName)).toEqual(['Sher Ali']);
    expect((await names('participants', '  SHER\tali ')).map((p) => p.fullName)).toEqual([
      'Sher Ali',
    ]);
    expect((await names('participants', 'zoe muller')).map((p) => p.fullName)).toEqual([
      'Zoë Müller',
    ]);
  });

  it('finds Simplified Chinese names typed in Traditional characters', async () => {
    const cities = await names('cities', '瓜達爾');
    expect(cities.map((c) => (c.names as { en: string }).en)).toEqual(['Gwadar']);
    expect((await names('cities', '瓜达尔')).length).toBe(1);
  });

  it('reads the Chinese table only for text that holds a Chinese character', async () => {
    // Planning every ?q= query folds the term; parsing the 26 kB Traditional→Simplified table for
    // a Latin or Urdu term was most of that cost (migration SearchFoldChineseOnDemand).
    await t.db.query('BEGIN');
    try {
      await t.db.query(`SET LOCAL track_functions = 'all'`);
      const fold = async (text: string) =>
        (await t.db.query('SELECT search_fold($1) AS f', [text])).rows[0].f as string;
      const tableReads = async () =>
        Number(
          (
            await t.db.query(
              `SELECT coalesce(pg_stat_get_xact_function_calls('search_fold_zh(text)'::regprocedure), 0) AS n`,
            )
          ).rows[0].n,
        );
      expect(await fold('Sher  Ali كريم Zoë')).toBe('sher ali کریم zoe');
      expect(await tableReads()).toBe(0);
      expect(await fold('瓜達爾 Gwadar')).toBe('瓜达尔 gwadar');
      expect(await tableReads()).toBe(1);
    } finally {
      await t.db.query('ROLLBACK');
    }
  });

  it('still treats LIKE wildcards in q as plain characters', async () => {
    expect(await names('participants', '%')).toEqual([]);
    expect(await names('participants', 'K_rim')).toEqual([]);
  });
});
