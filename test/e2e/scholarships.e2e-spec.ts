import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { foundationSeeder } from '../../src/scripts/seeds/foundation.seed';
import type { SeedContext } from '../../src/database/seeds/seeder';
import { scholarshipsSeeder } from '../../src/scholarships/scholarships.seed';
import {
  applicationRow,
  createApplication,
  decide,
  move,
  review,
} from '../factories/application.factory';
import { insertOrganization } from '../factories/organization.factory';
import { insertParticipant } from '../factories/participant.factory';
import { createScheme, schemeBody } from '../factories/scholarship.factory';
import { createUser } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

const API = '/api/v1';
/** Field names that would carry review data. */
const REVIEW_DATA = /"(score|averageScore|reviews|reviewCount|reviewerId|comment)"/i;
const DAY = 24 * 3600 * 1000;

/** Every key an application response may carry: no review data for anyone. */
const APPLICATION_KEYS = [
  'createdAt',
  'createdBy',
  'decidedAt',
  'decision',
  'id',
  'organizationId',
  'participantId',
  'respondedAt',
  'scholarshipId',
  'statement',
  'status',
  'submittedAt',
  'updatedAt',
  'version',
].sort();

describe('scholarships: schemes, applications, reviews, decisions, disbursements', () => {
  let t: TestApp;
  let admin: string;
  let c1: { id: string; token: string };
  let c2: { id: string; token: string };
  let c3: { id: string; token: string };
  let orgA: string;
  let orgB: string;
  let memberA: string;
  let memberB: string;
  let pA1: string;
  let pA2: string;
  let pB1: string;

  const get = (token: string, path: string) => t.http().get(`${API}${path}`).set(bearer(token));
  const post = (token: string, path: string, body: object = {}) =>
    t.http().post(`${API}${path}`).set(bearer(token)).send(body);
  const patch = (token: string, path: string, body: object) =>
    t.http().patch(`${API}${path}`).set(bearer(token)).send(body);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.db.query(sql, params)).rows[0].count);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    [c1, c2, c3] = await Promise.all([
      createUser(t, 'coordinator'),
      createUser(t, 'coordinator'),
      createUser(t, 'coordinator'),
    ]);
    orgA = await insertOrganization(t.db, { name: 'Hunza Youth Forum (test)', type: 'university' });
    orgB = await insertOrganization(t.db, { name: 'Gwadar Fishermen Welfare (test)' });
    [memberA, memberB] = (
      await Promise.all([createUser(t, 'ngo_member', orgA), createUser(t, 'ngo_member', orgB)])
    ).map((u) => u.token);
    pA1 = await insertParticipant(t.db, { organizationId: orgA, fullName: 'Ayesha Karim' });
    pA2 = await insertParticipant(t.db, {
      organizationId: orgA,
      fullName: 'Bilal Hussain',
      gender: 'male',
    });
    pB1 = await insertParticipant(t.db, { organizationId: orgB, fullName: 'Zainab Baloch' });
  });
  afterAll(() => t.close());

  describe('schemes', () => {
    it('lets staff create a scheme with a multilingual name, an exact stipend and eligibility, and everyone read it', async () => {
      const res = await post(c1.token, '/scholarships', {
        ...schemeBody({ quota: 3, stipend: { amount: '3500.5', currency: 'CNY' } }),
        name: {
          en: 'China–Pakistan Friendship Scholarship (test intake)',
          zh: '中巴友谊奖学金',
          ur: 'پاک چین دوستی اسکالرشپ',
        },
        hostInstitution: 'Kashgar University',
        sponsorOrganizationId: orgA,
        eligibility: { nationalities: ['PK'], minAge: 18, maxAge: 35 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: { en: 'China–Pakistan Friendship Scholarship (test intake)', zh: '中巴友谊奖学金' },
        level: 'master',
        quota: 3,
        awardedCount: 0,
        placesLeft: 3,
        stipend: { amount: '3500.50', currency: 'CNY' },
        eligibility: { nationalities: ['PK'], minAge: 18, maxAge: 35 },
        sponsorOrganizationId: orgA,
        coordinatorId: c1.id,
        version: 1,
      });
      // The closing date drives reminders: the outbox is touched in the same transaction.
      expect(
        await count(
          `SELECT count(*) FROM reminder_outbox WHERE entity_type = 'scholarship' AND entity_id = $1`,
          [res.body.id],
        ),
      ).toBe(1);

      const read = await get(memberA, `/scholarships/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.stipend).toEqual({ amount: '3500.50', currency: 'CNY' });
      const found = await get(
        memberB,
        `/scholarships?q=${encodeURIComponent('友谊')}&level=master&open=true`,
      );
      expect(found.status).toBe(200);
      expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
      expect(
        (await get(memberB, `/scholarships?open=false&q=${encodeURIComponent('友谊')}`)).body.items,
      ).toEqual([]);
    });

    it('refuses writes by NGO members (403) and bad bodies (400), writing nothing', async () => {
      const before = await count('SELECT count(*) FROM scholarships');
      const byMember = await post(memberA, '/scholarships', schemeBody());
      expect(byMember.status).toBe(403);
      expect(byMember.body.code).toBe('FORBIDDEN');
      const now = Date.now();
      const bad: [object, string][] = [
        [schemeBody({ closesAt: new Date(now - 2 * DAY).toISOString() }), 'closesAt'],
        [schemeBody({ stipend: { amount: '-1.00', currency: 'CNY' } }), 'stipend.amount'],
        [schemeBody({ stipend: { amount: 3500.5, currency: 'CNY' } }), 'stipend.amount'],
        [schemeBody({ stipend: { amount: '10.00', currency: 'XXX' } }), 'stipend.currency'],
        [schemeBody({ level: 'diploma' }), 'level'],
        [schemeBody({ quota: '3' }), 'quota'],
        [schemeBody({ opensAt: '2027-01-01 09:00' }), 'opensAt'],
        [schemeBody({ eligibility: { nationalities: ['Pakistan'] } }), 'eligibility.nationalities'],
        [schemeBody({ eligibility: { minAge: 30, maxAge: 20 } }), 'eligibility.maxAge'],
        [schemeBody({ eligibility: { income: 'low' } }), 'eligibility.income'],
        [schemeBody({ awardedCount: 0 }), 'awardedCount'],
      ];
      for (const [body, field] of bad) {
        const res = await post(c1.token, '/scholarships', body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const unknownSponsor = await post(
        c1.token,
        '/scholarships',
        schemeBody({ sponsorOrganizationId: '00000000-0000-4000-8000-000000000000' }),
      );
      expect([unknownSponsor.status, unknownSponsor.body.code]).toEqual([
        422,
        'REFERENCE_NOT_FOUND',
      ]);
      expect(await count('SELECT count(*) FROM scholarships')).toBe(before);
    });

    it('touches the outbox only when closesAt changes, and answers 409 VERSION_CONFLICT for a stale version', async () => {
      const s = await createScheme(t, c1.token);
      const outbox = () =>
        count(
          `SELECT count(*) FROM reminder_outbox WHERE entity_type = 'scholarship' AND entity_id = $1`,
          [s.id],
        );
      expect(await outbox()).toBe(1);
      const renamed = await patch(c2.token, `/scholarships/${s.id}`, {
        description: 'Renamed',
        version: 1,
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.version).toBe(2);
      expect(await outbox()).toBe(1);
      const moved = await patch(c2.token, `/scholarships/${s.id}`, {
        closesAt: new Date(Date.now() + 40 * DAY).toISOString(),
      });
      expect(moved.status).toBe(200);
      expect(await outbox()).toBe(2);
      const stale = await patch(c2.token, `/scholarships/${s.id}`, { quota: 9, version: 1 });
      expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
      const badWindow = await patch(c2.token, `/scholarships/${s.id}`, {
        closesAt: new Date(Date.now() - 5 * DAY).toISOString(),
      });
      expect(badWindow.status).toBe(400);
      const row = (
        await t.db.query('SELECT quota, version, description FROM scholarships WHERE id = $1', [
          s.id,
        ])
      ).rows[0];
      expect(row).toEqual({ quota: 5, version: 3, description: 'Renamed' });
      expect((await patch(memberA, `/scholarships/${s.id}`, { quota: 1 })).status).toBe(403);
    });
  });

  describe('the full path', () => {
    it('draft → submitted → reviewed by two coordinators → ranked → awarded → accepted → disbursed (exact totals)', async () => {
      const s = await createScheme(t, c1.token, {
        quota: 2,
        stipend: { amount: '7000.30', currency: 'CNY' },
      });
      const draft = await post(memberA, `/scholarships/${s.id}/applications`, {
        participantId: pA1,
        statement: 'I will study port logistics.',
      });
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({
        status: 'draft',
        decision: null,
        participantId: pA1,
        organizationId: orgA,
        scholarshipId: s.id,
        submittedAt: null,
      });
      const app1 = draft.body.id;
      const edited = await patch(memberA, `/applications/${app1}`, {
        statement: 'I will study port logistics in Gwadar.',
        version: 1,
      });
      expect(edited.status).toBe(200);
      expect(edited.body.statement).toBe('I will study port logistics in Gwadar.');

      const app2 = await createApplication(t, memberA, s.id, pA2);
      const app3 = await createApplication(t, memberB, s.id, pB1);
      const submitted = await move(t, memberA, app1, 'submit');
      expect(submitted).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });
      await move(t, memberA, app2, 'submit');
      await move(t, memberB, app3, 'submit');

      await review(t, c1.token, app1, 85);
      expect((await applicationRow(t, app1)).status).toBe('under_review');
      await review(t, c2.token, app1, 84);
      await review(t, c1.token, app2, 70);
      await review(t, c2.token, app2, 70);
      await review(t, c1.token, app3, 70);
      await review(t, c2.token, app3, 70);

      // Average desc; app2 and app3 tie at 70.00 and app2 was submitted first.
      const ranking = await get(c1.token, `/scholarships/${s.id}/ranking`);
      expect(ranking.status).toBe(200);
      expect(ranking.body).toMatchObject({
        scholarshipId: s.id,
        quota: 2,
        awardedCount: 0,
        placesLeft: 2,
      });
      expect(
        ranking.body.items.map(
          (e: {
            applicationId: string;
            rank: number;
            averageScore: string;
            reviewCount: number;
          }) => [e.rank, e.applicationId, e.averageScore, e.reviewCount],
        ),
      ).toEqual([
        [1, app1, '84.50', 2],
        [2, app2, '70.00', 2],
        [3, app3, '70.00', 2],
      ]);
      expect(ranking.body.nextCandidate.applicationId).toBe(app1);

      const awarded = await decide(t, c1.token, app1, 'award');
      expect(awarded.status).toBe(200);
      expect(awarded.body).toMatchObject({
        status: 'awarded',
        decision: 'award',
        decidedAt: expect.any(String),
      });
      // The NGO sees the status and the decision, never review data.
      const seen = await get(memberA, `/applications/${app1}`);
      expect(seen.body).toMatchObject({ status: 'awarded', decision: 'award' });
      expect(Object.keys(seen.body).sort()).toEqual(APPLICATION_KEYS);
      expect(JSON.stringify(seen.body)).not.toMatch(REVIEW_DATA);

      const accepted = await move(t, memberA, app1, 'accept');
      expect(accepted).toMatchObject({
        status: 'accepted',
        decision: 'award',
        respondedAt: expect.any(String),
      });

      for (const [amount, currency, paidOn] of [
        ['3500.10', 'CNY', '2027-09-30'],
        ['3500.20', 'CNY', '2027-10-31'],
      ]) {
        const res = await post(c2.token, `/applications/${app1}/disbursements`, {
          amount: { amount, currency },
          paidOn,
          reference: `BOC-${paidOn}`,
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          applicationId: app1,
          amount: { amount, currency },
          paidOn,
        });
      }
      const totals = await get(c1.token, `/scholarships/${s.id}/disbursements/totals`);
      expect(totals.status).toBe(200);
      // 3500.10 + 3500.20 in floating point would be 7000.299999…; the sum is exact.
      expect(totals.body).toEqual({
        scholarshipId: s.id,
        totals: [{ currency: 'CNY', amount: '7000.30', count: 2 }],
      });
      const listed = await get(memberA, `/applications/${app1}/disbursements`);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toHaveLength(2);
      expect((await get(memberB, `/applications/${app1}/disbursements`)).status).toBe(404);
      expect((await get(memberA, `/scholarships/${s.id}/disbursements/totals`)).status).toBe(403);

      const final = (
        await t.db.query('SELECT awarded_count FROM scholarships WHERE id = $1', [s.id])
      ).rows[0];
      expect(final.awarded_count).toBe(1);
      const actions = (
        await t.db.query(
          `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at, id`,
          [app1],
        )
      ).rows.map((r) => r.action);
      expect(actions).toEqual([
        'application.created',
        'application.updated',
        'application.submitted',
        'application.under_review',
        'application.awarded',
        'application.accepted',
      ]);
    });
  });

  describe('state machine over HTTP', () => {
    it('answers 409 INVALID_TRANSITION for moves the table does not allow, changing nothing', async () => {
      const s = await createScheme(t, c1.token);
      const app = await createApplication(t, memberA, s.id, pA1);
      const snapshot = await applicationRow(t, app);
      for (const verb of ['accept', 'decline'] as const) {
        const res = await post(memberA, `/applications/${app}/${verb}`);
        expect([res.status, res.body.code]).toEqual([409, 'INVALID_TRANSITION']);
        expect(res.body.details).toMatchObject({
          status: 'draft',
          event: verb,
          allowedFrom: ['awarded'],
        });
      }
      const award = await decide(t, c1.token, app, 'award');
      expect([award.status, award.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      const earlyReview = await post(c1.token, `/applications/${app}/reviews`, { score: 50 });
      expect([earlyReview.status, earlyReview.body.code]).toEqual([409, 'NOT_REVIEWABLE']);
      expect(await applicationRow(t, app)).toEqual(snapshot);

      await move(t, memberA, app, 'submit');
      const again = await post(memberA, `/applications/${app}/submit`);
      expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);
      const rejectSubmitted = await decide(t, c1.token, app, 'reject');
      expect([rejectSubmitted.status, rejectSubmitted.body.code]).toEqual([
        409,
        'INVALID_TRANSITION',
      ]);
      const edit = await patch(memberA, `/applications/${app}`, { statement: 'changed' });
      expect([edit.status, edit.body.code]).toEqual([409, 'APPLICATION_NOT_EDITABLE']);

      expect(await move(t, memberA, app, 'withdraw')).toMatchObject({
        status: 'withdrawn',
        decision: null,
      });
      const afterWithdraw = await applicationRow(t, app);
      for (const verb of ['submit', 'withdraw', 'accept', 'decline']) {
        const res = await post(memberA, `/applications/${app}/${verb}`);
        expect([verb, res.status, res.body.code]).toEqual([verb, 409, 'INVALID_TRANSITION']);
      }
      const lateReview = await post(c1.token, `/applications/${app}/reviews`, { score: 50 });
      expect(lateReview.status).toBe(409);
      expect(await applicationRow(t, app)).toEqual(afterWithdraw);
      expect(
        await count('SELECT count(*) FROM application_reviews WHERE application_id = $1', [app]),
      ).toBe(0);
    });

    it('keeps one active application per participant per scheme (409 ALREADY_APPLIED), also under concurrent requests', async () => {
      const s = await createScheme(t, c1.token);
      const p = await insertParticipant(t.db, { organizationId: orgA });
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          post(memberA, `/scholarships/${s.id}/applications`, {
            participantId: p,
            statement: 'Twice?',
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_APPLIED'),
      ).toBe(true);
      expect(
        await count(
          'SELECT count(*) FROM scholarship_applications WHERE scholarship_id = $1 AND participant_id = $2',
          [s.id, p],
        ),
      ).toBe(1);
      // A withdrawn application no longer blocks a new one.
      await move(t, memberA, results.find((r) => r.status === 201)!.body.id, 'withdraw');
      expect(
        (
          await post(memberA, `/scholarships/${s.id}/applications`, {
            participantId: p,
            statement: 'Again',
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('application window', () => {
    it('answers a late submit with 422 DEADLINE_PASSED and leaves the draft as it was', async () => {
      const s = await createScheme(t, c1.token);
      const app = await createApplication(t, memberA, s.id, pA1);
      await t.db.query(
        `UPDATE scholarships SET opens_at = now() - interval '10 days', closes_at = now() - interval '1 minute' WHERE id = $1`,
        [s.id],
      );
      const before = await applicationRow(t, app);
      const res = await post(memberA, `/applications/${app}/submit`);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        code: 'DEADLINE_PASSED',
        details: { closesAt: expect.any(String) },
      });
      expect(await applicationRow(t, app)).toEqual(before);
      expect(before.status).toBe('draft');
      // No new drafts after the close either.
      const late = await post(memberA, `/scholarships/${s.id}/applications`, {
        participantId: pA2,
        statement: 'late',
      });
      expect([late.status, late.body.code]).toEqual([422, 'DEADLINE_PASSED']);
    });

    it('takes drafts before the opening but answers a submit with 422 NOT_OPEN', async () => {
      const s = await createScheme(t, c1.token, {
        opensAt: new Date(Date.now() + 2 * DAY).toISOString(),
        closesAt: new Date(Date.now() + 9 * DAY).toISOString(),
      });
      const app = await createApplication(t, memberA, s.id, pA1);
      const res = await post(memberA, `/applications/${app}/submit`);
      expect([res.status, res.body.code]).toEqual([422, 'NOT_OPEN']);
      expect((await applicationRow(t, app)).status).toBe('draft');
    });
  });

  describe('eligibility', () => {
    it('checks the rules on submit and lists each failed one with a clear reason', async () => {
      const closes = new Date(Date.now() + 20 * DAY);
      const closingDate = closes.toISOString().slice(0, 10);
      const yearsBefore = (years: number) =>
        `${Number(closingDate.slice(0, 4)) - years}${closingDate.slice(4)}`;
      const s = await createScheme(t, c1.token, {
        closesAt: closes.toISOString(),
        eligibility: { nationalities: ['CN'], minAge: 18, maxAge: 30, genders: ['female'] },
      });
      // A Pakistani man who is 41 on the closing date fails three rules at once.
      const old = await insertParticipant(t.db, {
        organizationId: orgA,
        nationality: 'PK',
        gender: 'male',
        dateOfBirth: yearsBefore(41),
      });
      const app = await createApplication(t, memberA, s.id, old);
      const res = await post(memberA, `/applications/${app}/submit`);
      expect([res.status, res.body.code]).toEqual([422, 'NOT_ELIGIBLE']);
      expect(res.body.details).toEqual([
        expect.objectContaining({
          rule: 'nationality',
          required: ['CN'],
          actual: 'PK',
          message: expect.stringContaining('PK'),
        }),
        expect.objectContaining({
          rule: 'maxAge',
          required: 30,
          actual: 41,
          message: expect.stringContaining(closingDate),
        }),
        expect.objectContaining({ rule: 'gender', required: ['female'], actual: 'male' }),
      ]);
      expect((await applicationRow(t, app)).status).toBe('draft');

      const unknownAge = await insertParticipant(t.db, {
        organizationId: orgA,
        nationality: 'CN',
        dateOfBirth: null,
      });
      const app2 = await createApplication(t, memberA, s.id, unknownAge);
      const res2 = await post(memberA, `/applications/${app2}/submit`);
      expect(res2.body.details.map((d: { rule: string }) => d.rule)).toEqual(['dateOfBirth']);

      // Age is taken on the closing date: 18 exactly that day is eligible, a day younger is not.
      const turns18 = await insertParticipant(t.db, {
        organizationId: orgA,
        nationality: 'CN',
        dateOfBirth: yearsBefore(18),
      });
      expect(
        await move(t, memberA, await createApplication(t, memberA, s.id, turns18), 'submit'),
      ).toMatchObject({ status: 'submitted' });
      const dayAfter = new Date(Date.parse(`${yearsBefore(18)}T00:00:00Z`) + DAY)
        .toISOString()
        .slice(0, 10);
      const tooYoung = await insertParticipant(t.db, {
        organizationId: orgA,
        nationality: 'CN',
        dateOfBirth: dayAfter,
      });
      const res3 = await post(
        memberA,
        `/applications/${await createApplication(t, memberA, s.id, tooYoung)}/submit`,
      );
      expect(res3.body.details).toEqual([
        expect.objectContaining({ rule: 'minAge', required: 18, actual: 17 }),
      ]);
    });
  });

  describe('tenancy', () => {
    it('hides NGO A applications from NGO B (404 on every read and write) and lists only their own', async () => {
      const s = await createScheme(t, c1.token);
      const appA = await createApplication(t, memberA, s.id, pA1);
      const appB = await createApplication(t, memberB, s.id, pB1);
      const before = await applicationRow(t, appA);
      const attempts = [
        get(memberB, `/applications/${appA}`),
        patch(memberB, `/applications/${appA}`, { statement: 'hijacked' }),
        ...['submit', 'withdraw', 'accept', 'decline'].map((v) =>
          post(memberB, `/applications/${appA}/${v}`),
        ),
        get(memberB, `/applications/${appA}/disbursements`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'Application not found',
        });
      }
      expect(await applicationRow(t, appA)).toEqual(before);
      // The same body for an id that does not exist: nothing reveals that appA exists.
      const ghost = await get(memberB, '/applications/00000000-0000-4000-8000-000000000000');
      expect(ghost.body).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'Application not found',
      });

      const listB = await get(memberB, `/applications?scholarshipId=${s.id}`);
      expect(listB.body.items.map((a: { id: string }) => a.id)).toEqual([appB]);
      const sneaky = await get(memberB, `/applications?organizationId=${orgA}`);
      expect(sneaky.body.items).toEqual([]);
      const underScheme = await get(memberB, `/scholarships/${s.id}/applications`);
      expect(underScheme.body.items.map((a: { id: string }) => a.id)).toEqual([appB]);
      const staffList = await get(c1.token, `/scholarships/${s.id}/applications`);
      expect(staffList.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
        [appA, appB].sort(),
      );

      // Applying for another organisation's participant: 404, nothing written.
      const n = await count('SELECT count(*) FROM scholarship_applications');
      const foreign = await post(memberB, `/scholarships/${s.id}/applications`, {
        participantId: pA2,
        statement: 'not mine',
      });
      expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(await count('SELECT count(*) FROM scholarship_applications')).toBe(n);
      // Staff may apply on anyone's behalf; the application belongs to the participant's organisation.
      const byStaff = await post(c1.token, `/scholarships/${s.id}/applications`, {
        participantId: pA2,
        statement: 'nominated',
      });
      expect(byStaff.status).toBe(201);
      expect(byStaff.body.organizationId).toBe(orgA);
      expect((await get(memberA, `/applications/${byStaff.body.id}`)).status).toBe(200);
    });

    it('never shows reviews to NGO members (403), neither their own nor others', async () => {
      const s = await createScheme(t, c1.token);
      const appA = await createApplication(t, memberA, s.id, pA1);
      await move(t, memberA, appA, 'submit');
      await review(t, c1.token, appA, 77);
      for (const token of [memberA, memberB]) {
        const reviews = await get(token, `/applications/${appA}/reviews`);
        expect([reviews.status, reviews.body.code]).toEqual([403, 'FORBIDDEN']);
        expect((await get(token, `/scholarships/${s.id}/ranking`)).status).toBe(403);
        expect((await post(token, `/applications/${appA}/reviews`, { score: 100 })).status).toBe(
          403,
        );
        expect((await decide(t, token, appA, 'award')).status).toBe(403);
      }
      const own = await get(memberA, `/applications/${appA}`);
      expect(own.body.status).toBe('under_review');
      expect(Object.keys(own.body).sort()).toEqual(APPLICATION_KEYS);
      const list = await get(memberA, `/applications?scholarshipId=${s.id}`);
      expect(JSON.stringify(list.body)).not.toMatch(REVIEW_DATA);
    });

    it('refuses writes by members of an organisation that is not approved', async () => {
      const pendingOrg = await insertOrganization(t.db, { status: 'pending' });
      const member = await createUser(t, 'ngo_member', pendingOrg);
      const p = await insertParticipant(t.db, { organizationId: pendingOrg });
      const s = await createScheme(t, c1.token);
      const res = await post(member.token, `/scholarships/${s.id}/applications`, {
        participantId: p,
        statement: 'pending',
      });
      expect([res.status, res.body.code]).toEqual([403, 'ORGANIZATION_NOT_APPROVED']);
      expect((await get(member.token, `/scholarships/${s.id}`)).status).toBe(200);
    });
  });

  describe('reviews', () => {
    it('blinds reviewers: a coordinator sees other scores only after their own review; admins see all', async () => {
      const s = await createScheme(t, c1.token);
      const app = await createApplication(t, memberA, s.id, pA1);
      await move(t, memberA, app, 'submit');
      await review(t, c1.token, app, 90, 'Excellent');

      const blind = await get(c2.token, `/applications/${app}/reviews`);
      expect(blind.status).toBe(200);
      expect(blind.body).toEqual({ items: [], nextCursor: null });
      const blindRanking = await get(c2.token, `/scholarships/${s.id}/ranking`);
      expect(blindRanking.body.items).toEqual([
        expect.objectContaining({
          applicationId: app,
          averageScore: null,
          scoreHidden: true,
          reviewCount: 1,
        }),
      ]);
      // Blinded: who is best placed would say how the others scored.
      expect(blindRanking.body.nextCandidate).toBeNull();

      const own = await get(c1.token, `/applications/${app}/reviews`);
      expect(own.body.items).toEqual([
        expect.objectContaining({ reviewerId: c1.id, score: 90, comment: 'Excellent' }),
      ]);

      await review(t, c2.token, app, 60);
      const both = await get(c2.token, `/applications/${app}/reviews`);
      expect(
        both.body.items.map((r: { reviewerId: string; score: number }) => [r.reviewerId, r.score]),
      ).toEqual([
        [c1.id, 90],
        [c2.id, 60],
      ]);
      expect((await get(c2.token, `/scholarships/${s.id}/ranking`)).body.items[0]).toMatchObject({
        averageScore: '75.00',
        scoreHidden: false,
      });
      const adminView = await get(admin, `/applications/${app}/reviews`);
      expect(adminView.body.items).toHaveLength(2);
      expect((await get(admin, `/scholarships/${s.id}/ranking`)).body.items[0]).toMatchObject({
        averageScore: '75.00',
        scoreHidden: false,
      });
    });

    it('takes one review per reviewer (409 ALREADY_REVIEWED, also concurrently) and validates the score', async () => {
      const s = await createScheme(t, c1.token);
      const app = await createApplication(t, memberA, s.id, pA1);
      await move(t, memberA, app, 'submit');
      const results = await Promise.all(
        [1, 2, 3].map((i) => post(c1.token, `/applications/${app}/reviews`, { score: 60 + i })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_REVIEWED'),
      ).toBe(true);
      for (const score of [-1, 101, 55.5, '80']) {
        const res = await post(c2.token, `/applications/${app}/reviews`, { score });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect(
        await count('SELECT count(*) FROM application_reviews WHERE application_id = $1', [app]),
      ).toBe(1);
    });

    it('refuses a reviewer with a declared conflict of interest (403 CONFLICT_OF_INTEREST), writing nothing', async () => {
      const declared = await post(c3.token, '/reviewer-conflicts', {
        organizationId: orgA,
        reason: 'My sister chairs its board',
      });
      expect(declared.status).toBe(201);
      expect(declared.body).toMatchObject({
        reviewerId: c3.id,
        organizationId: orgA,
        reason: 'My sister chairs its board',
      });
      const twice = await post(c3.token, '/reviewer-conflicts', {
        organizationId: orgA,
        reason: 'again',
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'CONFLICT_ALREADY_DECLARED']);
      const unknown = await post(c3.token, '/reviewer-conflicts', {
        organizationId: '00000000-0000-4000-8000-000000000000',
        reason: 'x',
      });
      expect(unknown.status).toBe(404);
      expect(
        (await get(c3.token, '/reviewer-conflicts')).body.items.map(
          (c: { organizationId: string }) => c.organizationId,
        ),
      ).toEqual([orgA]);
      expect((await get(c1.token, '/reviewer-conflicts')).body.items).toEqual([]);
      expect(
        (await post(memberA, '/reviewer-conflicts', { organizationId: orgB, reason: 'x' })).status,
      ).toBe(403);

      const s = await createScheme(t, c1.token);
      const appA = await createApplication(t, memberA, s.id, pA1);
      const appB = await createApplication(t, memberB, s.id, pB1);
      await move(t, memberA, appA, 'submit');
      await move(t, memberB, appB, 'submit');
      const refused = await post(c3.token, `/applications/${appA}/reviews`, { score: 99 });
      expect([refused.status, refused.body.code]).toEqual([403, 'CONFLICT_OF_INTEREST']);
      expect(
        await count('SELECT count(*) FROM application_reviews WHERE application_id = $1', [appA]),
      ).toBe(0);
      expect((await applicationRow(t, appA)).status).toBe('submitted');
      // Other organisations' applications are fine.
      await review(t, c3.token, appB, 50);
      // Nor may the conflicted coordinator decide on it.
      await review(t, c1.token, appA, 80);
      const decision = await decide(t, c3.token, appA, 'award');
      expect([decision.status, decision.body.code]).toEqual([403, 'CONFLICT_OF_INTEREST']);
      expect((await applicationRow(t, appA)).status).toBe('under_review');
    });
  });

  describe('decisions within the quota', () => {
    let scheme: { id: string };
    let apps: string[];

    it('awards exactly 2 of 10 concurrent award decisions on a quota of 2', async () => {
      scheme = await createScheme(t, c1.token, { quota: 2 });
      apps = [];
      for (let i = 0; i < 10; i++) {
        const p = await insertParticipant(t.db, { organizationId: orgA });
        const app = await createApplication(t, memberA, scheme.id, p);
        await move(t, memberA, app, 'submit');
        await review(t, c1.token, app, 50 + i);
        apps.push(app);
      }
      const results = await Promise.all(
        apps.map((app, i) => decide(t, i % 2 ? c1.token : admin, app, 'award')),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused).toHaveLength(8);
      expect(refused.every((r) => r.status === 409 && r.body.code === 'QUOTA_EXCEEDED')).toBe(true);
      expect(
        await count(
          `SELECT count(*) FROM scholarship_applications WHERE scholarship_id = $1 AND status = 'awarded'`,
          [scheme.id],
        ),
      ).toBe(2);
      expect(
        (await t.db.query('SELECT awarded_count FROM scholarships WHERE id = $1', [scheme.id]))
          .rows[0].awarded_count,
      ).toBe(2);
      expect(
        await count(
          `SELECT count(*) FROM scholarship_applications WHERE scholarship_id = $1 AND status = 'under_review'`,
          [scheme.id],
        ),
      ).toBe(8);

      // A quota below the places awarded is refused.
      const lower = await patch(c1.token, `/scholarships/${scheme.id}`, { quota: 1 });
      expect([lower.status, lower.body.code]).toEqual([409, 'QUOTA_BELOW_AWARDED']);
      expect(
        (await t.db.query('SELECT quota FROM scholarships WHERE id = $1', [scheme.id])).rows[0]
          .quota,
      ).toBe(2);
      // Rejections need no place.
      const undecided = (
        await t.db.query(
          `SELECT id FROM scholarship_applications WHERE scholarship_id = $1 AND status = 'under_review' ORDER BY id LIMIT 1`,
          [scheme.id],
        )
      ).rows[0].id;
      expect((await decide(t, c1.token, undecided, 'reject')).body).toMatchObject({
        status: 'rejected',
        decision: 'reject',
      });
    });

    it('frees a place when an award is declined and names the next ranked undecided applicant', async () => {
      const awarded: string[] = (
        await t.db.query(
          `SELECT id FROM scholarship_applications WHERE scholarship_id = $1 AND status = 'awarded' ORDER BY id`,
          [scheme.id],
        )
      ).rows.map((r) => r.id);
      const byMember = await post(memberA, `/applications/${awarded[0]}/decline`);
      expect(byMember.status).toBe(200);
      // The next candidate is another applicant's business: not shown to the NGO member.
      expect(byMember.body).toMatchObject({
        status: 'declined',
        decision: 'award',
        placesLeft: 1,
        nextCandidate: null,
      });
      expect(
        (await t.db.query('SELECT awarded_count FROM scholarships WHERE id = $1', [scheme.id]))
          .rows[0].awarded_count,
      ).toBe(1);

      const ranking = await get(admin, `/scholarships/${scheme.id}/ranking`);
      expect(ranking.body).toMatchObject({ awardedCount: 1, placesLeft: 1 });
      const undecided = ranking.body.items.filter(
        (e: { status: string }) => e.status === 'under_review',
      );
      expect(ranking.body.nextCandidate).toEqual(undecided[0]);
      // Ranked by score: the best undecided application has the highest score left.
      const scores = undecided.map((e: { averageScore: string }) => Number(e.averageScore));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));

      // The freed place goes to the next candidate, and then the scheme is full again.
      const next = ranking.body.nextCandidate.applicationId;
      expect((await decide(t, c1.token, next, 'award')).status).toBe(200);
      const full = await decide(t, c1.token, undecided[1].applicationId, 'award');
      expect([full.status, full.body.code]).toEqual([409, 'QUOTA_EXCEEDED']);

      // Staff declining (on the applicant's behalf) see who is next.
      const byStaff = await post(admin, `/applications/${next}/decline`);
      expect(byStaff.status).toBe(200);
      expect(byStaff.body.placesLeft).toBe(1);
      expect(byStaff.body.nextCandidate).toMatchObject({
        applicationId: undecided[1].applicationId,
        status: 'under_review',
        rank: expect.any(Number),
      });
      const held = await count(
        `SELECT count(*) FROM scholarship_applications WHERE scholarship_id = $1 AND status IN ('awarded','accepted')`,
        [scheme.id],
      );
      expect(
        (await t.db.query('SELECT awarded_count FROM scholarships WHERE id = $1', [scheme.id]))
          .rows[0].awarded_count,
      ).toBe(held);
      expect(held).toBe(1);
      // A declined award cannot be accepted or declined again.
      expect((await post(memberA, `/applications/${awarded[0]}/accept`)).body.code).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('disbursements', () => {
    it('pays stipends only on accepted awards (422 NOT_DISBURSABLE) and only positive exact amounts', async () => {
      const s = await createScheme(t, c1.token, { quota: 1 });
      const app = await createApplication(t, memberA, s.id, pA1);
      const body = {
        amount: { amount: '3500.00', currency: 'CNY' },
        paidOn: '2027-09-30',
        reference: 'BOC-1',
      };
      const onDraft = await post(c1.token, `/applications/${app}/disbursements`, body);
      expect([onDraft.status, onDraft.body.code]).toEqual([422, 'NOT_DISBURSABLE']);
      await move(t, memberA, app, 'submit');
      await review(t, c1.token, app, 90);
      expect((await decide(t, c1.token, app, 'award')).status).toBe(200);
      const onAwarded = await post(c1.token, `/applications/${app}/disbursements`, body);
      expect([onAwarded.status, onAwarded.body.code]).toEqual([422, 'NOT_DISBURSABLE']);
      await move(t, memberA, app, 'accept');
      for (const [bad, field] of [
        [{ ...body, amount: { amount: '0.00', currency: 'CNY' } }, 'amount.amount'],
        [{ ...body, amount: { amount: 3500, currency: 'CNY' } }, 'amount.amount'],
        [{ ...body, amount: { amount: '1.005', currency: 'CNY' } }, 'amount.amount'],
        [{ ...body, paidOn: '2027-02-30' }, 'paidOn'],
        [{ ...body, reference: '' }, 'reference'],
      ] as [object, string][]) {
        const res = await post(c1.token, `/applications/${app}/disbursements`, bad);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await post(memberA, `/applications/${app}/disbursements`, body)).status).toBe(403);
      expect(
        await count('SELECT count(*) FROM disbursements WHERE application_id = $1', [app]),
      ).toBe(0);
      expect((await post(c1.token, `/applications/${app}/disbursements`, body)).status).toBe(201);
      const totals = await get(admin, `/scholarships/${s.id}/disbursements/totals`);
      expect(totals.body.totals).toEqual([{ currency: 'CNY', amount: '3500.00', count: 1 }]);
    });
  });

  describe('corrections', () => {
    /** An accepted award of a new scheme with the given stipend (quota 1). */
    async function acceptedAward(stipend: { amount: string; currency: string }) {
      const s = await createScheme(t, c1.token, { quota: 1, stipend });
      const app = await createApplication(t, memberA, s.id, pA1);
      await move(t, memberA, app, 'submit');
      await review(t, c1.token, app, 90);
      expect((await decide(t, c1.token, app, 'award')).status).toBe(200);
      await move(t, memberA, app, 'accept');
      return { schemeId: s.id, app };
    }
    const pay = (app: string, amount: string, currency = 'CNY', token = c1.token) =>
      post(token, `/applications/${app}/disbursements`, {
        amount: { amount, currency },
        paidOn: '2027-09-30',
        reference: `BOC-${amount}`,
      });

    it('never pays more than the stipend, nor in another currency (also under concurrent payments)', async () => {
      const { app } = await acceptedAward({ amount: '4000.00', currency: 'CNY' });
      const pkr = await pay(app, '999999.00', 'PKR');
      expect([pkr.status, pkr.body.code]).toEqual([422, 'CURRENCY_MISMATCH']);
      expect(pkr.body.details).toEqual({ expected: 'CNY', given: 'PKR' });

      const results = await Promise.all([pay(app, '2500.00'), pay(app, '2500.00')]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
      const refused = results.find((r) => r.status === 422)!;
      expect(refused.body.code).toBe('DISBURSEMENT_EXCEEDS_AWARD');
      expect(refused.body.details).toEqual({
        stipend: '4000.00',
        paid: '2500.00',
        remaining: '1500.00',
        currency: 'CNY',
      });
      const over = await pay(app, '1500.01');
      expect([over.status, over.body.code]).toEqual([422, 'DISBURSEMENT_EXCEEDS_AWARD']);
      const ur = await pay(app, '1500.01').set('Accept-Language', 'ur');
      expect(ur.body.message).toContain('1500.00 CNY');
      expect((await pay(app, '1500.00')).status).toBe(201);
      expect((await pay(app, '0.01')).status).toBe(422);
      expect(
        await count('SELECT count(*) FROM disbursements WHERE application_id = $1', [app]),
      ).toBe(2);
    });

    it('reverses a payment by an equal and opposite entry; totals include both; never twice', async () => {
      const { schemeId, app } = await acceptedAward({ amount: '4000.00', currency: 'CNY' });
      const wrong = (await pay(app, '3000.00')).body as { id: string };
      const right = (await pay(app, '1000.00')).body as { id: string };
      expect((await pay(app, '3000.00')).body.code).toBe('DISBURSEMENT_EXCEEDS_AWARD');

      const reversed = await post(
        c2.token,
        `/applications/${app}/disbursements/${wrong.id}/reverse`,
        { reason: 'Paid to the wrong account' },
      );
      expect(reversed.status).toBe(201);
      expect(reversed.body).toMatchObject({
        applicationId: app,
        amount: { amount: '-3000.00', currency: 'CNY' },
        reference: 'BOC-3000.00',
        reverses: wrong.id,
        reversedBy: null,
        reason: 'Paid to the wrong account',
        createdBy: c2.id,
      });
      const listed = await get(memberA, `/applications/${app}/disbursements`);
      const byId = Object.fromEntries(listed.body.items.map((d: { id: string }) => [d.id, d]));
      expect(listed.body.items).toHaveLength(3);
      expect(byId[wrong.id]).toMatchObject({ reversedBy: reversed.body.id, reverses: null });
      expect(byId[right.id]).toMatchObject({ reversedBy: null, reverses: null });
      const totals = await get(admin, `/scholarships/${schemeId}/disbursements/totals`);
      expect(totals.body.totals).toEqual([{ currency: 'CNY', amount: '1000.00', count: 3 }]);
      // The reversed amount may be paid again, to the right account.
      expect((await pay(app, '3000.00')).status).toBe(201);

      const rows = await count('SELECT count(*) FROM disbursements WHERE application_id = $1', [
        app,
      ]);
      const twice = await post(c1.token, `/applications/${app}/disbursements/${wrong.id}/reverse`, {
        reason: 'again',
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_REVERSED']);
      const ofReversal = await post(
        c1.token,
        `/applications/${app}/disbursements/${reversed.body.id}/reverse`,
        { reason: 'undo' },
      );
      expect([ofReversal.status, ofReversal.body.code]).toEqual([409, 'REVERSAL_NOT_REVERSIBLE']);
      expect(
        (
          await post(memberA, `/applications/${app}/disbursements/${right.id}/reverse`, {
            reason: 'x',
          })
        ).status,
      ).toBe(403);
      const other = await acceptedAward({ amount: '10.00', currency: 'CNY' });
      const elsewhere = await post(
        c1.token,
        `/applications/${other.app}/disbursements/${right.id}/reverse`,
        { reason: 'x' },
      );
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'NOT_FOUND']);
      for (const bad of [{}, { reason: '' }, { reason: ' ' }, { reason: 'x'.repeat(1001) }]) {
        const res = await post(
          c1.token,
          `/applications/${app}/disbursements/${right.id}/reverse`,
          bad,
        );
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect(
        await count('SELECT count(*) FROM disbursements WHERE application_id = $1', [app]),
      ).toBe(rows);

      const concurrent = await Promise.all(
        Array.from({ length: 4 }, () =>
          post(c1.token, `/applications/${app}/disbursements/${right.id}/reverse`, {
            reason: 'duplicate',
          }),
        ),
      );
      expect(concurrent.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);

      const actions = (
        await t.db.query(
          `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at, id`,
          [wrong.id],
        )
      ).rows.map((r) => r.action);
      expect(actions).toEqual(['disbursement.created', 'disbursement.reversed']);
    });
  });

  describe('defects (issue 16)', () => {
    it('blinds the ranking for a coordinator who has not seen every score: submission order, rank null, no next candidate', async () => {
      const s = await createScheme(t, c1.token);
      const late = await createUser(t, 'coordinator');
      const apps: string[] = [];
      for (const [member, participant] of [
        [memberA, pA1],
        [memberA, pA2],
        [memberB, pB1],
      ]) {
        const app = await createApplication(t, member, s.id, participant);
        await move(t, member, app, 'submit');
        apps.push(app);
      }
      const [first, second, third] = apps;
      await review(t, c1.token, first, 50);
      await review(t, c1.token, second, 70);
      await review(t, c1.token, third, 90);
      const view = async (token: string) => {
        const res = await get(token, `/scholarships/${s.id}/ranking`);
        expect(res.status).toBe(200);
        return {
          items: res.body.items.map(
            (e: { rank: number | null; applicationId: string; averageScore: string | null }) => [
              e.rank,
              e.applicationId,
              e.averageScore,
            ],
          ),
          next: res.body.nextCandidate?.applicationId ?? null,
        };
      };

      // A coordinator who reviewed none: ranks 1..3 in score order would give the scores away.
      expect(await view(late.token)).toEqual({
        items: [
          [null, first, null],
          [null, second, null],
          [null, third, null],
        ],
        next: null,
      });
      // Having reviewed one, they see that score, still not the order of the others.
      await review(t, late.token, second, 10);
      expect(await view(late.token)).toEqual({
        items: [
          [null, first, null],
          [null, second, '40.00'],
          [null, third, null],
        ],
        next: null,
      });
      // The reviewer who scored all of them, and admins, see the ranking.
      const ranked = {
        items: [
          [1, third, '90.00'],
          [2, first, '50.00'],
          [3, second, '40.00'],
        ],
        next: third,
      };
      expect(await view(c1.token)).toEqual(ranked);
      expect(await view(admin)).toEqual(ranked);
      await review(t, late.token, first, 50);
      await review(t, late.token, third, 90);
      expect(await view(late.token)).toEqual(ranked);

      const doc = (await t.http().get('/api/docs-json')).body;
      expect(doc.components.schemas.RankingEntryResponse.properties.rank).toMatchObject({
        type: 'number',
        nullable: true,
      });
    });
  });

  describe('OpenAPI and demo data', () => {
    it('documents the scholarship routes with their schemas', async () => {
      const doc = (await t.http().get('/api/docs-json')).body;
      for (const [path, method] of [
        ['/api/v1/scholarships', 'post'],
        ['/api/v1/scholarships/{id}/ranking', 'get'],
        ['/api/v1/scholarships/{id}/applications', 'post'],
        ['/api/v1/applications/{id}/decision', 'post'],
        ['/api/v1/applications/{id}/reviews', 'get'],
        ['/api/v1/scholarships/{id}/disbursements/totals', 'get'],
        ['/api/v1/reviewer-conflicts', 'post'],
      ]) {
        expect(doc.paths[path]?.[method]).toBeDefined();
      }
      expect(doc.components.schemas.DecisionDto.properties.decision.enum).toEqual([
        'award',
        'reject',
      ]);
      expect(doc.components.schemas.ApplicationResponse.properties.status.enum).toContain(
        'under_review',
      );
      expect(doc.components.schemas.CreateScholarshipDto.required).toEqual(
        expect.arrayContaining(['name', 'level', 'quota', 'stipend', 'opensAt', 'closesAt']),
      );
    });

    it('seeds the demo schemes idempotently, with applications only for eligible demo participants', async () => {
      const ds = new DataSource(dataSourceOptions({ DATABASE_URL: t.env.DATABASE_URL }, 2));
      await ds.initialize();
      try {
        const eligible = await insertParticipant(t.db, {
          organizationId: orgA,
          nationality: 'PK',
          dateOfBirth: '2001-01-01',
        });
        const ineligible = await insertParticipant(t.db, {
          organizationId: orgA,
          nationality: 'CN',
          dateOfBirth: '2001-01-01',
        });
        const run = () =>
          ds.transaction(async (m) => {
            const ctx: SeedContext = {
              ids: new Map([
                ['participant:Demo A', eligible],
                ['participant:Demo B', ineligible],
              ]),
              credentials: [],
            };
            await foundationSeeder.run(m, ctx);
            await scholarshipsSeeder.run(m, ctx);
            return ctx;
          });
        const first = await run();
        const snapshot = async () => ({
          schemes: await count('SELECT count(*) FROM scholarships'),
          applications: await count('SELECT count(*) FROM scholarship_applications'),
          outbox: await count(
            `SELECT count(*) FROM reminder_outbox WHERE entity_type = 'scholarship'`,
          ),
        });
        const after1 = await snapshot();
        const second = await run();
        expect(await snapshot()).toEqual(after1);
        const friendship = first.ids.get('scholarship:China–Pakistan Friendship Scholarship');
        expect(friendship).toBeDefined();
        expect(second.ids.get('scholarship:China–Pakistan Friendship Scholarship')).toBe(
          friendship,
        );
        const seeded = (
          await t.db.query(
            'SELECT participant_id, status FROM scholarship_applications WHERE scholarship_id = $1',
            [friendship],
          )
        ).rows;
        expect(seeded).toEqual([{ participant_id: eligible, status: 'submitted' }]);
        const demo = [...first.ids.entries()]
          .filter(([k]) => k.startsWith('scholarship:'))
          .map(([, id]) => id);
        const levels = (
          await t.db.query(
            `SELECT level FROM scholarships WHERE id = ANY($1::uuid[]) ORDER BY level`,
            [demo],
          )
        ).rows;
        expect(levels.map((r) => r.level)).toEqual(['master', 'short_course', 'teacher_exchange']);
      } finally {
        await ds.destroy();
      }
    });
  });
});
