import { createHash } from 'crypto';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';
import { inflateSync } from 'zlib';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { Clock } from '../../src/common/clock';
import { QueueProducer } from '../../src/common/queue/queue-producer.service';
import { QUEUES } from '../../src/common/queue/queue.constants';
import {
  ReportSchedulesCron,
  TICK_SCHEDULER_ID,
} from '../../src/reports/crons/report-schedules.cron';
import { ReportsProcessor } from '../../src/reports/jobs/build-report.job';
import { lastClosedPeriod } from '../../src/reports/report-period';
import { insertOrganization } from '../factories/organization.factory';
import { seedReportScenario } from '../factories/report-scenario';
import { insertUser } from '../factories/user.factory';
import { bearer, createTestApp, TestApp } from '../utils/create-app';
import { drainQueues, watchCompletions } from '../utils/queues';

const f = <T>(current: T, previous: T) => ({ current, previous });
const m = (current: string, previous: string) => ({ current, previous });
const Z = '0.00';

/** Hand-counted from seedReportScenario (Q1 2026 vs Q4 2025, Asia/Karachi, as of 2026-04-05). */
const EXPECTED = [
  {
    key: 'organizations',
    tables: [
      { key: 'totals', rows: [{ new: f(2, 2), approved: f(2, 1) }] },
      {
        key: 'byType',
        rows: [
          { type: 'enterprise', new: f(1, 0), approved: f(1, 0) },
          { type: 'media', new: f(1, 0), approved: f(0, 0) },
          { type: 'ngo', new: f(0, 1), approved: f(1, 0) },
          { type: 'university', new: f(0, 1), approved: f(0, 1) },
        ],
      },
    ],
  },
  {
    key: 'partnerships',
    tables: [
      { key: 'totals', rows: [{ active: f(2, 1), established: f(1, 0), programs: f(2, 1) }] },
      {
        key: 'activities',
        rows: [
          {
            cityA: 'Karamay',
            cityB: 'Gwadar',
            kind: 'sister_city',
            status: 'active',
            establishedOn: '2015-04-20',
            programs: f(1, 1),
            participants: f(3, 2),
          },
          {
            cityA: 'Tashkurgan',
            cityB: 'Hunza',
            kind: 'sister_county',
            status: 'active',
            establishedOn: '2026-02-10',
            programs: f(1, 0),
            participants: f(3, 0),
          },
        ],
      },
    ],
  },
  {
    key: 'programs',
    tables: [
      {
        key: 'totals',
        rows: [{ programs: f(3, 1), seats: f(60, 50), participants: f(8, 2), people: f(6, 2) }],
      },
      {
        key: 'byType',
        rows: [
          { type: 'culture', programs: f(1, 1), participants: f(2, 2) },
          { type: 'training', programs: f(1, 0), participants: f(3, 0) },
          { type: 'youth', programs: f(1, 0), participants: f(3, 0) },
        ],
      },
    ],
  },
  {
    key: 'participants',
    tables: [
      {
        key: 'byCountry',
        rows: [
          { country: 'PK', participants: f(4, 1) },
          { country: 'CN', participants: f(3, 0) },
          { country: 'AF', participants: f(1, 1) },
        ],
      },
      {
        key: 'byGender',
        rows: [
          { gender: 'female', participants: f(3, 1) },
          { gender: 'male', participants: f(3, 0) },
          { gender: 'other', participants: f(1, 1) },
          { gender: 'undisclosed', participants: f(1, 0) },
        ],
      },
      {
        key: 'byOrganizationType',
        rows: [
          { organizationType: 'ngo', participants: f(3, 1) },
          { organizationType: 'enterprise', participants: f(2, 0) },
          { organizationType: 'individual', participants: f(2, 0) },
          { organizationType: 'university', participants: f(1, 1) },
        ],
      },
      {
        key: 'byProgramType',
        rows: [
          { programType: 'training', participants: f(3, 0) },
          { programType: 'youth', participants: f(3, 0) },
          { programType: 'culture', participants: f(2, 2) },
        ],
      },
    ],
  },
  {
    key: 'scholarships',
    tables: [
      { key: 'totals', rows: [{ submitted: f(3, 3), awarded: f(3, 1), accepted: f(1, 1) }] },
      {
        key: 'byScheme',
        rows: [
          {
            scheme: "Kashgar University CPEC Master's",
            level: 'master',
            submitted: f(2, 2),
            awarded: f(2, 1),
            accepted: f(1, 1),
          },
          {
            scheme: 'Teacher Exchange',
            level: 'teacher_exchange',
            submitted: f(1, 1),
            awarded: f(1, 0),
            accepted: f(0, 0),
          },
        ],
      },
      {
        key: 'disbursedByScheme',
        rows: [
          {
            scheme: "Kashgar University CPEC Master's",
            currency: 'PKR',
            disbursed: m('25000.00', '1234567890123.45'),
            recipients: f(1, 1),
          },
          {
            scheme: "Kashgar University CPEC Master's",
            currency: 'USD',
            disbursed: m('0.30', '150.55'),
            recipients: f(1, 1),
          },
        ],
      },
      {
        key: 'disbursedByCurrency',
        rows: [
          { currency: 'PKR', disbursed: m('25000.00', '1234567890123.45'), recipients: f(1, 1) },
          { currency: 'USD', disbursed: m('0.30', '150.55'), recipients: f(1, 1) },
        ],
      },
    ],
  },
  {
    key: 'aidProjects',
    tables: [
      {
        key: 'totals',
        rows: [
          {
            projects: f(2, 2),
            beneficiariesTarget: f(1500, 800),
            beneficiariesReached: f(120, 430),
            due: f(4, 2),
            onTime: f(1, 1),
            overdue: f(3, 1),
            notYetDue: f(0, 0),
          },
        ],
      },
      {
        key: 'byCurrency',
        rows: [
          {
            currency: 'CNY',
            budget: m(Z, Z),
            committed: m('12.34', Z),
            disbursed: m(Z, Z),
            spent: m(Z, Z),
          },
          {
            currency: 'PKR',
            budget: m('1000000.00', '1000000.00'),
            committed: m('500000.00', '400000.00'),
            disbursed: m('250000.00', Z),
            spent: m('0.30', Z),
          },
          {
            currency: 'USD',
            budget: m('200000.00', '50000.50'),
            committed: m('150000.00', Z),
            disbursed: m(Z, Z),
            spent: m('5000.25', '45000.25'),
          },
        ],
      },
      {
        key: 'byCategory',
        rows: [
          {
            category: 'drinking_water',
            currency: 'CNY',
            budget: m(Z, Z),
            committed: m('12.34', Z),
            disbursed: m(Z, Z),
            spent: m(Z, Z),
          },
          {
            category: 'drinking_water',
            currency: 'USD',
            budget: m('200000.00', Z),
            committed: m('150000.00', Z),
            disbursed: m(Z, Z),
            spent: m(Z, Z),
          },
          {
            category: 'school',
            currency: 'PKR',
            budget: m('1000000.00', '1000000.00'),
            committed: m('500000.00', '400000.00'),
            disbursed: m('250000.00', Z),
            spent: m('0.30', Z),
          },
          {
            category: 'solar_lighting',
            currency: 'USD',
            budget: m(Z, '50000.50'),
            committed: m(Z, Z),
            disbursed: m(Z, Z),
            spent: m('5000.25', '45000.25'),
          },
        ],
      },
      {
        key: 'byCategoryRegion',
        rows: [
          {
            category: 'drinking_water',
            region: 'Balochistan',
            currency: 'CNY',
            budget: m(Z, Z),
            committed: m('12.34', Z),
            disbursed: m(Z, Z),
            spent: m(Z, Z),
          },
          {
            category: 'drinking_water',
            region: 'Balochistan',
            currency: 'USD',
            budget: m('200000.00', Z),
            committed: m('150000.00', Z),
            disbursed: m(Z, Z),
            spent: m(Z, Z),
          },
          {
            category: 'school',
            region: 'Gilgit-Baltistan',
            currency: 'PKR',
            budget: m('1000000.00', '1000000.00'),
            committed: m('500000.00', '400000.00'),
            disbursed: m('250000.00', Z),
            spent: m('0.30', Z),
          },
          {
            category: 'solar_lighting',
            region: 'Gilgit-Baltistan',
            currency: 'USD',
            budget: m(Z, '50000.50'),
            committed: m(Z, Z),
            disbursed: m(Z, Z),
            spent: m('5000.25', '45000.25'),
          },
        ],
      },
      {
        key: 'projectsByCategory',
        rows: [
          {
            category: 'drinking_water',
            projects: f(1, 0),
            beneficiariesTarget: f(1000, 0),
            beneficiariesReached: f(0, 0),
          },
          {
            category: 'school',
            projects: f(1, 1),
            beneficiariesTarget: f(500, 500),
            beneficiariesReached: f(120, 120),
          },
          {
            category: 'solar_lighting',
            projects: f(0, 1),
            beneficiariesTarget: f(0, 300),
            beneficiariesReached: f(0, 310),
          },
        ],
      },
      {
        key: 'milestonesByCategory',
        rows: [
          {
            category: 'drinking_water',
            due: f(1, 0),
            onTime: f(0, 0),
            overdue: f(1, 0),
            notYetDue: f(0, 0),
          },
          {
            category: 'school',
            due: f(3, 0),
            onTime: f(1, 0),
            overdue: f(2, 0),
            notYetDue: f(0, 0),
          },
          {
            category: 'solar_lighting',
            due: f(0, 2),
            onTime: f(0, 1),
            overdue: f(0, 1),
            notYetDue: f(0, 0),
          },
        ],
      },
    ],
  },
];

