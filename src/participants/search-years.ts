import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { SqlRunner } from '../common/database/prepared-queries';
import type { KeyWindow } from '../common/pagination';

/**
 * Participant search, one calendar year (UTC, by `created_at`) at a time.
 *
 * The trigram index finds every row that matches a term before any can be put in list order, so
 * a term whose three-letter pieces are each common but rare together (`zhao 42` on the bench:
 * five posting lists of 60,000–110,000 rows for 1,380 hits) cost the whole table's worth of index
 * work on every page. Each year also has a partial trigram index of its own, and a search page is
 * read year by year in list order (`paginate`'s windows), stopping once it is full: the first
 * page of that term reads one year's index instead of five.
 *
 * The per-year indexes only make reads cheaper. A year without one is searched through the
 * whole-table index, with the same rows as result.
 */
export const searchYearIndex = (year: number): string => `participants_search_y${year}_idx`;

const yearStart = (year: number): Date => new Date(Date.UTC(year, 0, 1));

/**
 * The windows of a search over participants created from year `first` to year `last`: one per
 * year, then everything after `last` (rows newer than the bounds the caller last read).
 * Nothing lies before `first`: `created_at` is Postgres' time of the insert. (A row written by
 * hand with an older date shows in searches once the API reads the years again, within 60 s.)
 */
export function searchYearWindows(first: number, last: number): KeyWindow[] {
  const windows: KeyWindow[] = [];
  for (let year = first; year <= last; year++)
    windows.push({ from: yearStart(year), to: yearStart(year + 1) });
  windows.push({ from: yearStart(last + 1), to: null });
  return windows;
}

/** How long the API keeps the years participants span before reading them again. */
const BOUNDS_TTL_MS = 60_000;

/** The search windows of the participants table, from the years its rows span (cached). */
@Injectable()
export class ParticipantSearchYears {
  private bounds?: { at: number; years: Promise<{ first: number; last: number } | null> };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async windows(): Promise<readonly KeyWindow[]> {
    const now = this.clock.now().getTime();
    if (!this.bounds || now - this.bounds.at > BOUNDS_TTL_MS)
      this.bounds = { at: now, years: this.readYears() };
    let years: { first: number; last: number } | null;
    try {
      years = await this.bounds.years;
    } catch (err) {
      this.bounds = undefined; // a failed read is not cached
      throw err;
    }
    return years ? searchYearWindows(years.first, years.last) : [{ from: null, to: null }];
  }

  private async readYears(): Promise<{ first: number; last: number } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int AS first,
              extract(year FROM max(created_at) AT TIME ZONE 'UTC')::int AS last
         FROM participants`,
    )) as { first: number | null; last: number | null }[];
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }
}

/** Held (session advisory lock) while a session builds the indexes, so two never overlap. */
const BUILD_LOCK = `hashtext('participants.search-indexes')`;

/**
 * Makes sure every year that has participants, this year and next year (by `now`) have their
 * valid partial index, building the missing ones without blocking writes (`CONCURRENTLY`).
 * `session` must be one dedicated connection outside any transaction: it holds an advisory lock
 * for the whole run (answers null, building nothing, when another session holds it) and lifts
 * the pool's statement timeout, since a build on a large table, or one waiting for older
 * transactions to end, may take longer. An index left invalid by an interrupted build (Postgres
 * keeps it up to date but never reads it) is dropped and built again; with the lock held it
 * cannot be a build still under way. A year that fails does not stop the others; the run then
 * fails, and the next one tries again. Answers the years it built.
 */
export async function ensureSearchYearIndexes(
  session: SqlRunner,
  now: Date,
): Promise<number[] | null> {
  const [{ locked }] = (await session.query(
    `SELECT pg_try_advisory_lock(${BUILD_LOCK}) AS locked`,
  )) as { locked: boolean }[];
  if (!locked) return null;
  try {
    await session.query('SET statement_timeout = 0');
    const thisYear = now.getUTCFullYear();
    // The years that have rows, one index probe each (a skip scan over participants_created_idx).
    const withRows = (
      (await session.query(
        `WITH RECURSIVE years(year) AS (
           SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int FROM participants
           UNION ALL
           SELECT (SELECT extract(year FROM min(p.created_at) AT TIME ZONE 'UTC')::int FROM participants p
                    WHERE p.created_at >= make_timestamptz(years.year + 1, 1, 1, 0, 0, 0, 'UTC'))
             FROM years WHERE years.year IS NOT NULL)
         SELECT year FROM years WHERE year IS NOT NULL`,
      )) as { year: number }[]
    ).map((r) => r.year);
    const wanted = [...new Set([...withRows, thisYear, thisYear + 1])].sort((a, b) => a - b);
    const existing = new Map<string, boolean>(
      (
        (await session.query(
          `SELECT c.relname AS name, i.indisvalid AS valid
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'participants'::regclass AND c.relname LIKE 'participants\\_search\\_y%'`,
        )) as { name: string; valid: boolean }[]
      ).map((r) => [r.name, r.valid]),
    );
    const built: number[] = [];
    const failed: string[] = [];
    for (const year of wanted) {
      const name = searchYearIndex(year);
      if (existing.get(name) === true) continue;
      try {
        if (existing.has(name)) await session.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
        await session.query(
          `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON participants USING gin (search_text gin_trgm_ops)
            WHERE created_at >= '${yearStart(year).toISOString()}' AND created_at < '${yearStart(year + 1).toISOString()}'`,
        );
        built.push(year);
      } catch (err) {
        failed.push(`${year}: ${(err as Error).message}`);
      }
    }
    if (failed.length)
      throw new Error(`participant search indexes not built for ${failed.join('; ')}`);
    return built;
  } finally {
    await session.query('RESET statement_timeout');
    await session.query(`SELECT pg_advisory_unlock(${BUILD_LOCK})`);
  }
}
