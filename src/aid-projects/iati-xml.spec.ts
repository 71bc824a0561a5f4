import { xmllintIati } from '../../test/utils/iati-schema';
import { IatiActivityInput, renderIatiActivities } from './iati-xml';

const full: IatiActivityInput = {
  iatiIdentifier: 'XI-IATI-SILKBRIDGE-abcdef12',
  title: {
    en: 'Safe drinking water & sanitation <Hunza>',
    zh: '罕萨安全饮用水',
    ur: 'ہنزہ کے لیے پینے کا پانی',
  },
  description: 'Filtration plants\u0007 for villages',
  category: 'drinking_water',
  status: 'completed',
  plannedStart: '2023-04-01',
  plannedEnd: '2026-09-30',
  actualStart: '2023-05-15',
  actualEnd: '2026-08-31',
  recipientCountry: 'PK',
  sectorCode: '14031',
  budget: { amount: '85000000.00', currency: 'PKR' },
  organizations: [
    {
      role: 'funding',
      name: { en: 'Xinjiang Foreign Affairs Office', zh: '新疆外办' },
      type: 'local_government',
      country: 'CN',
    },
    { role: 'implementing', name: { en: 'Hunza Water NGO' }, type: 'ngo', country: 'PK' },
  ],
  transactions: [
    {
      type: 'commitment',
      amount: '85000000.00',
      currency: 'PKR',
      date: '2023-03-20',
      description: 'Grant',
    },
    {
      type: 'disbursement',
      amount: '0.10',
      currency: 'CNY',
      date: '2023-05-15',
      description: null,
    },
    { type: 'expenditure', amount: '0.20', currency: 'CNY', date: '2024-05-15', description: null },
  ],
  indicators: [
    {
      title: 'Households with safe drinking water',
      unit: 'households',
      measure: 'cumulative',
      baseline: '200.00',
      target: '1500.00',
      values: [{ periodStart: '2024-01-01', periodEnd: '2024-12-31', value: '650.00' }],
    },
  ],
  createdAt: new Date('2023-03-01T00:00:00Z'),
  updatedAt: new Date('2026-09-01T10:00:00Z'),
};

/** The bare minimum a project can have: no organisations, dates, country, sector or results. */
const bare: IatiActivityInput = {
  ...full,
  iatiIdentifier: 'XI-IATI-SILKBRIDGE-00000000',
  title: { en: 'Bare' },
  description: null,
  category: 'relief_supplies',
  status: 'pipeline',
  plannedStart: null,
  plannedEnd: null,
  actualStart: null,
  actualEnd: null,
  recipientCountry: null,
  sectorCode: null,
  organizations: [],
  transactions: [],
  indicators: [],
};

describe('IATI 2.03 rendering', () => {
  it('is valid against the official schema, for a full and a bare activity', async () => {
    const xml = renderIatiActivities([full, bare], new Date('2026-11-25T09:00:00Z'));
    const lint = await xmllintIati(xml);
    expect(lint.output).toMatch(/validates/);
    expect(lint.status).toBe(0);
  });

  it('maps codes from the IATI codelists and keeps amounts as written', () => {
    const xml = renderIatiActivities([full], new Date('2026-11-25T09:00:00Z'));
    expect(xml).toContain(
      '<iati-activities version="2.03" generated-datetime="2026-11-25T09:00:00.000Z">',
    );
    expect(xml).toContain('<activity-status code="4"/>');
    expect(xml).toMatch(/<participating-org role="1" type="10">/);
    expect(xml).toMatch(/<participating-org role="4" type="22">/);
    expect(xml).toContain('<narrative xml:lang="zh">罕萨安全饮用水</narrative>');
    expect(xml).toContain(
      '<narrative xml:lang="en">Safe drinking water &amp; sanitation &lt;Hunza&gt;</narrative>',
    );
    expect(xml).toContain('<transaction-type code="2"/>');
    expect(xml).toContain('<value currency="CNY" value-date="2023-05-15">0.10</value>');
    expect(xml).toContain('<recipient-country code="PK" percentage="100"/>');
    expect(xml).toContain('<sector vocabulary="1" code="14031" percentage="100"/>');
    for (const [type, date] of [
      ['1', '2023-04-01'],
      ['2', '2023-05-15'],
      ['3', '2026-09-30'],
      ['4', '2026-08-31'],
    ]) {
      expect(xml).toContain(`<activity-date type="${type}" iso-date="${date}"/>`);
    }
    expect(xml).not.toContain('\u0007');
  });

  it('maps pipeline, implementation and cancelled to 1, 2 and 5, and flags relief as humanitarian', () => {
    const xml = renderIatiActivities(
      (['pipeline', 'implementation', 'cancelled'] as const).map((status, i) => ({
        ...bare,
        iatiIdentifier: `X-${i}`,
        status,
      })),
      new Date(),
    );
    expect(xml.match(/<activity-status code="(\d)"\/>/g)).toEqual([
      '<activity-status code="1"/>',
      '<activity-status code="2"/>',
      '<activity-status code="5"/>',
    ]);
    expect(xml).toContain('humanitarian="1"');
  });

  it('would be rejected by the schema if an element were out of order (the check can fail)', async () => {
    const xml = renderIatiActivities([full], new Date()).replace(
      /(<activity-status code="4"\/>)([\s\S]*?)(<\/iati-activity>)/,
      '$2$1$3',
    );
    const lint = await xmllintIati(xml);
    expect(lint.status).not.toBe(0);
  });
});