const NOW = new Date('2026-04-05T06:00:00Z');
const Q1 = { kind: 'summary', periodStart: '2026-01-01', periodEnd: '2026-03-31' };

interface JsonReport {
  report: Record<string, string>;
  sections: {
    key: string;
    title: string;
    tables: {
      key: string;
      measures: { key: string }[];
      dimensions: { key: string }[];
      rows: Record<string, unknown>[];
    }[];
  }[];
}

const binary = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** POSTs a report, waits (polling) until it leaves queued/running, answers the final status body. */
async function requestReport(t: TestApp, token: string, body: Record<string, string>) {
  const res = await t.http().post('/api/v1/reports').set(bearer(token)).send(body);
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
  return waitForReport(t, token, res.body.id);
}

async function waitForReport(t: TestApp, token: string, id: string) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const got = await t.http().get(`/api/v1/reports/${id}`).set(bearer(token));
    expect(got.status).toBe(200);
    if (!['queued', 'running'].includes(got.body.status)) return got.body;
    if (Date.now() > deadline) throw new Error(`report ${id} still ${got.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(t: TestApp, token: string, id: string) {
  return t
    .http()
    .get(`/api/v1/reports/${id}/download`)
    .set(bearer(token))
    .buffer(true)
    .parse(binary as never);
}

/** Decompressed content streams of a PDF (pdfkit deflates them). */
function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const s = pdf.toString('latin1');
  const re = /\bstream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(s))) {
    const start = match.index + match[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      /* fonts and images that do not inflate as a whole */
    }
    re.lastIndex = end;
  }
  return out;
}

/** The PDF's text, read by pdf.js (through pdf-parse): no pdftotext needed. */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
    b: Buffer,
  ) => Promise<{ text: string }>;
  return (await pdfParse(pdf)).text;
}

describe('reports: on-demand reports on known data', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let otherAdminId: string;
  let coordinator: string;
  let member: string;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    adminId = (await t.http().get('/api/v1/auth/me').set(bearer(admin))).body.id;
    const mk = async (body: Record<string, string>) => {
      const res = await t.http().post('/api/v1/users').set(bearer(admin)).send(body);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const coordinatorId = await mk({
      email: 'coord@test.local',
      password: 'coordinator-pass-1',
      role: 'coordinator',
      displayName: 'Coordinator',
    });
    otherAdminId = await mk({
      email: 'admin2@test.local',
      password: 'admin-two-pass-1',
      role: 'admin',
      displayName: 'Second admin',
    });
    await insertUser(t.db, {
      email: 'retired-admin@test.local',
      role: 'admin',
      active: false,
    });
    const memberOrg = await insertOrganization(t.db, {
      name: 'Silk Road Think Tank',
      type: 'think_tank',
      country: 'PK',
      createdAt: '2024-05-01T00:00:00Z',
      approvedAt: '2024-05-02T00:00:00Z',
    });
    await mk({
      email: 'member@test.local',
      password: 'member-pass-123',
      role: 'ngo_member',
      displayName: 'Member',
      organizationId: memberOrg,
    });
    coordinator = await t.login('coord@test.local', 'coordinator-pass-1');
    member = await t.login('member@test.local', 'member-pass-123');
    await seedReportScenario(t.db, coordinatorId, coordinatorId);
    worker = await t.startWorker({ REPORT_TICK_EVERY_MS: '0' });
    worker.get(Clock).now = () => NOW;
  });
  afterAll(() => t.close());

  let jsonReport: JsonReport;

  it('builds a summary JSON whose every figure matches the hand count, with the previous period', async () => {
    const status = await requestReport(t, admin, { ...Q1, format: 'json' });
    expect(status).toMatchObject({
      status: 'ready',
      kind: 'summary',
      format: 'json',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      fileName: 'silkbridge-summary-2026-01-01_2026-03-31.json',
      contentType: 'application/json; charset=utf-8',
      failureReason: null,
      requestedBy: adminId,
    });
    const res = await download(t, admin, status.id);
    expect(res.status).toBe(200);
    jsonReport = JSON.parse(res.body.toString('utf8'));
    expect(jsonReport.report).toMatchObject({
      kind: 'summary',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      previousPeriodStart: '2025-10-01',
      previousPeriodEnd: '2025-12-31',
      timeZone: 'Asia/Karachi',
      asOf: '2026-04-05',
      generatedAt: NOW.toISOString(),
    });
    const figures = jsonReport.sections.map((s) => ({
      key: s.key,
      tables: s.tables.map((tb) => ({ key: tb.key, rows: tb.rows })),
    }));
    expect(figures).toEqual(EXPECTED);
  });

  it('notifies the admin who asked (in-app, once), not the other admins', async () => {
    const list = await t.http().get('/api/v1/reports?kind=summary&status=ready').set(bearer(admin));
    const id = list.body.items[0].id;
    const rows = await t.db.query(
      `SELECT user_id, kind, entity_type, delivery_key FROM notifications WHERE entity_id = $1`,
      [id],
    );
    expect(rows.rows).toEqual([
      {
        user_id: adminId,
        kind: 'report_ready',
        entity_type: 'report',
        delivery_key: `report:${id}:${adminId}:in_app`,
      },
    ]);
    expect(rows.rows.some((r) => r.user_id === otherAdminId)).toBe(false);
  });

  it('writes a CSV that parses back to the same figures (and the period lines)', async () => {
    const status = await requestReport(t, admin, { ...Q1, format: 'csv' });
    expect(status.fileName).toBe('silkbridge-summary-2026-01-01_2026-03-31.csv');
    const res = await download(t, admin, status.id);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines: Record<string, string>[] = parse(res.body.toString('utf8'), { columns: true });
    expect(Object.keys(lines[0])).toEqual([
      'section',
      'table',
      'group',
      'metric',
      'current',
      'previous',
    ]);
    const meta = Object.fromEntries(
      lines.filter((l) => l.section === 'report').map((l) => [l.metric, [l.current, l.previous]]),
    );
    expect(meta.periodStart).toEqual(['2026-01-01', '2025-10-01']);
    expect(meta.periodEnd).toEqual(['2026-03-31', '2025-12-31']);
    const data = lines.filter((l) => l.section !== 'report');
    const expected: Record<string, string>[] = [];
    for (const s of jsonReport.sections) {
      for (const tb of s.tables) {
        for (const row of tb.rows) {
          const group = tb.dimensions.map((d) => (row[d.key] as string | null) ?? '').join(' / ');
          for (const ms of tb.measures) {
            const fig = row[ms.key] as { current: unknown; previous: unknown };
            expected.push({
              section: s.key,
              table: tb.key,
              group,
              metric: ms.key,
              current: String(fig.current),
              previous: String(fig.previous),
            });
          }
        }
      }
    }
    expect(data).toEqual(expected);
    const usd = data.find(
      (l) => l.table === 'disbursedByCurrency' && l.group === 'USD' && l.metric === 'disbursed',
    );
    expect(usd).toMatchObject({ current: '0.30', previous: '150.55' });
  });

  it('writes an XLSX with a sheet per table, typed numbers and typed dates, ready to print', async () => {
    const status = await requestReport(t, admin, { ...Q1, format: 'xlsx' });
    const res = await download(t, admin, status.id);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="silkbridge-summary-2026-01-01_2026-03-31.xlsx"',
    );
    if (process.env.REPORT_PDF_OUT)
      fs.writeFileSync(`${process.env.REPORT_PDF_OUT}/summary-en.xlsx`, res.body as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Report',
      'Charts',
      'New and approved organisations',
      'Organisations by type',
      'Partnerships',
      'Activities per partnership',
      'Programs held',
      'Programs by type',
      'Participants by nationality',
      'Participants by gender',
      'Participants by org. type',
      'Participants by program type',
      'Applications',
      'Applications by scheme',
      'Money disbursed by scheme',
      'Money disbursed by currency',
      'Aid projects',
      'Budget and spending by currency',
      'Budget and spending by category',
      'Budget by category and region',
      'Projects by category',
      'Milestones due by category',
    ]);
    const cover = wb.getWorksheet('Report')!;
    const periodStart = cover.getColumn(1).values.indexOf('Period start');
    expect(cover.getRow(periodStart).getCell(2).value).toEqual(new Date('2026-01-01T00:00:00Z'));
    // The PDF's charts as pictures: participants by country, programs per partnership, programs
    // by type, applications by scheme, budget vs spent in PKR and in USD.
    expect(wb.getWorksheet('Charts')!.getImages()).toHaveLength(6);

    const participants = wb.getWorksheet('Participants by nationality')!;
    const rows: unknown[][] = [];
    participants.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Participants by nationality']);
    expect(rows[1]).toEqual(['Country', 'Participants', 'Participants (previous)']);
    expect(rows[2]).toEqual(['PK', 4, 1]);
    expect(typeof rows[2][1]).toBe('number');

    const aid = wb.getWorksheet('Budget and spending by currency')!;
    let usd: ExcelJS.Row | undefined;
    aid.eachRow((r) => {
      if (r.getCell(1).value === 'USD' && !usd) usd = r;
    });
    expect(usd!.getCell(2).value).toBe(200000);
    expect(usd!.getCell(3).value).toBe(50000.5);
    expect(usd!.getCell(3).numFmt).toBe('#,##0.00');
    expect(aid.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '1:2' });
    expect(aid.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });

    const milestones = wb.getWorksheet('Milestones due by category')!;
    expect((milestones.getRow(2).values as unknown[]).slice(1)).toContain('Not yet due');

    const partnerships = wb.getWorksheet('Activities per partnership')!;
    let karamay: ExcelJS.Row | undefined;
    partnerships.eachRow((r) => {
      if (r.getCell(1).value === 'Karamay') karamay = r;
    });
    // Data files keep the codes.
    expect(karamay!.getCell(3).value).toBe('sister_city');
    expect(karamay!.getCell(5).value).toEqual(new Date('2015-04-20T00:00:00Z'));
    expect(karamay!.getCell(5).numFmt).toBe('yyyy-mm-dd');
  });

  it('writes a valid PDF with the headings, English names and a bar chart drawn with vector rectangles', async () => {
    const status = await requestReport(t, admin, { ...Q1, format: 'pdf' });
    const res = await download(t, admin, status.id);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    // REPORT_PDF_OUT=<dir> keeps the file, to look at its pages.
    if (process.env.REPORT_PDF_OUT)
      fs.writeFileSync(`${process.env.REPORT_PDF_OUT}/summary-en.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
    const text = await pdfText(pdf);
    for (const heading of [
      'Summary report',
      'Organisations',
      'Partnerships',
      'Exchange programs',
      'Participants',
      'Scholarships',
      'Livelihood aid projects',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Period: 1 Jan 2026 – 31 Mar 2026');
    expect(text).toContain('Participants by country');
    expect(text).toContain('Budget vs spent by category (PKR)');
    expect(text).toContain('Confirmed participants');
    expect(text).toContain('Pakistan (PK)');
    expect(text).toContain('Karamay');
    // Codes as words, and the milestone columns that add up to "Milestones due".
    expect(text).toContain('Sister counties');
    expect(text).not.toContain('sister_county');
    expect(text).toContain('Not yet due');
    expect(text).toContain('1,234,567,890,123.45');
    const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
      b: Buffer,
    ) => Promise<{ numpages: number }>;
    expect((await pdfParse(pdf)).numpages).toBeGreaterThanOrEqual(7);
    // The chart: rectangles ("x y w h re") filled ("f") in the bar colour #1F6FB2 in the page content streams.
    const streams = pdfStreams(pdf).join('\n');
    const bars =
      streams.match(
        /[\d.]+ [\d.]+ [\d.]+ [\d.]+ re\n\/DeviceRGB cs\n0\.1215686\d* 0\.4352941\d* 0\.698039\d* scn\nf\n/g,
      ) ?? [];
    // Participants by country: 3 bars (+1 legend swatch); partnerships 2+1; programs by type 3+1; budget charts 2+1 and 1+1 ...
    expect(bars.length).toBeGreaterThanOrEqual(12);
    expect(streams.match(/ re\n/g)!.length).toBeGreaterThan(50);
  });

  it('downloads with the checksum as ETag, matching the stored sha256 and byte size', async () => {
    const list = await t.http().get('/api/v1/reports?status=ready&limit=100').set(bearer(admin));
    expect(list.body.items.length).toBe(4);
    for (const r of list.body.items) {
      const res = await download(t, admin, r.id);
      const sha = createHash('sha256').update(res.body).digest('hex');
      expect(res.headers.etag).toBe(`"${sha}"`);
      expect(res.headers['x-checksum-sha256']).toBe(sha);
      expect(r.checksum).toBe(sha);
      expect(r.byteSize).toBe(res.body.length);
      expect(r.downloadUrl).toBe(`/api/v1/reports/${r.id}/download`);
    }
    const row = await t.db.query(
      `SELECT encode(sha256(content), 'hex') AS sha, checksum_sha256 FROM reports WHERE id = $1`,
      [list.body.items[0].id],
    );
    expect(row.rows[0].sha).toBe(row.rows[0].checksum_sha256);
  });

  it('builds the other kinds with only their sections', async () => {
    const sectionsOf = async (kind: string) => {
      const status = await requestReport(t, admin, {
        kind,
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        format: 'json',
      });
      expect(status.fileName).toBe(
        `silkbridge-${kind.replace('_', '-')}-2026-01-01_2026-03-31.json`,
      );
      const body = JSON.parse(
        (await download(t, admin, status.id)).body.toString('utf8'),
      ) as JsonReport;
      return body.sections.map((s) => s.key);
    };
    expect(await sectionsOf('partnerships')).toEqual(['partnerships']);
    expect(await sectionsOf('programs')).toEqual(['programs', 'participants']);
    expect(await sectionsOf('scholarships')).toEqual(['scholarships']);
    expect(await sectionsOf('aid_projects')).toEqual(['aidProjects']);
  });

  it('compares with the previous period of equal length in days for arbitrary periods', async () => {
    // 10 days: 2026-01-01..01-10 vs 2025-12-22..12-31. PR3 starts Jan 1 00:30 local (current).
    const status = await requestReport(t, admin, {
      kind: 'programs',
      periodStart: '2026-01-01',
      periodEnd: '2026-01-10',
      format: 'json',
    });
    const body = JSON.parse(
      (await download(t, admin, status.id)).body.toString('utf8'),
    ) as JsonReport;
    expect(body.report).toMatchObject({
      previousPeriodStart: '2025-12-22',
      previousPeriodEnd: '2025-12-31',
    });
    expect(body.sections[0].tables[0].rows).toEqual([
      { programs: f(1, 0), seats: f(20, 0), participants: f(3, 0), people: f(3, 0) },
    ]);
  });

  it('counts milestones not yet due, so on time + overdue + not yet due = due', async () => {
    // April 2026 runs past the build date (Apr 5): "Opening" is due Apr 10 and still open.
    const status = await requestReport(t, admin, {
      kind: 'aid_projects',
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
      format: 'json',
    });
    const body = JSON.parse(
      (await download(t, admin, status.id)).body.toString('utf8'),
    ) as JsonReport;
    const tables = body.sections[0].tables;
    const totals = tables.find((tb) => tb.key === 'totals')!.rows[0];
    expect(totals).toMatchObject({
      due: f(1, 2),
      onTime: f(0, 0),
      overdue: f(0, 2),
      notYetDue: f(1, 0),
    });
    const rows = [...tables.find((tb) => tb.key === 'milestonesByCategory')!.rows, totals];
    for (const row of rows) {
      for (const which of ['current', 'previous'] as const) {
        const n = (k: string) => (row[k] as Record<typeof which, number>)[which];
        expect(n('onTime') + n('overdue') + n('notYetDue')).toBe(n('due'));
      }
    }
  });

  it('answers 409 REPORT_NOT_READY for a report that is not ready, 404 for an unknown one', async () => {
    const queued = await t.db.query(
      `INSERT INTO reports (kind, format, period_start, period_end, status) VALUES ('summary', 'csv', '2026-01-01', '2026-01-31', 'queued') RETURNING id`,
    );
    const res = await download(t, admin, queued.rows[0].id);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      statusCode: 409,
      code: 'REPORT_NOT_READY',
      details: { status: 'queued' },
    });
    const unknown = await t
      .http()
      .get('/api/v1/reports/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    await t.db.query(`DELETE FROM reports WHERE id = $1`, [queued.rows[0].id]);
  });

  it('rejects bad requests with 400 and creates nothing', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM reports`);
    const bad = [
      { ...Q1, format: 'json', periodEnd: '2025-12-31' },
      { ...Q1, format: 'docx' },
      { ...Q1, kind: 'everything', format: 'json' },
      { ...Q1, format: 'json', periodStart: '2026-02-30' },
      { ...Q1, format: 'json', periodStart: '2000-01-01' },
      { ...Q1, format: 'json', scheduleId: '00000000-0000-4000-8000-000000000000' },
    ];
    for (const body of bad) {
      const res = await t.http().post('/api/v1/reports').set(bearer(admin)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const reversed = await t.http().post('/api/v1/reports').set(bearer(admin)).send(bad[0]);
    expect(reversed.body.details).toEqual([
      { field: 'periodEnd', message: expect.stringMatching(/on or after/) },
    ]);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM reports`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('is admins only: 403 for coordinators and NGO members on every route, 401 without a token', async () => {
    const some = (await t.http().get('/api/v1/reports').set(bearer(admin))).body.items[0].id;
    const before = await t.db.query(`SELECT count(*)::int AS n FROM reports`);
    for (const token of [coordinator, member]) {
      const calls = [
        t
          .http()
          .post('/api/v1/reports')
          .set(bearer(token))
          .send({ ...Q1, format: 'json' }),
        t.http().get('/api/v1/reports').set(bearer(token)),
        t.http().get(`/api/v1/reports/${some}`).set(bearer(token)),
        t.http().get(`/api/v1/reports/${some}/download`).set(bearer(token)),
        t
          .http()
          .post('/api/v1/report-schedules')
          .set(bearer(token))
          .send({ kind: 'summary', frequency: 'monthly', format: 'pdf' }),
        t.http().get('/api/v1/report-schedules').set(bearer(token)),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    }
    expect((await t.http().get('/api/v1/reports')).status).toBe(401);
    const after = await t.db.query(`SELECT count(*)::int AS n FROM reports`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM report_schedules`)).rows[0].n).toBe(0);
  });

  it('marks a build failed with the reason after its last attempt (retries before that)', async () => {
    const processor = worker.get(ReportsProcessor);
    const ins = await t.db.query(
      `INSERT INTO reports (kind, format, period_start, period_end, status, requested_by) VALUES ('aid_projects', 'json', '2026-01-01', '2026-03-31', 'queued', $1) RETURNING id`,
      [adminId],
    );
    const id = ins.rows[0].id;
    await t.db.query(`ALTER TABLE milestones RENAME TO milestones_moved`);
    try {
      // A first attempt fails: the report waits for the retry (queued, no reason yet).
      const job = {
        name: 'report.build',
        data: { reportId: id },
        attemptsMade: 0,
        opts: { attempts: 3 },
      };
      await expect(processor.process(job as never)).rejects.toThrow(/milestones/);
      expect(
        (await t.db.query(`SELECT status, failure_reason FROM reports WHERE id = $1`, [id]))
          .rows[0],
      ).toEqual({ status: 'queued', failure_reason: null });
      // Through the real queue with a single attempt: the worker marks it failed with the reason.
      await worker
        .get(QueueProducer)
        .add('report.build', { reportId: id }, { attempts: 1, jobId: `report-build-${id}-final` });
      const final = await waitForReport(t, admin, id);
      expect(final.status).toBe('failed');
      expect(final.failureReason).toMatch(/relation "milestones" does not exist/);
      expect(final.finishedAt).toEqual(expect.any(String));
    } finally {
      await t.db.query(`ALTER TABLE milestones_moved RENAME TO milestones`);
    }
    const audit = await t.db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at`,
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['report.failed']);
    // A failed report is final: a late duplicate job does not rebuild it.
    await processor.process({
      name: 'report.build',
      data: { reportId: id },
      attemptsMade: 0,
      opts: { attempts: 3 },
    } as never);
    expect(
      (await t.db.query(`SELECT status FROM reports WHERE id = $1`, [id])).rows[0].status,
    ).toBe('failed');
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [id]))
        .rows[0].n,
    ).toBe(0);
  });

  it('documents the routes in OpenAPI (202 on request, binary download, schedules)', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    expect(
      doc.paths['/api/v1/reports'].post.responses['202'].content['application/json'].schema.$ref,
    ).toMatch(/ReportQueuedResponse/);
    expect(doc.paths['/api/v1/reports/{id}/download'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/report-schedules/{id}'].patch).toBeDefined();
    expect(doc.components.schemas.CreateReportDto.properties.format.enum).toEqual([
      'csv',
      'xlsx',
      'pdf',
      'json',
    ]);
    expect(doc.components.schemas.ReportResponse.properties.status.enum).toEqual([
      'queued',
      'running',
      'ready',
      'failed',
      'skipped',
    ]);
  });

  describe('schedules', () => {
    let monthlyAid: string;
    let monthlyPartnerships: string;

    it('creates, lists, reads and deactivates schedules (versioned, audited)', async () => {
      const created = await t
        .http()
        .post('/api/v1/report-schedules')
        .set(bearer(admin))
        .send({ kind: 'summary', frequency: 'quarterly', format: 'pdf' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        kind: 'summary',
        frequency: 'quarterly',
        format: 'pdf',
        timeZone: 'Asia/Karachi',
        skipEmpty: false,
        active: true,
        createdBy: adminId,
        version: 1,
      });
      expect(created.body.currentPeriod).toEqual({
        start: expect.stringMatching(/^\d{4}-(01|04|07|10)-01$/),
        end: expect.any(String),
      });
      const id = created.body.id;
      const list = await t.http().get('/api/v1/report-schedules?active=true').set(bearer(admin));
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
      const off = await t
        .http()
        .patch(`/api/v1/report-schedules/${id}`)
        .set(bearer(admin))
        .send({ active: false, version: 1 });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ active: false, version: 2 });
      const stale = await t
        .http()
        .patch(`/api/v1/report-schedules/${id}`)
        .set(bearer(admin))
        .send({ active: true, version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      expect(
        (await t.http().get(`/api/v1/report-schedules/${id}`).set(bearer(admin))).body.active,
      ).toBe(false);
      expect(
        (await t.http().get('/api/v1/report-schedules?active=true').set(bearer(admin))).body.items,
      ).toEqual([]);
      const audit = await t.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY created_at`,
        [id],
      );
      expect(audit.rows.map((r) => r.action)).toEqual([
        'report_schedule.created',
        'report_schedule.deactivated',
      ]);
    });

    it('rejects bad schedules with 400 and creates nothing', async () => {
      for (const body of [
        { kind: 'summary', frequency: 'weekly', format: 'pdf' },
        { kind: 'summary', frequency: 'monthly', format: 'pdf', timeZone: 'Mars/Olympus' },
        { kind: 'summary', frequency: 'monthly', format: 'pdf', skipEmpty: 'yes' },
        { kind: 'summary', frequency: 'monthly' },
      ]) {
        const res = await t.http().post('/api/v1/report-schedules').set(bearer(admin)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM report_schedules`)).rows[0].n).toBe(
        1,
      );
    });

    it('builds the last closed month once per schedule, skips an empty one, and notifies every active admin', async () => {
      const post = (body: Record<string, unknown>) =>
        t.http().post('/api/v1/report-schedules').set(bearer(admin)).send(body);
      monthlyAid = (await post({ kind: 'aid_projects', frequency: 'monthly', format: 'xlsx' })).body
        .id;
      monthlyPartnerships = (
        await post({ kind: 'partnerships', frequency: 'monthly', format: 'pdf', skipEmpty: true })
      ).body.id;
      const cron = worker.get(ReportSchedulesCron);
      // NOW = 2026-04-05 in Karachi: March 2026 is the last closed month.
      const first = await cron.tick();
      expect(first.created).toHaveLength(2);
      const second = await cron.tick();
      expect(second.created).toEqual([]);
      const rows = async () =>
        (
          await t.db.query(
            `SELECT schedule_id, period_start::text, period_end::text, status, kind FROM reports WHERE schedule_id = ANY($1) ORDER BY kind`,
            [[monthlyAid, monthlyPartnerships]],
          )
        ).rows;
      for (const id of first.created) await waitForReport(t, admin, id);
      expect(await rows()).toEqual([
        {
          schedule_id: monthlyAid,
          period_start: '2026-03-01',
          period_end: '2026-03-31',
          status: 'ready',
          kind: 'aid_projects',
        },
        {
          schedule_id: monthlyPartnerships,
          period_start: '2026-03-01',
          period_end: '2026-03-31',
          status: 'skipped',
          kind: 'partnerships',
        },
      ]);
      const ready = (
        await t.http().get(`/api/v1/reports?scheduleId=${monthlyAid}`).set(bearer(admin))
      ).body.items[0];
      expect(ready.fileName).toBe('silkbridge-aid-projects-2026-03-01_2026-03-31.xlsx');
      const notes = await t.db.query(
        `SELECT user_id, title FROM notifications WHERE entity_id = $1 ORDER BY user_id`,
        [ready.id],
      );
      expect(notes.rows.map((r) => r.user_id).sort()).toEqual([adminId, otherAdminId].sort());
      expect(notes.rows[0].title).toBe(
        'Report ready: Livelihood aid projects report, 2026-03-01 to 2026-03-31',
      );
      const skipped = (
        await t.http().get(`/api/v1/reports?scheduleId=${monthlyPartnerships}`).set(bearer(admin))
      ).body.items[0];
      expect(skipped).toMatchObject({ status: 'skipped', fileName: null, downloadUrl: null });
      expect(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE entity_id = $1`, [
            skipped.id,
          ])
        ).rows[0].n,
      ).toBe(0);
      // The March aid figures (monthly: compared with February).
      const xlsx = await download(t, admin, ready.id);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as never);
      const cover = wb.getWorksheet('Report')!;
      const prevRow = cover.getColumn(1).values.indexOf('Previous period start');
      expect(cover.getRow(prevRow).getCell(2).value).toEqual(new Date('2026-02-01T00:00:00Z'));
    });

    it('does not create reports for inactive schedules', async () => {
      await t
        .http()
        .patch(`/api/v1/report-schedules/${monthlyAid}`)
        .set(bearer(admin))
        .send({ active: false });
      worker.get(Clock).now = () => new Date('2026-05-02T00:00:00Z');
      try {
        const res = await worker.get(ReportSchedulesCron).tick();
        // Only the partnerships schedule (still active) gets April.
        expect(res.created).toHaveLength(1);
        const row = await t.db.query(
          `SELECT schedule_id, period_start::text FROM reports WHERE id = $1`,
          [res.created[0]],
        );
        expect(row.rows[0]).toEqual({
          schedule_id: monthlyPartnerships,
          period_start: '2026-04-01',
        });
        await waitForReport(t, admin, res.created[0]);
      } finally {
        worker.get(Clock).now = () => NOW;
      }
    });
  });
});

describe('reports: scheduled monthly report with two workers', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('is built exactly once, with one notification per active admin, however many ticks and workers run', async () => {
    const second = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email: 'admin2@test.local',
      password: 'admin-two-pass-1',
      role: 'admin',
      displayName: 'Second admin',
    });
    await insertUser(t.db, {
      email: 'retired-admin@test.local',
      role: 'admin',
      active: false,
    });
    const schedule = await t
      .http()
      .post('/api/v1/report-schedules')
      .set(bearer(admin))
      .send({ kind: 'summary', frequency: 'monthly', format: 'json' });
    expect(schedule.status).toBe(201);
    const scheduleId = schedule.body.id;

    // Two workers, each with the real job scheduler ticking every second, plus concurrent direct ticks.
    const w1 = await t.startWorker({ REPORT_TICK_EVERY_MS: '1000' });
    const w2 = await t.startWorker({ REPORT_TICK_EVERY_MS: '1000' });
    const ticks = await Promise.all([w1, w2, w1, w2].map((w) => w.get(ReportSchedulesCron).tick()));
    const period = lastClosedPeriod('monthly', new Date(), 'Asia/Karachi');

    const reportIds = async () =>
      (
        await t.db.query(
          `SELECT id, status, period_start::text FROM reports WHERE schedule_id = $1`,
          [scheduleId],
        )
      ).rows;
    const deadline = Date.now() + 60000;
    while (
      !(await reportIds()).every((r) => !['queued', 'running'].includes(r.status)) ||
      (await reportIds()).length === 0
    ) {
      if (Date.now() > deadline) throw new Error('scheduled report not ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The job scheduler ticks twice more (a tick would create a duplicate now if it could), the
    // reports it may have queued are built, then a worker restarts.
    const completions = await watchCompletions(t, QUEUES.reports);
    try {
      await completions.seen(`repeat:${TICK_SCHEDULER_ID}:`, 2);
    } finally {
      await completions.close();
    }
    await drainQueues(t, [QUEUES.reports]);
    await w1.close();
    const w3 = await t.startWorker({ REPORT_TICK_EVERY_MS: '1000' });
    const afterRestart = await w3.get(ReportSchedulesCron).tick();
    expect(afterRestart.created).toEqual([]);

    const rows = await reportIds();
    expect(rows).toEqual([{ id: expect.any(String), status: 'ready', period_start: period.start }]);
    const id = rows[0].id;
    // Exactly one of the concurrent direct ticks (or a scheduler tick) inserted it.
    expect(ticks.flatMap((r) => r.created).length).toBeLessThanOrEqual(1);
    const audit = await t.db.query(
      `SELECT action, count(*)::int AS n FROM audit_events WHERE entity_id = $1 GROUP BY action ORDER BY action`,
      [id],
    );
    expect(audit.rows).toEqual([
      { action: 'report.built', n: 1 },
      { action: 'report.scheduled', n: 1 },
    ]);
    const admins = await t.db.query(
      `SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id`,
    );
    expect(admins.rows.map((r) => r.id)).toContain(second.body.id);
    const notes = await t.db.query(
      `SELECT user_id FROM notifications WHERE entity_id = $1 ORDER BY user_id`,
      [id],
    );
    expect(notes.rows.map((r) => r.user_id)).toEqual(admins.rows.map((r) => r.id));

    // One job scheduler with the stable id, however many workers upserted it.
    const queue = w3.get<Queue>(getQueueToken(QUEUES.reports), { strict: false });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([TICK_SCHEDULER_ID]);
  });
});

describe('reports: Redis unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6' });
  });
  afterAll(() => t.close());

  it('answers 503 and keeps the report row, marked failed with the reason', async () => {
    const admin = await t.adminToken();
    const res = await t
      .http()
      .post('/api/v1/reports')
      .set(bearer(admin))
      .send({ ...Q1, format: 'pdf' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    const rows = await t.db.query(`SELECT status, failure_reason FROM reports`);
    expect(rows.rows).toEqual([
      { status: 'failed', failure_reason: expect.stringMatching(/queue was unavailable/) },
    ]);
  });
});

/** A message's Subject header, unfolded, its MIME encoded words (RFC 2047) decoded. */
function subjectOf(raw: string): string {
  const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)![1];
  return folded
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_h, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

describe('reports: email when SMTP_URL is set', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: { to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails the ready scheduled report, file attached, once per active admin', async () => {
    const admin = await t.adminToken();
    await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email: 'admin2@test.local',
      password: 'admin-two-pass-1',
      role: 'admin',
      displayName: 'Second admin',
    });
    await t.db.query(`UPDATE users SET locale = 'zh' WHERE email = 'admin2@test.local'`);
    await insertUser(t.db, {
      email: 'retired-admin@test.local',
      role: 'admin',
      active: false,
    });
    await t
      .http()
      .post('/api/v1/report-schedules')
      .set(bearer(admin))
      .send({ kind: 'programs', frequency: 'quarterly', format: 'csv' });
    const worker = await t.startWorker({ REPORT_TICK_EVERY_MS: '0' });
    worker.get(Clock).now = () => NOW;
    const { created } = await worker.get(ReportSchedulesCron).tick();
    expect(created).toHaveLength(1);
    const report = await waitForReport(t, admin, created[0]);
    expect(report).toMatchObject({
      status: 'ready',
      fileName: 'silkbridge-programs-2026-01-01_2026-03-31.csv',
    });
    const deadline = Date.now() + 10000;
    while (received.length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(
      received
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['admin2@test.local', 'admin@test.local']);
    for (const mail of received) {
      expect(mail.raw).toContain('filename=silkbridge-programs-2026-01-01_2026-03-31.csv');
      expect(mail.raw).toMatch(/Content-Type: text\/html/);
    }
    // Each admin reads it in their own language.
    const to = (address: string) => received.find((m) => m.to.includes(address))!.raw;
    expect(to('admin@test.local')).toMatch(
      /Subject: Report ready: Exchange programs report, 2026-01-01 to\s+2026-03-31/,
    );
    expect(subjectOf(to('admin2@test.local'))).toMatch(/^报告已生成：.*2026-01-01 至 2026-03-31$/);
    // Each delivery row commits as the message ends, so the last may land just after its mail.
    const deliveries = async () =>
      t.db.query(`SELECT delivery_key, status FROM email_deliveries ORDER BY delivery_key`);
    let rows = (await deliveries()).rows;
    while (rows.filter((d) => d.status === 'sent').length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      rows = (await deliveries()).rows;
    }
    expect(rows).toHaveLength(2);
    expect(
      rows.every(
        (d) => d.status === 'sent' && d.delivery_key.startsWith(`report-email:${created[0]}:`),
      ),
    ).toBe(true);
  });
});
