import ExcelJS from 'exceljs';
import type { ReportModel, ReportTable } from '../report.model';
import { isFigure } from './format';

const MONEY_FMT = '#,##0.00';
const COUNT_FMT = '#,##0';
const DATE_FMT = 'yyyy-mm-dd';

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

/**
 * One sheet per section (plus a cover sheet "Report"), each table as a block: title, header,
 * rows. Counts and money are typed numbers (money with a 2-decimal format; the exact strings
 * are in the JSON format), dates are typed dates.
 */
export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Silkbridge';
  wb.created = new Date(model.meta.generatedAt);
  const taken = new Set<string>();

  const cover = wb.addWorksheet(sheetName('Report', taken));
  const m = model.meta;
  cover.addRow([`Silkbridge — ${m.title}`]).font = { bold: true, size: 14 };
  const meta: [string, unknown][] = [
    ['Kind', m.kind],
    ['Period start', asDate(m.periodStart)],
    ['Period end', asDate(m.periodEnd)],
    ['Previous period start', asDate(m.previousPeriodStart)],
    ['Previous period end', asDate(m.previousPeriodEnd)],
    ['Time zone', m.timeZone],
    ['As of', asDate(m.asOf)],
    ['Generated at (UTC)', new Date(m.generatedAt)],
  ];
  for (const [label, value] of meta) {
    const row = cover.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date)
      row.getCell(2).numFmt = label.startsWith('Generated') ? 'yyyy-mm-dd hh:mm:ss' : DATE_FMT;
  }
  cover.addRow([]);
  cover.addRow(['Sections']).font = { bold: true };
  for (const s of model.sections) cover.addRow([s.title]);
  cover.getColumn(1).width = 26;
  cover.getColumn(2).width = 22;

  for (const section of model.sections) {
    const ws = wb.addWorksheet(sheetName(section.title, taken));
    let widest = 0;
    for (const table of section.tables) {
      writeTable(ws, table);
      widest = Math.max(widest, table.dimensions.length + 2 * table.measures.length);
      ws.addRow([]);
    }
    for (let c = 1; c <= Math.max(widest, 1); c++) ws.getColumn(c).width = 18;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function writeTable(ws: ExcelJS.Worksheet, table: ReportTable): void {
  ws.addRow([table.title]).font = { bold: true, size: 12 };
  const header = [
    ...table.dimensions.map((d) => d.label),
    ...table.measures.flatMap((mm) => [mm.label, `${mm.label} (previous)`]),
  ];
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.eachCell(
    (c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } }),
  );
  if (table.rows.length === 0) {
    ws.addRow(['No data for these periods']).font = { italic: true };
    return;
  }
  for (const r of table.rows) {
    const values: unknown[] = table.dimensions.map((d) => {
      const v = r[d.key] as string | null;
      return v === null ? null : d.type === 'date' ? asDate(v) : v;
    });
    for (const mm of table.measures) {
      const f = r[mm.key];
      if (!isFigure(f)) values.push(null, null);
      else values.push(Number(f.current), Number(f.previous));
    }
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
}
