import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ReportModel } from '../report.model';
import { escapeFormula, renderCsv } from './csv';
import { groupDigits, reportFileName } from './format';
import { niceAxis } from './pdf-chart';
import { renderPdf } from './pdf';
import { sheetName, renderXlsx } from './xlsx';

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
  it('writes typed numbers and a "no data" line for empty tables', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(model)) as never);
    const ws = wb.getWorksheet('Scholarships')!;
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toContainEqual(['USD', 0.3, 1234567890123.45]);
    expect(values).toContainEqual(['No data for these periods']);
  });

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
