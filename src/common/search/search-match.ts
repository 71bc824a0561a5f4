import { escapeLike } from '../database/escape-like';

/**
 * The `?q=` condition on a `search_text` column. Postgres folds the term with the same
 * `search_fold()` that generates the column (migration SearchFolding), so both sides agree on
 * case, accents, white space, Arabic/Urdu letter forms and Traditional/Simplified Chinese. The
 * call is folded to a constant at planning, so the trigram index still serves it.
 */
export function searchMatch(column: string, param = 'q'): string {
  return `${column} LIKE '%' || search_fold(:${param}) || '%'`;
}

/** The bound value for {@link searchMatch}: the user's text with LIKE wildcards made literal. */
export function searchTerm(q: string): string {
  return escapeLike(q.normalize('NFC'));
}
