import { Client } from 'pg';

/**
 * Seeds the large benchmark dataset directly in SQL (generate_series), the way a real
 * deployment's history would look after years of use:
 * 10k organisations, 500k participants, 20k programs with 1M registrations, 100 scholarships
 * with 100k applications, 10k aid projects with 1M transactions.
 * Ids are derived from md5 of a sequence number so rows can reference each other without lookups.
 * Idempotent: a `bench_meta` row records a finished seed of the given scale.
 */
export interface Scale {
  organizations: number;
  participants: number;
  programs: number;
  registrations: number;
  scholarships: number;
  applications: number;
  aidProjects: number;
  transactions: number;
}

export const FULL_SCALE: Scale = {
  organizations: 10_000,
  participants: 500_000,
  programs: 20_000,
  registrations: 1_000_000,
  scholarships: 100,
  applications: 100_000,
  aidProjects: 10_000,
  transactions: 1_000_000,
};

export const SMOKE_SCALE: Scale = {
  organizations: 100,
  participants: 5_000,
  programs: 200,
  registrations: 10_000,
  scholarships: 10,
  applications: 1_000,
  aidProjects: 100,
  transactions: 10_000,
};

const id = (kind: string, expr: string) => `md5('${kind}' || (${expr})::text)::uuid`;

