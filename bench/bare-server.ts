import { createServer } from 'http';
import { Pool } from 'pg';
import type { KeyWindow } from '../src/common/pagination';
import { searchYearWindows } from '../src/participants/search-years';

/**
 * The baseline for the list benchmarks: a bare Node `http` server running the same SQL as the
 * API through `pg` (the user lookup the auth guard does, the list query, and the batched lookup
 * of related rows), with no framework, validation, guards or serializers. What Silkbridge adds
 * on top of this floor is what the benchmark measures.
 */
// The API's pool size (DATABASE_POOL_SIZE, default 10), so both sides queue alike.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const port = Number(process.env.PORT ?? 3101);
const USER_SQL = `SELECT u.id, u.email, u.role, u.organization_id, u.time_zone, u.locale, u.is_active, o.status AS org_status,
              o.registration_expires_on::text AS org_expires_on, o.country AS org_country
           FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`;

const camel = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  );

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The API's search windows (participants/search-years.ts), with the same 60 s cache of the years. */
let searchYears: { at: number; windows: KeyWindow[] } | undefined;
async function searchWindows(): Promise<KeyWindow[]> {
  if (!searchYears || Date.now() - searchYears.at > 60_000) {
    const { rows } = await pool.query(
      `SELECT extract(year FROM min(created_at) AT TIME ZONE 'UTC')::int AS first,
              extract(year FROM max(created_at) AT TIME ZONE 'UTC')::int AS last FROM participants`,
    );
    const { first, last } = rows[0] as { first: number | null; last: number | null };
    searchYears = {
      at: Date.now(),
      windows:
        first === null || last === null
          ? [{ from: null, to: null }]
          : searchYearWindows(first, last),
    };
  }
  return searchYears.windows;
}

async function participants(q: URLSearchParams) {
  const limit = Number(q.get('limit') ?? 20);
  // Without a term, one statement over the whole list; with one, the same year-by-year reads as
  // the API's paginate(), stopping once the page is full.
  const windows = q.get('q') ? await searchWindows() : [{ from: null, to: null }];
  const rows: { id: string }[] = [];
  for (const window of windows) {
    const params: unknown[] = [];
    let where = 'p.erased_at IS NULL';
    if (q.get('q')) {
      // The same folded match as the API (src/common/search/search-match.ts).
      params.push(escapeLike(q.get('q')!.normalize('NFC')));
      where += ` AND p.search_text LIKE '%' || search_fold($${params.length}) || '%'`;
    }
    if (window.from) where += ` AND p.created_at >= $${params.push(window.from)}`;
    if (window.to) where += ` AND p.created_at < $${params.push(window.to)}`;
    params.push(limit + 1 - rows.length);
    const result = await pool.query(
      `SELECT p.id, p.organization_id, p.full_name, p.native_name, p.email, p.phone, p.nationality, p.gender,
              p.date_of_birth, p.version, p.created_at, p.updated_at
         FROM participants p WHERE ${where} ORDER BY p.created_at ASC, p.id ASC LIMIT $${params.length}`,
      params,
    );
    rows.push(...result.rows);
    if (rows.length > limit) break;
  }
  return page(rows, limit);
}

async function programs(q: URLSearchParams) {
  const limit = Number(q.get('limit') ?? 20);
  const { rows } = await pool.query(
    `SELECT * FROM programs p ORDER BY p.starts_at ASC, p.id ASC LIMIT $1`,
    [limit + 1],
  );
  const items = rows.slice(0, limit);
  const orgs = await pool.query(
    `SELECT program_id, organization_id FROM program_organizations WHERE program_id = ANY($1::uuid[])`,
    [items.map((r) => r.id)],
  );
  const byProgram = new Map<string, string[]>();
  for (const o of orgs.rows)
    byProgram.set(o.program_id, [...(byProgram.get(o.program_id) ?? []), o.organization_id]);
  return {
    items: items.map((r) => ({ ...camel(r), organizationIds: byProgram.get(r.id) ?? [] })),
    nextCursor: rows.length > limit ? items[items.length - 1].id : null,
  };
}

async function aidProjects(q: URLSearchParams) {
  const limit = Number(q.get('limit') ?? 20);
  const params: unknown[] = [];
  let where = 'TRUE';
  if (q.get('category')) {
    params.push(q.get('category'));
    where += ` AND p.category = $${params.length}`;
  }
  params.push(limit + 1);
  const { rows } = await pool.query(
    `SELECT * FROM aid_projects p WHERE ${where} ORDER BY p.created_at ASC, p.id ASC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, limit);
  const orgs = await pool.query(
    `SELECT apo.project_id, apo.organization_id, apo.role, o.name FROM aid_project_organizations apo
       JOIN organizations o ON o.id = apo.organization_id WHERE apo.project_id = ANY($1::uuid[])`,
    [items.map((r) => r.id)],
  );
  const byProject = new Map<string, unknown[]>();
  for (const o of orgs.rows)
    byProject.set(o.project_id, [...(byProject.get(o.project_id) ?? []), camel(o)]);
  return {
    items: items.map((r) => ({ ...camel(r), organizations: byProject.get(r.id) ?? [] })),
    nextCursor: rows.length > limit ? items[items.length - 1].id : null,
  };
}

function page(rows: { id: string }[], limit: number) {
  const items = rows.slice(0, limit);
  return {
    items: items.map(camel),
    nextCursor: rows.length > limit ? items[items.length - 1].id : null,
  };
}

const routes: Record<string, (q: URLSearchParams) => Promise<unknown>> = {
  '/participants': participants,
  '/programs': programs,
  '/aid-projects': aidProjects,
};

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const handler = routes[url.pathname];
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  try {
    // The same per-request user lookup the API's auth guard makes, as the same named statement.
    await pool.query({ name: 'actor', text: USER_SQL, values: [process.env.BENCH_USER_ID] });
    const body = JSON.stringify(await handler(url.searchParams));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
}).listen(port, '127.0.0.1');
