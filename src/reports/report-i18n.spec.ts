import * as fs from 'fs';
import { AID_CATEGORIES } from '../aid-projects/aid-project.entity';
import { hasMessage, LOCALES } from '../common/i18n';
import { ORGANIZATION_TYPES } from '../organizations/organization.entity';
import { GENDERS } from '../participants/participant.entity';
import { PARTNERSHIP_KINDS, PARTNERSHIP_STATUSES } from '../partnerships/partnership.entity';
import { PROGRAM_TYPES } from '../programs/program.entity';
import { SCHOLARSHIP_LEVELS } from '../scholarships/scholarship.entity';
import { SECTIONS_BY_KIND } from './queries';
import { renderPdf } from './renderers/pdf';
import { visualRuns } from './renderers/pdf-text';
import { columnKey, localizeReport, valueListKey } from './report-i18n';
import { REPORT_KINDS, ReportModel } from './report.model';

/** The PDF's text as pdf.js extracts it. */
async function pdfText(pdf: Buffer): Promise<string> {
  const pdfParse = (await import('pdf-parse/lib/pdf-parse.js' as string)).default as (
    b: Buffer,
  ) => Promise<{ text: string }>;
  return (await pdfParse(pdf)).text;
}

const f = (current: number, previous: number) => ({ current, previous });

