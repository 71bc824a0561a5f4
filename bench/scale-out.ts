import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import {
  addMembers,
  adminToken,
  approvedOrg,
  createProgram,
  createRule,
  createStaff,
  Org,
  participantBody,
  pollUntil,
} from './lib/drill/arrange';
import { Cluster, deliveriesByWorker, startCluster } from './lib/drill/cluster';
import { DrillHttp, groupFailures, Outcome } from './lib/drill/http';
import {
  COUNTER_HEADER,
  counterRows,
  machineLine,
  table,
  writeDrillResult,
} from './lib/drill/report';
import {
  createDatabase,
  makeWorkDir,
  PrivatePostgres,
  PrivateRedis,
  sleep,
  startPrivatePostgres,
  startPrivateRedis,
} from './lib/drill/services';
import { DrillSmtpSink, startSmtpSink } from './lib/drill/smtp-sink';
import {
  AckedRegistration,
  Checks,
  ReminderExpectation,
  verifyParticipants,
  verifyRegistrations,
  verifyReminders,
} from './lib/drill/verify';

/**
 * Scale-out drill (`npm run drill:scale-out`): two API instances and two workers on one machine,
 * on a private Postgres and Redis, under mixed load for DRILL_SECONDS (default 60):
 * - NGO members create participants and race for the seats of small programs (and cancel some),
 *   read lists (programs, participants ?q=, a program's registrations, their notifications);
 * - reminder rules fire reminders for programs whose dates fall inside the window (in-app and
 *   email, to a real SMTP sink), delivered by whichever worker takes the job;
 * - reports are requested on demand when the reports module is built in.
 * Requests alternate between the two API ports (client-side round-robin). At the end the drill
 * checks Postgres (and the SMTP sink) and exits non-zero on any 5xx, lost or duplicated
 * registration, reminder or report.
 */
const SECONDS = Number(process.env.DRILL_SECONDS ?? 60);
const ORGS = Number(process.env.DRILL_ORGS ?? 5);
/** Concurrent request loops per NGO member. */
const LOOPS_PER_MEMBER = Number(process.env.DRILL_LOOPS_PER_MEMBER ?? 2);
const SEAT_PROGRAMS = Number(process.env.DRILL_PROGRAMS ?? 6);
const REMINDER_PROGRAMS = Number(process.env.DRILL_REMINDER_PROGRAMS ?? 6);
/** Extra members per NGO (SQL-made): more recipients per reminder. */
const EXTRA_MEMBERS = Number(process.env.DRILL_EXTRA_MEMBERS ?? 30);
const REPORT_EVERY_MS = Number(process.env.DRILL_REPORT_EVERY_MS ?? 5000);

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

