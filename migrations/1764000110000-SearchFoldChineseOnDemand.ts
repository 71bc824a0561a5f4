import { MigrationInterface, QueryRunner } from 'typeorm';

/** Text that holds a CJK character: only such text needs the Traditional→Simplified table. */
const CJK = `'[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]'`;

/** search_fold() as SearchFolding1764000080000 made it; `zh` is how it reaches search_fold_zh. */
const searchFold = (zh: string) => `
  CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(
             translate(
               regexp_replace(
                 lower(public.unaccent('public.unaccent'::regdictionary, ${zh})),
                 '[\u064b-\u065f\u0670\u0640]', '', 'g'),
               'كيىهة', 'کییہہ'),
             '\\s+', ' ', 'g'))
  $$`;

/**
 * The same folding, cheaper to plan. Postgres folds `search_fold($q)` while planning every `?q=`
 * query, and used to parse search_fold_zh's body each time (twice, in fact): 26 kB, most of it the
 * Chinese table, even for a Latin or Urdu term. On the bench's 500k people that was about a third
 * of Postgres' time for `?q=ayesha` (docs/operations.md, "Search folding's planning cost").
 *
 * Now search_fold calls search_fold_zh only for text that holds a CJK character, and
 * search_fold_zh has a `SET` clause, which keeps the planner from inlining it (a SQL function is
 * parsed to be inlined, and this one never could be: it is strict and its CASE is not). Every
 * result is the same, so the stored `search_text` columns stay as they are.
 */
export class SearchFoldChineseOnDemand1764000110000 implements MigrationInterface {
  name = 'SearchFoldChineseOnDemand1764000110000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION search_fold_zh(text) SET search_path = public`);
    await q.query(searchFold(`CASE WHEN t ~ ${CJK} THEN public.search_fold_zh(t) ELSE t END`));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(searchFold('public.search_fold_zh(t)'));
    await q.query(`ALTER FUNCTION search_fold_zh(text) RESET search_path`);
  }
}
