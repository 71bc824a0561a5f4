import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import * as fs from 'fs';
import PDFDocument from 'pdfkit';
import { LOCALES, translator } from '../../common/i18n';
import { localizeReport } from '../report-i18n';
import type { ReportModel, ReportTable } from '../report.model';
import { escapeFormula, renderCsv } from './csv';
import { groupDigits, reportFileName } from './format';
import { niceAxis } from './pdf-chart';
import { renderPdf } from './pdf';
import { cellTexts, layoutTable } from './pdf-table';
import { plainTypeface, wrapLines } from './pdf-text';
import { sheetName, renderXlsx } from './xlsx';

/** The PDF's text as pdf.js extracts it (through pdf-parse), as the e2e tests read it. */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
    b: Buffer,
  ) => Promise<{ text: string }>;
  return (await pdfParse(pdf)).text;
}

const fig = <T>(current: T, previous: T) => ({ current, previous });
const LONG_SCHEME =
  "Kashgar University China–Pakistan Economic Corridor Master's Scholarship in Public Health Engineering";

/**
 * A report that strains the table layout: amounts of 85 million and 1.2 trillion in eight money
 * columns beside three name columns, long scheme names, and category codes.
 */
export const wideReport: ReportModel = {
  meta: {
    id: '00000000-0000-4000-8000-000000000003',
    kind: 'summary',
    title: 'Summary report',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    previousPeriodStart: '2025-10-01',
    previousPeriodEnd: '2025-12-31',
    timeZone: 'Asia/Karachi',
    asOf: '2026-04-05',
    generatedAt: '2026-04-05T06:00:00.000Z',
  },
  sections: [
    {
      key: 'scholarships',
      title: 'Scholarships',
      tables: [
        {
          key: 'byScheme',
          title: 'Applications by scheme',
          dimensions: [
            { key: 'scheme', label: 'Scheme', type: 'text' },
            { key: 'level', label: 'Level', type: 'text' },
          ],
          measures: [
            { key: 'submitted', label: 'Applications submitted', type: 'count' },
            { key: 'awarded', label: 'Awards', type: 'count' },
            { key: 'accepted', label: 'Acceptances', type: 'count' },
          ],
          rows: [
            {
              scheme: LONG_SCHEME,
              level: 'master',
              submitted: fig(1200, 980),
              awarded: fig(85, 60),
              accepted: fig(80, 51),
            },
            {
              scheme:
                'Gwadar Port Vocational Training Scholarship for Young Fishermen and Boat Builders',
              level: 'short_course',
              submitted: fig(45, 0),
              awarded: fig(20, 0),
              accepted: fig(19, 0),
            },
            {
              scheme: 'Teacher Exchange',
              level: 'teacher_exchange',
              submitted: fig(3, 3),
              awarded: fig(1, 0),
              accepted: fig(0, 0),
            },
          ],
        },
      ],
    },
    {
      key: 'aidProjects',
      title: 'Livelihood aid projects',
      tables: [
        {
          key: 'totals',
          title: 'Aid projects',
          dimensions: [],
          measures: [
            { key: 'projects', label: 'Active projects', type: 'count' },
            { key: 'beneficiariesTarget', label: 'Beneficiaries target', type: 'count' },
            { key: 'beneficiariesReached', label: 'Beneficiaries reached', type: 'count' },
            { key: 'due', label: 'Milestones due', type: 'count' },
            { key: 'onTime', label: 'On time', type: 'count' },
            { key: 'overdue', label: 'Overdue', type: 'count' },
            { key: 'notYetDue', label: 'Not yet due', type: 'count' },
          ],
          rows: [
            {
              projects: fig(12, 10),
              beneficiariesTarget: fig(1250000, 980000),
              beneficiariesReached: fig(433120, 310000),
              due: fig(9, 7),
              onTime: fig(4, 5),
              overdue: fig(3, 2),
              notYetDue: fig(2, 0),
            },
          ],
        },
        {
          key: 'byCategoryRegion',
          title: 'Budget vs committed vs spent by category and region',
          dimensions: [
            { key: 'category', label: 'Category', type: 'text' },
            { key: 'region', label: 'Region', type: 'text' },
            { key: 'currency', label: 'Currency', type: 'text' },
          ],
          measures: [
            { key: 'budget', label: 'Budget', type: 'money' },
            { key: 'committed', label: 'Committed', type: 'money' },
            { key: 'disbursed', label: 'Disbursed', type: 'money' },
            { key: 'spent', label: 'Spent', type: 'money' },
          ],
          rows: [
            {
              category: 'e_education_center',
              region: 'Gilgit-Baltistan',
              currency: 'PKR',
              budget: fig('85000000.00', '85000000.00'),
              committed: fig('1234567890123.45', '62500000.00'),
              disbursed: fig('42000000.50', '0.00'),
              spent: fig('39999999.99', '12000000.00'),
            },
            {
              category: 'cataract_campaign',
              region: 'Khyber Pakhtunkhwa',
              currency: 'USD',
              budget: fig('250000.00', '0.00'),
              committed: fig('125000.00', '0.00'),
              disbursed: fig('0.30', '0.00'),
              spent: fig('0.00', '0.00'),
            },
          ],
        },
      ],
    },
  ],
};

