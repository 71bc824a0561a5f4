import type { ReportModel } from '../report.model';

/** The model as JSON: figures `{current, previous}`, money as exact decimal strings. */
export function renderJson(model: ReportModel): Buffer {
  return Buffer.from(
    JSON.stringify({ report: model.meta, sections: model.sections }, null, 2),
    'utf8',
  );
}
