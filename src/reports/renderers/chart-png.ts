import type * as Canvas from '@napi-rs/canvas';
import { groupDigits } from './format';
import { BarChart, niceAxis } from './pdf-chart';
import { BUNDLED_FONTS, wrapLines } from './pdf-text';

/** Chart size in CSS pixels (the picture's size in the sheet); drawn at twice that for sharpness. */
export const CHART_WIDTH = 900;
const SCALE = 2;
const LABEL_W = 210;
const BAR = 12;
const GROUP_GAP = 10;
const LABEL_LINE = 14;
/** Noto Sans SC carries Latin and Chinese; Urdu letters come from Noto Naskh Arabic. */
const FAMILY = '"SB Sans", "SB Naskh"';

let canvas: typeof Canvas | null | undefined;

/**
 * @napi-rs/canvas (Skia), a dependency with a prebuilt binary per platform. Loaded lazily, and a
 * binary that fails to load only costs the XLSX its chart pictures, never the report.
 */
async function loadCanvas(): Promise<typeof Canvas | null> {
  if (canvas !== undefined) return canvas;
  try {
    canvas = await import('@napi-rs/canvas');
    const fonts = canvas.GlobalFonts;
    fonts.registerFromPath(BUNDLED_FONTS.cjkRegular, 'SB Sans');
    fonts.registerFromPath(BUNDLED_FONTS.cjkBold, 'SB Sans');
    fonts.registerFromPath(BUNDLED_FONTS.arabicRegular, 'SB Naskh');
    fonts.registerFromPath(BUNDLED_FONTS.arabicBold, 'SB Naskh');
  } catch {
    canvas = null;
  }
  return canvas;
}

/** Whether chart pictures can be drawn here. */
export const canDrawCharts = async (): Promise<boolean> => (await loadCanvas()) !== null;

export interface ChartPicture {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * The bar chart the PDF draws (./pdf-chart.ts), as a PNG: title, legend, one group of bars per
 * category with its label wrapped on the left, value labels, axis ticks and axis title. Null
 * when @napi-rs/canvas is not installed.
 */
export async function chartPng(chart: BarChart, rtl: boolean): Promise<ChartPicture | null> {
  const lib = await loadCanvas();
  if (!lib) return null;
  const measureCtx = lib.createCanvas(10, 10).getContext('2d');
  measureCtx.font = `12px ${FAMILY}`;
  const labels = chart.categories.map((c) =>
    wrapLines(c, LABEL_W - 12, (s) => measureCtx.measureText(s).width),
  );
  const barsH = chart.series.length * BAR;
  const groups = labels.map((l) => Math.max(barsH, l.length * LABEL_LINE) + GROUP_GAP);
  const plotH = groups.reduce((a, b) => a + b, 0);
  const top = 70;
  const height = top + plotH + 60;
  const width = CHART_WIDTH;

  const c = lib.createCanvas(width * SCALE, height * SCALE);
  const ctx = c.getContext('2d');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  ctx.direction = rtl ? 'rtl' : 'ltr';
  const text = (s: string, x: number, y: number, align: 'left' | 'right' | 'center') => {
    ctx.textAlign = align;
    ctx.fillText(s, x, y);
  };

  ctx.fillStyle = '#111111';
  ctx.font = `bold 17px ${FAMILY}`;
  text(chart.title, rtl ? width - 10 : 10, 20, rtl ? 'right' : 'left');

  // Legend.
  ctx.font = `12px ${FAMILY}`;
  let lx = LABEL_W;
  for (const s of chart.series) {
    ctx.fillStyle = s.color;
    ctx.fillRect(lx, 42, 11, 11);
    ctx.fillStyle = '#333333';
    text(s.label, lx + 16, 48, 'left');
    lx += 16 + ctx.measureText(s.label).width + 24;
  }

  const plotW = width - LABEL_W - 90;
  const values = chart.series.flatMap((s) => s.values);
  const axis = niceAxis(Math.max(0, ...values), !chart.money && values.every(Number.isInteger));
  const scale = (v: number) => (Math.max(0, v) / axis.max) * plotW;
  const fmt = (v: number) => (chart.money ? groupDigits(v.toFixed(2)) : groupDigits(Math.round(v)));

  ctx.lineWidth = 1;
  ctx.font = `11px ${FAMILY}`;
  for (let t = 0; t <= axis.max + axis.step / 1000; t += axis.step) {
    const gx = LABEL_W + scale(t);
    ctx.strokeStyle = '#DDDDDD';
    ctx.beginPath();
    ctx.moveTo(gx, top);
    ctx.lineTo(gx, top + plotH);
    ctx.stroke();
    ctx.fillStyle = '#444444';
    text(fmt(t), gx, top + plotH + 12, 'center');
  }

  let gy = top;
  chart.categories.forEach((_, i) => {
    const barsTop = gy + (groups[i] - barsH) / 2;
    ctx.fillStyle = '#222222';
    ctx.font = `12px ${FAMILY}`;
    const lines = labels[i];
    const first = barsTop + barsH / 2 - ((lines.length - 1) * LABEL_LINE) / 2;
    lines.forEach((line, k) => text(line, LABEL_W - 8, first + k * LABEL_LINE, 'right'));
    ctx.font = `10px ${FAMILY}`;
    chart.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const by = barsTop + j * BAR;
      const w = scale(v);
      ctx.fillStyle = s.color;
      if (w > 0) ctx.fillRect(LABEL_W, by, w, BAR - 1);
      ctx.fillStyle = '#333333';
      text(fmt(v), LABEL_W + w + 4, by + BAR / 2, 'left');
    });
    gy += groups[i];
  });

  ctx.strokeStyle = '#333333';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(LABEL_W, top);
  ctx.lineTo(LABEL_W, top + plotH);
  ctx.lineTo(LABEL_W + plotW, top + plotH);
  ctx.stroke();
  ctx.fillStyle = '#222222';
  ctx.font = `bold 12px ${FAMILY}`;
  text(chart.valueLabel, LABEL_W + plotW / 2, top + plotH + 36, 'center');

  return { png: await c.encode('png'), width, height };
}