const model: ReportModel = {
  meta: {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'scholarships',
    title: 'Scholarships report',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    previousPeriodStart: '2025-10-01',
    previousPeriodEnd: '2025-12-31',
    timeZone: 'Asia/Karachi',
    asOf: '2026-04-05',
    generatedAt: '2026-04-05T06:00:00.000Z',
  },
  sections: [
    {
      key: 'scholarships',
      title: 'Scholarships',
      tables: [
        {
          key: 'byScheme',
          title: 'Applications by scheme',
          dimensions: [
            { key: 'scheme', label: 'Scheme', type: 'text' },
            { key: 'level', label: 'Level', type: 'text' },
          ],
          measures: [{ key: 'submitted', label: 'Submitted', type: 'count' }],
          rows: [
            {
              scheme: '=HYPERLINK("http://evil.example","click")',
              level: 'master',
              submitted: { current: 2, previous: 1 },
            },
            { scheme: '+SUM(A1)', level: '-1', submitted: { current: 0, previous: 3 } },
            { scheme: '@cmd', level: '\tx', submitted: { current: 1, previous: 0 } },
            {
              scheme: '瓜达尔 Scholarship — گوادر',
              level: 'phd',
              submitted: { current: 5, previous: 5 },
            },
          ],
        },
        {
          key: 'disbursedByCurrency',
          title: 'Money disbursed by currency',
          dimensions: [{ key: 'currency', label: 'Currency', type: 'text' }],
          measures: [{ key: 'disbursed', label: 'Disbursed', type: 'money' }],
          rows: [{ currency: 'USD', disbursed: { current: '0.30', previous: '1234567890123.45' } }],
        },
        {
          key: 'empty',
          title: 'Nothing here',
          dimensions: [],
          measures: [{ key: 'n', label: 'N', type: 'count' }],
          rows: [],
        },
      ],
    },
  ],
};

describe('CSV renderer', () => {
  it('escapes formula-leading cells with an apostrophe and keeps numbers as numbers', async () => {
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(escapeFormula('+1')).toBe("'+1");
    expect(escapeFormula('-1')).toBe("'-1");
    expect(escapeFormula('@x')).toBe("'@x");
    expect(escapeFormula('\tx')).toBe("'\tx");
    expect(escapeFormula('\rx')).toBe("'\rx");
    expect(escapeFormula('Gwadar')).toBe('Gwadar');
    const lines: Record<string, string>[] = parse(await renderCsv(model), { columns: true });
    const groups = lines.filter((l) => l.table === 'byScheme').map((l) => l.group);
    expect(groups).toEqual([
      `'=HYPERLINK("http://evil.example","click") / master`,
      `'+SUM(A1) / -1`,
      `'@cmd / \tx`,
      '瓜达尔 Scholarship — گوادر / phd',
    ]);
    expect(lines.find((l) => l.table === 'disbursedByCurrency')).toMatchObject({
      current: '0.30',
      previous: '1234567890123.45',
    });
    expect(lines.filter((l) => l.table === 'empty')).toEqual([]);
  });
});

