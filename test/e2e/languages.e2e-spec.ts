import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { INestApplicationContext } from '@nestjs/common';
import * as nodeIcal from 'node-ical';
import { Clock } from '../../src/common/clock';
import { seedReportScenario } from '../factories/report-scenario';
import { bearer, createTestApp, TestApp } from '../utils/create-app';

describe('languages: error messages follow Accept-Language, codes never change', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  const unknownProgram = (lang?: string) => {
    const req = t
      .http()
      .get('/api/v1/programs/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin));
    return lang ? req.set('Accept-Language', lang) : req;
  };

  it('answers NOT_FOUND in English by default, in Chinese and Urdu when asked', async () => {
    const en = await unknownProgram();
    expect(en.status).toBe(404);
    expect(en.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Program not found' });
    const zh = await unknownProgram('zh-CN,zh;q=0.9,en;q=0.8');
    expect(zh.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '未找到该交流项目' });
    const ur = await unknownProgram('ur-PK');
    expect(ur.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'مطلوبہ پروگرام موجود نہیں',
    });
  });

  it('weighs q-values and skips languages it does not speak', async () => {
    expect((await unknownProgram('fr;q=1, ur;q=0.9, zh;q=0.8')).body.message).toBe(
      'مطلوبہ پروگرام موجود نہیں',
    );
    expect((await unknownProgram('de, zh-Hans;q=0.5')).body.message).toBe('未找到该交流项目');
    expect((await unknownProgram('fr')).body.message).toBe('Program not found');
  });

  it('translates VALIDATION_FAILED, keeping the field details as they are', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .set('Accept-Language', 'zh')
      .send({ email: 'not-an-email', password: 'x', role: 'wizard', displayName: 'X' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toBe('输入内容未通过校验');
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'email' })]),
    );
  });

  it('translates errors raised before a handler runs and without a token', async () => {
    const noToken = await t.http().get('/api/v1/programs').set('Accept-Language', 'ur');
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'براہِ کرم پہلے لاگ اِن کریں',
    });
    const badJson = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'zh')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: '请求正文不是有效的 JSON',
    });
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'ur')
      .send({ email: 'nobody@test.local', password: 'wrong-password-1' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'ای میل یا پاس ورڈ غلط ہے',
    });
  });
});

/** The PDF's text, read by pdf.js (through pdf-parse). */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
    b: Buffer,
  ) => Promise<{ text: string }>;
  return (await pdfParse(pdf)).text.normalize('NFKC');
}

/** Every page as a PNG, drawn by pdf.js on @napi-rs/canvas (npm only); answers the files. */
function pdfToPngs(pdf: Buffer, name: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'silkbridge-pdf-'));
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const script = path.join(__dirname, '..', 'utils', 'pdf-to-png.mjs');
  const pages = Number(execFileSync(process.execPath, [script, file, path.join(dir, name)]));
  return Array.from({ length: pages }, (_, i) => path.join(dir, `${name}-${i + 1}.png`));
}

describe('languages: reports in Chinese and Urdu', () => {
  let t: TestApp;
  let admin: string;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.adminToken();
    const coordinator = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email: 'coord@test.local',
      password: 'coordinator-pass-1',
      role: 'coordinator',
      displayName: 'Coordinator',
    });
    expect(coordinator.status).toBe(201);
    await seedReportScenario(t.db, coordinator.body.id, coordinator.body.id);
    worker = await t.startWorker({ REPORT_TICK_EVERY_MS: '0' });
    worker.get(Clock).now = () => new Date('2026-04-05T06:00:00Z');
  });
  afterAll(() => t.close());

  async function pdfReport(acceptLanguage: string): Promise<{ locale: string; pdf: Buffer }> {
    const queued = await t
      .http()
      .post('/api/v1/reports')
      .set(bearer(admin))
      .set('Accept-Language', acceptLanguage)
      .send({ kind: 'summary', periodStart: '2026-01-01', periodEnd: '2026-03-31', format: 'pdf' });
    expect(queued.status).toBe(202);
    const deadline = Date.now() + 60000;
    let status: { status: string; locale: string };
    for (;;) {
      status = (await t.http().get(`/api/v1/reports/${queued.body.id}`).set(bearer(admin))).body;
      if (!['queued', 'running'].includes(status.status)) break;
      if (Date.now() > deadline) throw new Error(`report still ${status.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status.status).toBe('ready');
    const file = await t
      .http()
      .get(`/api/v1/reports/${queued.body.id}/download`)
      .set(bearer(admin))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.headers['content-type']).toBe('application/pdf');
    return { locale: status.locale, pdf: file.body as Buffer };
  }

  it('writes calendar summaries and descriptions in the reader’s language, names falling back to English', async () => {
    const { rows } = await t.db.query(
      `UPDATE programs SET title = title || '{"zh": "中巴青年交流营"}'::jsonb
        WHERE id = (SELECT id FROM programs ORDER BY id LIMIT 1) RETURNING id, title->>'en' AS en, type`,
    );
    const ics = (lang: string) =>
      t
        .http()
        .get(`/api/v1/programs/${rows[0].id}/calendar.ics`)
        .set(bearer(admin))
        .set('Accept-Language', lang);
    // The event as a calendar reads it (lines unfolded, escapes undone).
    const event = async (lang: string) => {
      const res = await ics(lang);
      expect(res.status).toBe(200);
      return Object.values(nodeIcal.sync.parseICS(res.text)).find(
        (c) => c.type === 'VEVENT',
      ) as nodeIcal.VEvent;
    };
    const zh = await event('zh');
    expect(zh.summary).toBe('中巴青年交流营');
    expect(zh.description).toContain('类型：');
    expect(zh.description).toContain('报名截止：');
    const ur = await event('ur');
    expect(ur.summary).toBe(rows[0].en);
    expect(ur.description).toContain('رجسٹریشن کی آخری تاریخ');
    const en = await event('en');
    expect(en.summary).toBe(rows[0].en);
    expect(en.description).toContain('Registration deadline:');
  });

  it.each([
    [
      'zh-CN,zh;q=0.9',
      'zh',
      [
        '综合报告',
        '2026年1月1日 – 2026年3月31日',
        '民生援助项目',
        '按类别统计的预算、承诺与支出',
        '太阳能照明',
        '友好城市',
        '饮用水',
        'Karamay',
        '1,234,567,890,123.45',
      ],
    ],
    [
      'ur-PK',
      'ur',
      [
        'خلاصہ',
        'رپورٹ',
        'شراکتیں',
        'زمرہ',
        'شمسی',
        'روشنی',
        'جڑواں',
        'Karamay',
        '1,234,567,890,123.45',
      ],
    ],
  ])(
    'Accept-Language %p: a %s PDF with the expected words, rendered to PNG',
    async (header, locale, words) => {
      const report = await pdfReport(header);
      expect(report.locale).toBe(locale);
      const text = await pdfText(report.pdf);
      for (const word of words) expect(text).toContain(word);
      expect(text).not.toContain('Summary report');
      // The pages draw: pdf.js renders every one to a PNG of real size.
      const pngs = pdfToPngs(report.pdf, `report-${locale}`);
      expect(pngs.length).toBeGreaterThanOrEqual(7);
      for (const png of pngs) {
        const bytes = fs.readFileSync(png);
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        expect(bytes.length).toBeGreaterThan(10_000);
      }
    },
  );
});
