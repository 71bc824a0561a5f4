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
 * Participants are never created back-dated, so nothing lies before `first`.
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

/**
 * Makes sure every year from the oldest participant's to next year (by `now`) has its valid
 * partial index, building the missing ones without blocking writes (`CONCURRENTLY`, so `db` must
 * not be inside a transaction). A build that was interrupted leaves an invalid index behind,
 * which Postgres keeps up to date but never reads: it is dropped and built again. Answers the
 * years it built.
 */
export async function ensureSearchYearIndexes(db: SqlRunner, now: Date): Promise<number[]> {
  const thisYear = now.getUTCFullYear();
  const [{ first }] = (await db.query(
    `SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int AS first FROM participants`,
  )) as { first: number | null }[];
  const existing = new Map<string, boolean>(
    (
      (await db.query(
        `SELECT c.relname AS name, i.indisvalid AS valid
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = 'participants'::regclass AND c.relname LIKE 'participants\\_search\\_y%'`,
      )) as { name: string; valid: boolean }[]
    ).map((r) => [r.name, r.valid]),
  );
  const built: number[] = [];
  for (let year = Math.min(first ?? thisYear, thisYear); year <= thisYear + 1; year++) {
    const name = searchYearIndex(year);
    if (existing.get(name) === true) continue;
    if (existing.has(name)) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON participants USING gin (search_text gin_trgm_ops)
        WHERE created_at >= '${yearStart(year).toISOString()}' AND created_at < '${yearStart(year + 1).toISOString()}'`,
    );
    built.push(year);
  }
  return built;
}