describe('XLSX renderer', () => {
  const load = async (buffer: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as never);
    return wb;
  };
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    return values;
  };

  it('writes a sheet per table with typed numbers and a "no data" line for empty tables', async () => {
    const wb = await load(await renderXlsx(model));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Report',
      'Charts',
      'Applications by scheme',
      'Money disbursed by currency',
      'Nothing here',
    ]);
    expect(rowsOf(wb.getWorksheet('Money disbursed by currency')!)).toEqual([
      ['Money disbursed by currency'],
      ['Currency', 'Disbursed', 'Disbursed (previous)'],
      ['USD', 0.3, 1234567890123.45],
    ]);
    expect(rowsOf(wb.getWorksheet('Nothing here')!)[2]).toEqual(['No data for these periods.']);
    // A narrow table prints portrait.
    expect(wb.getWorksheet('Money disbursed by currency')!.pageSetup.orientation).toBe('portrait');
  });

  it('sizes columns to headers and values, wraps and freezes the header, and sets up printing', async () => {
    const wb = await load(await renderXlsx(wideReport));
    const ws = wb.getWorksheet('Budget by category and region')!;
    const [, header, first] = rowsOf(ws) as string[][];
    expect(header[0]).toBe('Category');
    header.forEach((label, j) => {
      const column = ws.getColumn(j + 1);
      // Every word of the header fits its column; the header wraps instead of being cut.
      for (const word of label.split(' ')) expect(column.width).toBeGreaterThan(word.length);
      expect(ws.getCell(2, j + 1).alignment?.wrapText).toBe(true);
    });
    // The widest figure, as Excel prints it, fits its column.
    expect(first[5]).toBe(1234567890123.45);
    expect(ws.getColumn(6).width).toBeGreaterThanOrEqual('1,234,567,890,123.45'.length);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual('Gilgit-Baltistan'.length);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 3 });
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
      paperSize: 9,
    });
    expect(ws.pageSetup.margins).toMatchObject({ left: 0.5, right: 0.5, top: 0.75 });
    expect(ws.headerFooter.oddHeader).toContain('Silkbridge — Summary report');
    expect(ws.headerFooter.oddFooter).toContain('&P / &N');
    expect(wb.getWorksheet('Aid projects')!.pageSetup.orientation).toBe('landscape');
    // Codes stay codes in data files.
    expect(first[0]).toBe('e_education_center');
  });

  it('names sheets in the report language and mirrors them for Urdu', async () => {
    const wb = await load(
      await renderXlsx(localizeReport(wideReport, 'ur', { values: false }), { locale: 'ur' }),
    );
    const ws = wb.getWorksheet('زمرہ و علاقہ وار بجٹ')!;
    expect(ws.views[0]).toMatchObject({ rightToLeft: true });
  });

  it.each([
    ['zh', '报告', '期间开始', '（上期）', '奖学金报告'],
    ['ur', 'رپورٹ', 'مدت کا آغاز', '(گزشتہ مدت)', 'وظائف کی رپورٹ'],
  ] as const)(
    '%s: the cover sheet and the previous-period columns speak the report language',
    async (locale, sheet, periodStart, previous, kind) => {
      const wb = await load(
        await renderXlsx(localizeReport(model, locale, { values: false }), { locale }),
      );
      const cover = rowsOf(wb.getWorksheet(sheet)!);
      expect(cover.map((r) => r[0])).toContain(periodStart);
      expect(cover.find((r) => r[1] === kind)).toBeDefined();
      const english = /Period|Generated|Sections|Kind|previous/;
      expect(cover.flat().filter((v) => typeof v === 'string' && english.test(v))).toEqual([]);
      const table = wb.worksheets[2];
      const header = rowsOf(table)[1] as string[];
      expect(header[header.length - 1]).toContain(previous);
    },
  );

  it('makes valid, unique sheet names', () => {
    const taken = new Set<string>();
    expect(sheetName('A/B: [C]?', taken)).toBe('A B   C');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('x'.repeat(40), taken)).toBe(`${'x'.repeat(28)} 2`);
  });
});

