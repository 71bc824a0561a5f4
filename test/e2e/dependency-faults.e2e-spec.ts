import { DataSource, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter';
import { createTestApp, TestApp } from '../utils/create-app';

/**
 * Found by the fault drill (bench/fault-drill.ts): when Postgres restarts under load, a request
 * whose transaction is between two queries loses its connection; TypeORM releases the query
 * runner on the connection's `error` event and the transaction's next query throws
 * QueryRunner(Provider)AlreadyReleasedError, which the API answered 500 instead of 503.
 */
describe('a Postgres connection dropped inside a transaction', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('fails the transaction with an error the API answers 503, writes nothing, and the pool recovers', async () => {
    const ds = t.app.get(DataSource);
    let caught: unknown;
    await ds
      .transaction(async (m) => {
        const [{ pid }] = await m.query('SELECT pg_backend_pid() AS pid');
        await m.query(
          `INSERT INTO participants (full_name, name_key, nationality) VALUES ('Dropped Write', 'dropped write', 'PK')`,
        );
        // The server ends the backend while the transaction is idle between two queries.
        await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
        const deadline = Date.now() + 5000;
        while (!m.queryRunner!.isReleased && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        try {
          await m.query('SELECT 1');
        } catch (err) {
          caught = err;
          throw err;
        }
      })
      .catch(() => undefined);

    expect(caught).toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
    expect(new AllExceptionsFilter().toBody(caught)).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
    const rows = await t.db.query(`SELECT 1 FROM participants WHERE full_name = 'Dropped Write'`);
    expect(rows.rowCount).toBe(0);
    // The dropped connection left the pool; the next requests get healthy ones.
    for (let i = 0; i < 3; i++) expect((await t.http().get('/health/ready')).status).toBe(200);
  });
});
