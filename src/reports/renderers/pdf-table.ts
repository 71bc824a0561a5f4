import type { Translate } from '../../common/i18n';
import type { ReportRow, ReportTable } from '../report.model';
import { groupDigits, isFigure } from './format';
import { PdfTypeface, widestWord, wrapLines } from './pdf-text';

/** Body font sizes tried in turn until every figure of a table fits whole. */
export const FONT_STEPS = [8, 7.5, 7, 6.5, 6];
const PAD = 3;
/** The narrowest a name column is made while figures need the room; its text wraps. */
const MIN_TEXT_W = 64;
/** Line height per point of font size; Naskh's tall letters and marks need more. */
const LINE = { ltr: 1.3, rtl: 1.75 };

export interface TablePen {
  fonts: PdfTypeface;
  t: Translate;
}

/** Column widths in logical order (dimensions, then each measure's current and previous). */
export interface TableLayout {
  fontSize: number;
  widths: number[];
}

/** The printed cells of a row in logical order; figures whole, with thousands separators. */
export function cellTexts(table: ReportTable, row: ReportRow): string[] {
  return [
    ...table.dimensions.map((d) => (row[d.key] as string | null) ?? '—'),
    ...table.measures.flatMap((m) => {
      const f = row[m.key];
      return isFigure(f) ? [groupDigits(f.current), groupDigits(f.previous)] : ['', ''];
    }),
  ];
}

const headerLabels = (table: ReportTable, t: Translate) => [
  ...table.dimensions.map((d) => d.label),
  ...table.measures.flatMap((m) => [m.label, t('report.previous', { label: m.label })]),
];

/**
 * Column widths for `table` in `width` points. Figure columns are as wide as their widest
 * figure (never cut) and their header's longest word; name columns share the rest, wrapping
 * their text when it is longer. The first font size of {@link FONT_STEPS} where that fits wins;
 * `null` when no size does (the caller splits the measures over several tables).
 */
export function layoutTable(
  doc: PDFKit.PDFDocument,
  table: ReportTable,
  pen: TablePen,
  width: number,
): TableLayout | null {
  const { fonts } = pen;
  const labels = headerLabels(table, pen.t);
  const cells = table.rows.map((r) => cellTexts(table, r));
  const nDims = table.dimensions.length;
  for (const fontSize of FONT_STEPS) {
    const bold = (s: string) => fonts.width(doc.font(fonts.bold).fontSize(fontSize), s);
    const regular = (s: string) => fonts.width(doc.font(fonts.regular).fontSize(fontSize), s);
    const content = labels.map((_, j) => Math.max(0, ...cells.map((c) => regular(c[j]))));
    const room = (w: number) => Math.ceil(w + 2 * PAD + 1);
    // A name column would like its longest name on one line, and gets at least MIN_TEXT_W. A
    // figure column needs its widest figure, its header's longest word and a third of the
    // header (so a Chinese header, which breaks anywhere, takes at most about three lines);
    // it would like its header on one line.
    const natural = labels.map((label, j) =>
      room(Math.max(content[j], j < nDims ? widestWord(label, bold) : bold(label))),
    );
    const least = labels.map((label, j) =>
      j < nDims
        ? Math.min(natural[j], MIN_TEXT_W)
        : room(Math.max(content[j], widestWord(label, bold), bold(label) / 3)),
    );
    const needed = least.reduce((a, b) => a + b, 0);
    if (needed > width) continue;
    return { fontSize, widths: share(natural, least, width) };
  }
  return null;
}

/**
 * Grows each column from `least` towards `natural`, the columns that want least first (so a
 * short name gets its line before a long one takes the rest), then spreads what is left over
 * every column in proportion to its width.
 */
function share(natural: number[], least: number[], width: number): number[] {
  const widths = [...least];
  let spare = width - least.reduce((a, b) => a + b, 0);
  const growth = natural.map((w, j) => Math.max(0, w - least[j]));
  const order = growth.map((_, j) => j).sort((a, b) => growth[a] - growth[b]);
  order.forEach((j, k) => {
    const give = Math.min(growth[j], spare / (order.length - k));
    widths[j] += give;
    spare -= give;
  });
  const total = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => w + (spare * w) / total);
}

/**
 * Splits the measures of a table too wide for the page into runs that fit, each run printed
 * as its own table with the same name columns.
 */
function splitMeasures(
  doc: PDFKit.PDFDocument,
  table: ReportTable,
  pen: TablePen,
  width: number,
): ReportTable[] {
  const parts: ReportTable[] = [];
  let rest = table.measures;
  while (rest.length) {
    let n = rest.length;
    while (n > 1 && !layoutTable(doc, { ...table, measures: rest.slice(0, n) }, pen, width)) n--;
    parts.push({
      ...table,
      title: parts.length ? pen.t('report.continued', { title: table.title }) : table.title,
      measures: rest.slice(0, n),
    });
    rest = rest.slice(n);
  }
  return parts;
}

/**
 * Draws a table at the document's y from `x`, `width` wide: its title, a header row (repeated
 * after each page break) and the rows, names wrapped onto as many lines as they need. Right to
 * left (Urdu) the first column is the rightmost. Leaves the document's y below the table.
 */