describe('PDF renderer', () => {
  it('renders a PDF with an empty table and non-Latin text without failing', async () => {
    const pdf = await renderPdf(model);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('falls back to Helvetica when the configured font does not exist (no system font needed)', async () => {
    const pdf = await renderPdf(model, {
      fontPath: '/nonexistent/font.ttf',
      searchSystemFonts: false,
    });
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica');
    expect(pdf.toString('latin1')).not.toContain('FontFile2');
  });
});

describe('formatting helpers', () => {
  it('groups digits of exact decimal strings without floats', () => {
    expect(groupDigits('1234567890123.45')).toBe('1,234,567,890,123.45');
    expect(groupDigits('0.30')).toBe('0.30');
    expect(groupDigits(1234)).toBe('1,234');
    expect(groupDigits('-1000.5')).toBe('-1,000.5');
  });

  it('picks readable axis steps', () => {
    expect(niceAxis(4)).toEqual({ max: 4, step: 1 });
    expect(niceAxis(7)).toEqual({ max: 8, step: 2 });
    expect(niceAxis(1000000.3)).toEqual({ max: 1250000, step: 250000 });
    expect(niceAxis(0)).toEqual({ max: 1, step: 0.2 });
    // Counts: whole steps only, so a chart of 0s and 1s reads 0, 1 (not 0 0 0 1 1 1).
    expect(niceAxis(1, true)).toEqual({ max: 1, step: 1 });
    expect(niceAxis(3, true)).toEqual({ max: 3, step: 1 });
    expect(niceAxis(0, true)).toEqual({ max: 1, step: 1 });
    expect(niceAxis(12, true)).toEqual({ max: 15, step: 5 });
  });

  it('names files after kind and period', () => {
    expect(
      reportFileName(
        { kind: 'aid_projects', periodStart: '2026-01-01', periodEnd: '2026-03-31' },
        'xlsx',
      ),
    ).toBe('silkbridge-aid-projects-2026-01-01_2026-03-31.xlsx');
  });
});

describe('PDF tables', () => {
  const pdfOut = process.env.REPORT_PDF_OUT;

  it.each(LOCALES)(
    '%s: prints every amount whole and every scheme name in full',
    async (locale) => {
      const pdf = await renderPdf(wideReport, { locale, searchSystemFonts: locale !== 'en' });
      if (pdfOut) fs.writeFileSync(`${pdfOut}/wide-${locale}.pdf`, pdf);
      const text = (await pdfText(pdf)).normalize('NFKC');
      for (const amount of ['85,000,000.00', '1,234,567,890,123.45', '39,999,999.99', '1,250,000'])
        expect(text).toContain(amount);
      // Names wrap onto more lines: every word is there and nothing is shortened.
      const words = text.split(/\s+/);
      for (const w of LONG_SCHEME.split(' ')) expect(words).toContain(w);
      expect(words).toContain('Builders');
      expect(text).not.toContain('…');
    },
  );

  /** Three name columns and `n` money measures of 1.2 trillion, current and previous. */
  const trillions = (n: number): ReportTable => {
    const measures = Array.from({ length: n }, (_, i) => ({
      key: `m${i}`,
      label: `Money ${i}`,
      type: 'money' as const,
    }));
    return {
      key: 'byCategoryRegion',
      title: 'Budget vs committed vs spent by category and region',
      dimensions: wideReport.sections[1].tables[1].dimensions,
      measures,
      rows: [
        {
          category: 'school',
          region: 'Gilgit-Baltistan',
          currency: 'PKR',
          ...Object.fromEntries(
            measures.map((m) => [m.key, fig('1234567890123.45', '1234567890123.45')]),
          ),
        },
      ],
    };
  };
  const helvetica = plainTypeface('Helvetica', 'Helvetica-Bold', (s) => s);
  const A4_WIDTH = 841.89 - 80;

  it('sizes figure columns to their widest figure, a font step smaller when needed', () => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape' });
    const pen = { fonts: helvetica, t: translator('en') };
    const wide = wideReport.sections[1].tables[1];
    const roomy = layoutTable(doc, wide, pen, A4_WIDTH)!;
    expect(roomy.fontSize).toBe(8);
    const tight = trillions(4);
    const layout = layoutTable(doc, tight, pen, A4_WIDTH)!;
    expect(layout.fontSize).toBeLessThan(8);
    for (const [table, { fontSize, widths }] of [
      [wide, roomy],
      [tight, layout],
    ] as const) {
      expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(A4_WIDTH, 6);
      doc.font('Helvetica').fontSize(fontSize);
      const rows = table.rows.map((r) => cellTexts(table, r));
      rows[0].forEach((_, j) => {
        if (j < table.dimensions.length) return;
        const widest = Math.max(...rows.map((c) => doc.widthOfString(c[j])));
        expect(widths[j]).toBeGreaterThan(widest + 6);
      });
    }
    expect(layoutTable(doc, trillions(7), pen, A4_WIDTH)).toBeNull();
  });

  it('splits a table too wide for the page into parts that repeat the name columns', async () => {
    const model: ReportModel = {
      ...wideReport,
      sections: [{ ...wideReport.sections[1], tables: [trillions(7)] }],
    };
    const text = await pdfText(await renderPdf(model, { searchSystemFonts: false }));
    expect(text.match(/1,234,567,890,123\.45/g)).toHaveLength(14);
    expect(text).toContain('Budget vs committed vs spent by category and region (continued)');
    expect(text.match(/Gilgit-Baltistan/g)!.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('…');
  });

  it('repeats the header row on the next page when a table breaks across pages', async () => {
    const byScheme = wideReport.sections[0].tables[0];
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...byScheme.rows[i % 3],
      scheme: `${i + 1}. ${String(byScheme.rows[i % 3].scheme)}`,
    }));
    const model: ReportModel = {
      ...wideReport,
      // A table without a chart after it.
      sections: [{ ...wideReport.sections[0], tables: [{ ...byScheme, key: 'other', rows }] }],
    };
    const pdf = await renderPdf(model, { searchSystemFonts: false });
    if (process.env.REPORT_PDF_OUT)
      fs.writeFileSync(`${process.env.REPORT_PDF_OUT}/long-en.pdf`, pdf);
    const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
      b: Buffer,
    ) => Promise<{ text: string; numpages: number }>;
    const { text, numpages } = await pdfParse(pdf);
    expect(numpages).toBeGreaterThanOrEqual(3);
    // The header's first cell, once on every page after the title page.
    expect(text.match(/Scheme/g)).toHaveLength(numpages - 1);
    expect(text).toContain('60. Teacher Exchange');
  });

  it('continues a chart taller than a page on the next page', async () => {
    const byScheme = wideReport.sections[0].tables[0];
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...byScheme.rows[i % 3],
      scheme: `${i + 1}. ${String(byScheme.rows[i % 3].scheme)}`,
    }));
    const model: ReportModel = {
      ...wideReport,
      sections: [{ ...wideReport.sections[0], tables: [{ ...byScheme, rows }] }],
    };
    const pdf = await renderPdf(model, { searchSystemFonts: false });
    if (process.env.REPORT_PDF_OUT)
      fs.writeFileSync(`${process.env.REPORT_PDF_OUT}/long-chart-en.pdf`, pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Applications submitted by scheme (continued)');
  });

  it('wraps at spaces, between Chinese characters, and inside a word only when it must', () => {
    const measure = (s: string) => [...s].length;
    expect(wrapLines('Gwadar Port Vocational Training', 12, measure)).toEqual([
      'Gwadar Port',
      'Vocational',
      'Training',
    ]);
    expect(wrapLines('喀什大学中巴经济走廊', 4, measure)).toEqual(['喀什大学', '中巴经济', '走廊']);
    expect(wrapLines('在建项目（上期）', 5, measure)).toEqual(['在建项目', '（上期）']);
    expect(wrapLines('Supercalifragilistic', 8, measure)).toEqual(['Supercal', 'ifragili', 'stic']);
    expect(wrapLines('', 8, measure)).toEqual(['']);
  });
});

