import ExcelJS from 'exceljs';
import { DEFAULT_LOCALE, hasMessage, Locale, translate } from '../../common/i18n';
import { localizeReport } from '../report-i18n';
import type { ReportModel, ReportSection, ReportTable } from '../report.model';
import { ChartPicture, chartPng } from './chart-png';
import { groupDigits, isFigure } from './format';
import { chartsFor } from './report-charts';

const MONEY_FMT = '#,##0.00';
const COUNT_FMT = '#,##0';
const DATE_FMT = 'yyyy-mm-dd';
/** Column widths, in Excel's units (about one digit each). */
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** A sheet wider than this (in width units) prints landscape. */
const PORTRAIT_WIDTH = 90;

export interface XlsxOptions {
  /** The report's language: sheet names and the few words the renderer adds. */
  locale?: Locale;
}

/** A calendar date as an Excel date (UTC midnight, so no zone shifts the day). */
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
export function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** How many width units a text takes: Chinese characters are about two digits wide. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** Text in an Excel header or footer, where `&` starts a code. */
const headerText = (s: string) => s.replace(/&/g, '&&');

/**
 * A cover sheet, a sheet of chart pictures (the PDF's bar charts, when they can be drawn
 * here: ./chart-png.ts), then one sheet per table: its title in row 1, the header in row 2 (wrapped,
 * frozen, repeated on every printed page, with a filter), the rows below. Counts and money are
 * typed numbers (money with a 2-decimal format; the exact strings are in the JSON format),
 * dates are typed dates, categories keep their codes. Columns are as wide as their longest
 * value and their header's longest word; pages are A4, fitted to the width, landscape when
 * wide, with the report's title in the page header and page numbers in the footer.
 */
