import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { I18nName } from '../common/i18n-name/i18n-name.dto';
import type { OrganizationType } from '../organizations/organization.entity';
import type { AidCategory, AidOrgRole, AidStatus } from './aid-project.entity';
import type { AidTransactionType } from './aid-transaction.entity';
import {
  IATI_ACTIVITY_DATE,
  IATI_ACTIVITY_STATUS,
  IATI_ORG_ROLE,
  IATI_REPORTING_ORG,
  IATI_TRANSACTION_TYPE,
  iatiOrganisationType,
} from './iati-codes';
import type { IndicatorMeasure } from './result-indicator.entity';

/** Everything the export needs about one project, already loaded (amounts as decimal strings). */
export interface IatiActivityInput {
  iatiIdentifier: string;
  title: I18nName;
  description: string | null;
  category: AidCategory;
  status: AidStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  /** ISO 3166-1 alpha-2 of the project's city. */
  recipientCountry: string | null;
  sectorCode: string | null;
  budget: { amount: string; currency: string };
  organizations: { role: AidOrgRole; name: I18nName; type: OrganizationType; country: string }[];
  transactions: {
    type: AidTransactionType;
    amount: string;
    currency: string;
    date: string;
    description: string | null;
  }[];
  indicators: {
    title: string;
    unit: string;
    measure: IndicatorMeasure;
    baseline: string;
    target: string;
    /** Approved values only. */
    values: { periodStart: string; periodEnd: string; value: string }[];
  }[];
  createdAt: Date;
  updatedAt: Date;
}

const LANGS = ['en', 'zh', 'ur'] as const;

/** XML 1.0 cannot carry most control characters; they are dropped rather than breaking the file. */
function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex -- the XML 1.0 Char production is defined by control characters
  return s.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** One `<narrative xml:lang="…">` per language present (en, zh, ur). */
function narratives(parent: XMLBuilder, name: I18nName): void {
  for (const lang of LANGS) {
    const text = name[lang];
    if (text) parent.ele('narrative', { 'xml:lang': lang }).txt(xmlText(text));
  }
}

/**
 * Renders IATI activity standard 2.03 XML (valid against iati-activities-schema.xsd). Child
 * elements follow the schema's xsd:sequence order: iati-identifier, reporting-org, title,
 * description, participating-org, activity-status, activity-date, recipient-country, sector,
 * budget, transaction, result. Codes come from the IATI codelists (see iati-codes.ts).
 */
export function renderIatiActivities(activities: IatiActivityInput[], generatedAt: Date): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('iati-activities', {
    version: '2.03',
    'generated-datetime': generatedAt.toISOString(),
  });
  for (const a of activities) renderActivity(root, a);
  return root.end({ prettyPrint: true });
}

function renderActivity(root: XMLBuilder, a: IatiActivityInput): void {
  const act = root.ele('iati-activity', {
    'last-updated-datetime': a.updatedAt.toISOString(),
    'xml:lang': 'en',
    ...(a.category === 'relief_supplies' ? { humanitarian: '1' } : {}),
  });
  act.ele('iati-identifier').txt(xmlText(a.iatiIdentifier));

  const reporting = act.ele('reporting-org', {
    ref: IATI_REPORTING_ORG.ref,
    type: IATI_REPORTING_ORG.type,
  });
  narratives(reporting, IATI_REPORTING_ORG.name);

  narratives(act.ele('title'), a.title);

  // The schema requires a description; without one the English title stands in.
  act
    .ele('description', { type: '1' })
    .ele('narrative')
    .txt(xmlText(a.description ?? a.title.en));

  if (a.organizations.length === 0) {
    // participating-org is required: the reporting platform is accountable for the record.
    const org = act.ele('participating-org', {
      ref: IATI_REPORTING_ORG.ref,
      type: IATI_REPORTING_ORG.type,
      role: IATI_ORG_ROLE.accountable,
    });
    narratives(org, IATI_REPORTING_ORG.name);
  }
  for (const o of a.organizations) {
    const org = act.ele('participating-org', {
      role: IATI_ORG_ROLE[o.role],
      type: iatiOrganisationType(o.type, o.country, a.recipientCountry),
    });
    narratives(org, o.name);
  }

  act.ele('activity-status', { code: IATI_ACTIVITY_STATUS[a.status] });

  const dates: [string, string | null][] = [
    [IATI_ACTIVITY_DATE.plannedStart, a.plannedStart],
    [IATI_ACTIVITY_DATE.actualStart, a.actualStart],
    [IATI_ACTIVITY_DATE.plannedEnd, a.plannedEnd],
    [IATI_ACTIVITY_DATE.actualEnd, a.actualEnd],
  ];
  const present = dates.filter(([, d]) => d);
  // activity-date is required; a record without dates reports the day it was created as planned start.
  if (present.length === 0)
    present.push([IATI_ACTIVITY_DATE.plannedStart, a.createdAt.toISOString().slice(0, 10)]);
  for (const [type, isoDate] of present) act.ele('activity-date', { type, 'iso-date': isoDate! });

  if (a.recipientCountry)
    act.ele('recipient-country', { code: a.recipientCountry, percentage: '100' });
  if (a.sectorCode) act.ele('sector', { vocabulary: '1', code: a.sectorCode, percentage: '100' });

  if (a.plannedStart && a.plannedEnd) {
    const budget = act.ele('budget', { type: '1', status: '1' });
    budget.ele('period-start', { 'iso-date': a.plannedStart });
    budget.ele('period-end', { 'iso-date': a.plannedEnd });
    budget
      .ele('value', { currency: a.budget.currency, 'value-date': a.plannedStart })
      .txt(a.budget.amount);
  }

  for (const t of a.transactions) {
    const tx = act.ele('transaction');
    tx.ele('transaction-type', { code: IATI_TRANSACTION_TYPE[t.type] });
    tx.ele('transaction-date', { 'iso-date': t.date });
    tx.ele('value', { currency: t.currency, 'value-date': t.date }).txt(t.amount);
    if (t.description) tx.ele('description').ele('narrative').txt(xmlText(t.description));
  }

  for (const i of a.indicators) {
    // One output result (ResultType 1) per indicator; IndicatorMeasure 1 = unit.
    const result = act.ele('result', { type: '1' });
    result.ele('title').ele('narrative').txt(xmlText(i.title));
    const ind = result.ele('indicator', { measure: '1', ascending: 'true' });
    ind
      .ele('title')
      .ele('narrative')
      .txt(xmlText(`${i.title} (${i.unit})`));
    ind
      .ele('description')
      .ele('narrative')
      .txt(
        i.measure === 'cumulative'
          ? 'Cumulative: each actual is the running total at period end.'
          : 'Per period: actuals add up across periods.',
      );
    const baselineYear = (a.plannedStart ?? a.createdAt.toISOString()).slice(0, 4);
    ind.ele('baseline', {
      year: baselineYear,
      ...(a.plannedStart ? { 'iso-date': a.plannedStart } : {}),
      value: i.baseline,
    });
    for (const v of i.values) {
      const period = ind.ele('period');
      period.ele('period-start', { 'iso-date': v.periodStart });
      period.ele('period-end', { 'iso-date': v.periodEnd });
      period.ele('actual', { value: v.value });
    }
    if (a.plannedStart && a.plannedEnd) {
      const whole = ind.ele('period');
      whole.ele('period-start', { 'iso-date': a.plannedStart });
      whole.ele('period-end', { 'iso-date': a.plannedEnd });
      whole.ele('target', { value: i.target });
    }
  }
}
