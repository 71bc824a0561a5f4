import * as fs from 'fs';
import PDFDocument from 'pdfkit';
import { findTable, Figure, ReportModel, ReportTable } from '../report.model';
import { BarChart, chartHeight, ChartFonts, drawBarChart } from './pdf-chart';
import { groupDigits, isFigure } from './format';

/**
 * Fonts tried in order when REPORT_PDF_FONT is not set. The PDF prints English names only
 * (the `en` of multilingual names), so a Latin font is enough; a CJK/Arabic font can be
 * configured with REPORT_PDF_FONT. Without any of these files, pdfkit's built-in Helvetica is
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
}

/** Characters pdfkit's standard fonts encode (WinAnsi); others become "?". */
const WIN_ANSI =
  /[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g;

function resolveFonts(doc: PDFKit.PDFDocument, options: PdfOptions): ChartFonts {
  const system = options.searchSystemFonts === false ? [] : SYSTEM_FONTS;
  const candidates: [string, string][] = options.fontPath
    ? [[options.fontPath, options.fontPath], ...system]
    : system;
  for (const [regular, bold] of candidates) {
    if (!fs.existsSync(regular)) continue;
    doc.registerFont('sb-regular', regular);
    doc.registerFont('sb-bold', fs.existsSync(bold) ? bold : regular);
    return { regular: 'sb-regular', bold: 'sb-bold', clean: (s) => s };
  }
  return { regular: 'Helvetica', bold: 'Helvetica-Bold', clean: (s) => s.replace(WIN_ANSI, '?') };
}

const CURRENT = '#1F6FB2';
const PREVIOUS = '#A9C4DE';
const SPENT = '#E07B39';
const MARGIN = 40;

const human = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
const countryName = (code: string) => {
  try {
    return `${new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
};

/**
 * PDF: a title page, then per section its tables (figure and previous figure side by side)
 * and bar charts drawn with vector primitives (participants by country; budget vs spent per
 * category; programs per partnership; applications per scheme). A4 landscape.
 */
export function renderPdf(model: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
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
  const fonts = resolveFonts(doc, options);
  const width = doc.page.width - 2 * MARGIN;

  titlePage(doc, model, fonts);
  for (const section of model.sections) {
    doc.addPage();
    doc
      .font(fonts.bold)
      .fontSize(18)
      .fillColor('#0B3D63')
      .text(fonts.clean(section.title), MARGIN, MARGIN);
    doc.moveDown(0.5);
    for (const table of section.tables) {
      drawTable(doc, table, fonts, width);
      for (const chart of chartsFor(model, section.key, table.key)) {
        const h = chartHeight(chart);
        if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
        doc.y = drawBarChart(doc, chart, MARGIN, doc.y + 6, width, fonts) + 8;
      }
    }
  }

  // Footer on every page (margins lifted so the footer does not spill onto a new page).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(fonts.regular)
      .fontSize(7)
      .fillColor('#777777')
      .text(
        fonts.clean(
          `Silkbridge · ${model.meta.title} · ${model.meta.periodStart} to ${model.meta.periodEnd} · page ${i + 1} of ${range.count}`,
        ),
        MARGIN,
        doc.page.height - 25,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function titlePage(doc: PDFKit.PDFDocument, model: ReportModel, fonts: ChartFonts): void {
  const m = model.meta;
  doc.font(fonts.bold).fontSize(30).fillColor('#0B3D63').text('Silkbridge', MARGIN, 120);
  doc
    .font(fonts.regular)
    .fontSize(12)
    .fillColor('#555555')
    .text('China–Pakistan people-to-people exchange');
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(22).fillColor('#111111').text(fonts.clean(m.title));
  doc.moveDown(0.5);
  doc.font(fonts.regular).fontSize(13).fillColor('#222222');
  doc.text(fonts.clean(`Period: ${human(m.periodStart)} – ${human(m.periodEnd)}`));
  doc.text(
    fonts.clean(`Compared with: ${human(m.previousPeriodStart)} – ${human(m.previousPeriodEnd)}`),
  );
  doc.fontSize(10).fillColor('#555555');
  doc.moveDown(0.5);
  doc.text(`Dates are calendar days in ${m.timeZone}. Overdue milestones as of ${m.asOf}.`);
  doc.text(`Generated ${m.generatedAt}`);
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(12).fillColor('#111111').text('Contents');
  doc.font(fonts.regular).fontSize(11);
  for (const s of model.sections) doc.text(fonts.clean(`• ${s.title}`));
}

const fmtFigure = (type: 'count' | 'money', v: number | string) =>
  groupDigits(type === 'money' ? String(v) : String(v));

function drawTable(
  doc: PDFKit.PDFDocument,
  table: ReportTable,
  fonts: ChartFonts,
  width: number,
): void {
  const rowH = 14;
  const headerH = 22;
  // Figures get up to 105pt each (room for "1,234,567,890,123.45"); names take the rest, at least 85pt.
  const nMeasures = table.measures.length * 2;
  const nDims = table.dimensions.length;
  const measureW = nMeasures ? Math.min(105, Math.max(48, (width - nDims * 85) / nMeasures)) : 0;
  const dimW = nDims ? (width - nMeasures * measureW) / nDims : 0;
  const cols = [
    ...table.dimensions.map((d) => ({ label: d.label, w: dimW, align: 'left' as const })),
    ...table.measures.flatMap((mm) => [
      { label: mm.label, w: measureW, align: 'right' as const },
      { label: `${mm.label} (prev.)`, w: measureW, align: 'right' as const },
    ]),
  ];
  const bottom = () => doc.page.height - MARGIN - 10;
  if (doc.y + 18 + headerH + rowH * Math.min(3, table.rows.length + 1) > bottom()) doc.addPage();

  doc
    .font(fonts.bold)
    .fontSize(11)
    .fillColor('#0B3D63')
    .text(fonts.clean(table.title), MARGIN, doc.y + 4, { width, lineBreak: false });
  let y = doc.y + 4;

  const header = () => {
    doc.rect(MARGIN, y, width, headerH).fill('#E8EEF4');
    let x = MARGIN;
    doc.font(fonts.bold).fontSize(7.5).fillColor('#111111');
    for (const c of cols) {
      doc.text(fonts.clean(c.label), x + 3, y + 3, {
        width: c.w - 6,
        height: headerH - 4,
        align: c.align,
        ellipsis: true,
      });
      x += c.w;
    }
    y += headerH;
  };
  header();
  doc.font(fonts.regular).fontSize(8);
  if (table.rows.length === 0) {
    doc
      .fillColor('#777777')
      .text('No data for these periods.', MARGIN + 3, y + 3, { lineBreak: false });
    doc.y = y + rowH + 6;
    doc.x = MARGIN;
    return;
  }
  table.rows.forEach((row, i) => {
    if (y + rowH > bottom()) {
      doc.addPage();
      y = MARGIN;
      header();
      doc.font(fonts.regular).fontSize(8);
    }
    if (i % 2 === 1) doc.rect(MARGIN, y, width, rowH).fill('#F6F8FA');
    let x = MARGIN;
    doc.fillColor('#222222');
    const cells: string[] = [
      ...table.dimensions.map((d) => (row[d.key] as string | null) ?? '—'),
      ...table.measures.flatMap((mm) => {
        const f = row[mm.key];
        return isFigure(f)
          ? [fmtFigure(mm.type, (f as Figure).current), fmtFigure(mm.type, (f as Figure).previous)]
          : ['', ''];
      }),
    ];
    cells.forEach((text, j) => {
      doc.text(fonts.clean(text), x + 3, y + 3, {
        width: cols[j].w - 6,
        height: rowH - 2,
        align: cols[j].align,
        lineBreak: false,
        ellipsis: true,
      });
      x += cols[j].w;
    });
    y += rowH;
  });
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .lineWidth(0.5)
    .strokeColor('#BBBBBB')
    .stroke();
  doc.y = y + 10;
  doc.x = MARGIN;
}

const numberOf = (f: unknown, which: 'current' | 'previous') =>
  isFigure(f as never) ? Number((f as Figure)[which]) : 0;

/** The charts printed after a given table. */
function chartsFor(model: ReportModel, section: string, table: string): BarChart[] {
  const t = findTable(model, section, table);
  if (!t || t.rows.length === 0) return [];
  const both = (measure: string) => [
    {
      label: `${model.meta.periodStart} to ${model.meta.periodEnd}`,
      color: CURRENT,
      values: t.rows.map((r) => numberOf(r[measure], 'current')),
    },
    {
      label: `Previous period (${model.meta.previousPeriodStart} to ${model.meta.previousPeriodEnd})`,
      color: PREVIOUS,
      values: t.rows.map((r) => numberOf(r[measure], 'previous')),
    },
  ];
  const key = `${section}.${table}`;
  if (key === 'participants.byCountry') {
    const rows = t.rows.slice(0, 15);
    return [
      {
        title: 'Participants by country',
        categories: rows.map((r) => countryName(String(r.country))),
        series: both('participants').map((s) => ({ ...s, values: s.values.slice(0, 15) })),
        valueLabel: 'Confirmed participants (registrations in programs held)',
      },
    ];
  }
  if (key === 'partnerships.activities') {
    const rows = t.rows.slice(0, 15);
    return [
      {
        title: 'Programs held per partnership',
        categories: rows.map((r) => `${r.cityA} – ${r.cityB}`),
        series: both('programs').map((s) => ({ ...s, values: s.values.slice(0, 15) })),
        valueLabel: 'Programs held',
      },
    ];
  }
  if (key === 'scholarships.byScheme') {
    return [
      {
        title: 'Applications submitted by scheme',
        categories: t.rows.map((r) => String(r.scheme)),
        series: both('submitted'),
        valueLabel: 'Applications submitted',
      },
    ];
  }
  if (key === 'programs.byType') {
    return [
      {
        title: 'Programs held by type',
        categories: t.rows.map((r) => String(r.type)),
        series: both('programs'),
        valueLabel: 'Programs held',
      },
    ];
  }
  if (key === 'aidProjects.byCategory') {
    const currencies = [...new Set(t.rows.map((r) => String(r.currency)))].slice(0, 4);
    return currencies.flatMap((currency) => {
      const rows = t.rows.filter((r) => r.currency === currency);
      if (
        rows.every((r) => numberOf(r.budget, 'current') === 0 && numberOf(r.spent, 'current') === 0)
      )
        return [];
      return {
        title: `Budget vs spent by category (${currency})`,
        categories: rows.map((r) => String(r.category).replace(/_/g, ' ')),
        series: [
          {
            label: 'Budget of active projects',
            color: CURRENT,
            values: rows.map((r) => numberOf(r.budget, 'current')),
          },
          {
            label: 'Spent in period',
            color: SPENT,
            values: rows.map((r) => numberOf(r.spent, 'current')),
          },
        ],
        valueLabel: `Amount (${currency})`,
        money: true,
      };
    });
  }
  return [];
}