interface MemberState {
  org: Org;
  participants: string[];
  liveRegs: string[];
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const workDir = makeWorkDir('scale-out');
  let pg: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  let cluster: Cluster | undefined;
  let sink: DrillSmtpSink | undefined;
  let db: Client | undefined;
  let keep = process.env.DRILL_KEEP === '1';
  const cleanup = async () => {
    await cluster?.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    await redis?.destroy().catch(() => undefined);
    await pg?.destroy();
    if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
    else console.log(`work directory kept: ${workDir} (logs in ${path.join(workDir, 'logs')})`);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    console.log(`Scale-out drill: ${SECONDS} s, 2 API + 2 workers · ${machineLine()}`);
    pg = await startPrivatePostgres(workDir, Number(process.env.DRILL_PG_PORT ?? 5499));
    redis = await startPrivateRedis(workDir, Number(process.env.DRILL_REDIS_PORT ?? 6399));
    const databaseUrl = await createDatabase(pg, 'silkbridge_drill');
    sink = await startSmtpSink();
    console.log(
      `private postgres :${pg.port}, redis :${redis.port}, smtp sink ${sink.url}; work dir ${workDir}`,
    );
    cluster = await startCluster({
      workDir,
      databaseUrl,
      redisUrl: redis.url,
      env: { SMTP_URL: sink.url, REMINDER_SWEEP_EVERY_MS: '2000' },
    });
    console.log(
      `APIs ${cluster.apiUrls.join(', ')}; workers pid ${cluster.workers.map((w) => w.pid).join(', ')} (up in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const http = new DrillHttp(cluster.apiUrls);

    // ---- arrange (through the API, alternating instances) ----
    const admin = await adminToken(http);
    const coordinator = await createStaff(http, admin, 'coordinator');
    const rules = [
      { target: 'program.startsAt', offset: 'PT1H', channels: ['in_app', 'email'] },
      { target: 'program.registrationDeadline', offset: 'PT10M', channels: ['in_app'] },
    ];
    const ruleIds: { id: string; channels: string[] }[] = [];
    for (const r of rules)
      ruleIds.push({ id: await createRule(http, db, admin, r), channels: r.channels });

    const members: MemberState[] = [];
    for (let i = 0; i < ORGS; i++) {
      const org = await approvedOrg(http, coordinator.token, i + 1);
      await addMembers(db, org, EXTRA_MEMBERS);
      members.push({ org, participants: [], liveRegs: [] });
    }
    const participantsAcked = new Map<string, string>();
    let participantsAckedCount = 0;
    const triedEmails: string[] = [];
    const createParticipant = async (m: MemberState): Promise<Outcome> => {
      const body = participantBody('scale');
      triedEmails.push(body.email);
      const res = await http.req('POST', '/api/v1/participants', { token: m.org.token, body });
      if (res.status === 201) {
        participantsAcked.set(res.body.id, body.email);
        participantsAckedCount++;
        m.participants.push(res.body.id);
      }
      return res;
    };
    for (const m of members) for (let k = 0; k < 6; k++) await createParticipant(m);

    const seatPrograms: string[] = [];
    const capacity = new Map<string, number>();
    for (let k = 0; k < SEAT_PROGRAMS; k++) {
      const cap = 3 + (k % 6);
      const id = await createProgram(http, coordinator.token, {
        label: `seats ${k}`,
        startsAt: new Date(Date.now() + 30 * 24 * 3600e3),
        registrationDeadline: new Date(Date.now() + 20 * 24 * 3600e3),
        capacity: cap,
      });
      seatPrograms.push(id);
      capacity.set(id, cap);
    }

    // Reminder programs: their dates put both rules' reminders inside the load window.
    const anchor = Date.now() + 8000;
    const at = (k: number, share: number) =>
      anchor + Math.round(SECONDS * 1000 * (0.1 + (0.7 * (k + share)) / REMINDER_PROGRAMS));
    const expectations: ReminderExpectation[] = [];
    for (let k = 0; k < REMINDER_PROGRAMS; k++) {
      const startsAt = new Date(at(k, 0.5) + 3600e3); // PT1H before → due at at(k, 0.5)
      const deadline = new Date(at(k, 0) + 600e3); // PT10M before → due at at(k, 0)
      const id = await createProgram(http, coordinator.token, {
        label: `reminders ${k}`,
        startsAt,
        registrationDeadline: deadline,
        capacity: 50,
      });
      const recipients = new Set<string>([coordinator.id]);
      for (const [j, m] of members.entries()) {
        if ((j + k) % 3 === 0 && j !== k % members.length) continue;
        const res = await http.req('POST', `/api/v1/programs/${id}/registrations`, {
          token: m.org.token,
          body: { participantId: m.participants[k % m.participants.length] },
        });
        if (res.status !== 201)
          throw new Error(
            `registration for reminder program: ${res.status} ${JSON.stringify(res.body)}`,
          );
        m.org.memberIds.forEach((u) => recipients.add(u));
      }
      expectations.push({ programId: id, recipients });
    }
    const setupSeconds = (Date.now() - t0) / 1000;
    if (Date.now() < anchor) await sleep(anchor - Date.now());

    // ---- load ----
    http.phase = 'load';
    const registrations = new Map<string, AckedRegistration>();
    let registrationsAcked = 0;
    const cancelled = new Set<string>();
    let unansweredWrites = 0;
    const unexpected: string[] = [];
    const reportIds: string[] = [];
    const accept = (res: Outcome, ok: number[], what: string, allowedCodes: string[] = []) => {
      if (
        ok.includes(res.status) ||
        (res.status >= 400 && res.status < 500 && allowedCodes.includes(res.body?.code))
      )
        return;
      if (res.status === 0 || res.status >= 500) {
        if (what.startsWith('POST')) unansweredWrites++;
        return; // counted by the client as no answer / 5xx
      }
      unexpected.push(`${what} → ${res.status} ${res.body?.code ?? ''}`);
    };
    const register = async (m: MemberState, programId: string, participantId: string) => {
      const res = await http.req('POST', `/api/v1/programs/${programId}/registrations`, {
        token: m.org.token,
        body: { participantId },
      });
      if (res.status === 201) {
        registrationsAcked++;
        registrations.set(res.body.id, { programId, participantId, status: res.body.status });
        m.liveRegs.push(res.body.id);
      }
      accept(res, [201], 'POST registration', ['ALREADY_REGISTERED']);
    };
    const end = Date.now() + SECONDS * 1000;

    // Opening burst: every NGO registers two people in every small program at once.
    await Promise.all(
      seatPrograms.flatMap((p) =>
        members.flatMap((m) => [0, 1].map((i) => register(m, p, m.participants[i]))),
      ),
    );

    const memberLoop = async (m: MemberState) => {
      while (Date.now() < end) {
        const r = Math.random();
        if (r < 0.22) {
          accept(await createParticipant(m), [201], 'POST participant');
        } else if (r < 0.5) {
          await register(m, pick(seatPrograms), pick(m.participants));
        } else if (r < 0.56 && m.liveRegs.length > 0) {
          const id = m.liveRegs.splice(Math.floor(Math.random() * m.liveRegs.length), 1)[0];
          const res = await http.req('POST', `/api/v1/registrations/${id}/cancel`, {
            token: m.org.token,
          });
          if (res.status === 200) cancelled.add(id);
          accept(res, [200], 'POST cancel');
        } else {
          const read = pick([
            '/api/v1/programs?limit=20',
            `/api/v1/participants?limit=20&q=${pick(['khan', 'wei', 'scale', 'fatima'])}`,
            `/api/v1/programs/${pick(seatPrograms)}/registrations?limit=50`,
            '/api/v1/notifications?limit=20',
          ]);
          accept(await http.req('GET', read, { token: m.org.token }), [200], `GET ${read}`);
        }
      }
    };
    const staffLoop = async () => {
      while (Date.now() < end) {
        const read = pick([
          '/api/v1/programs?limit=50',
          `/api/v1/programs/${pick(seatPrograms)}/registrations?limit=100`,
          '/api/v1/participants?limit=50',
          '/api/v1/notifications?limit=20',
          '/api/v1/organizations?limit=20',
        ]);
        accept(await http.req('GET', read, { token: coordinator.token }), [200], `GET ${read}`);
      }
    };
    const reportLoop = async () => {
      const kinds = ['summary', 'programs', 'partnerships', 'scholarships', 'aid_projects'];
      const formats = ['csv', 'json', 'xlsx', 'pdf'];
      let n = 0;
      while (Date.now() < end) {
        const res = await http.req('POST', '/api/v1/reports', {
          token: admin,
          body: {
            kind: kinds[n % kinds.length],
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            format: formats[n % formats.length],
          },
        });
        n++;
        if (res.status === 202) reportIds.push(res.body.id);
        accept(res, [202], 'POST report');
        await sleep(Math.min(REPORT_EVERY_MS, Math.max(0, end - Date.now())));
      }
    };
    const progress = setInterval(() => {
      const c = http.byPhase.get('load');
      process.stdout.write(
        `  … ${Math.max(0, Math.round((end - Date.now()) / 1000))} s left: ${c?.requests ?? 0} requests, ${(c?.s5xxOther ?? 0) + (c?.s503 ?? 0)} 5xx\n`,
      );
    }, 15000);
    await Promise.all([
      ...members.flatMap((m) => Array.from({ length: LOOPS_PER_MEMBER }, () => memberLoop(m))),
      staffLoop(),
      reportLoop(),
    ]);
    clearInterval(progress);
    const loadSeconds = (Date.now() - (end - SECONDS * 1000)) / 1000;
    http.phase = 'verify';

    // ---- settle: reminders due in the window delivered, reports built ----
    const programIds = expectations.map((e) => e.programId);
    const settleStarted = Date.now();
    await pollUntil(async () => {
      const r = await db!.query(
        `SELECT count(*)::int AS n FROM reminders WHERE entity_id = ANY($1::uuid[]) AND status = 'delivered'`,
        [programIds],
      );
      return r.rows[0].n >= programIds.length * rules.length;
    }, 120000);
    if (reportIds.length) {
      await pollUntil(async () => {
        const r = await db!.query(
          `SELECT count(*)::int AS n FROM reports WHERE id = ANY($1::uuid[]) AND status IN ('ready', 'failed')`,
          [reportIds],
        );
        return r.rows[0].n >= reportIds.length;
      }, 180000);
    }
    const settleSeconds = (Date.now() - settleStarted) / 1000;

    // ---- verify ----
    const checks = new Checks();
    const load = http.byPhase.get('load')!;
    const all5xx = [...http.byPhase.values()].reduce((s, c) => s + c.s503 + c.s5xxOther, 0);
    const noAnswer = [...http.byPhase.values()].reduce((s, c) => s + c.noResponse, 0);
    checks.check(
      all5xx === 0,
      'HTTP: zero 5xx',
      `${all5xx} 5xx of ${[...http.byPhase.values()].reduce((s, c) => s + c.requests, 0)} requests`,
    );
    checks.check(
      noAnswer === 0,
      'HTTP: every request answered',
      `${noAnswer} without an answer in ${http.timeoutMs} ms`,
    );
    checks.check(
      unexpected.length === 0,
      'HTTP: no unexpected 4xx',
      unexpected.length
        ? unexpected.slice(0, 5).join('; ')
        : 'none (409 ALREADY_REGISTERED allowed)',
    );
    const perApi = [...http.byApi.values()];
    checks.check(
      perApi.length === 2 && Math.min(...perApi) > 0.4 * Math.max(...perApi),
      'HTTP: both API instances served',
      [...http.byApi].map(([u, n]) => `${u.replace('http://127.0.0.1', '')} ${n}`).join(', '),
    );
    await verifyParticipants(db, checks, {
      acked: participantsAcked,
      ackedCount: participantsAckedCount,
      triedEmails,
      unanswered: unansweredWrites,
    });
    const seatSummary = await verifyRegistrations(db, checks, {
      programIds: seatPrograms,
      acked: registrations,
      ackedCount: registrationsAcked,
      cancelled,
      unanswered: unansweredWrites,
    });
    const reminderSummary = await verifyReminders(db, checks, sink, {
      programs: expectations,
      rules: ruleIds,
    });
    const reminderIds = (
      await db.query<{ id: string }>(`SELECT id FROM reminders WHERE entity_id = ANY($1::uuid[])`, [
        programIds,
      ])
    ).rows.map((r) => r.id);
    const byWorker = await deliveriesByWorker(redis.url, cluster, reminderIds);
    {
      const reps = await db.query<{ id: string; status: string }>(
        `SELECT id, status FROM reports WHERE id = ANY($1::uuid[])`,
        [reportIds],
      );
      const ready = reps.rows.filter((r) => r.status === 'ready').length;
      const notes = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT entity_id, user_id FROM notifications WHERE kind = 'report_ready' AND entity_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1) d`,
        [reportIds],
      );
      checks.check(
        ready === reportIds.length &&
          reps.rows.length === reportIds.length &&
          notes.rows[0].n === 0,
        'reports: each requested report ready once',
        `${reportIds.length} requested (202), ${reps.rows.length} stored, ${ready} ready, ${notes.rows[0].n} duplicated ready-notifications`,
      );
    }
    const errors = cluster.errorLines();

