import { Client } from 'pg';
import type { SelectQueryBuilder } from 'typeorm';
import * as lean from '../../src/common/database/get-many-lean';
import { QUEUES } from '../../src/common/queue/queue.constants';
import {
  ensureSearchYearIndexes,
  ParticipantSearchIndexes,
  SEARCH_INDEXES_STARTUP_JOB_ID,
} from '../../src/participants/search-indexes.cron';
import { ParticipantSearchIndexesRepository } from '../../src/participants/search-indexes.repository';
import { insertOrganization } from '../factories/organization.factory';
import { insertParticipant } from '../factories/participant.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { jobsFinished } from '../utils/queues';
import { waitFor } from '../utils/wait';

/**
 * A participant search reads one calendar year at a time, each year with a partial trigram index
 * of its own, and stops once the page is full (participants/search-years.ts): pages must be the
 * same as one statement over the whole table, and a full first page must read only its year.
 */
describe('participant search, year by year', () => {
  let t: TestApp;
  let admin: string;
  const matching: string[] = [];

  // Rows per created_at; the year boundaries get a row on each side, one microsecond apart, so
  // a cursor cut to JavaScript's milliseconds must not skip or repeat a row.
  const AT = [
    '2023-03-01T10:00:00Z',
    '2023-03-01T10:00:00Z', // a tie: (created_at, id) order decides
    '2023-12-31T23:59:59.999999Z',
    '2025-01-01T00:00:00Z',
    '2025-01-01T00:00:00.000001Z',
    '2025-07-15T08:30:00Z',
    '2025-12-31T23:59:59.9995Z',
  ];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const org = await insertOrganization(t.db, { name: 'Karakoram Search Society' });
    for (const [i, at] of AT.entries()) {
      const id = await insertParticipant(t.db, { organizationId: org, fullName: `Zhao ${42 + i}` });
      await t.db.query(`UPDATE participants SET created_at = $2 WHERE id = $1`, [id, at]);
      matching.push(id);
      // Rows of the same years that do not match, one in 2022 (no match at all), none in 2024.
      const other = await insertParticipant(t.db, { organizationId: org, fullName: `Li ${i}` });
      await t.db.query(`UPDATE participants SET created_at = $2 WHERE id = $1`, [other, at]);
    }
    const in2022 = await insertParticipant(t.db, { organizationId: org, fullName: 'Zhang 2022' });
    await t.db.query(`UPDATE participants SET created_at = '2022-06-01T00:00:00Z' WHERE id = $1`, [
      in2022,
    ]);
    // This year's: created now, in whatever year the test runs.
    for (const name of ['Zhao 4201', 'Zhao 4202'])
      matching.push(await insertParticipant(t.db, { organizationId: org, fullName: name }));
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const truth = async () =>
    (
      await t.db.query(
        `SELECT id FROM participants WHERE search_text LIKE '%zhao 4%' ORDER BY created_at, id`,
      )
    ).rows.map((r: { id: string }) => r.id);

  const walk = async (limit: number) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const res = await t
        .http()
        .get('/api/v1/participants')
        .query({ q: 'zhao 4', limit, ...(cursor ? { cursor } : {}) })
        .set(bearer(admin));
      expect(res.status).toBe(200);
      const ids = (res.body.items as { id: string }[]).map((p) => p.id);
      expect(ids.length).toBe(res.body.nextCursor ? limit : ids.length);
      seen.push(...ids);
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) return seen;
    }
    throw new Error('more pages than rows');
  };

  it('builds an index for each year with participants and for next year, one session at a time, and again when one is invalid', async () => {
    // What the worker's participants.search-indexes job runs, on a session of its own (with a
    // statement timeout, as the app's pool connections have).
    const client = new Client({ connectionString: t.env.DATABASE_URL, statement_timeout: 45_000 });
    await client.connect();
    const session = {
      query: async (sql: string, p?: unknown[]) => (await client.query(sql, p)).rows,
    };
    const now = new Date('2026-12-04T06:00:00Z');
    const repo = t.app.get(ParticipantSearchIndexesRepository);
    try {
      // Another worker is building: this run leaves it alone.
      await t.db.query(`SELECT pg_advisory_lock(hashtext('participants.search-indexes'))`);
      expect(await ensureSearchYearIndexes(repo, now, session)).toBeNull();
      await t.db.query(`SELECT pg_advisory_unlock(hashtext('participants.search-indexes'))`);

      // 2024 has no participant: no index (its window reads the whole-table index).
      expect(await ensureSearchYearIndexes(repo, now, session)).toEqual([
        2022, 2023, 2025, 2026, 2027,
      ]);
      expect(await ensureSearchYearIndexes(repo, now, session)).toEqual([]);
      // The session is left as it was found: its own timeout back, the lock released.
      expect((await client.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('45s');
      expect(
        (
          await t.db
            .query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND d.datname = current_database()`)
        ).rows[0].n,
      ).toBe(0);

      // An interrupted CONCURRENTLY build leaves an index Postgres never reads.
      await t.db.query(
        `UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'participants_search_y2025_idx'::regclass`,
      );
      expect(await ensureSearchYearIndexes(repo, now, session)).toEqual([2025]);
      const { rows } = await t.db.query(
        `SELECT c.relname, i.indisvalid, pg_get_expr(i.indpred, i.indrelid) AS predicate
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relname LIKE 'participants_search_y%' ORDER BY c.relname`,
      );
      expect(rows.map((r: { relname: string }) => r.relname)).toEqual(
        [2022, 2023, 2025, 2026, 2027].map((y) => `participants_search_y${y}_idx`),
      );
      expect(rows.every((r: { indisvalid: boolean }) => r.indisvalid)).toBe(true);
      expect(rows[2].predicate).toBe(
        "((created_at >= '2025-01-01 00:00:00+00'::timestamp with time zone) AND (created_at < '2026-01-01 00:00:00+00'::timestamp with time zone))",
      );

      // A year whose build fails does not stop the others; the run fails naming it, and the
      // session still gets its timeout back and the lock released.
      await t.db.query(`DROP INDEX participants_search_y2022_idx, participants_search_y2026_idx`);
      const build = repo.buildYearIndex.bind(repo);
      const failing = jest
        .spyOn(repo, 'buildYearIndex')
        .mockImplementation(async (db, year, replace) => {
          if (year === 2022) throw new Error('disk full');
          return build(db, year, replace);
        });
      try {
        await expect(ensureSearchYearIndexes(repo, now, session)).rejects.toThrow(
          'participant search indexes not built for 2022: disk full',
        );
      } finally {
        failing.mockRestore();
      }
      const left = await t.db.query(
        `SELECT relname FROM pg_class WHERE relname IN ('participants_search_y2022_idx', 'participants_search_y2026_idx')`,
      );
      expect(left.rows.map((r: { relname: string }) => r.relname)).toEqual([
        'participants_search_y2026_idx',
      ]);
      expect((await client.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('45s');
      expect(await ensureSearchYearIndexes(repo, now, session)).toEqual([2022]);
    } finally {
      await client.end();
    }
  });

  it('pages a search across years, empty ones and boundaries included, exactly like one statement', async () => {
    const expected = await truth();
    expect(expected.sort()).toEqual([...matching].sort());
    for (const limit of [1, 2, 3, 4, 100]) expect(await walk(limit)).toEqual(await truth());
  });

  it('reads only the year a full first page needs, through that year’s index', async () => {
    const statements: SelectQueryBuilder<object>[] = [];
    const getManyLean = lean.getManyLean;
    jest.spyOn(lean, 'getManyLean').mockImplementation((qb) => {
      statements.push(qb);
      return getManyLean(qb);
    });
    const first = await t
      .http()
      .get('/api/v1/participants')
      .query({ q: 'zhao 4', limit: 2 })
      .set(bearer(admin));
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual((await truth()).slice(0, 2));
    // 2022 has no match, 2023 three: its statement fills the page and tells that there is more,
    // and nothing after 2023 is read.
    expect(statements).toHaveLength(2);

    // The statement as the API sends it (bound parameters) can be served by 2023's index alone.
    const [sql, params] = statements[1].getQueryAndParameters();
    await t.db.query('BEGIN');
    try {
      // The table is tiny, so the planner would rather walk created_at: take every other way
      // away (rolled back) to show that Postgres proves the statement lies within 2023's index.
      await t.db.query(
        'DROP INDEX participants_created_idx, participants_org_created_idx, participants_search_idx',
      );
      await t.db.query('SET LOCAL enable_seqscan = off');
      const plan = JSON.stringify((await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows);
      expect(plan).toContain('"Index Name":"participants_search_y2023_idx"');
    } finally {
      await t.db.query('ROLLBACK');
    }

    // A cursor in 2025 starts there: 2022 to 2024 are not read again.
    statements.length = 0;
    const expected = await truth();
    const res = await t
      .http()
      .get('/api/v1/participants')
      .query({ q: 'zhao 4', limit: 2, cursor: expected[3] })
      .set(bearer(admin));
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual(expected.slice(4, 6));
    expect(statements).toHaveLength(1);
    expect(statements[0].getQueryAndParameters()[1]).toContainEqual(
      new Date('2025-01-01T00:00:00Z'),
    );
  });

  it('is the worker job participants.search-indexes, run at every worker start', async () => {
    const validIndex = async () =>
      (
        await t.db.query(
          `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE c.relname = 'participants_search_y2027_idx' AND i.indisvalid`,
        )
      ).rows.length === 1;
    const first = await t.startWorker();
    await t.db.query('DROP INDEX participants_search_y2027_idx');
    // Directly: one connection of its own (null while the start-up run holds the lock).
    let result = await first.get(ParticipantSearchIndexes, { strict: false }).run();
    while (result.built === null)
      result = await first.get(ParticipantSearchIndexes, { strict: false }).run();
    await waitFor(validIndex, 20000, "2027's index rebuilt");
    await jobsFinished(t, QUEUES.maintenance, [SEARCH_INDEXES_STARTUP_JOB_ID]);
    await first.close();

    // The scheduler is installed now, so it does not run at once: only the start-up run of the
    // next worker builds the index again (a database recreated under the same Redis).
    await t.db.query('DROP INDEX participants_search_y2027_idx');
    await t.startWorker();
    await waitFor(validIndex, 20000, "2027's index rebuilt by the start-up run");
  });
});
