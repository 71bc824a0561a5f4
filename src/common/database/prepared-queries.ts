import { createHash } from 'crypto';
import type { PoolClient } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Anything that runs SQL and answers rows: a DataSource, an EntityManager, {@link preparedQueries}. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A {@link SqlRunner} over the primary's pg pool (through the driver's public
 * `obtainMasterConnection`) that runs every statement as a named
 * prepared statement (name = hash of the SQL text). Each pooled connection parses and plans a
 * statement once and re-uses it, instead of Postgres planning it on every call (for the
 * reminder delivery's and the auth guard's small primary-key lookups, planning costs several times
 * the execution),
 * and it skips TypeORM's per-query QueryRunner.
 *
 * Only for SQL with a fixed text and explicit column lists (a prepared `SELECT *` breaks when a
 * migration adds a column). Answers rows, like `DataSource.query()` does for a SELECT (and
 * `rowsOf()` accepts for UPDATE … RETURNING). A failed statement throws TypeORM's
 * `QueryFailedError`, as `DataSource.query()` would, so the error filter maps it the same way.
 */
export function preparedQueries(dataSource: DataSource): SqlRunner {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `sb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  const driver = dataSource.driver as PostgresDriver;
  return {
    async query(text: string, values?: unknown[]) {
      // A primary connection through the driver's public API; released as pg's pool.query
      // does, destroyed after an error (its state is unknown).
      const [client, release] = (await driver.obtainMasterConnection()) as [
        PoolClient,
        (err?: Error) => void,
      ];
      // pg emits 'error' on a client whose socket fails (a reset, a failover) besides failing
      // its query; the pool stops listening while the client is checked out, and an 'error'
      // nobody listens to would end the process. TypeORM's query runner listens the same way.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken ??= err);
      client.on('error', onError);
      try {
        const result = await client.query({ name: nameOf(text), text, values });
        return result.rows;
      } catch (err) {
        broken ??= err as Error;
        throw new QueryFailedError(text, values, err as Error);
      } finally {
        client.removeListener('error', onError);
        release(broken);
      }
    },
  };
}