export async function renderXlsx(model: ReportModel, options: XlsxOptions = {}): Promise<Buffer> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Silkbridge';
  wb.created = new Date(model.meta.generatedAt);
  const taken = new Set<string>();

  const label = (key: string) => translate(locale, `report.cover.${key}`);
  const cover = wb.addWorksheet(sheetName(label('sheet'), taken));
  const m = model.meta;
  cover.addRow([`${translate(locale, 'report.brand')} — ${m.title}`]).font = {
    bold: true,
    size: 14,
  };
  const kindKey = `report.kinds.${m.kind}`;
  const meta: [string, unknown, string?][] = [
    [label('kind'), hasMessage(locale, kindKey) ? translate(locale, kindKey) : m.kind],
    [label('periodStart'), asDate(m.periodStart), DATE_FMT],
    [label('periodEnd'), asDate(m.periodEnd), DATE_FMT],
    [label('previousStart'), asDate(m.previousPeriodStart), DATE_FMT],
    [label('previousEnd'), asDate(m.previousPeriodEnd), DATE_FMT],
    [label('timeZone'), m.timeZone],
    [label('asOf'), asDate(m.asOf), DATE_FMT],
    [label('generatedUtc'), new Date(m.generatedAt), 'yyyy-mm-dd hh:mm:ss'],
  ];
  for (const [text, value, numFmt] of meta) {
    const row = cover.addRow([text, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt && value instanceof Date) row.getCell(2).numFmt = numFmt;
  }
  cover.addRow([]);
  cover.addRow([label('sections')]).font = { bold: true };
  const contents: [ReportSection, ReportTable, string][] = [];
  for (const section of model.sections)
    for (const table of section.tables)
      contents.push([section, table, sheetName(shortTitle(section, table, locale), taken)]);
  for (const section of model.sections) {
    cover.addRow([section.title]).font = { bold: true };
    for (const [, table, name] of contents.filter(([s]) => s === section)) {
      // An internal link to the table's sheet.
      const row = cover.addRow([
        { text: `  ${table.title}`, hyperlink: `#'${name.replace(/'/g, "''")}'!A1` },
      ]);
      row.getCell(1).font = { color: { argb: 'FF1F6FB2' }, underline: true };
    }
  }
  cover.getColumn(1).width = 26;
  cover.getColumn(2).width = 22;
  printSetup(cover, m, false, locale);

  const pictures = await chartPictures(model, locale);
  if (pictures.length) {
    const charts = wb.addWorksheet(sheetName(translate(locale, 'report.chartsSheet'), taken));
    let row = 0;
    for (const p of pictures) {
      const image = wb.addImage({ buffer: p.png as never, extension: 'png' });
      charts.addImage(image, { tl: { col: 0, row }, ext: { width: p.width, height: p.height } });
      // Rows are 20 px high by default; a blank row between pictures.
      row += Math.ceil(p.height / 20) + 1;
    }
    printSetup(charts, m, false, locale);
    charts.pageSetup.orientation = 'landscape';
  }

  for (const [, table, name] of contents) {
    const ws = wb.addWorksheet(name, {
      views: [
        {
          state: 'frozen',
          xSplit: table.dimensions.length,
          ySplit: 2,
          rightToLeft: locale === 'ur',
        },
      ],
    });
    writeTable(ws, table, locale);
    printSetup(ws, m, true, locale);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The charts of the PDF as pictures, categories in words (a picture is read, not filtered).
 * None when no PNG can be drawn here (./chart-png.ts).
 */
async function chartPictures(model: ReportModel, locale: Locale): Promise<ChartPicture[]> {
  const worded = localizeReport(model, locale, { values: true });
  const out: ChartPicture[] = [];
  for (const section of worded.sections)
    for (const table of section.tables)
      for (const chart of chartsFor(worded, section.key, table.key, locale)) {
        const picture = await chartPng(chart, locale === 'ur');
        if (!picture) return [];
        out.push(picture);
      }
  return out;
}

/** The sheet name of a table: a short form from the catalogue where the title is too long. */
function shortTitle(section: ReportSection, table: ReportTable, locale: Locale): string {
  const key = `report.sheets.${section.key}.${table.key}`;
  return hasMessage(locale, key) ? translate(locale, key) : table.title;
}

function printSetup(
  ws: ExcelJS.Worksheet,
  m: ReportModel['meta'],
  titled: boolean,
  locale: Locale,
): void {
  let width = 0;
  ws.columns.forEach((c) => (width += c.width ?? MIN_WIDTH));
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: width > PORTRAIT_WIDTH ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages down as needed
    horizontalCentered: false,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    ...(titled ? { printTitlesRow: '1:2' } : {}),
  };
  const title = headerText(`${translate(locale, 'report.brand')} — ${m.title}`);
  const period = headerText(`${m.periodStart} – ${m.periodEnd}`);
  ws.headerFooter = {
    oddHeader: `&L&B${title}&B&R${period}`,
    oddFooter: `&L${headerText(ws.name)}&R&P / &N`,
  };
}

function writeTable(ws: ExcelJS.Worksheet, table: ReportTable, locale: Locale): void {
  ws.addRow([table.title]).font = { bold: true, size: 12 };
  const header = [
    ...table.dimensions.map((d) => d.label),
    ...table.measures.flatMap((mm) => [
      mm.label,
      translate(locale, 'report.cover.previousColumn', { label: mm.label }),
    ]),
  ];
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.alignment = { wrapText: true, vertical: 'top' };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
  });
  // Longest printed value per column, in width units, starting from the header's longest word
  // (the header wraps, so a word is what it must fit) or half the header, whichever is more.
  const widths = header.map((label) =>
    Math.max(...label.split(/\s+/).map(displayWidth), Math.ceil(displayWidth(label) / 2)),
  );
  const grow = (col: number, text: string) =>
    (widths[col] = Math.max(widths[col], displayWidth(text)));
  if (table.rows.length === 0) {
    ws.addRow([translate(locale, 'report.noData')]).font = { italic: true };
  }
  for (const r of table.rows) {
    const values: unknown[] = table.dimensions.map((d, i) => {
      const v = r[d.key] as string | null;
      if (v !== null) grow(i, v);
      return v === null ? null : d.type === 'date' ? asDate(v) : v;
    });
    table.measures.forEach((mm, i) => {
      const f = r[mm.key];
      if (!isFigure(f)) return values.push(null, null);
      const col = table.dimensions.length + 2 * i;
      // As Excel prints them: thousands separators, and two decimals for money.
      const shown = (v: number | string) =>
        groupDigits(mm.type === 'money' ? Number(v).toFixed(2) : String(v));
      grow(col, shown(f.current));
      grow(col + 1, shown(f.previous));
      values.push(Number(f.current), Number(f.previous));
    });
    const row = ws.addRow(values);
    table.dimensions.forEach((d, i) => {
      if (d.type === 'date') row.getCell(i + 1).numFmt = DATE_FMT;
    });
    table.measures.forEach((mm, i) => {
      const col = table.dimensions.length + 2 * i + 1;
      const fmt = mm.type === 'money' ? MONEY_FMT : COUNT_FMT;
      row.getCell(col).numFmt = fmt;
      row.getCell(col + 1).numFmt = fmt;
    });
  }
  table.dimensions.forEach((d, i) => {
    if (d.type === 'date') widths[i] = Math.max(widths[i], 10);
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
  // Long names wrap in their (capped) column rather than run into the next one.
  table.dimensions.forEach((_, i) => {
    ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  ws.getCell(1, 1).alignment = { wrapText: false };
  if (header.length)
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: header.length } };
}
