import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { KeyWindow } from '../common/pagination';
import { ParticipantSearchIndexesRepository, yearStart } from './search-indexes.repository';

/*
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
  private cached?: { at: number; windows: Promise<readonly KeyWindow[]> };

  constructor(
    private readonly repo: ParticipantSearchIndexesRepository,
    private readonly clock: Clock,
  ) {}

  async windows(): Promise<readonly KeyWindow[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > BOUNDS_TTL_MS) {
      const windows = this.repo
        .createdYearSpan()
        .then((span) =>
          span ? searchYearWindows(span.first, span.last) : [{ from: null, to: null }],
        );
      this.cached = { at: now, windows };
      // A failed read is not cached.
      windows.catch(() => {
        if (this.cached?.windows === windows) this.cached = undefined;
      });
    }
    return this.cached.windows;
  }
}
