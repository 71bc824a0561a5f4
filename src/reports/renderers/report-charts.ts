import { Locale, translator } from '../../common/i18n';
import { Figure, findTable, ReportModel } from '../report.model';
import { isFigure, readerDate } from './format';
import type { BarChart } from './pdf-chart';

/**
 * The bar charts of a report, drawn by the PDF (./pdf-chart.ts) and, as pictures, by the XLSX
 * (./chart-png.ts): participants by country, programs per partnership, applications per
 * scheme, programs by type, budget vs spent per category per currency. The model should carry
 * words, not codes (`localizeReport(…, { values: true })`): the categories are printed as they are.
 */
const CURRENT = '#1F6FB2';
const PREVIOUS = '#A9C4DE';
const SPENT = '#E07B39';

const numberOf = (f: unknown, which: 'current' | 'previous') =>
  isFigure(f as never) ? Number((f as Figure)[which]) : 0;

/** The charts printed after a given table. */
export function chartsFor(
  model: ReportModel,
  section: string,
  table: string,
  locale: Locale,
): BarChart[] {
  const t = translator(locale);
  const tbl = findTable(model, section, table);
  if (!tbl || tbl.rows.length === 0) return [];
  const m = model.meta;
  const both = (measure: string) => [
    {
      label: t('report.seriesCurrent', {
        start: readerDate(m.periodStart, locale),
        end: readerDate(m.periodEnd, locale),
      }),
      color: CURRENT,
      values: tbl.rows.map((r) => numberOf(r[measure], 'current')),
    },
    {
      label: t('report.seriesPrevious', {
        start: readerDate(m.previousPeriodStart, locale),
        end: readerDate(m.previousPeriodEnd, locale),
      }),
      color: PREVIOUS,
      values: tbl.rows.map((r) => numberOf(r[measure], 'previous')),
    },
  ];
  const key = `${section}.${table}`;
  if (key === 'participants.byCountry') {
    const rows = tbl.rows.slice(0, 15);
    return [
      {
        title: t('report.charts.participantsByCountry'),
        categories: rows.map((r) => String(r.country)),
        series: both('participants').map((s) => ({ ...s, values: s.values.slice(0, 15) })),
        valueLabel: t('report.charts.participantsByCountryAxis'),
      },
    ];
  }
  if (key === 'partnerships.activities') {
    const rows = tbl.rows.slice(0, 15);
    return [
      {
        title: t('report.charts.programsPerPartnership'),
        categories: rows.map((r) => `${r.cityA} – ${r.cityB}`),
        series: both('programs').map((s) => ({ ...s, values: s.values.slice(0, 15) })),
        valueLabel: t('report.charts.programsHeld'),
      },
    ];
  }
  if (key === 'scholarships.byScheme') {
    return [
      {
        title: t('report.charts.applicationsByScheme'),
        categories: tbl.rows.map((r) => String(r.scheme)),
        series: both('submitted'),
        valueLabel: t('report.charts.applicationsSubmitted'),
      },
    ];
  }
  if (key === 'programs.byType') {
    return [
      {
        title: t('report.charts.programsByType'),
        categories: tbl.rows.map((r) => String(r.type)),
        series: both('programs'),
        valueLabel: t('report.charts.programsHeld'),
      },
    ];
  }
  if (key === 'aidProjects.byCategory') {
    const currencies = [...new Set(tbl.rows.map((r) => String(r.currency)))].slice(0, 4);
    return currencies.flatMap((currency) => {
      const rows = tbl.rows.filter((r) => r.currency === currency);
      if (
        rows.every((r) => numberOf(r.budget, 'current') === 0 && numberOf(r.spent, 'current') === 0)
      )
        return [];
      return {
        title: t('report.charts.budgetVsSpent', { currency }),
        categories: rows.map((r) => String(r.category)),
        series: [
          {
            label: t('report.charts.budgetOfActive'),
            color: CURRENT,
            values: rows.map((r) => numberOf(r.budget, 'current')),
          },
          {
            label: t('report.charts.spentInPeriod'),
            color: SPENT,
            values: rows.map((r) => numberOf(r.spent, 'current')),
          },
        ],
        valueLabel: t('report.charts.amount', { currency }),
        money: true,
      };
    });
  }
  return [];
}
