import { Client } from 'pg';
import { bearer, createTestApp, createTestDatabase, TestApp } from '../utils/create-app';

/**
 * DATABASE_REPLICA_URLS: a second database stands in for a replica (a clone of the same schema
 * that holds a row the primary does not), so where each read went shows in what it answers.
 */
describe('read replicas through DATABASE_REPLICA_URLS', () => {
  let t: TestApp;
  let replica: Awaited<ReturnType<typeof createTestDatabase>>;
  let replicaDb: Client;
  let admin: string;

  beforeAll(async () => {
    replica = await createTestDatabase();
    replicaDb = new Client({ connectionString: replica.url });
    await replicaDb.connect();
    await replicaDb.query(
      `INSERT INTO cities (names, country, kind) VALUES ('{"en": "Replica Town"}', 'PK', 'city')`,
    );
    t = await createTestApp({ DATABASE_REPLICA_URLS: ` ${replica.url} ` });
    admin = await t.adminToken();
  });

  afterAll(async () => {
    await t?.close();
    await replicaDb?.end();
    await replica?.drop();
  });

  it('lists from the replica, writes and authenticates against the primary', async () => {
    // The sign-in and the guard's user lookup found the admin, who exists on the primary only.
    const me = await t.http().get('/api/v1/auth/me').set(bearer(admin));
    expect(me.status).toBe(200);

    const created = await t
      .http()
      .post('/api/v1/cities')
      .set(bearer(admin))
      .send({ names: { en: 'Hunza' }, country: 'PK', kind: 'city' });
    expect(created.status).toBe(201);
    expect(
      (await t.db.query(`SELECT 1 FROM cities WHERE id = $1`, [created.body.id])).rowCount,
    ).toBe(1);
    expect(
      (await replicaDb.query(`SELECT 1 FROM cities WHERE id = $1`, [created.body.id])).rowCount,
    ).toBe(0);

    const list = await t.http().get('/api/v1/cities').set(bearer(admin));
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { names: { en: string } }) => c.names.en)).toEqual([
      'Replica Town',
    ]);

    // A write reads inside its transaction, on the primary, where the city exists.
    const patched = await t
      .http()
      .patch(`/api/v1/cities/${created.body.id}`)
      .set(bearer(admin))
      .send({ region: 'Gilgit-Baltistan' });
    expect(patched.status).toBe(200);
    expect(patched.body.region).toBe('Gilgit-Baltistan');
  });

  it('refuses a replica URL that is not postgres://, naming the variable', async () => {
    const { validateEnv } = await import('../../src/config/env.validation');
    expect(() =>
      validateEnv({ NODE_ENV: 'test', DATABASE_REPLICA_URLS: 'postgres://a/b, mysql://c/d' }),
    ).toThrow(/DATABASE_REPLICA_URLS/);
    // A space where the comma belongs is refused now, not at the first connection.
    expect(() =>
      validateEnv({ NODE_ENV: 'test', DATABASE_REPLICA_URLS: 'postgres://a/b postgres://c/d' }),
    ).toThrow(/DATABASE_REPLICA_URLS/);
    expect(
      validateEnv({ NODE_ENV: 'test', DATABASE_REPLICA_URLS: 'postgres://a/b,postgres://c/d' })
        .DATABASE_REPLICA_URLS,
    ).toEqual(['postgres://a/b', 'postgres://c/d']);
    expect(validateEnv({ NODE_ENV: 'test' }).DATABASE_REPLICA_URLS).toEqual([]);
  });
});
