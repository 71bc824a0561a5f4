import type { ReportFormat, ReportModel } from '../report.model';
import { renderCsv } from './csv';
import { reportFileName } from './format';
import { renderJson } from './json';
import { PdfOptions, renderPdf } from './pdf';
import { renderXlsx } from './xlsx';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** Renders the (small, aggregated) model in the requested format. */
export async function renderReport(
  format: ReportFormat,
  model: ReportModel,
  options: PdfOptions = {},
): Promise<RenderedReport> {
  const body =
    format === 'csv'
      ? await renderCsv(model)
      : format === 'xlsx'
        ? await renderXlsx(model, { locale: options.locale })
        : format === 'pdf'
          ? await renderPdf(model, options)
          : renderJson(model);
  return { body, contentType: CONTENT_TYPES[format], fileName: reportFileName(model.meta, format) };
}