/** A small aid-projects and partnerships report, as the builder makes it (English). */
export const sampleReport: ReportModel = {
  meta: {
    id: '00000000-0000-4000-8000-000000000002',
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
      key: 'partnerships',
      title: 'Partnerships',
      tables: [
        {
          key: 'activities',
          title: 'Activities per partnership',
          dimensions: [
            { key: 'cityA', label: 'City A', type: 'text' },
            { key: 'cityB', label: 'City B', type: 'text' },
            { key: 'kind', label: 'Kind', type: 'text' },
            { key: 'status', label: 'Status', type: 'text' },
          ],
          measures: [{ key: 'programs', label: 'Programs held', type: 'count' }],
          rows: [
            {
              cityA: 'Karamay',
              cityB: 'Gwadar',
              kind: 'sister_city',
              status: 'active',
              programs: f(3, 1),
            },
            {
              cityA: 'Tashkurgan',
              cityB: 'Hunza',
              kind: 'sister_county',
              status: 'proposed',
              programs: f(1, 0),
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
          key: 'byCategory',
          title: 'Budget vs committed vs spent by category',
          dimensions: [
            { key: 'category', label: 'Category', type: 'text' },
            { key: 'currency', label: 'Currency', type: 'text' },
          ],
          measures: [
            { key: 'budget', label: 'Budget', type: 'money' },
            { key: 'spent', label: 'Spent', type: 'money' },
          ],
          rows: [
            {
              category: 'e_education_center',
              currency: 'PKR',
              budget: { current: '1250000.00', previous: '0.00' },
              spent: { current: '300000.50', previous: '0.00' },
            },
            {
              category: 'solar_lighting',
              currency: 'PKR',
              budget: { current: '800000.00', previous: '800000.00' },
              spent: { current: '120000.00', previous: '50000.00' },
            },
          ],
        },
      ],
    },
  ],
};

describe('report languages: catalogue coverage', () => {
  const sections = [
    ...new Map(REPORT_KINDS.flatMap((k) => SECTIONS_BY_KIND[k]).map((s) => [s.key, s])).values(),
  ];

  it.each(LOCALES)('%s names every report kind, section, table and column', (locale) => {
    const missing: string[] = [];
    const need = (key: string | undefined, what: string) => {
      if (!key || !hasMessage(locale, key)) missing.push(what);
    };
    for (const kind of REPORT_KINDS) need(`report.kinds.${kind}`, kind);
    for (const s of sections) {
      need(`report.sections.${s.key}`, s.key);
      for (const t of s.tables) {
        need(`report.tables.${s.key}.${t.key}`, `${s.key}.${t.key}`);
        for (const c of [...t.dimensions, ...t.measures])
          need(columnKey(c.label), `${s.key}.${t.key}.${c.key} (${c.label})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s has a word for every category value a report prints', (locale) => {
    const lists: [string | undefined, readonly string[]][] = [
      [valueListKey('aidProjects', 'byCategory', 'category'), AID_CATEGORIES],
      [valueListKey('partnerships', 'activities', 'kind'), PARTNERSHIP_KINDS],
      [valueListKey('partnerships', 'activities', 'status'), PARTNERSHIP_STATUSES],
      [valueListKey('organizations', 'byType', 'type'), ORGANIZATION_TYPES],
      [
        valueListKey('participants', 'byOrganizationType', 'organizationType'),
        [...ORGANIZATION_TYPES, 'individual'],
      ],
      [valueListKey('programs', 'byType', 'type'), PROGRAM_TYPES],
      [valueListKey('participants', 'byGender', 'gender'), GENDERS],
      [valueListKey('scholarships', 'byScheme', 'level'), SCHOLARSHIP_LEVELS],
    ];
    const missing = lists.flatMap(([list, values]) =>
      values.filter((v) => !list || !hasMessage(locale, `${list}.${v}`)).map((v) => `${list}.${v}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('report languages: the model', () => {
  it('translates headings and labels; category words only when asked (PDF), codes otherwise', () => {
    const zh = localizeReport(sampleReport, 'zh', { values: true });
    expect(zh.meta.title).toBe('综合报告');
    expect(zh.sections[1].title).toBe('民生援助项目');
    expect(zh.sections[1].tables[0].title).toBe('按类别统计的预算、承诺与支出');
    expect(zh.sections[1].tables[0].dimensions.map((d) => d.label)).toEqual(['类别', '币种']);
    expect(zh.sections[1].tables[0].rows[0]).toMatchObject({
      category: '电子教育中心',
      currency: 'PKR',
    });
    expect(zh.sections[0].tables[0].rows[1]).toMatchObject({ kind: '友好县', cityA: 'Tashkurgan' });
    const data = localizeReport(sampleReport, 'ur', { values: false });
    expect(data.sections[1].tables[0].rows[0].category).toBe('e_education_center');
    expect(data.sections[1].tables[0].measures[0].label).toBe('بجٹ');
    expect(localizeReport(sampleReport, 'en', { values: false })).toBe(sampleReport);
    expect(
      localizeReport(sampleReport, 'en', { values: true }).sections[1].tables[0].rows[0].category,
    ).toBe('E-education centre');
  });
});

describe('report languages: right-to-left lines', () => {
  it('orders Urdu right to left with Latin words and numbers left to right inside', () => {
    const runs = visualRuns('مدت: 1 جنوری 2026', true);
    // Visual order, left to right: the year, the month, the day, then "مدت:" at the right end.
    expect(runs.map((r) => r.text.trim()).filter(Boolean)).toEqual(['2026', 'جنوری', '1', 'مدت:']);
    expect(runs.filter((r) => r.arabic).map((r) => r.text.trim())).toEqual(['جنوری', 'مدت:']);
    expect(visualRuns('Karamay – Gwadar', true).map((r) => r.text)).toEqual(['Karamay – Gwadar']);
  });
});

describe('report languages: Chinese and Urdu PDFs', () => {
  const out = process.env.REPORT_PDF_OUT;

  it.each([
    [
      'zh',
      [
        '综合报告',
        '民生援助项目',
        '电子教育中心',
        '太阳能照明',
        '友好县',
        'Karamay',
        '1,250,000.00',
      ],
    ],
    ['ur', ['بجٹ', 'زمرہ', 'شمسی', 'روشنی', 'Karamay', '1,250,000.00']],
  ] as const)('%s: the text extracts with the expected words', async (locale, words) => {
    const pdf = await renderPdf(localizeReport(sampleReport, locale, { values: true }), { locale });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (out) fs.writeFileSync(`${out}/report-${locale}.pdf`, pdf);
    const text = (await pdfText(pdf)).normalize('NFKC');
    for (const w of words) expect(text).toContain(w);
    // The fonts that carry the scripts are embedded (subsets), not substituted.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/NotoSansHans/);
    if (locale === 'ur') expect(raw).toMatch(/NotoNaskhArabic/);
  });
});
