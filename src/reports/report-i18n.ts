import { CATALOGUES, hasMessage, INTL_LOCALE, Locale, translate } from '../common/i18n';
import { KIND_TITLES, ReportKind, ReportModel, ReportRow } from './report.model';

/** A report kind's title in `locale` (the English title where the catalogue has none). */
export const reportTitle = (kind: ReportKind, locale: Locale): string => {
  const key = `report.kinds.${kind}`;
  return hasMessage(locale, key) ? translate(locale, key) : KIND_TITLES[kind];
};

/** `report.columns` keys by their English label: a column is translated by what it says. */
const COLUMN_KEYS = new Map(
  Object.entries((CATALOGUES.en.report as { columns: Record<string, string> }).columns).map(
    ([key, label]) => [label, key],
  ),
);

/** Which word list translates the values of a text column (by table, then by column key). */
const VALUE_LISTS: Record<string, string> = {
  'organizations.byType.type': 'organizationType',
  'programs.byType.type': 'programType',
  'partnerships.activities.kind': 'partnershipKind',
  'partnerships.activities.status': 'partnershipStatus',
  category: 'category',
  organizationType: 'organizationType',
  programType: 'programType',
  gender: 'gender',
  level: 'level',
  region: 'region',
};

/** Text columns holding ISO 3166 country codes, printed as the country's name with the code. */
const COUNTRY_COLUMNS = new Set(['country']);

/** `PK` → `Pakistan (PK)` in `locale`; anything that is not a region code is left as it is. */
export const countryName = (code: string, locale: Locale): string => {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    const name = new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
};

/** The catalogue key of a column's English label, if the catalogue has it. */
export const columnKey = (label: string): string | undefined => {
  const key = COLUMN_KEYS.get(label);
  return key ? `report.columns.${key}` : undefined;
};

/** The word list of a column's values, e.g. `report.values.category`. */
export const valueListKey = (section: string, table: string, column: string) => {
  const list = VALUE_LISTS[`${section}.${table}.${column}`] ?? VALUE_LISTS[column];
  return list ? `report.values.${list}` : undefined;
};

export interface LocalizeOptions {
  /**
   * Category codes (`e_education_center`, `sister_county`) as words and country codes as
   * names (`Pakistan (PK)`). For documents people read
   * (PDF); data files (CSV, XLSX, JSON) keep the codes so they join and filter the same in
   * every language.
   */
  values: boolean;
}

/**
 * The report in `locale`: its title, section and table headings and column labels from the
 * catalogue; with `values`, the categories of its text columns too. Figures, dates and names
 * are untouched. English without `values` returns the model as built.
 */
export function localizeReport(
  model: ReportModel,
  locale: Locale,
  options: LocalizeOptions,
): ReportModel {
  if (locale === 'en' && !options.values) return model;
  const t = (key: string | undefined, fallback: string) =>
    key && hasMessage(locale, key) ? translate(locale, key) : fallback;
  return {
    meta: { ...model.meta, title: t(`report.kinds.${model.meta.kind}`, model.meta.title) },
    sections: model.sections.map((section) => ({
      ...section,
      title: t(`report.sections.${section.key}`, section.title),
      tables: section.tables.map((table) => {
        const lists = table.dimensions.map((d) => ({
          key: d.key,
          list: options.values ? valueListKey(section.key, table.key, d.key) : undefined,
        }));
        return {
          ...table,
          title: t(`report.tables.${section.key}.${table.key}`, table.title),
          dimensions: table.dimensions.map((d) => ({
            ...d,
            label: t(columnKey(d.label), d.label),
          })),
          measures: table.measures.map((m) => ({ ...m, label: t(columnKey(m.label), m.label) })),
          rows: table.rows.map((row) => {
            const out: ReportRow = { ...row };
            for (const { key, list } of lists) {
              const value = row[key];
              if (typeof value !== 'string') continue;
              if (list) out[key] = t(`${list}.${value}`, value);
              else if (options.values && COUNTRY_COLUMNS.has(key))
                out[key] = countryName(value, locale);
            }
            return out;
          }),
        };
      }),
    })),
  };
}