describe('PDF words for codes', () => {
  it.each([
    // Word by word: a narrow column may wrap a phrase.
    [
      'en',
      ['Sister', 'counties', 'E-education', 'centre', "Master's", 'Short', 'Pakistan', '(PK)'],
    ],
    ['zh', ['友好县', '电子教育中心', '巴基斯坦', '(PK)']],
  ] as const)(
    '%s: prints categories, kinds, levels and countries as words',
    async (locale, words) => {
      const model: ReportModel = {
        ...wideReport,
        sections: [
          ...wideReport.sections,
          {
            key: 'partnerships',
            title: 'Partnerships',
            tables: [
              {
                key: 'activities',
                title: 'Activities per partnership',
                dimensions: [
                  { key: 'cityA', label: 'City A', type: 'text' },
                  { key: 'kind', label: 'Kind', type: 'text' },
                  { key: 'status', label: 'Status', type: 'text' },
                ],
                measures: [{ key: 'programs', label: 'Programs held', type: 'count' }],
                rows: [
                  {
                    cityA: 'Tashkurgan',
                    kind: 'sister_county',
                    status: 'proposed',
                    programs: fig(1, 0),
                  },
                ],
              },
            ],
          },
          {
            key: 'participants',
            title: 'Participants',
            tables: [
              {
                key: 'byCountry',
                title: 'Participants by nationality',
                dimensions: [{ key: 'country', label: 'Country', type: 'text' }],
                measures: [{ key: 'participants', label: 'Participants', type: 'count' }],
                rows: [{ country: 'PK', participants: fig(4, 1) }],
              },
            ],
          },
        ],
      };
      const text = (await pdfText(await renderPdf(model, { locale }))).normalize('NFKC');
      for (const w of words) expect(text).toContain(w);
      for (const code of [
        'sister_county',
        'e_education_center',
        'short_course',
        'teacher_exchange',
        'proposed',
      ])
        expect(text).not.toContain(code);
    },
  );
});