    // ---- summary ----
    console.log('');
    console.log(table(COUNTER_HEADER, counterRows(http.byOp)));
    console.log('');
    console.log(
      `load: ${loadSeconds.toFixed(0)} s, ${load.requests} requests (${(load.requests / loadSeconds).toFixed(0)}/s), by API: ${[
        ...http.byApi,
      ]
        .map(([u, n]) => `${u.replace('http://127.0.0.1:', ':')} ${n}`)
        .join(', ')}`,
    );
    console.log(
      `seats: ${seatPrograms.length} programs (capacity 3–8), ${registrationsAcked} registrations answered 201 → ${seatSummary.confirmed} confirmed, ${seatSummary.waitlisted} waitlisted, ${seatSummary.cancelled} cancelled; ${participantsAckedCount} participants created`,
    );
    console.log(
      `reminders: ${reminderSummary.reminders} delivered (${REMINDER_PROGRAMS} programs × ${rules.length} rules, delivered by ${byWorker}), ${reminderSummary.notifications}/${reminderSummary.expectedNotifications} in-app, ${reminderSummary.emails}/${reminderSummary.expectedEmails} emails; settled ${settleSeconds.toFixed(0)} s after the load`,
    );
    console.log(`reports: ${reportIds.length} requested`);
    console.log(
      `error log lines: ${Object.entries(errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}; set-up ${setupSeconds.toFixed(0)} s, total ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    console.log('');
    checks.print();
    const verdict = checks.violations === 0 ? 'PASS' : `FAIL (${checks.violations} violation(s))`;
    console.log(`\nSCALE-OUT DRILL: ${verdict}`);
    if (http.failures.length)
      console.log(`failures: ${JSON.stringify(groupFailures(http.failures).slice(0, 5))}`);
    const file = writeDrillResult('drill-scale-out', {
      seconds: SECONDS,
      verdict,
      checks: checks.lines,
      ops: Object.fromEntries([...http.byOp].map(([k, c]) => [k, { ...c, latencies: undefined }])),
      byApi: Object.fromEntries(http.byApi),
      seats: seatSummary,
      reminders: reminderSummary,
      reports: reportIds.length,
      failures: groupFailures(http.failures),
      errorLogLines: errors,
    });
    console.log(`written to ${file}`);
    if (checks.violations > 0) keep = true;
    return checks.violations === 0 ? 0 : 1;
  } catch (err) {
    keep = true;
    console.error(`drill aborted: ${(err as Error).stack}`);
    return 2;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code));
