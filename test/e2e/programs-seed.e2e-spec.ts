import { Client } from 'pg';
import { runSeed } from '../../src/scripts/seeds/run-seed';
import { anniversariesBetween } from '../../src/partnerships/partnership-rules';
import { createTestDatabase } from '../utils/create-app';

describe('partnerships and programs demo seed', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const counts = async () =>
    (
      await client.query(
        `SELECT (SELECT count(*)::int FROM partnerships) AS partnerships, (SELECT count(*)::int FROM programs) AS programs,
                (SELECT count(*)::int FROM reminder_outbox WHERE entity_type IN ('partnership', 'program')) AS outbox`,
      )
    ).rows[0];

  it('loads the essays’ partnerships and programs once; running it twice adds nothing', async () => {
    const ctx = await runSeed({ DATABASE_URL: db.url });
    const first = await counts();
    expect(first).toEqual({ partnerships: 2, programs: 5, outbox: 7 });
    await runSeed({ DATABASE_URL: db.url });
    expect(await counts()).toEqual(first);

    const kg = (
      await client.query(
        `SELECT kind, status, established_on::text AS on FROM partnerships WHERE id = $1`,
        [ctx.ids.get('partnership:Karamay-Gwadar')],
      )
    ).rows[0];
    expect(kg).toEqual({ kind: 'sister_city', status: 'active', on: '2015-04-20' });
    expect(anniversariesBetween(kg.on, '2025-01-01', '2025-12-31')).toEqual([
      { date: '2025-04-20', years: 10 },
    ]);
    const th = (
      await client.query(`SELECT kind, notes FROM partnerships WHERE id = $1`, [
        ctx.ids.get('partnership:Tashkurgan-Hunza'),
      ])
    ).rows[0];
    expect(th.kind).toBe('sister_county');
    expect(th.notes).toMatch(/assumed/);

    const programs = (
      await client.query(
        `SELECT title->>'en' AS title, type, status, time_zone, starts_at, confirmed_count <= capacity AS ok FROM programs ORDER BY starts_at`,
      )
    ).rows;
    expect(programs.map((p) => [p.type, p.status, p.time_zone])).toEqual([
      ['culture', 'completed', 'Asia/Karachi'],
      ['culture', 'completed', 'Asia/Shanghai'],
      ['think_tank', 'completed', 'Asia/Shanghai'],
      ['youth', 'completed', 'Asia/Shanghai'],
      ['delegation', 'open', 'Asia/Karachi'],
    ]);
    expect(programs[0].title).toBe(
      '70th Anniversary of China–Pakistan Diplomatic Relations — Calligraphy and Painting Exhibition of Artists of the Two Countries',
    );
    expect(programs[0].starts_at.getUTCFullYear()).toBe(2021);
    expect(programs[1].title).toBe(
      'Buddhist Wisdom in Xiangshan Mountain: Gandhara Heritage Art Exhibition',
    );
    expect(programs[2].title).toMatch(/Kashgar University CPEC Research Center/);
    expect(programs[4].starts_at.toISOString()).toBe('2027-06-07T04:00:00.000Z');
  });
});
