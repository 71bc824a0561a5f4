import { MigrationInterface, QueryRunner } from 'typeorm';
// The UMD build is CommonJS; the package's own Traditional→Simplified converter is the mapping.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as {
  Converter(o: { from: string; to: string }): (s: string) => string;
};

/** Tables whose `search_text` is generated from a multilingual name column. */
const NAMED: [table: string, column: string][] = [
  ['organizations', 'name'],
  ['cities', 'names'],
  ['programs', 'title'],
  ['scholarships', 'name'],
  ['aid_projects', 'title'],
];

/** Every CJK character that OpenCC turns into one other (Simplified) character. */
function traditionalToSimplified(): { from: string; to: string } {
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  const ranges: [number, number][] = [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
    [0x20000, 0x2fa1f],
  ];
  let from = '';
  let to = '';
  for (const [first, last] of ranges)
    for (let cp = first; cp <= last; cp++) {
      const ch = String.fromCodePoint(cp);
      const simplified = convert(ch);
      if (simplified !== ch && [...simplified].length === 1) {
        from += ch;
        to += simplified;
      }
    }
  return { from, to };
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * `?q=` matches across spellings a person takes as the same (API contract, Data quality): case
 * and accents, runs of white space, the Arabic and Urdu forms of a letter (ك/ک, ي/ى/ی, ه/ة/ہ),
 * Arabic diacritics and tatweel, and Traditional/Simplified Chinese. `search_fold(text)` is the
 * one definition, applied by Postgres both to the stored `search_text` columns (generated, trigram
 * indexed) and to the query (`LIKE '%' || search_fold($q) || '%'`), so both sides always agree.
 *
 * The Chinese table comes from opencc-js at the version the lock file pins; it is applied only
 * to text that holds a CJK character because `translate()` walks its whole `from` list per
 * character.
 */
export class SearchFolding1764000080000 implements MigrationInterface {
  name = 'SearchFolding1764000080000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const zh = traditionalToSimplified();
    await q.query(`
      CREATE FUNCTION search_fold_zh(t text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN t ~ '[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]'
                    THEN translate(t, ${literal(zh.from)}, ${literal(zh.to)})
                    ELSE t END
      $$`);
    // unaccent() is only STABLE (it reads its dictionary by name); naming the dictionary and the
    // schema makes the call safe to declare IMMUTABLE, the usual way to index it.
    await q.query(`
      CREATE FUNCTION search_fold(t text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT btrim(regexp_replace(
                 translate(
                   regexp_replace(
                     lower(public.unaccent('public.unaccent'::regdictionary, public.search_fold_zh(t))),
                     '[\u064b-\u065f\u0670\u0640]', '', 'g'),
                   'كيىهة', 'کییہہ'),
                 '\\s+', ' ', 'g'))
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION i18n_search_text(names jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT public.search_fold(concat_ws(' ', names->>'en', names->>'zh', names->>'ur'))
      $$`);
    // Postgres 15 cannot change a generated column's expression: drop and add it again (its
    // trigram index goes with it and is rebuilt).
    for (const [table, column] of NAMED)
      await this.regenerate(q, table, `i18n_search_text(${column})`);
    await this.regenerate(
      q,
      'participants',
      `search_fold(full_name || ' ' || coalesce(native_name, ''))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION i18n_search_text(names jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(' ', names->>'en', names->>'zh', names->>'ur'))
      $$`);
    for (const [table, column] of NAMED)
      await this.regenerate(q, table, `i18n_search_text(${column})`);
    await this.regenerate(
      q,
      'participants',
      `lower(full_name || ' ' || coalesce(native_name, ''))`,
    );
    await q.query(`DROP FUNCTION IF EXISTS search_fold(text)`);
    await q.query(`DROP FUNCTION IF EXISTS search_fold_zh(text)`);
  }

  private async regenerate(q: QueryRunner, table: string, expression: string): Promise<void> {
    await q.query(`ALTER TABLE ${table} DROP COLUMN search_text`);
    await q.query(
      `ALTER TABLE ${table} ADD COLUMN search_text text GENERATED ALWAYS AS (${expression}) STORED`,
    );
    await q.query(
      `CREATE INDEX ${table}_search_idx ON ${table} USING gin (search_text gin_trgm_ops)`,
    );
  }
}
