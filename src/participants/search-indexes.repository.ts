import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../common/database/prepared-queries';

/** Name of the partial trigram index of one `created_at` year (see search-years.ts). */
const indexName = (year: number): string => `participants_search_y${year}_idx`;

/** Midnight UTC on 1 January of `year`. */
export const yearStart = (year: number): Date => new Date(Date.UTC(year, 0, 1));

/** Held (session advisory lock) while a session builds the indexes, so two never overlap. */
const BUILD_LOCK = `hashtext('participants.search-indexes')`;

/**
 * The per-year search indexes of `participants` and the years its rows span. The builds run on
 * one dedicated connection outside any transaction (CONCURRENTLY, session settings).
 */
@Injectable()
export class ParticipantSearchIndexesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The UTC years of the oldest and the newest participant; null for an empty table. */
  async createdYearSpan(): Promise<{ first: number; last: number } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int AS first,
              extract(year FROM max(created_at) AT TIME ZONE 'UTC')::int AS last
         FROM participants`,
    )) as { first: number | null; last: number | null }[];
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /** The UTC years that have participants, one index probe each (a skip scan of created_at). */
  async yearsWithRows(session: SqlRunner): Promise<number[]> {
    const rows = (await session.query(
      `WITH RECURSIVE years(year) AS (
         SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int FROM participants
         UNION ALL
         SELECT (SELECT extract(year FROM min(p.created_at) AT TIME ZONE 'UTC')::int FROM participants p
                  WHERE p.created_at >= make_timestamptz(years.year + 1, 1, 1, 0, 0, 0, 'UTC'))
           FROM years WHERE years.year IS NOT NULL)
       SELECT year FROM years WHERE year IS NOT NULL`,
    )) as { year: number }[];
    return rows.map((r) => r.year);
  }

  /** The years that have an index, and whether it is valid (false: left by an interrupted build). */
  async yearIndexes(session: SqlRunner): Promise<Map<number, boolean>> {
    const rows = (await session.query(
      `SELECT substring(c.relname FROM 'participants_search_y(\\d+)_idx')::int AS year, i.indisvalid AS valid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'participants'::regclass AND c.relname ~ '^participants_search_y\\d+_idx$'`,
    )) as { year: number; valid: boolean }[];
    return new Map(rows.map((r) => [r.year, r.valid]));
  }

  /** Builds the year's index without blocking writes; drops a leftover invalid one first. */
  async buildYearIndex(session: SqlRunner, year: number, replaceInvalid: boolean): Promise<void> {
    const name = indexName(year);
    if (replaceInvalid) await session.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await session.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON participants USING gin (search_text gin_trgm_ops)
        WHERE created_at >= '${yearStart(year).toISOString()}' AND created_at < '${yearStart(year + 1).toISOString()}'`,
    );
  }

  /**
   * Runs `build` holding the build lock, on `session` or else on a connection of its own (the
   * lock and the setting belong to one session), without the pool's statement timeout (a build
   * on a large table, or one waiting for older transactions to end, may take longer); null,
   * without running it, when another session holds the lock.
   */
  async whileBuilding<T>(
    build: (session: SqlRunner) => Promise<T>,
    session?: SqlRunner,
  ): Promise<T | null> {
    if (!session) {
      const own = this.dataSource.createQueryRunner('master');
      try {
        return await this.whileBuilding(build, own);
      } finally {
        await own.release();
      }
    }
    const [{ locked }] = (await session.query(
      `SELECT pg_try_advisory_lock(${BUILD_LOCK}) AS locked`,
    )) as { locked: boolean }[];
    if (!locked) return null;
    try {
      await session.query('SET statement_timeout = 0');
      return await build(session);
    } finally {
      await session.query('RESET statement_timeout');
      await session.query(`SELECT pg_advisory_unlock(${BUILD_LOCK})`);
    }
  }
}
