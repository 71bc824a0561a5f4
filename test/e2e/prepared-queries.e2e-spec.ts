import { Socket } from 'net';
import { Client, PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { preparedQueries, SqlRunner } from '../../src/common/database/prepared-queries';
import { dataSourceOptions } from '../../src/database/data-source';
import { createTestDatabase } from '../utils/create-app';

/**
 * preparedQueries() serves the auth guard's user lookup on every request, so it must fail the
 * way TypeORM's own queries do (the error filter maps those) and survive a dropped connection.
 */
describe('preparedQueries', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let admin: Client;
  let runner: SqlRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions({ DATABASE_URL: db.url }, 2));
    await ds.initialize();
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    runner = preparedQueries(ds);
  });
  afterAll(async () => {
    await admin.end();
    await ds.destroy();
    await db.drop();
  });

  it('answers rows and reports a failed statement as QueryFailedError with its code', async () => {
    expect(await runner.query('SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
    const failure = await runner.query('SELECT 1 / $1::int AS n', [0]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { code: string }).code).toBe('22012');
  });

  it('rejects, without crashing the process, when its connection is reset mid-statement', async () => {
    const running = runner.query(`SELECT pg_sleep(30) AS slept`);
    const settled = running.then(
      () => null,
      (e: unknown) => e,
    );
    // Wait for the statement to be running (a condition, not a clock), then reset the socket of
    // the pooled client that runs it, as a network failure would. pg emits 'error' on a client
    // whose socket fails; a checked-out client without a listener would crash the process.
    let pid: number | undefined;
    while (!pid) {
      const rows = (
        await admin.query(
          `SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'`,
        )
      ).rows;
      pid = rows[0]?.pid;
    }
    const pool = (ds.driver as PostgresDriver).master as { _clients: PoolClient[] };
    const busy = pool._clients.find(
      (c) => (c as unknown as { processID: number }).processID === pid,
    );
    expect(busy).toBeDefined();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    (busy as unknown as { connection: { stream: Socket } }).connection.stream.destroy(reset);

    const error = (await settled) as { code?: string } | null;
    expect(error?.code).toBe('ECONNRESET');
    // The pool dropped that connection and serves the next statement.
    expect(await runner.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  });
});