export async function seedLarge(
  client: Client,
  scale: Scale,
  passwordHash: string,
  log: (msg: string) => void = console.log,
): Promise<void> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`,
  );
  const done = await client.query(`SELECT value FROM bench_meta WHERE key = 'seed'`);
  const sameScale = (v: Record<string, number>) =>
    Object.entries(scale).every(([k, n]) => v[k] === n) &&
    Object.keys(v).length === Object.keys(scale).length;
  if (done.rowCount && sameScale(done.rows[0].value)) {
    log('large dataset already seeded');
    await settle(client, log);
    return;
  }
  if (done.rowCount)
    throw new Error(
      'the bench database holds another scale; drop it (dropdb silkbridge_bench) and re-run',
    );
  const s = scale;
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    await client.query(sql, params);
    log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  log('seeding the large dataset…');
  await client.query('BEGIN');
  // A bench coordinator owns programs and projects (password: BENCH_PASSWORD in bench/lib/env.ts).
  await step(
    'users',
    `
    INSERT INTO users (id, email, password_hash, role, display_name)
    VALUES (${id('user', '0')}, 'bench-coordinator@silkbridge.local',
            $1, 'coordinator', 'Bench Coordinator')`,
    [passwordHash],
  );
  await step(
    'cities',
    `
    INSERT INTO cities (id, names, country, region, kind)
    SELECT ${id('city', 'i')}, jsonb_build_object('en', 'City ' || i, 'zh', '城市' || i, 'ur', 'شہر ' || i),
           CASE WHEN i % 2 = 0 THEN 'PK' ELSE 'CN' END,
           CASE WHEN i % 2 = 0 THEN (ARRAY['Gilgit-Baltistan','Balochistan','Punjab','Sindh'])[1 + i % 4]
                ELSE (ARRAY['Xinjiang','Beijing','Sichuan','Guangdong'])[1 + i % 4] END,
           'city'
    FROM generate_series(1, 200) i`,
  );
  await step(
    'organizations',
    `
    INSERT INTO organizations (id, name, type, country, contact_email, status, approved_at, registration_expires_on, created_at)
    SELECT ${id('org', 'i')},
           jsonb_build_object('en', 'Friendship Organisation ' || i, 'zh', '友好组织' || i, 'ur', 'دوستی تنظیم ' || i),
           (ARRAY['ngo','enterprise','local_government','university','think_tank','overseas_association','media'])[1 + i % 7],
           CASE WHEN i % 2 = 0 THEN 'PK' ELSE 'CN' END,
           'org' || i || '@example.org',
           CASE WHEN i % 20 = 0 THEN 'pending' ELSE 'approved' END,
           now() - (i % 700) * interval '1 day',
           current_date + (i % 700),
           timestamptz '2019-01-01' + (i * interval '3 hours')
    FROM generate_series(1, ${s.organizations}) i`,
  );
  await step(
    'participants',
    `
    INSERT INTO participants (id, organization_id, full_name, native_name, name_key, email, nationality, gender, date_of_birth, created_at)
    SELECT ${id('participant', 'i')}, ${id('org', `1 + i % ${s.organizations}`)},
           fn || ' ' || ln || ' ' || i,
           CASE WHEN i % 2 = 0 THEN un || ' ' || i ELSE zn || i END,
           lower(fn || ' ' || ln || ' ' || i),
           'p' || i || '@example.org',
           CASE WHEN i % 2 = 0 THEN 'PK' ELSE 'CN' END,
           (ARRAY['female','male','other','undisclosed'])[1 + i % 4],
           date '1970-01-01' + (i % 15000),
           timestamptz '2019-01-01' + (i * interval '5 minutes')
    FROM (
      SELECT i,
             (ARRAY['Ayesha','Bilal','Fatima','Hamza','Li','Wang','Zhang','Mei','Imran','Sana'])[1 + i % 10] AS fn,
             (ARRAY['Khan','Ahmed','Wei','Chen','Malik','Liu','Hussain','Zhao'])[1 + (i / 10) % 8] AS ln,
             (ARRAY['عائشہ','بلال','فاطمہ','حمزہ','ثنا'])[1 + i % 5] AS un,
             (ARRAY['李','王','张','梅','刘'])[1 + i % 5] AS zn
      FROM generate_series(1, ${s.participants}) i
    ) g`,
  );
  await step(
    'partnerships',
    `
    INSERT INTO partnerships (id, city_a_id, city_b_id, kind, status, established_on)
    SELECT ${id('partnership', 'i')}, ${id('city', '2 * i - 1')}, ${id('city', '2 * i')},
           (ARRAY['sister_city','sister_county','friendship'])[1 + i % 3], 'active', date '2010-01-01' + i * 30
    FROM generate_series(1, 100) i`,
  );
  const perProgram = Math.ceil(s.registrations / s.programs);
  await step(
    'programs',
    `
    INSERT INTO programs (id, title, type, partnership_id, city_id, coordinator_id, starts_at, ends_at, time_zone,
                          registration_deadline, capacity, status, created_at)
    SELECT ${id('program', 'i')},
           jsonb_build_object('en', 'Exchange Program ' || i, 'zh', '交流项目' || i, 'ur', 'تبادلہ پروگرام ' || i),
           (ARRAY['delegation','culture','education','training','youth','media','think_tank','tourism','medical','relief'])[1 + i % 10],
           ${id('partnership', '1 + i % 100')}, ${id('city', '1 + i % 200')}, ${id('user', '0')},
           st, st + interval '5 days', CASE WHEN i % 2 = 0 THEN 'Asia/Karachi' ELSE 'Asia/Shanghai' END,
           st - interval '14 days', ${perProgram + 10},
           CASE WHEN st < now() THEN 'completed' ELSE 'open' END,
           st - interval '90 days'
    FROM (SELECT i, timestamptz '2020-01-01' + (i * interval '2 hours 30 minutes') AS st FROM generate_series(1, ${s.programs}) i) g`,
  );
  const half = Math.floor(s.programs / 2);
  await step(
    'registrations',
    `
    INSERT INTO registrations (id, program_id, participant_id, organization_id, status, created_at)
    SELECT ${id('registration', 'i')},
           ${id('program', `((i - 1) / ${s.participants}) * ${half} + ((i - 1) % ${half}) + 1`)},
           ${id('participant', `((i - 1) % ${s.participants}) + 1`)},
           ${id('org', `1 + (((i - 1) % ${s.participants}) + 1) % ${s.organizations}`)},
           'confirmed', timestamptz '2020-01-01' + (i * interval '3 minutes')
    FROM generate_series(1, ${s.registrations}) i`,
  );
  await step(
    'program seat counters',
    `
    UPDATE programs p SET confirmed_count = c.n
    FROM (SELECT program_id, count(*) n FROM registrations WHERE status = 'confirmed' GROUP BY program_id) c
    WHERE c.program_id = p.id`,
  );
  await step(
    'scholarships',
    `
    INSERT INTO scholarships (id, name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at, coordinator_id)
    SELECT ${id('scholarship', 'i')}, jsonb_build_object('en', 'Friendship Scholarship ' || i),
           (ARRAY['bachelor','master','phd','short_course','teacher_exchange'])[1 + i % 5], 1000000,
           (3000 + i)::numeric, CASE WHEN i % 2 = 0 THEN 'CNY' ELSE 'PKR' END,
           timestamptz '2020-01-01' + i * interval '10 days', timestamptz '2020-03-01' + i * interval '10 days', ${id('user', '0')}
    FROM generate_series(1, ${s.scholarships}) i`,
  );
  await step(
    'applications',
    `
    INSERT INTO scholarship_applications (id, scholarship_id, participant_id, organization_id, created_by, status, statement, submitted_at, created_at)
    SELECT ${id('application', 'i')}, ${id('scholarship', `1 + i % ${s.scholarships}`)}, ${id('participant', 'i')},
           ${id('org', `1 + i % ${s.organizations}`)}, ${id('user', '0')},
           (ARRAY['submitted','under_review','awarded','rejected','accepted'])[1 + i % 5], 'Statement ' || i,
           timestamptz '2020-01-15' + (i * interval '20 minutes'), timestamptz '2020-01-10' + (i * interval '20 minutes')
    FROM generate_series(1, ${s.applications}) i`,
  );
  await step(
    'aid projects',
    `
    INSERT INTO aid_projects (id, title, category, city_id, coordinator_id, status, budget_amount, budget_currency,
                              planned_start, planned_end, beneficiaries_target, beneficiaries_actual, sector_code, iati_identifier, created_at)
    SELECT ${id('aid', 'i')}, jsonb_build_object('en', 'Livelihood Project ' || i, 'zh', '民生项目' || i),
           (ARRAY['school','e_education_center','clinic_vehicle','cataract_campaign','drinking_water','snow_removal','solar_lighting','training','relief_supplies','other'])[1 + i % 10],
           ${id('city', '1 + i % 200')}, ${id('user', '0')},
           (ARRAY['pipeline','implementation','completed'])[1 + i % 3],
           (100000 + i * 10)::numeric, CASE WHEN i % 2 = 0 THEN 'CNY' ELSE 'PKR' END,
           date '2018-01-01' + (i % 2000), date '2019-01-01' + (i % 2000), 1000 + i % 500, i % 900, '12220',
           'XM-DAC-SILKBRIDGE-BENCH-' || i, timestamptz '2018-01-01' + (i * interval '4 hours')
    FROM generate_series(1, ${s.aidProjects}) i`,
  );
  await step(
    'aid project organisations',
    `
    INSERT INTO aid_project_organizations (project_id, organization_id, role)
    SELECT ${id('aid', 'i')}, ${id('org', `1 + i % ${s.organizations}`)}, 'implementing' FROM generate_series(1, ${s.aidProjects}) i`,
  );
  await step(
    'transactions',
    `
    INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date)
    SELECT ${id('aid', `1 + i % ${s.aidProjects}`)}, (ARRAY['commitment','disbursement','expenditure'])[1 + i % 3],
           ((i % 100000) / 100.0 + 1)::numeric(18,2), (ARRAY['CNY','PKR','USD'])[1 + i % 3],
           date '2019-01-01' + (i % 2500)
    FROM generate_series(1, ${s.transactions}) i`,
  );
  await step(
    'milestones',
    `
    INSERT INTO milestones (project_id, title, due_on, completed_at)
    SELECT ${id('aid', `1 + i % ${s.aidProjects}`)}, 'Milestone ' || i, date '2019-01-01' + (i % 2500),
           CASE WHEN i % 3 = 0 THEN NULL ELSE timestamptz '2019-01-01' + (i % 2500) * interval '1 day' END
    FROM generate_series(1, ${s.aidProjects * 5}) i`,
  );
  await client.query(`INSERT INTO bench_meta (key, value) VALUES ('seed', $1)`, [
    JSON.stringify(scale),
  ]);
  await client.query('COMMIT');
  await settle(client, log);
}

/**
 * VACUUM ANALYZE once after the bulk load, as autovacuum would have long since done in a real
 * deployment: it merges the GIN indexes' pending lists (6,645 unmerged participants otherwise
 * scanned by every trigram search) and sets the visibility map (index-only scans).
 */
async function settle(client: Client, log: (msg: string) => void): Promise<void> {
  const done = await client.query(`SELECT 1 FROM bench_meta WHERE key = 'settled'`);
  if (done.rowCount) return;
  const started = Date.now();
  await client.query('VACUUM (ANALYZE)');
  await client.query(`INSERT INTO bench_meta (key, value) VALUES ('settled', 'true')`);
  log(`  vacuum analyze: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