describe('XLSX charts', () => {
  const chartOut = process.env.REPORT_PDF_OUT;

  it.each(LOCALES)('%s: the PDF bar charts as PNG pictures on a chart sheet', async (locale) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await renderXlsx(localizeReport(wideReport, locale, { values: false }), {
        locale,
      })) as never,
    );
    const sheet = wb.worksheets[1];
    expect(sheet.name).toBe(translator(locale)('report.chartsSheet'));
    const images = sheet.getImages();
    // wideReport has one chart: applications by scheme.
    expect(images).toHaveLength(1);
    const media = wb.model.media as unknown as { buffer: Buffer; extension: string }[];
    const png = media[Number(images[0].imageId)];
    expect(png.extension).toBe('png');
    expect(png.buffer.subarray(1, 4).toString()).toBe('PNG');
    // Wide (900 px) and drawn at twice the size; tall enough for three wrapped names.
    expect(png.buffer.readUInt32BE(16)).toBe(1800);
    expect(png.buffer.readUInt32BE(20)).toBeGreaterThan(2 * 200);
    expect((images[0].range as unknown as { ext: object }).ext).toMatchObject({ width: 900 });
    if (chartOut) fs.writeFileSync(`${chartOut}/chart-${locale}.png`, png.buffer);
  });
});
