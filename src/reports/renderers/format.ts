import { INTL_LOCALE, Locale } from '../../common/i18n';
import type { Figure, ReportModel, ReportRow, ReportTable } from '../report.model';

/** Thousands separators on an exact decimal string ("1234567.50" → "1,234,567.50"), no float. */
export function groupDigits(value: string | number): string {
  const s = String(value);
  const negative = s.startsWith('-');
  const [int, frac] = (negative ? s.slice(1) : s).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export const isFigure = (v: ReportRow[string]): v is Figure =>
  typeof v === 'object' && v !== null && 'current' in v;

/** The grouping values of a row joined for one-column layouts (CSV), e.g. "school / Gilgit-Baltistan / PKR". */
export function groupLabel(table: ReportTable, row: ReportRow): string {
  return table.dimensions.map((d) => (row[d.key] as string | null) ?? '').join(' / ');
}

/** `silkbridge-summary-2026-01-01_2026-03-31.xlsx` */
export function reportFileName(
  model: Pick<ReportModel['meta'], 'kind' | 'periodStart' | 'periodEnd'>,
  extension: string,
): string {
  return `silkbridge-${model.kind.replace(/_/g, '-')}-${model.periodStart}_${model.periodEnd}.${extension}`;
}

/** A calendar date spelled for the reader: `5 Apr 2026`, `2026年4月5日`. */
export const human = (iso: string, locale: Locale) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(INTL_LOCALE[locale], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
/**
 * A date or instant of the report as the reader writes it. English keeps ISO dates; in Urdu an
 * ISO date inside right-to-left text would read backwards (05-04-2026), so other languages get
 * their own spelled dates.
 */
export const readerDate = (iso: string, locale: Locale) =>
  locale === 'en' ? iso : human(iso.slice(0, 10), locale);