export function drawTable(
  doc: PDFKit.PDFDocument,
  table: ReportTable,
  pen: TablePen,
  x: number,
  width: number,
  bottom: () => number,
): void {
  const layout = layoutTable(doc, table, pen, width);
  if (!layout) {
    const parts = splitMeasures(doc, table, pen, width);
    if (parts.length > 1) {
      for (const part of parts) drawTable(doc, part, pen, x, width, bottom);
      return;
    }
  }
  const { fonts, t } = pen;
  // One measure alone too wide for the page cannot happen with A4 and five name columns; if it
  // ever did, the smallest size is used and the name columns share what is left.
  const fontSize = layout?.fontSize ?? FONT_STEPS[FONT_STEPS.length - 1];
  const widths = layout?.widths ?? fallbackWidths(doc, table, pen, width, fontSize);
  const lineH = fontSize * (fonts.rtl ? LINE.rtl : LINE.ltr);
  const nDims = table.dimensions.length;
  const textAlign = fonts.rtl ? ('right' as const) : ('left' as const);
  const alignOf = (j: number) => (j < nDims ? textAlign : ('right' as const));
  const order = <T>(xs: T[]) => (fonts.rtl ? [...xs].reverse() : xs);
  const lefts = (() => {
    const out: number[] = [];
    let cx = x;
    for (const w of order(widths)) {
      out.push(cx);
      cx += w;
    }
    // Back to logical order, so column j's left edge is lefts[j].
    return fonts.rtl ? out.reverse() : out;
  })();

  const wrapAll = (texts: string[], font: string, only: (j: number) => boolean) => {
    doc.font(font).fontSize(fontSize);
    return texts.map((s, j) =>
      only(j) ? wrapLines(s, widths[j] - 2 * PAD, (v) => fonts.width(doc, v)) : [s],
    );
  };
  const header = wrapAll(headerLabels(table, t), fonts.bold, () => true);
  const headerH = Math.max(...header.map((l) => l.length)) * lineH + 2 * PAD;
  const rows = table.rows.map((r) => wrapAll(cellTexts(table, r), fonts.regular, (j) => j < nDims));
  const heightOf = (cells: string[][]) => Math.max(...cells.map((l) => l.length)) * lineH + PAD;

  const printCells = (cells: string[][], top: number) =>
    cells.forEach((lines, j) =>
      lines.forEach((line, i) =>
        fonts.text(doc, line, lefts[j] + PAD, top + PAD + i * lineH, {
          width: widths[j] - 2 * PAD,
          align: alignOf(j),
          lineBreak: false,
        }),
      ),
    );

  const firstRowH = rows.length ? heightOf(rows[0]) : lineH + PAD;
  if (doc.y + 18 + headerH + firstRowH > bottom()) doc.addPage();
  doc.font(fonts.bold).fontSize(11).fillColor('#0B3D63');
  fonts.text(doc, table.title, x, doc.y + 4, { width, lineBreak: false, align: textAlign });
  let y = doc.y + 4;

  const printHeader = () => {
    doc.rect(x, y, width, headerH).fill('#E8EEF4');
    doc.font(fonts.bold).fontSize(fontSize).fillColor('#111111');
    printCells(header, y);
    y += headerH;
  };
  printHeader();
  if (rows.length === 0) {
    doc.font(fonts.regular).fontSize(fontSize).fillColor('#777777');
    fonts.text(doc, t('report.noData'), x + PAD, y + PAD, {
      width: width - 2 * PAD,
      align: textAlign,
      lineBreak: false,
    });
    doc.y = y + lineH + PAD + 6;
    doc.x = x;
    return;
  }
  rows.forEach((cells, i) => {
    const rowH = heightOf(cells);
    if (y + rowH > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      printHeader();
    }
    if (i % 2 === 1) doc.rect(x, y, width, rowH).fill('#F6F8FA');
    doc.font(fonts.regular).fontSize(fontSize).fillColor('#222222');
    printCells(cells, y);
    y += rowH;
  });
  doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(0.5)
    .strokeColor('#BBBBBB')
    .stroke();
  doc.y = y + 10;
  doc.x = x;
}

function fallbackWidths(
  doc: PDFKit.PDFDocument,
  table: ReportTable,
  pen: TablePen,
  width: number,
  fontSize: number,
): number[] {
  const { fonts } = pen;
  doc.font(fonts.regular).fontSize(fontSize);
  const nDims = table.dimensions.length;
  const cells = table.rows.map((r) => cellTexts(table, r));
  const figures = table.measures.flatMap((_, i) => [nDims + 2 * i, nDims + 2 * i + 1]);
  const figureW = figures.map(
    (j) => Math.max(0, ...cells.map((c) => fonts.width(doc, c[j]))) + 2 * PAD + 1,
  );
  const left = Math.max(0, width - figureW.reduce((a, b) => a + b, 0));
  return [...table.dimensions.map(() => left / Math.max(1, nDims)), ...figureW];
}
