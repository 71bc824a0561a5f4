import * as fs from 'fs';
import PDFDocument from 'pdfkit';
import { DEFAULT_LOCALE, INTL_LOCALE, Locale, translator, Translate } from '../../common/i18n';
import type { ReportModel } from '../report.model';
import { chartHeight, ChartFonts, drawBarChart, splitChart } from './pdf-chart';
import { chartsFor } from './report-charts';
import { localizeReport } from '../report-i18n';
import { human, readerDate } from './format';
import { drawTable } from './pdf-table';
import { bundledTypeface, PdfTypeface, plainTypeface } from './pdf-text';

/**
 * Fonts tried in order for English reports when REPORT_PDF_FONT is not set. An English PDF prints
 * English names only (the `en` of multilingual names), so a Latin font is enough; Chinese and
 * Urdu reports use the Noto fonts shipped as npm packages (./pdf-text.ts). Without any of these files, pdfkit's built-in Helvetica is
 * used and characters it cannot encode are printed as "?".
 */
const SYSTEM_FONTS: [string, string][] = [
  [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
  [
    '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
    '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf',
  ],
  [
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  ],
];

export interface PdfOptions {
  /** Path of a TTF/OTF font to embed (REPORT_PDF_FONT). */
  fontPath?: string;
  /** Look for a system font when fontPath is unset or missing (default true). */
  searchSystemFonts?: boolean;
  /** The report's language: headings, labels and dates (default English). */
  locale?: Locale;
}

/** Characters pdfkit's standard fonts encode (WinAnsi); others become "?". */
const WIN_ANSI =
  /[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g;

function resolveFonts(doc: PDFKit.PDFDocument, options: PdfOptions): PdfTypeface {
  const locale = options.locale ?? DEFAULT_LOCALE;
  if (locale !== 'en') return bundledTypeface(doc, locale);
  const system = options.searchSystemFonts === false ? [] : SYSTEM_FONTS;
  const candidates: [string, string][] = options.fontPath
    ? [[options.fontPath, options.fontPath], ...system]
    : system;
  for (const [regular, bold] of candidates) {
    if (!fs.existsSync(regular)) continue;
    doc.registerFont('sb-regular', regular);
    doc.registerFont('sb-bold', fs.existsSync(bold) ? bold : regular);
    return plainTypeface('sb-regular', 'sb-bold', (s) => s);
  }
  return plainTypeface('Helvetica', 'Helvetica-Bold', (s) => s.replace(WIN_ANSI, '?'));
}

const MARGIN = 40;

const readerInstant = (iso: string, locale: Locale, zone: string) =>
  locale === 'en'
    ? iso
    : new Date(iso).toLocaleString(INTL_LOCALE[locale], {
        dateStyle: 'medium',
        timeStyle: 'short',
        hourCycle: 'h23',
        timeZone: zone,
      });

/** What the drawing functions share: the document, its typeface and the report's language. */
interface Pen {
  fonts: ChartFonts;
  locale: Locale;
  t: Translate;
}

/**
 * PDF: a title page, then per section its tables (figure and previous figure side by side)
 * and bar charts drawn with vector primitives (participants by country; budget vs spent per
 * category; programs per partnership; applications per scheme). A4 landscape. Headings, labels
 * and codes (`sister_county`, `e_education_center`, `PK`) are printed as words of
 * `options.locale` (./report-i18n.ts), whatever language the model comes in; the words the
 * renderer adds come from the same catalogue. Urdu reads right to left: text right-aligned,
 * table columns mirrored.
 */
export function renderPdf(input: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const model = localizeReport(input, locale, { values: true });
  const t = translator(locale);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    lang: INTL_LOCALE[locale],
    info: {
      Title: `Silkbridge ${model.meta.title} ${model.meta.periodStart} to ${model.meta.periodEnd}`,
      Author: 'Silkbridge',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pen: Pen = { fonts: resolveFonts(doc, options), locale, t };
  const { fonts } = pen;
  const width = doc.page.width - 2 * MARGIN;
  const start = fonts.rtl ? 'right' : 'left';
  const bottom = () => doc.page.height - MARGIN - 10;

  titlePage(doc, model, pen);
  for (const section of model.sections) {
    doc.addPage();
    doc.font(fonts.bold).fontSize(18).fillColor('#0B3D63');
    fonts.text(doc, section.title, MARGIN, MARGIN, { width, align: start });
    doc.moveDown(0.5);
    for (const table of section.tables) {
      drawTable(doc, table, pen, MARGIN, width, bottom);
      for (const chart of chartsFor(model, section.key, table.key, locale)) {
        // A chart taller than a page goes on over the next pages, each part with its own axis.
        const parts = splitChart(doc, chart, fonts, bottom() - MARGIN);
        parts.forEach((part, i) => {
          const title = i ? t('report.continued', { title: chart.title }) : chart.title;
          const h = chartHeight(doc, part, fonts);
          if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
          doc.y = drawBarChart(doc, { ...part, title }, MARGIN, doc.y + 6, width, fonts) + 8;
        });
      }
    }
  }

  // Footer on every page (margins lifted so the footer does not spill onto a new page).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(fonts.regular).fontSize(7).fillColor('#777777');
    fonts.text(
      doc,
      t('report.footer', {
        title: model.meta.title,
        start: readerDate(model.meta.periodStart, locale),
        end: readerDate(model.meta.periodEnd, locale),
        page: i + 1,
        pages: range.count,
      }),
      MARGIN,
      doc.page.height - 25,
      { width, align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function titlePage(doc: PDFKit.PDFDocument, model: ReportModel, pen: Pen): void {
  const { fonts, locale, t } = pen;
  const m = model.meta;
  const width = doc.page.width - 2 * MARGIN;
  const line = (s: string) =>
    fonts.text(doc, s, MARGIN, undefined, { width, align: fonts.rtl ? 'right' : 'left' });
  doc.font(fonts.bold).fontSize(30).fillColor('#0B3D63');
  fonts.text(doc, t('report.brand'), MARGIN, 120, { width, align: fonts.rtl ? 'right' : 'left' });
  doc.font(fonts.regular).fontSize(12).fillColor('#555555');
  line(t('report.tagline'));
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(22).fillColor('#111111');
  line(m.title);
  doc.moveDown(0.5);
  doc.font(fonts.regular).fontSize(13).fillColor('#222222');
  line(
    t('report.period', { start: human(m.periodStart, locale), end: human(m.periodEnd, locale) }),
  );
  line(
    t('report.comparedWith', {
      start: human(m.previousPeriodStart, locale),
      end: human(m.previousPeriodEnd, locale),
    }),
  );
  doc.fontSize(10).fillColor('#555555');
  doc.moveDown(0.5);
  line(t('report.zoneNote', { zone: m.timeZone, asOf: readerDate(m.asOf, locale) }));
  line(t('report.generated', { at: readerInstant(m.generatedAt, locale, m.timeZone) }));
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(12).fillColor('#111111');
  line(t('report.contents'));
  doc.font(fonts.regular).fontSize(11);
  for (const s of model.sections) line(`• ${s.title}`);
}
