import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { SEEDERS } from '../../src/scripts/seeds';
import type { SeedContext } from '../../src/database/seeds/seeder';
import { aidCounts, projectBody } from '../factories/aid-project.factory';
import { insertCity } from '../factories/city.factory';
import { insertOrganization } from '../factories/organization.factory';
import { createUser } from '../factories/user.factory';
import { bearer, TestApp, createTestApp } from '../utils/create-app';
import { xmllintIati } from '../utils/iati-schema';

const API = '/api/v1';

describe('aid projects: budgets, transactions, milestones, results, deliverables, IATI', () => {
  let t: TestApp;
  let coord: { id: string; token: string };
  let coord2: { id: string; token: string };
  let cityId: string;
  let otherCityId: string;
  let fundingOrg: string;
  let implementingOrg: string;
  let outsiderOrg: string;
  let pendingOrg: string;
  let implementer: { id: string; token: string };
  let funder: { id: string; token: string };
  let outsider: { id: string; token: string };
  let pendingMember: { id: string; token: string };

  const post = (path: string, token: string, body: unknown = {}) =>
    t
      .http()
      .post(`${API}${path}`)
      .set(bearer(token))
      .send(body as object);
  const patch = (path: string, token: string, body: unknown) =>
    t
      .http()
      .patch(`${API}${path}`)
      .set(bearer(token))
      .send(body as object);
  const get = (path: string, token: string) => t.http().get(`${API}${path}`).set(bearer(token));

  /** A project with the funding and implementing organisations, created by the coordinator. */
  async function newProject(overrides: Record<string, unknown> = {}) {
    const res = await post(
      '/aid-projects',
      coord.token,
      projectBody(
        cityId,
        [
          { organizationId: fundingOrg, role: 'funding' },
          { organizationId: implementingOrg, role: 'implementing' },
        ],
        overrides,
      ),
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; iatiIdentifier: string };
  }

  beforeAll(async () => {
    t = await createTestApp();
    coord = await createUser(t, 'coordinator');
    coord2 = await createUser(t, 'coordinator');
    cityId = await insertCity(t.db, {
      names: { en: 'Aliabad', zh: '阿里巴德' },
      country: 'PK',
      region: 'Gilgit-Baltistan',
      kind: 'county',
    });
    otherCityId = await insertCity(t.db, {
      names: { en: 'Kashgar Test' },
      country: 'CN',
      region: 'Gilgit-Baltistan',
      kind: 'county',
    });
    fundingOrg = await insertOrganization(t.db, {
      name: { en: 'Xinjiang Friendship Association', zh: '新疆友好协会' },
      type: 'local_government',
      country: 'CN',
    });
    implementingOrg = await insertOrganization(t.db, {
      name: 'Hunza Water Trust',
      type: 'ngo',
      country: 'PK',
    });
    outsiderOrg = await insertOrganization(t.db, {
      name: 'Gwadar Fishermen NGO',
      type: 'ngo',
      country: 'PK',
    });
    pendingOrg = await insertOrganization(t.db, {
      name: 'Pending NGO',
      type: 'ngo',
      country: 'PK',
      status: 'pending',
    });
    implementer = await createUser(t, 'ngo_member', implementingOrg);
    funder = await createUser(t, 'ngo_member', fundingOrg);
    outsider = await createUser(t, 'ngo_member', outsiderOrg);
    pendingMember = await createUser(t, 'ngo_member', pendingOrg);
  });
  afterAll(() => t.close());

  describe('projects', () => {
    it('creates a project with two organisations and a CNY budget; the creator is its coordinator', async () => {
      const res = await post(
        '/aid-projects',
        coord.token,
        projectBody(cityId, [
          { organizationId: fundingOrg, role: 'funding' },
          { organizationId: implementingOrg, role: 'implementing' },
        ]),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        title: { en: 'Safe drinking water for Hunza', zh: '罕萨安全饮用水' },
        category: 'drinking_water',
        status: 'pipeline',
        coordinatorId: coord.id,
        budget: { amount: '1500000.00', currency: 'CNY' },
        plannedStart: '2026-03-01',
        plannedEnd: '2027-02-28',
        actualStart: null,
        sectorCode: '14031',
        beneficiariesTarget: 1500,
        totals: [],
        budgetVsSpent: {
          currency: 'CNY',
          budget: '1500000.00',
          spent: '0.00',
          remaining: '1500000.00',
        },
        version: 1,
      });
      expect(res.body.organizations).toEqual([
        {
          organizationId: fundingOrg,
          role: 'funding',
          name: { en: 'Xinjiang Friendship Association', zh: '新疆友好协会' },
        },
        {
          organizationId: implementingOrg,
          role: 'implementing',
          name: { en: 'Hunza Water Trust' },
        },
      ]);
      // Default identifier: reporting-org ref + the first 8 hex digits of the id.
      expect(res.body.iatiIdentifier).toBe(
        `XI-IATI-SILKBRIDGE-${res.body.id.replace(/-/g, '').slice(0, 8)}`,
      );
      const rows = await t.db.query(
        `SELECT budget_amount::text, budget_currency FROM aid_projects WHERE id = $1`,
        [res.body.id],
      );
      expect(rows.rows[0]).toEqual({ budget_amount: '1500000.00', budget_currency: 'CNY' });
      const audit = await t.db.query(
        `SELECT actor_user_id FROM audit_events WHERE entity_type = 'aid_project' AND entity_id = $1 AND action = 'aid_project.created'`,
        [res.body.id],
      );
      expect(audit.rows).toEqual([{ actor_user_id: coord.id }]);
      const fetched = await get(`/aid-projects/${res.body.id}`, outsider.token);
      expect(fetched.status).toBe(200); // public fields: everyone reads
      expect(fetched.body.organizations).toHaveLength(2);
    });

    it('refuses bad input with 400 VALIDATION_FAILED naming the fields, and creates nothing', async () => {
      const before = await aidCounts(t);
      const orgs = [{ organizationId: fundingOrg, role: 'funding' }];
      const cases: [Record<string, unknown>, string[]][] = [
        [{ sectorCode: '1234' }, ['sectorCode']],
        [{ sectorCode: '12a20' }, ['sectorCode']],
        [{ plannedEnd: '2026-01-01' }, ['plannedEnd']],
        [{ budget: { amount: 1500000.5, currency: 'CNY' } }, ['budget.amount']],
        [{ budget: { amount: '-1.00', currency: 'CNY' } }, ['budget.amount']],
        [{ budget: { amount: '1.00', currency: 'XYZ' } }, ['budget.currency']],
        [{ status: 'draft', category: 'stadium' }, ['status', 'category']],
        [
          { organizations: [{ organizationId: fundingOrg, role: 'sponsor' }] },
          ['organizations.0.role'],
        ],
        [{ organizations: [...orgs, ...orgs] }, ['organizations.1']],
        [{ iatiIdentifier: 'GB-COH-123-x' }, ['iatiIdentifier']],
        [{ isHistoric: true }, ['isHistoric']],
      ];
      for (const [override, fields] of cases) {
        const res = await post('/aid-projects', coord.token, projectBody(cityId, orgs, override));
        expect([JSON.stringify(override), res.status, res.body.code]).toEqual([
          JSON.stringify(override),
          400,
          'VALIDATION_FAILED',
        ]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(
          expect.arrayContaining(fields),
        );
      }
      expect(await aidCounts(t)).toEqual(before);
    });

    // An unknown city or organisation is 422 REFERENCE_NOT_FOUND, as in programs and partnerships
    // (it was 400 VALIDATION_FAILED here until the error moved to common/errors; issue 14).
    it('answers 422 REFERENCE_NOT_FOUND naming each unknown city or organisation', async () => {
      const before = await aidCounts(t);
      const orgs = [{ organizationId: implementingOrg, role: 'implementing' }];
      const cases: [Record<string, unknown>, string[]][] = [
        [
          {
            organizations: [
              { organizationId: '00000000-0000-4000-8000-000000000000', role: 'funding' },
            ],
          },
          ['organizations.0.organizationId'],
        ],
        [{ cityId: '00000000-0000-4000-8000-000000000000' }, ['cityId']],
      ];
      for (const [override, fields] of cases) {
        const res = await post('/aid-projects', coord.token, projectBody(cityId, orgs, override));
        expect([JSON.stringify(override), res.status, res.body.code]).toEqual([
          JSON.stringify(override),
          422,
          'REFERENCE_NOT_FOUND',
        ]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
      }
      expect(await aidCounts(t)).toEqual(before);
    });

    it('lets only staff create and change projects', async () => {
      const before = await aidCounts(t);
      const body = projectBody(cityId, [{ organizationId: implementingOrg, role: 'implementing' }]);
      expect((await post('/aid-projects', implementer.token, body)).status).toBe(403);
      const p = await newProject();
      const res = await patch(`/aid-projects/${p.id}`, implementer.token, {
        beneficiariesActual: 10,
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const row = await t.db.query(
        `SELECT beneficiaries_actual, version FROM aid_projects WHERE id = $1`,
        [p.id],
      );
      expect(row.rows[0]).toEqual({ beneficiaries_actual: null, version: 1 });
      expect((await aidCounts(t)).aid_projects).toBe(before.aid_projects + 1);
    });

    it('refuses a duplicate IATI identifier with 409 IATI_IDENTIFIER_EXISTS', async () => {
      await newProject({ iatiIdentifier: 'XI-IATI-SILKBRIDGE-TEST-DUP' });
      const before = await aidCounts(t);
      const res = await post(
        '/aid-projects',
        coord.token,
        projectBody(cityId, [], { iatiIdentifier: 'XI-IATI-SILKBRIDGE-TEST-DUP' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('IATI_IDENTIFIER_EXISTS');
      expect(await aidCounts(t)).toEqual(before);
    });

    it('filters by category, status, city, organisation and ?q= in any language', async () => {
      const solar = await newProject({
        category: 'solar_lighting',
        title: { en: 'Solar lights Gulmit', zh: '古尔米特太阳能路灯' },
        cityId: otherCityId,
      });
      const other = await post(
        '/aid-projects',
        coord.token,
        projectBody(cityId, [{ organizationId: outsiderOrg, role: 'implementing' }], {
          category: 'school',
          status: 'implementation',
          title: { en: 'Friendship school Sost' },
        }),
      );
      expect(other.status).toBe(201);
      const ids = async (qs: string) =>
        (await get(`/aid-projects?limit=100&${qs}`, outsider.token)).body.items.map(
          (p: { id: string }) => p.id,
        );
      expect(await ids('category=solar_lighting')).toEqual([solar.id]);
      expect(await ids(`cityId=${otherCityId}`)).toEqual([solar.id]);
      expect(await ids('status=implementation')).toEqual([other.body.id]);
      expect(await ids(`organizationId=${outsiderOrg}`)).toEqual([other.body.id]);
      expect(await ids(`q=${encodeURIComponent('太阳能')}`)).toEqual([solar.id]);
      expect(await ids('q=gulmit')).toEqual([solar.id]);
      const bad = await get('/aid-projects?status=finished', coord.token);
      expect(bad.status).toBe(400);
    });

    it('follows the lifecycle pipeline → implementation → completed, any → cancelled; else 409 INVALID_TRANSITION', async () => {
      const p = await newProject();
      const skip = await patch(`/aid-projects/${p.id}`, coord.token, {
        status: 'completed',
        beneficiariesActual: 5,
      });
      expect(skip.status).toBe(409);
      expect(skip.body).toMatchObject({
        code: 'INVALID_TRANSITION',
        details: { from: 'pipeline', to: 'completed' },
      });
      expect(
        (
          await t.db.query(
            `SELECT status, beneficiaries_actual, version FROM aid_projects WHERE id = $1`,
            [p.id],
          )
        ).rows[0],
      ).toEqual({ status: 'pipeline', beneficiaries_actual: null, version: 1 });

      const started = await patch(`/aid-projects/${p.id}`, coord.token, {
        status: 'implementation',
        actualStart: '2026-03-10',
        version: 1,
      });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({
        status: 'implementation',
        actualStart: '2026-03-10',
        version: 2,
      });
      const back = await patch(`/aid-projects/${p.id}`, coord.token, { status: 'pipeline' });
      expect(back.status).toBe(409);
      const done = await patch(`/aid-projects/${p.id}`, coord.token, {
        status: 'completed',
        actualEnd: '2027-01-31',
        beneficiariesActual: 1480,
      });
      expect(done.status).toBe(200);
      const reopen = await patch(`/aid-projects/${p.id}`, coord.token, {
        status: 'implementation',
      });
      expect(reopen.body.code).toBe('INVALID_TRANSITION');
      const cancelled = await patch(`/aid-projects/${p.id}`, coord.token, { status: 'cancelled' });
      expect(cancelled.status).toBe(200);
      const revive = await patch(`/aid-projects/${p.id}`, coord.token, { status: 'pipeline' });
      expect(revive.status).toBe(409);
      expect(
        (await t.db.query(`SELECT status FROM aid_projects WHERE id = $1`, [p.id])).rows[0].status,
      ).toBe('cancelled');
    });

    it('answers 409 VERSION_CONFLICT on a stale version and replaces organisations when given', async () => {
      const p = await newProject();
      const ok = await patch(`/aid-projects/${p.id}`, coord.token, {
        organizations: [{ organizationId: outsiderOrg, role: 'extending' }],
        version: 1,
      });
      expect(ok.status).toBe(200);
      expect(
        ok.body.organizations.map((o: { organizationId: string; role: string }) => [
          o.organizationId,
          o.role,
        ]),
      ).toEqual([[outsiderOrg, 'extending']]);
      const stale = await patch(`/aid-projects/${p.id}`, coord.token, {
        description: 'late edit',
        organizations: [],
        version: 1,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const rows = await t.db.query(
        `SELECT organization_id, role FROM aid_project_organizations WHERE project_id = $1`,
        [p.id],
      );
      expect(rows.rows).toEqual([{ organization_id: outsiderOrg, role: 'extending' }]);
      expect(
        (await t.db.query(`SELECT description FROM aid_projects WHERE id = $1`, [p.id])).rows[0]
          .description,
      ).toBeNull();
    });
  });

  describe('transactions and totals', () => {
    it('keeps CNY and PKR apart and sums them exactly to the cent (0.10 + 0.20 = 0.30)', async () => {
      const p = await newProject();
      const txs: [string, string, string, string][] = [
        ['commitment', '1000000.00', 'CNY', '2026-03-01'],
        ['disbursement', '0.10', 'CNY', '2026-03-05'],
        ['disbursement', '0.20', 'CNY', '2026-03-06'],
        ['expenditure', '0.10', 'CNY', '2026-04-01'],
        ['expenditure', '0.20', 'CNY', '2026-04-02'],
        ['expenditure', '12345.67', 'CNY', '2026-04-03'],
        ['commitment', '9999999999999999.99', 'PKR', '2026-03-01'],
        ['commitment', '9999999999999999.99', 'PKR', '2026-03-02'],
        ['expenditure', '250000.55', 'PKR', '2026-05-01'],
      ];
      for (const [type, amount, currency, date] of txs) {
        const res = await post(`/aid-projects/${p.id}/transactions`, coord.token, {
          type,
          value: { amount, currency },
          date,
          description: `${type} ${amount}`,
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          type,
          value: { amount, currency },
          date,
          createdBy: coord.id,
        });
      }
      const res = await get(`/aid-projects/${p.id}`, coord.token);
      expect(res.body.totals).toEqual([
        {
          currency: 'CNY',
          commitment: '1000000.00',
          disbursement: '0.30',
          expenditure: '12345.97',
        },
        // 2 × 9999999999999999.99 is not representable as a double; Postgres numeric keeps every cent.
        {
          currency: 'PKR',
          commitment: '19999999999999999.98',
          disbursement: '0.00',
          expenditure: '250000.55',
        },
      ]);
      expect(res.body.budgetVsSpent).toEqual({
        currency: 'CNY',
        budget: '1500000.00',
        spent: '12345.97',
        remaining: '1487654.03',
      });
      const list = await get(
        `/aid-projects/${p.id}/transactions?currency=PKR&limit=100`,
        implementer.token,
      );
      expect(list.status).toBe(200);
      expect(list.body.items.map((x: { value: { amount: string } }) => x.value.amount)).toEqual([
        '9999999999999999.99',
        '9999999999999999.99',
        '250000.55',
      ]);
    });

    it('refuses float, zero, negative and malformed amounts with 400, storing nothing', async () => {
      const p = await newProject();
      const before = await aidCounts(t);
      for (const value of [
        { amount: 0.1, currency: 'CNY' },
        { amount: '0', currency: 'CNY' },
        { amount: '0.00', currency: 'CNY' },
        { amount: '-5.00', currency: 'PKR' },
        { amount: '1.005', currency: 'PKR' },
        { amount: '1e3', currency: 'PKR' },
        { amount: '10.00', currency: 'pkr' },
      ]) {
        const res = await post(`/aid-projects/${p.id}/transactions`, coord.token, {
          type: 'expenditure',
          value,
          date: '2026-04-01',
        });
        expect([JSON.stringify(value), res.status]).toEqual([JSON.stringify(value), 400]);
      }
      const badType = await post(`/aid-projects/${p.id}/transactions`, coord.token, {
        type: 'refund',
        value: { amount: '1.00', currency: 'CNY' },
        date: '2026-04-31',
      });
      expect(badType.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['type', 'date']),
      );
      const unknown = await post(
        `/aid-projects/00000000-0000-4000-8000-000000000000/transactions`,
        coord.token,
        { type: 'expenditure', value: { amount: '1.00', currency: 'CNY' }, date: '2026-04-01' },
      );
      expect(unknown.status).toBe(404);
      expect(await aidCounts(t)).toEqual(before);
    });

    it('stays exact under 25 concurrent transactions', async () => {
      const p = await newProject();
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          post(`/aid-projects/${p.id}/transactions`, i % 2 ? implementer.token : coord.token, {
            type: 'disbursement',
            value: { amount: '0.01', currency: 'PKR' },
            date: '2026-06-01',
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(25).fill(201));
      const count = await t.db.query(
        `SELECT count(*)::int AS n, sum(amount)::text AS s FROM aid_transactions WHERE project_id = $1`,
        [p.id],
      );
      expect(count.rows[0]).toEqual({ n: 25, s: '0.25' });
      expect((await get(`/aid-projects/${p.id}`, coord.token)).body.totals).toEqual([
        { currency: 'PKR', commitment: '0.00', disbursement: '0.25', expenditure: '0.00' },
      ]);
    });
  });

  describe('milestones', () => {
    it('lists overdue milestones as of a date, drops completed ones, and writes the reminder outbox', async () => {
      const p = await newProject();
      const outbox = async () =>
        (
          await t.db.query(
            `SELECT entity_id FROM reminder_outbox WHERE entity_type = 'milestone' ORDER BY id`,
          )
        ).rows.map((r) => r.entity_id);
      const outboxBefore = (await outbox()).length;
      const mk = async (title: string, dueOn: string, token = coord.token) => {
        const res = await post(`/aid-projects/${p.id}/milestones`, token, { title, dueOn });
        expect(res.status).toBe(201);
        return res.body as { id: string; dueOn: string; overdue: boolean };
      };
      const a = await mk('Site survey', '2026-01-10');
      const b = await mk('Pipes delivered', '2026-06-01', implementer.token);
      const c = await mk('Plant commissioned', '2027-01-01');
      expect(a.dueOn).toBe('2026-01-10');

      const overdue = async (asOf: string) =>
        (
          await get(`/milestones?overdue=true&asOf=${asOf}&projectId=${p.id}`, coord.token)
        ).body.items.map((m: { id: string; overdue: boolean }) => [m.id, m.overdue]);
      expect(await overdue('2026-07-01')).toEqual([
        [a.id, true],
        [b.id, true],
      ]);
      expect(await overdue('2026-06-01')).toEqual([[a.id, true]]); // due today is not overdue yet
      const notOverdue = await get(
        `/milestones?overdue=false&asOf=2026-07-01&projectId=${p.id}`,
        coord.token,
      );
      expect(notOverdue.body.items.map((m: { id: string }) => m.id)).toEqual([c.id]);

      const done = await post(`/milestones/${a.id}/complete`, implementer.token);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ completedBy: implementer.id, overdue: false });
      const again = await post(`/milestones/${a.id}/complete`, coord.token);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('MILESTONE_ALREADY_COMPLETED');
      expect(await overdue('2026-07-01')).toEqual([[b.id, true]]);

      const moved = await patch(`/milestones/${b.id}`, coord.token, {
        dueOn: '2026-12-01',
        version: 1,
      });
      expect(moved.status).toBe(200);
      expect(await overdue('2026-07-01')).toEqual([]);
      const renamed = await patch(`/milestones/${c.id}`, coord.token, {
        title: 'Plant 1 commissioned',
      });
      expect(renamed.status).toBe(200);
      const stale = await patch(`/milestones/${b.id}`, coord.token, {
        dueOn: '2026-12-02',
        version: 1,
      });
      expect(stale.body.code).toBe('VERSION_CONFLICT');

      // create ×3, complete a, move b — the rename and the refused requests wrote nothing.
      expect((await outbox()).slice(outboxBefore)).toEqual([a.id, b.id, c.id, a.id, b.id]);

      // A cancelled project's open milestones are not overdue, and closing it re-evaluates their reminders.
      const cancel = await patch(`/aid-projects/${p.id}`, coord.token, { status: 'cancelled' });
      expect(cancel.status).toBe(200);
      expect(await overdue('2028-01-01')).toEqual([]);
      expect((await outbox()).slice(outboxBefore + 5).sort()).toEqual([b.id, c.id].sort());
    });
  });

  describe('results', () => {
    it('reports indicator progress from approved values, per period and cumulative', async () => {
      const p = await newProject();
      const ops = await post(`/aid-projects/${p.id}/indicators`, coord.token, {
        title: 'Cataract operations performed',
        unit: 'operations',
        measure: 'per_period',
        baseline: '0',
        target: '500',
      });
      expect(ops.status).toBe(201);
      expect(ops.body).toMatchObject({
        baseline: '0.00',
        target: '500.00',
        progress: { actual: null, percentOfTarget: null, approvedValues: 0, pendingValues: 0 },
      });
      const hh = await post(`/aid-projects/${p.id}/indicators`, coord.token, {
        title: 'Households with safe drinking water',
        unit: 'households',
        measure: 'cumulative',
        baseline: '200',
        target: '1500',
      });

      const report = async (
        indicatorId: string,
        periodStart: string,
        periodEnd: string,
        value: string,
        token = implementer.token,
      ) => {
        const res = await post(`/indicators/${indicatorId}/values`, token, {
          periodStart,
          periodEnd,
          value,
        });
        expect(res.status).toBe(201);
        return res.body as { id: string; reportedBy: string };
      };
      const v1 = await report(ops.body.id, '2026-08-01', '2026-08-31', '180');
      const v2 = await report(ops.body.id, '2026-09-01', '2026-09-30', '210.5');
      await report(ops.body.id, '2026-10-01', '2026-10-31', '96'); // stays pending
      const h1 = await report(hh.body.id, '2024-01-01', '2024-12-31', '650');
      const h2 = await report(hh.body.id, '2025-01-01', '2025-12-31', '980', coord2.token);
      expect(v1.reportedBy).toBe(implementer.id);

      for (const v of [v1, v2, h1]) {
        const approved = await post(`/indicator-values/${v.id}/approve`, coord.token);
        expect(approved.status).toBe(200);
        expect(approved.body).toMatchObject({ approvedBy: coord.id, reportedBy: v.reportedBy });
      }
      expect((await post(`/indicator-values/${h2.id}/approve`, coord.token)).status).toBe(200);

      const list = await get(`/aid-projects/${p.id}/indicators`, funder.token);
      expect(list.status).toBe(200);
      const byTitle = Object.fromEntries(
        list.body.items.map((i: { title: string; progress: unknown }) => [i.title, i.progress]),
      );
      expect(byTitle['Cataract operations performed']).toEqual({
        actual: '390.50',
        percentOfTarget: '78.10',
        lastPeriodEnd: '2026-09-30',
        approvedValues: 2,
        pendingValues: 1,
      });
      // Cumulative: the latest approved value counts, not the sum.
      expect(byTitle['Households with safe drinking water']).toEqual({
        actual: '980.00',
        percentOfTarget: '65.33',
        lastPeriodEnd: '2025-12-31',
        approvedValues: 2,
        pendingValues: 0,
      });
      const rows = await t.db.query(
        `SELECT reported_by, approved_by FROM indicator_values WHERE id = $1`,
        [v1.id],
      );
      expect(rows.rows[0]).toEqual({ reported_by: implementer.id, approved_by: coord.id });
    });

    it('refuses self-approval, double approval, approval by members, duplicate periods and reversed periods', async () => {
      const p = await newProject();
      const ind = await post(`/aid-projects/${p.id}/indicators`, coord.token, {
        title: 'Staff trained',
        unit: 'persons',
        measure: 'per_period',
        target: '300',
      });
      const own = await post(`/indicators/${ind.body.id}/values`, coord.token, {
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        value: '40',
      });
      const self = await post(`/indicator-values/${own.body.id}/approve`, coord.token);
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('SELF_APPROVAL');
      expect(
        (await post(`/indicator-values/${own.body.id}/approve`, implementer.token)).status,
      ).toBe(403);
      expect((await post(`/indicator-values/${own.body.id}/approve`, coord2.token)).status).toBe(
        200,
      );
      const twice = await post(`/indicator-values/${own.body.id}/approve`, coord2.token);
      expect(twice.body.code).toBe('ALREADY_APPROVED');
      const row = await t.db.query(`SELECT approved_by FROM indicator_values WHERE id = $1`, [
        own.body.id,
      ]);
      expect(row.rows[0].approved_by).toBe(coord2.id);

      const before = await aidCounts(t);
      const dup = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        value: '41',
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('INDICATOR_VALUE_EXISTS');
      const reversed = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-05-01',
        periodEnd: '2026-04-01',
        value: '1',
      });
      expect(reversed.status).toBe(400);
      const floaty = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-05-01',
        periodEnd: '2026-05-31',
        value: 1.5,
      });
      expect(floaty.status).toBe(400);
      expect(
        (
          await post(`/aid-projects/${p.id}/indicators`, implementer.token, {
            title: 'x',
            unit: 'y',
            measure: 'per_period',
            target: '1',
          })
        ).status,
      ).toBe(403);
      expect(await aidCounts(t)).toEqual(before);
    });
  });

  describe('deliverables', () => {
    it('answers "where are the clinic vehicles and do they run?" from handovers and maintenance logs', async () => {
      const p = await newProject({
        category: 'clinic_vehicle',
        title: { en: 'Clinic vehicles test' },
      });
      const mk = async (item: string, location: string) => {
        const res = await post(`/aid-projects/${p.id}/deliverables`, coord.token, {
          item,
          quantity: 1,
          unit: 'vehicle',
          handedOverOn: '2019-05-20',
          handedOverTo: 'District Health Office',
          location,
          custodian: 'BHU',
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          condition: 'in_service',
          lastMaintenance: null,
          version: 1,
        });
        return res.body as { id: string };
      };
      const v1 = await mk('Clinic vehicle TST-1', 'Aliabad');
      const v2 = await mk('Clinic Vehicle TST-2', 'Gulmit');
      await mk('Snow plough TST-3', 'Sost');

      const log = await post(`/deliverables/${v2.id}/maintenance`, implementer.token, {
        loggedOn: '2026-10-20',
        condition: 'needs_repair',
        note: 'Heater faulty',
      });
      expect(log.status).toBe(201);
      expect(log.body).toMatchObject({ condition: 'needs_repair', loggedBy: implementer.id });
      // A back-dated entry does not overwrite the newer condition.
      await post(`/deliverables/${v2.id}/maintenance`, coord.token, {
        loggedOn: '2026-01-05',
        condition: 'in_service',
        note: 'Winter check',
      });
      const repaired = await get(`/deliverables/${v2.id}`, coord.token);
      expect(repaired.body).toMatchObject({
        condition: 'needs_repair',
        lastMaintenance: { loggedOn: '2026-10-20', note: 'Heater faulty' },
        version: 3,
      });

      const vehicles = await get(
        `/deliverables?item=${encodeURIComponent('clinic vehicle')}&projectId=${p.id}`,
        coord.token,
      );
      expect(
        vehicles.body.items.map((d: { id: string; location: string; condition: string }) => [
          d.id,
          d.location,
          d.condition,
        ]),
      ).toEqual([
        [v1.id, 'Aliabad', 'in_service'],
        [v2.id, 'Gulmit', 'needs_repair'],
      ]);
      const broken = await get(
        `/deliverables?item=clinic%20vehicle&condition=needs_repair&projectId=${p.id}`,
        implementer.token,
      );
      expect(broken.body.items.map((d: { id: string }) => d.id)).toEqual([v2.id]);
      const logs = await get(`/deliverables/${v2.id}/maintenance`, funder.token);
      expect(logs.body.items.map((l: { loggedOn: string }) => l.loggedOn)).toEqual([
        '2026-10-20',
        '2026-01-05',
      ]);

      const moved = await patch(`/deliverables/${v1.id}`, coord.token, {
        location: 'Karimabad',
        custodian: null,
        version: 1,
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ location: 'Karimabad', custodian: null, version: 2 });
      const stale = await patch(`/deliverables/${v1.id}`, coord.token, {
        location: 'Passu',
        version: 1,
      });
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      expect(
        (await patch(`/deliverables/${v1.id}`, implementer.token, { location: 'Passu' })).status,
      ).toBe(403);
      expect(
        (await t.db.query(`SELECT location FROM deliverables WHERE id = $1`, [v1.id])).rows[0]
          .location,
      ).toBe('Karimabad');
    });
  });

  describe('corrections', () => {
    /** A transaction on the project, by the coordinator unless a token is given. */
    async function addTx(projectId: string, type: string, amount: string, currency = 'CNY') {
      const res = await post(`/aid-projects/${projectId}/transactions`, coord.token, {
        type,
        value: { amount, currency },
        date: '2026-04-01',
        description: `${type} ${amount}`,
      });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    }
    const auditActions = async (entityId: string) =>
      (
        await t.db.query(
          `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at, id`,
          [entityId],
        )
      ).rows.map((r: { action: string }) => r.action);

    it('reverses a transaction by an equal and opposite entry; totals include both; never twice', async () => {
      const p = await newProject();
      await addTx(p.id, 'commitment', '1000.10');
      const wrong = await addTx(p.id, 'expenditure', '500.05');
      await addTx(p.id, 'expenditure', '0.10');

      const reversed = await post(
        `/aid-projects/${p.id}/transactions/${wrong.id}/reverse`,
        implementer.token,
        { reason: 'Entered twice by mistake' },
      );
      expect(reversed.status).toBe(201);
      expect(reversed.body).toMatchObject({
        projectId: p.id,
        type: 'expenditure',
        value: { amount: '-500.05', currency: 'CNY' },
        reverses: wrong.id,
        reversedBy: null,
        reason: 'Entered twice by mistake',
        createdBy: implementer.id,
      });
      const list = await get(`/aid-projects/${p.id}/transactions?limit=100`, funder.token);
      const byId = Object.fromEntries(
        list.body.items.map((x: { id: string }) => [x.id, x]),
      ) as Record<string, { reversedBy: string | null; reverses: string | null }>;
      expect(list.body.items).toHaveLength(4);
      expect(byId[wrong.id]).toMatchObject({ reversedBy: reversed.body.id, reverses: null });
      expect(byId[reversed.body.id]).toMatchObject({ reverses: wrong.id, reversedBy: null });

      const detail = await get(`/aid-projects/${p.id}`, coord.token);
      expect(detail.body.totals).toEqual([
        { currency: 'CNY', commitment: '1000.10', disbursement: '0.00', expenditure: '0.10' },
      ]);
      expect(detail.body.budgetVsSpent).toMatchObject({ spent: '0.10', remaining: '1499999.90' });

      const before = await aidCounts(t);
      const twice = await post(
        `/aid-projects/${p.id}/transactions/${wrong.id}/reverse`,
        coord.token,
        { reason: 'again' },
      );
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_REVERSED']);
      expect(twice.body.details).toEqual({ reversedBy: reversed.body.id });
      // A reversal is not reversed in turn: the original is recorded again instead.
      const ofReversal = await post(
        `/aid-projects/${p.id}/transactions/${reversed.body.id}/reverse`,
        coord.token,
        { reason: 'undo' },
      );
      expect([ofReversal.status, ofReversal.body.code]).toEqual([409, 'REVERSAL_NOT_REVERSIBLE']);
      const zh = await post(`/aid-projects/${p.id}/transactions/${wrong.id}/reverse`, coord.token, {
        reason: 'again',
      }).set('Accept-Language', 'zh');
      expect(zh.body.message).toBe('该条目已被冲销');
      expect(await aidCounts(t)).toEqual(before);

      expect(await auditActions(wrong.id)).toEqual([
        'aid_transaction.created',
        'aid_transaction.reversed',
      ]);
      expect(await auditActions(reversed.body.id)).toEqual(['aid_transaction.created']);
      const row = await t.db.query(
        `SELECT amount::text AS amount, reverses_id, reason FROM aid_transactions WHERE id = $1`,
        [reversed.body.id],
      );
      expect(row.rows[0]).toEqual({
        amount: '-500.05',
        reverses_id: wrong.id,
        reason: 'Entered twice by mistake',
      });
    });

    it('reverses once under concurrent requests; answers 404 and 403 like the neighbouring routes; validates the reason', async () => {
      const p = await newProject();
      const other = await newProject();
      const tx = await addTx(p.id, 'disbursement', '250.00', 'PKR');
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          post(`/aid-projects/${p.id}/transactions/${tx.id}/reverse`, coord.token, {
            reason: 'duplicate',
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_REVERSED'),
      ).toBe(true);
      expect((await get(`/aid-projects/${p.id}`, coord.token)).body.totals).toEqual([
        { currency: 'PKR', commitment: '0.00', disbursement: '0.00', expenditure: '0.00' },
      ]);

      const fresh = await addTx(p.id, 'commitment', '10.00');
      const before = await aidCounts(t);
      const reason = { reason: 'wrong' };
      // Not a participant: the transaction lines are not visible.
      const byOutsider = await post(
        `/aid-projects/${p.id}/transactions/${fresh.id}/reverse`,
        outsider.token,
        reason,
      );
      expect([byOutsider.status, byOutsider.body.code]).toEqual([404, 'NOT_FOUND']);
      // A funder reads but may not contribute.
      const byFunder = await post(
        `/aid-projects/${p.id}/transactions/${fresh.id}/reverse`,
        funder.token,
        reason,
      );
      expect(byFunder.status).toBe(403);
      // The transaction belongs to another project.
      const elsewhere = await post(
        `/aid-projects/${other.id}/transactions/${fresh.id}/reverse`,
        coord.token,
        reason,
      );
      expect(elsewhere.status).toBe(404);
      const unknown = await post(
        `/aid-projects/${p.id}/transactions/00000000-0000-4000-8000-000000000000/reverse`,
        coord.token,
        reason,
      );
      expect(unknown.status).toBe(404);
      for (const bad of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(1001) }]) {
        const res = await post(
          `/aid-projects/${p.id}/transactions/${fresh.id}/reverse`,
          coord.token,
          bad,
        );
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('reason');
      }
      const notUuid = await post(
        `/aid-projects/${p.id}/transactions/nope/reverse`,
        coord.token,
        reason,
      );
      expect(notUuid.status).toBe(400);
      expect(await aidCounts(t)).toEqual(before);
    });

    it('returns a mistyped indicator value to its reporter, also after approval; the reporter corrects it', async () => {
      const p = await newProject();
      const ind = await post(`/aid-projects/${p.id}/indicators`, coord.token, {
        title: 'Patients examined',
        unit: 'patients',
        measure: 'per_period',
        target: '200',
      });
      const typo = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        value: '99999',
      });
      expect(typo.body).toMatchObject({ status: 'reported', version: 1 });
      expect(
        (await post(`/indicator-values/${typo.body.id}/approve`, coord.token)).body,
      ).toMatchObject({ status: 'approved', approvedBy: coord.id });
      const progress = async () =>
        (await get(`/aid-projects/${p.id}/indicators`, coord.token)).body.items[0].progress;
      expect((await progress()).actual).toBe('99999.00');

      // The reporter can neither edit an approved value nor report the period again.
      const early = await patch(`/indicator-values/${typo.body.id}`, implementer.token, {
        value: '99',
      });
      expect([early.status, early.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      expect(
        (await post(`/indicator-values/${typo.body.id}/return`, implementer.token, { reason: 'x' }))
          .status,
      ).toBe(403);
      expect((await post(`/indicator-values/${typo.body.id}/return`, coord.token, {})).status).toBe(
        400,
      );

      const returned = await post(`/indicator-values/${typo.body.id}/return`, coord2.token, {
        reason: '99999 patients in one quarter cannot be right',
      });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({
        status: 'returned',
        value: '99999.00',
        approvedBy: null,
        approvedAt: null,
        returnReason: '99999 patients in one quarter cannot be right',
        returnedBy: coord2.id,
        returnedAt: expect.any(String),
        version: 3,
      });
      // A returned value no longer counts, and is not waiting for approval either.
      expect(await progress()).toMatchObject({ actual: null, approvedValues: 0, pendingValues: 0 });
      const again = await post(`/indicator-values/${typo.body.id}/return`, coord.token, {
        reason: 'again',
      });
      expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      const approveReturned = await post(`/indicator-values/${typo.body.id}/approve`, coord.token);
      expect([approveReturned.status, approveReturned.body.code]).toEqual([
        409,
        'INVALID_TRANSITION',
      ]);
      const dup = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        value: '99',
      });
      expect(dup.body.code).toBe('INDICATOR_VALUE_EXISTS');

      // Only who may report to the project corrects; an outsider does not even see the value.
      expect(
        (await patch(`/indicator-values/${typo.body.id}`, outsider.token, { value: '99' })).status,
      ).toBe(404);
      expect(
        (await patch(`/indicator-values/${typo.body.id}`, funder.token, { value: '99' })).status,
      ).toBe(403);
      const stale = await patch(`/indicator-values/${typo.body.id}`, implementer.token, {
        value: '99',
        version: 1,
      });
      expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
      expect(
        (await patch(`/indicator-values/${typo.body.id}`, implementer.token, { value: 99 })).status,
      ).toBe(400);

      const corrected = await patch(`/indicator-values/${typo.body.id}`, implementer.token, {
        value: '99',
        comment: 'One nine too many',
        version: 3,
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({
        status: 'reported',
        value: '99.00',
        comment: 'One nine too many',
        reportedBy: implementer.id,
        returnReason: '99999 patients in one quarter cannot be right',
        version: 4,
      });
      expect(await progress()).toMatchObject({ actual: null, approvedValues: 0, pendingValues: 1 });
      expect((await post(`/indicator-values/${typo.body.id}/approve`, coord.token)).status).toBe(
        200,
      );
      expect(await progress()).toMatchObject({ actual: '99.00', approvedValues: 1 });
      expect(await auditActions(typo.body.id)).toEqual([
        'indicator_value.reported',
        'indicator_value.approved',
        'indicator_value.returned',
        'indicator_value.corrected',
        'indicator_value.approved',
      ]);
      const history = await t.db.query(
        `SELECT before->>'value' AS before, after->>'value' AS after FROM audit_events
          WHERE entity_id = $1 AND action = 'indicator_value.corrected'`,
        [typo.body.id],
      );
      expect(history.rows).toEqual([{ before: '99999.00', after: '99.00' }]);

      // A value not yet approved may be returned too.
      const pending = await post(`/indicators/${ind.body.id}/values`, implementer.token, {
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        value: '12',
      });
      const ret = await post(`/indicator-values/${pending.body.id}/return`, coord.token, {
        reason: 'Which clinic?',
      });
      expect(ret.body).toMatchObject({ status: 'returned' });
    });
  });

  describe('defects (issue 16)', () => {
    afterEach(() => jest.restoreAllMocks());

    it('refuses a maintenance log dated in the future; the condition is that of the latest-dated log, ties to the later posted', async () => {
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-11-10T12:00:00Z'));
      const p = await newProject({ title: { en: 'Snow ploughs test' } });
      const made = await post(`/aid-projects/${p.id}/deliverables`, coord.token, {
        item: 'Snow plough TST-16',
        quantity: 1,
        unit: 'machine',
      });
      expect(made.status).toBe(201);
      const id = made.body.id as string;
      const log = (loggedOn: string, condition: string, note: string) =>
        post(`/deliverables/${id}/maintenance`, coord.token, { loggedOn, condition, note });

      // Dated next year, it would have stayed "latest" and frozen the condition until then.
      const future = await log('2027-11-01', 'out_of_service', 'Typo for 2026');
      expect(future.status).toBe(400);
      expect(future.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ field: 'loggedOn' })],
      });
      expect((await log('2026-11-12', 'out_of_service', 'Day after tomorrow')).status).toBe(400);
      expect(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM maintenance_logs WHERE deliverable_id = $1`,
            [id],
          )
        ).rows[0].n,
      ).toBe(0);

      // Already today somewhere east of Karachi: accepted.
      expect((await log('2026-11-11', 'needs_repair', 'Blade bent')).status).toBe(201);
      // Posted later but dated earlier: kept in the history, does not override.
      expect((await log('2026-11-05', 'in_service', 'Weekly check')).status).toBe(201);
      expect((await get(`/deliverables/${id}`, coord.token)).body).toMatchObject({
        condition: 'needs_repair',
        lastMaintenance: { loggedOn: '2026-11-11', note: 'Blade bent' },
      });
      // Same date: the later posted entry wins.
      expect((await log('2026-11-11', 'in_service', 'Blade replaced')).status).toBe(201);
      expect((await get(`/deliverables/${id}`, coord.token)).body).toMatchObject({
        condition: 'in_service',
        lastMaintenance: { loggedOn: '2026-11-11', note: 'Blade replaced' },
      });
    });
  });

  describe('who may contribute', () => {
    it('an NGO not taking part gets 403 on write routes, 404 on non-public parts, and changes nothing', async () => {
      const p = await newProject();
      const milestone = await post(`/aid-projects/${p.id}/milestones`, coord.token, {
        title: 'Survey',
        dueOn: '2026-01-01',
      });
      const indicator = await post(`/aid-projects/${p.id}/indicators`, coord.token, {
        title: 'Households',
        unit: 'households',
        measure: 'cumulative',
        target: '10',
      });
      const value = await post(`/indicators/${indicator.body.id}/values`, coord.token, {
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        value: '3',
      });
      const deliverable = await post(`/aid-projects/${p.id}/deliverables`, coord.token, {
        item: 'Clinic vehicle OUT-1',
        quantity: 1,
        unit: 'vehicle',
      });
      await post(`/aid-projects/${p.id}/transactions`, coord.token, {
        type: 'commitment',
        value: { amount: '10.00', currency: 'CNY' },
        date: '2026-01-01',
      });
      const before = await aidCounts(t);
      const versionBefore = (
        await t.db.query(`SELECT version FROM aid_projects WHERE id = $1`, [p.id])
      ).rows[0].version;

      // It reads the public project...
      expect((await get(`/aid-projects/${p.id}`, outsider.token)).status).toBe(200);
      // ...so writes under the project say 403, not 404.
      const writes = [
        await post(`/aid-projects/${p.id}/transactions`, outsider.token, {
          type: 'expenditure',
          value: { amount: '1.00', currency: 'PKR' },
          date: '2026-02-01',
        }),
        await post(`/aid-projects/${p.id}/milestones`, outsider.token, {
          title: 'Mine',
          dueOn: '2026-02-01',
        }),
        await post(`/aid-projects/${p.id}/indicators`, outsider.token, {
          title: 'x',
          unit: 'y',
          measure: 'per_period',
          target: '1',
        }),
        await post(`/aid-projects/${p.id}/deliverables`, outsider.token, {
          item: 'Tent',
          quantity: 1,
          unit: 'tent',
        }),
        await patch(`/aid-projects/${p.id}`, outsider.token, { status: 'cancelled' }),
      ];
      expect(writes.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([403, 'FORBIDDEN']));
      // Sub-resources it cannot see answer 404 on every route.
      const hidden = [
        await get(`/aid-projects/${p.id}/transactions`, outsider.token),
        await get(`/aid-projects/${p.id}/milestones`, outsider.token),
        await get(`/aid-projects/${p.id}/indicators`, outsider.token),
        await get(`/aid-projects/${p.id}/deliverables`, outsider.token),
        await post(`/milestones/${milestone.body.id}/complete`, outsider.token),
        await patch(`/milestones/${milestone.body.id}`, outsider.token, { dueOn: '2030-01-01' }),
        await post(`/indicators/${indicator.body.id}/values`, outsider.token, {
          periodStart: '2026-02-01',
          periodEnd: '2026-02-28',
          value: '9',
        }),
        await get(`/indicators/${indicator.body.id}/values`, outsider.token),
        await post(`/deliverables/${deliverable.body.id}/maintenance`, outsider.token, {
          loggedOn: '2026-02-01',
          condition: 'out_of_service',
        }),
        await get(`/deliverables/${deliverable.body.id}`, outsider.token),
        await get(`/deliverables/${deliverable.body.id}/maintenance`, outsider.token),
      ];
      expect(hidden.map((r) => [r.status, r.body.code])).toEqual(
        Array(11).fill([404, 'NOT_FOUND']),
      );
      expect(
        (await post(`/indicator-values/${value.body.id}/approve`, outsider.token)).status,
      ).toBe(403);
      // Cross-project lists leave the project out.
      expect(
        (await get(`/milestones?overdue=true&asOf=2027-01-01&projectId=${p.id}`, outsider.token))
          .body.items,
      ).toEqual([]);
      expect((await get(`/deliverables?projectId=${p.id}`, outsider.token)).body.items).toEqual([]);

      expect(await aidCounts(t)).toEqual(before);
      const after = await t.db.query(
        `SELECT (SELECT version FROM aid_projects WHERE id = $1) AS v, (SELECT completed_at FROM milestones WHERE id = $2) AS c,
                (SELECT due_on::text FROM milestones WHERE id = $2) AS d, (SELECT condition FROM deliverables WHERE id = $3) AS cond`,
        [p.id, milestone.body.id, deliverable.body.id],
      );
      expect(after.rows[0]).toEqual({
        v: versionBefore,
        c: null,
        d: '2026-01-01',
        cond: 'in_service',
      });
    });

    it('a funding (not implementing) member reads the non-public parts but may not add to them', async () => {
      const p = await newProject();
      const milestone = await post(`/aid-projects/${p.id}/milestones`, coord.token, {
        title: 'Survey',
        dueOn: '2026-01-01',
      });
      const before = await aidCounts(t);
      expect((await get(`/aid-projects/${p.id}/milestones`, funder.token)).status).toBe(200);
      expect((await get(`/aid-projects/${p.id}/transactions`, funder.token)).status).toBe(200);
      expect(
        (
          await post(`/aid-projects/${p.id}/transactions`, funder.token, {
            type: 'commitment',
            value: { amount: '1.00', currency: 'CNY' },
            date: '2026-02-01',
          })
        ).status,
      ).toBe(403);
      expect((await post(`/milestones/${milestone.body.id}/complete`, funder.token)).status).toBe(
        403,
      );
      expect(
        (await get(`/milestones?overdue=true&asOf=2026-06-01&projectId=${p.id}`, funder.token)).body
          .items,
      ).toHaveLength(1);
      expect(await aidCounts(t)).toEqual(before);
    });

    it('a member of a not-yet-approved organisation may not write', async () => {
      const p = await post(
        '/aid-projects',
        coord.token,
        projectBody(cityId, [{ organizationId: pendingOrg, role: 'implementing' }]),
      );
      const before = await aidCounts(t);
      const res = await post(`/aid-projects/${p.body.id}/transactions`, pendingMember.token, {
        type: 'expenditure',
        value: { amount: '1.00', currency: 'PKR' },
        date: '2026-02-01',
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ORGANIZATION_NOT_APPROVED');
      expect(await aidCounts(t)).toEqual(before);
    });
  });

  describe('demo data and the IATI 2.03 export', () => {
    let seeded: SeedContext;

    beforeAll(async () => {
      const ds = t.app.get(DataSource);
      const run = async () => {
        const ctx: SeedContext = { ids: new Map(), credentials: [] };
        await ds.transaction(async (m) => {
          for (const seeder of SEEDERS) await seeder.run(m, ctx);
        });
        return ctx;
      };
      seeded = await run();
      const counts = await aidCounts(t);
      await run(); // idempotent: a second run adds nothing
      expect(await aidCounts(t)).toEqual(counts);
    });

    it('loads the essays’ projects: 12 clinic vehicles with their condition, 13,000 tents, cataract operations', async () => {
      const vehicles = await get('/deliverables?item=clinic%20vehicle&limit=100', coord.token);
      const demo = vehicles.body.items.filter(
        (d: { projectId: string }) =>
          d.projectId === seeded.ids.get('aid_project:XI-IATI-SILKBRIDGE-GB-2016-CLINICVEH'),
      );
      expect(demo).toHaveLength(12);
      expect(demo.map((d: { condition: string }) => d.condition).sort()).toEqual([
        ...Array(9).fill('in_service'),
        'needs_repair',
        'needs_repair',
        'out_of_service',
      ]);
      expect(
        demo.every(
          (d: { location: string | null; lastMaintenance: unknown }) =>
            d.location && d.lastMaintenance,
        ),
      ).toBe(true);
      const tents = await get(
        `/aid-projects/${seeded.ids.get('aid_project:XI-IATI-SILKBRIDGE-PK-2005-EQ-RELIEF')}/deliverables`,
        coord.token,
      );
      expect(tents.body.items).toEqual([
        expect.objectContaining({ item: 'Tent', quantity: 13000, handedOverOn: '2005-10-20' }),
      ]);
      const cataract = await get(
        `/aid-projects/${seeded.ids.get('aid_project:XI-IATI-SILKBRIDGE-GB-2016-CATARACT')}/indicators`,
        coord.token,
      );
      expect(cataract.body.items[0]).toMatchObject({
        title: 'Cataract operations performed',
        progress: { actual: '486.00', percentOfTarget: '97.20' },
      });
    });

    it('links the demo organisations by role once, and a later run with more org:* ids adds nothing', async () => {
      const ds = t.app.get(DataSource);
      const school = seeded.ids.get('aid_project:XI-IATI-SILKBRIDGE-GB-2016-SCHOOL');
      const links = await t.db.query(
        `SELECT apo.role, o.country FROM aid_project_organizations apo JOIN organizations o ON o.id = apo.organization_id
          WHERE apo.project_id = $1 ORDER BY apo.role`,
        [school],
      );
      // The organisations seeder ran first: a Chinese organisation funds, a Pakistani one implements.
      expect(links.rows).toEqual(
        expect.arrayContaining([
          { role: 'funding', country: 'CN' },
          { role: 'implementing', country: 'PK' },
        ]),
      );
      const ctx: SeedContext = {
        ids: new Map([
          ...seeded.ids,
          ['org:Hunza Water Trust', implementingOrg],
          ['org:Xinjiang Friendship Association', fundingOrg],
          ['org:Gwadar Fishermen NGO', outsiderOrg],
        ]),
        credentials: [],
      };
      const seeder = SEEDERS.find((s) => s.name === 'aid-projects')!;
      const counts = await aidCounts(t);
      await ds.transaction((m) => seeder.run(m, ctx));
      expect(await aidCounts(t)).toEqual(counts);
    });

    it('exports every project as IATI 2.03 XML that passes the official schema (xmllint, as WebAssembly)', async () => {
      const res = await get('/aid-projects/iati.xml', outsider.token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      const xml = res.text;
      const lint = await xmllintIati(xml);
      expect(lint.output).toMatch(/validates/);
      expect(lint.status).toBe(0);

      const projects = Number(
        (await t.db.query(`SELECT count(*)::int AS n FROM aid_projects`)).rows[0].n,
      );
      expect(xml.match(/<iati-activity /g)).toHaveLength(projects);
      expect(xml).toContain(
        '<iati-identifier>XI-IATI-SILKBRIDGE-GB-2016-CATARACT</iati-identifier>',
      );
      expect(xml).toContain('<reporting-org ref="XI-IATI-SILKBRIDGE" type="90">');
      expect(xml).toContain('<narrative xml:lang="zh">“健康光明行”白内障手术</narrative>');
      expect(xml).toContain('<narrative xml:lang="ur">');
      expect(xml).toContain('<recipient-country code="PK" percentage="100"/>');
      expect(xml).toContain('<sector vocabulary="1" code="72010" percentage="100"/>');
      expect(xml).toContain('<value currency="CNY" value-date="2017-02-15">3200000.00</value>');
      expect(xml).toMatch(/<transaction-type code="3"\/>/);
      expect(xml).toMatch(/<transaction-type code="4"\/>/);
      expect(xml).toContain('<actual value="96.00"/>');
      expect(xml).toMatch(
        /<iati-identifier>XI-IATI-SILKBRIDGE-GB-2016-SCHOOL<\/iati-identifier>[\s\S]*?<participating-org role="1" type="\d+">[\s\S]*?<participating-org role="4" type="\d+">/,
      );
      for (const code of ['1', '2', '4'])
        expect(xml).toContain(`<activity-status code="${code}"/>`);
    });

    it('selects by ids and category, lists participating organisations with IATI roles, and is not taken for a project id', async () => {
      const p = await newProject({
        category: 'other',
        title: { en: 'Export selection test', ur: 'برآمد' },
      });
      await patch(`/aid-projects/${p.id}`, coord.token, { status: 'cancelled' });
      await post(`/aid-projects/${p.id}/transactions`, implementer.token, {
        type: 'expenditure',
        value: { amount: '0.10', currency: 'PKR' },
        date: '2026-04-01',
      });
      const one = await get(`/aid-projects/iati.xml?ids=${p.id}`, coord.token);
      expect(one.status).toBe(200);
      expect(one.text.match(/<iati-activity /g)).toHaveLength(1);
      expect(one.text).toContain(`<iati-identifier>${p.iatiIdentifier}</iati-identifier>`);
      expect(one.text).toMatch(
        /<participating-org role="1" type="10">\s*<narrative xml:lang="en">Xinjiang Friendship Association<\/narrative>/,
      );
      expect(one.text).toMatch(/<participating-org role="4" type="22">/);
      expect(one.text).toContain('<activity-status code="5"/>');
      expect((await xmllintIati(one.text)).status).toBe(0);

      const relief = await get(
        '/aid-projects/iati.xml?category=relief_supplies',
        implementer.token,
      );
      expect(relief.text.match(/<iati-activity /g)).toHaveLength(1);
      expect(relief.text).toContain('humanitarian="1"');
      expect((await xmllintIati(relief.text)).status).toBe(0);

      const none = await get(
        '/aid-projects/iati.xml?ids=00000000-0000-4000-8000-000000000000',
        coord.token,
      );
      expect(none.status).toBe(422);
      expect(none.body.code).toBe('NOTHING_TO_EXPORT');
      const bad = await get('/aid-projects/iati.xml?ids=nope', coord.token);
      expect(bad.status).toBe(400);
      expect((await t.http().get(`${API}/aid-projects/iati.xml`)).status).toBe(401);
    });

    it('documents the routes in the OpenAPI document', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      for (const path of [
        '/api/v1/aid-projects',
        '/api/v1/aid-projects/{id}',
        '/api/v1/aid-projects/iati.xml',
        '/api/v1/aid-projects/{id}/transactions',
        '/api/v1/milestones',
        '/api/v1/milestones/{id}/complete',
        '/api/v1/indicators/{id}/values',
        '/api/v1/indicator-values/{id}/approve',
        '/api/v1/deliverables/{id}/maintenance',
      ]) {
        expect([path, !!doc.paths[path]]).toEqual([path, true]);
      }
      expect(doc.components.schemas.AidProjectDetailResponse.properties.totals).toBeDefined();
      expect(doc.components.schemas.CreateAidProjectDto.properties.category.enum).toContain(
        'cataract_campaign',
      );
    });
  });
});
