import { groupDigits } from './format';
import { PdfTypeface, wrapLines } from './pdf-text';

export interface BarSeries {
  label: string;
  color: string;
  values: number[];
}

/** A horizontal grouped bar chart: one group of bars per category, one bar per series. */
export interface BarChart {
  title: string;
  categories: string[];
  series: BarSeries[];
  /** Axis title under the value axis, e.g. "Confirmed participants" or "Amount (USD)". */
  valueLabel: string;
  /** Print values with two decimals. */
  money?: boolean;
}

/** The fonts and the line printer of the report's language (right to left for Urdu). */
export type ChartFonts = PdfTypeface;

const BAR = 9;
const GROUP_GAP = 7;
const LABEL_W = 170;

/**
 * A "nice" axis: maximum and step from 1, 2 or 5 × 10^n, about five ticks. Counts (`integers`)
 * never get fractional steps, which would print as repeated labels (0 0 0 1 1 1).
 */
export function niceAxis(max: number, integers = false): { max: number; step: number } {
  if (!(max > 0)) return integers ? { max: 1, step: 1 } : { max: 1, step: 0.2 };
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const multiples = integers ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = multiples.map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  if (integers) step = Math.max(1, step);
  return { max: Math.ceil(max / step) * step, step };
}

/** The category labels, each wrapped onto as many lines as it needs beside its bars. */
function labelLines(doc: PDFKit.PDFDocument, chart: BarChart, fonts: ChartFonts): string[][] {
  doc.font(fonts.regular).fontSize(8);
  return chart.categories.map((c) => wrapLines(c, LABEL_W - 8, (s) => fonts.width(doc, s)));
}

/** Line height of the category labels; Naskh's tall letters need more. */
const labelLine = (fonts: ChartFonts) => (fonts.rtl ? 12 : 10);

/** Height of each category's group: its bars, or its label when that is taller. */
function groupHeights(chart: BarChart, lines: string[][], fonts: ChartFonts): number[] {
  return lines.map(
    (l) => Math.max(chart.series.length * BAR, l.length * labelLine(fonts)) + GROUP_GAP,
  );
}

/** Height the chart needs, so the caller can break the page first. */
export function chartHeight(doc: PDFKit.PDFDocument, chart: BarChart, fonts: ChartFonts): number {
  const groups = groupHeights(chart, labelLines(doc, chart, fonts), fonts);
  return 40 + groups.reduce((a, b) => a + b, 0) + 45;
}

/**
 * The chart cut into parts no taller than `maxHeight` (a page), by category, each with every
 * series and the same axis title; the first part keeps the chart as it is.
 */
export function splitChart(
  doc: PDFKit.PDFDocument,
  chart: BarChart,
  fonts: ChartFonts,
  maxHeight: number,
): BarChart[] {
  const groups = groupHeights(chart, labelLines(doc, chart, fonts), fonts);
  const room = maxHeight - 85;
  const parts: BarChart[] = [];
  let from = 0;
  while (from < groups.length) {
    let to = from + 1;
    let used = groups[from];
    while (to < groups.length && used + groups[to] <= room) used += groups[to++];
    parts.push({
      ...chart,
      categories: chart.categories.slice(from, to),
      series: chart.series.map((s) => ({ ...s, values: s.values.slice(from, to) })),
    });
    from = to;
  }
  return parts;
}

/**
 * Draws the chart with pdfkit vector primitives (rectangles and lines) at (x, y) with the given
 * width; returns the y below it. Category labels on the left, value axis with ticks and an axis
 * title at the bottom, a legend at the top, each bar labelled with its value.
 */
export function drawBarChart(
  doc: PDFKit.PDFDocument,
  chart: BarChart,
  x: number,
  y: number,
  width: number,
  fonts: ChartFonts,
): number {
  const fmt = (v: number) => (chart.money ? groupDigits(v.toFixed(2)) : groupDigits(Math.round(v)));
  doc.font(fonts.bold).fontSize(11).fillColor('#111111');
  fonts.text(doc, chart.title, x, y, {
    width,
    lineBreak: false,
    align: fonts.rtl ? 'right' : 'left',
  });
  let top = y + 18;

  // Legend.
  let lx = x + LABEL_W;
  doc.font(fonts.regular).fontSize(8);
  for (const s of chart.series) {
    doc.rect(lx, top + 1, 8, 8).fill(s.color);
    const labelW = fonts.width(doc, s.label);
    doc.fillColor('#333333');
    fonts.text(doc, s.label, lx + 11, top + 1, {
      lineBreak: false,
      width: labelW + 1,
      align: 'left',
    });
    lx += 11 + labelW + 18;
  }
  top += 18;

  const plotX = x + LABEL_W;
  const plotW = width - LABEL_W - 60;
  const lines = labelLines(doc, chart, fonts);
  const groups = groupHeights(chart, lines, fonts);
  const groupTops = groups.map((_, i) => groups.slice(0, i).reduce((a, b) => a + b, 0));
  const plotH = groups.reduce((a, b) => a + b, 0);
  const values = chart.series.flatMap((s) => s.values);
  const axis = niceAxis(Math.max(0, ...values), !chart.money && values.every(Number.isInteger));
  const scale = (v: number) => (Math.max(0, v) / axis.max) * plotW;

  // Grid lines and tick labels.
  doc.lineWidth(0.5);
  for (let t = 0; t <= axis.max + axis.step / 1000; t += axis.step) {
    const gx = plotX + scale(t);
    doc
      .moveTo(gx, top)
      .lineTo(gx, top + plotH)
      .strokeColor('#DDDDDD')
      .stroke();
    doc
      .fillColor('#444444')
      .fontSize(7)
      .text(fmt(t), gx - 30, top + plotH + 4, { width: 60, align: 'center', lineBreak: false });
  }

  // Bars, category labels and value labels.
  chart.categories.forEach((_, i) => {
    const barsH = chart.series.length * BAR;
    const gy = top + groupTops[i] + (groups[i] - barsH) / 2;
    doc.font(fonts.regular).fillColor('#222222').fontSize(8);
    const line = labelLine(fonts);
    const labelTop = gy + barsH / 2 - (lines[i].length * line) / 2;
    lines[i].forEach((text, k) =>
      fonts.text(doc, text, x, labelTop + k * line + 1, {
        width: LABEL_W - 8,
        align: 'right',
        lineBreak: false,
      }),
    );
    chart.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const by = gy + j * BAR;
      const w = scale(v);
      if (w > 0) doc.rect(plotX, by, w, BAR - 1).fill(s.color);
      doc
        .fillColor('#333333')
        .fontSize(6.5)
        .text(fmt(v), plotX + w + 3, by + 1, { lineBreak: false });
    });
  });

  // Axes.
  doc.lineWidth(1).strokeColor('#333333');
  doc
    .moveTo(plotX, top)
    .lineTo(plotX, top + plotH)
    .stroke();
  doc
    .moveTo(plotX, top + plotH)
    .lineTo(plotX + plotW, top + plotH)
    .stroke();
  doc.fillColor('#222222').font(fonts.bold).fontSize(8);
  fonts.text(doc, chart.valueLabel, plotX, top + plotH + 16, {
    width: plotW,
    align: 'center',
    lineBreak: false,
  });
  doc.font(fonts.regular);
  return top + plotH + 34;
}
