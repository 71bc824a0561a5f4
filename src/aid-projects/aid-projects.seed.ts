import type { EntityManager } from 'typeorm';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { findOrInsert, SeedContext, Seeder } from '../database/seeds/seeder';
import type { AidCategory, AidOrgRole, AidStatus } from './aid-project.entity';
import type { AidTransactionType } from './aid-transaction.entity';
import type { DeliverableCondition } from './deliverable.entity';
import type { IndicatorMeasure } from './result-indicator.entity';

/**
 * Livelihood aid projects from the essays (DEMO-FACTS.md): proposed after the 2016 Xinjiang
 * delegation visit, all in Gilgit-Baltistan (Hunza) on the Karakoram Highway, plus the relief
 * convoy of 13,000 tents after the 8 Oct 2005 earthquake (a historic record).
 *
 * FACTS (from the essays): the project kinds, their region, the 2016 visit, the 2005 earthquake
 * date and the 13,000 tents, "health and brightness tour" = cataract operations, 12 clinic
 * vehicles is the brief's figure.
 * INVENTED (demo only): every amount, date (except 8 Oct 2005), beneficiary count, indicator
 * value, vehicle plate, location, custodian and maintenance note below; Urdu titles are to be
 * checked by a speaker before a release.
 *
 * Idempotent: projects are found by their IATI identifier, children by a natural key (project +
 * title / item / date / period), so a second run adds nothing. Organisations: linked only when
 * an organisations seeder ran before this one and left `org:*` ids in the context, and only to a
 * project that has no participating organisations yet.
 */

interface DemoProject {
  iati: string;
  title: { en: string; zh: string; ur: string };
  description: string;
  category: AidCategory;
  city: string;
  status: AidStatus;
  budget: [amount: string, currency: string];
  planned: [string, string];
  actual?: [string, string | null];
  beneficiaries: [target: number, actual: number | null];
  sector: string;
  transactions: [AidTransactionType, string, string, string, string?][];
  milestones: [title: string, dueOn: string, completed: boolean][];
  indicators: {
    title: string;
    unit: string;
    measure: IndicatorMeasure;
    baseline: string;
    target: string;
    values: [periodStart: string, periodEnd: string, value: string, approved: boolean][];
  }[];
  deliverables: {
    item: string;
    quantity: number;
    unit: string;
    handedOverOn?: string;
    handedOverTo?: string;
    location?: string;
    custodian?: string;
    logs: [loggedOn: string, condition: DeliverableCondition, note: string][];
  }[];
}

const PROPOSED = 'Proposed after the 2016 Xinjiang delegation visit to Gilgit-Baltistan.';

/** Twelve clinic vehicles, one row each, so "where are they and do they run?" has a row per vehicle. */
const VEHICLES: [
  plate: string,
  location: string,
  custodian: string,
  logs: [string, DeliverableCondition, string][],
][] = [
  [
    'GLT-2101',
    'Aliabad Civil Hospital, Hunza',
    'Medical Superintendent, Aliabad Civil Hospital',
    [['2025-09-12', 'in_service', 'Routine service, tyres changed']],
  ],
  [
    'GLT-2102',
    'Aliabad Civil Hospital, Hunza',
    'Medical Superintendent, Aliabad Civil Hospital',
    [['2025-09-12', 'in_service', 'Routine service']],
  ],
  [
    'GLT-2103',
    'Karimabad Basic Health Unit, Hunza',
    'Dr. Shahida Baig (BHU in-charge)',
    [
      ['2025-06-03', 'needs_repair', 'Clutch slipping'],
      ['2025-07-15', 'in_service', 'Clutch replaced in Gilgit'],
    ],
  ],
  [
    'GLT-2104',
    'Gulmit Rural Health Centre, Gojal',
    'Rural Health Centre Gulmit',
    [['2025-10-20', 'needs_repair', 'Heater and 4x4 transfer case faulty; waiting for parts']],
  ],
  [
    'GLT-2105',
    'Sost Dispensary, Gojal',
    'Sost Dispensary (Khunjerab–Sost port)',
    [['2025-08-08', 'in_service', 'Winterised: snow chains fitted']],
  ],
  [
    'GLT-2106',
    'Sost Dispensary, Gojal',
    'Sost Dispensary (Khunjerab–Sost port)',
    [
      [
        '2024-12-02',
        'out_of_service',
        'Engine damaged in a rockslide on the KKH; write-off assessment pending',
      ],
    ],
  ],
  [
    'GLT-2107',
    'Nasirabad Basic Health Unit, Hunza',
    'BHU Nasirabad',
    [['2025-05-19', 'in_service', 'Routine service']],
  ],
  [
    'GLT-2108',
    'Ganish Basic Health Unit, Hunza',
    'BHU Ganish',
    [['2025-05-19', 'in_service', 'Routine service']],
  ],
  [
    'GLT-2109',
    'Chipursan Dispensary, Gojal',
    'Dispensary Chipursan',
    [['2025-09-30', 'needs_repair', 'Brake pads worn; repair booked']],
  ],
  [
    'GLT-2110',
    'District Headquarters Hospital, Gilgit',
    'DHQ Hospital Gilgit transport office',
    [['2025-07-01', 'in_service', 'Routine service']],
  ],
  [
    'GLT-2111',
    'Aliabad Civil Hospital, Hunza',
    'Medical Superintendent, Aliabad Civil Hospital',
    [['2025-09-12', 'in_service', 'Routine service']],
  ],
  [
    'GLT-2112',
    'Passu Dispensary, Gojal',
    'Dispensary Passu',
    [['2025-04-22', 'in_service', 'Routine service']],
  ],
];
const CLINIC_VEHICLES: DemoProject['deliverables'] = VEHICLES.map(
  ([plate, location, custodian, logs]) => ({
    item: `Clinic vehicle ${plate}`,
    quantity: 1,
    unit: 'vehicle',
    handedOverOn: '2019-05-20',
    handedOverTo: 'District Health Office, Hunza',
    location,
    custodian,
    logs,
  }),
);

export const DEMO_AID_PROJECTS: DemoProject[] = [
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-SCHOOL',
    title: {
      en: 'China–Pakistan Friendship School, Hunza',
      zh: '中巴友谊学校（罕萨）',
      ur: 'پاک چین دوستی اسکول، ہنزہ',
    },
    description: `Donated China–Pakistan friendship school buildings and furniture. ${PROPOSED}`,
    category: 'school',
    city: 'Hunza',
    status: 'completed',
    budget: ['3200000.00', 'CNY'],
    planned: ['2017-03-01', '2018-08-31'],
    actual: ['2017-04-10', '2018-09-15'],
    beneficiaries: [600, 640],
    sector: '11220',
    transactions: [
      ['commitment', '3200000.00', 'CNY', '2017-02-15', 'Grant agreement signed'],
      ['disbursement', '1600000.00', 'CNY', '2017-04-10'],
      ['disbursement', '1600000.00', 'CNY', '2018-01-20'],
      ['expenditure', '2985000.50', 'CNY', '2018-09-15', 'Construction and furniture'],
      ['expenditure', '4250000.00', 'PKR', '2018-09-30', 'Local labour and transport'],
    ],
    milestones: [
      ['Foundation stone laid', '2017-05-01', true],
      ['School handed over to the Education Department', '2018-09-15', true],
    ],
    indicators: [
      {
        title: 'Pupils enrolled',
        unit: 'pupils',
        measure: 'cumulative',
        baseline: '0',
        target: '600',
        values: [['2018-09-01', '2019-06-30', '640', true]],
      },
    ],
    deliverables: [],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-EEDU',
    title: {
      en: 'Bilingual e-education and training centers',
      zh: '双语电子教育培训中心',
      ur: 'دو لسانی ای تعلیم و تربیتی مراکز',
    },
    description: `Chinese–Urdu/English e-learning classrooms and a teacher training center. ${PROPOSED}`,
    category: 'e_education_center',
    city: 'Hunza',
    status: 'implementation',
    budget: ['1800000.00', 'CNY'],
    planned: ['2024-03-01', '2027-02-28'],
    actual: ['2024-04-01', null],
    beneficiaries: [1200, null],
    sector: '11120',
    transactions: [
      ['commitment', '1800000.00', 'CNY', '2024-02-20'],
      ['disbursement', '900000.00', 'CNY', '2024-04-01'],
      ['expenditure', '612300.25', 'CNY', '2025-06-30', 'Equipment for three classrooms'],
      ['expenditure', '1875000.00', 'PKR', '2025-08-31', 'Instructors, first year'],
    ],
    milestones: [
      ['Three e-classrooms equipped', '2025-06-30', true],
      ['Teacher training curriculum approved', '2026-09-30', false],
    ],
    indicators: [
      {
        title: 'Teachers and students trained',
        unit: 'persons',
        measure: 'per_period',
        baseline: '0',
        target: '1200',
        values: [
          ['2025-01-01', '2025-06-30', '210', true],
          ['2025-07-01', '2025-12-31', '265', false],
        ],
      },
    ],
    deliverables: [
      {
        item: 'E-learning classroom set',
        quantity: 3,
        unit: 'classroom',
        handedOverOn: '2025-06-30',
        handedOverTo: 'Government Boys High School, Aliabad',
        location: 'Aliabad, Hunza',
        custodian: 'Headmaster',
        logs: [],
      },
    ],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-CLINICVEH',
    title: {
      en: 'Clinic vehicles for Hunza and Gojal',
      zh: '罕萨和戈贾尔诊所用车',
      ur: 'ہنزہ اور گوجال کے لیے کلینک گاڑیاں',
    },
    description: `Twelve clinic vehicles ("clinical cars") for basic health units along the Karakoram Highway. ${PROPOSED}`,
    category: 'clinic_vehicle',
    city: 'Hunza',
    status: 'implementation',
    budget: ['2400000.00', 'CNY'],
    planned: ['2018-10-01', '2027-12-31'],
    actual: ['2019-01-15', null],
    beneficiaries: [45000, null],
    sector: '12220',
    transactions: [
      ['commitment', '2400000.00', 'CNY', '2018-09-10'],
      ['disbursement', '2160000.00', 'CNY', '2019-03-01', 'Twelve vehicles'],
      ['expenditure', '2160000.00', 'CNY', '2019-05-20', 'Twelve vehicles delivered'],
      ['expenditure', '3650000.00', 'PKR', '2025-10-31', 'Maintenance and fuel, 2025'],
    ],
    milestones: [
      ['Twelve vehicles handed over', '2019-05-20', true],
      ['Annual fleet inspection 2025', '2025-10-31', false],
      ['Annual fleet inspection 2026', '2026-10-31', false],
    ],
    indicators: [],
    deliverables: CLINIC_VEHICLES,
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-CATARACT',
    title: {
      en: 'Health and brightness tour: cataract operations',
      zh: '“健康光明行”白内障手术',
      ur: 'صحت اور روشنی مہم: موتیا کے آپریشن',
    },
    description: `The "health and brightness tour": Chinese eye surgeons performing free cataract operations. ${PROPOSED}`,
    category: 'cataract_campaign',
    city: 'Hunza',
    status: 'completed',
    budget: ['900000.00', 'CNY'],
    planned: ['2017-08-01', '2017-10-31'],
    actual: ['2017-08-05', '2017-10-20'],
    beneficiaries: [500, 486],
    sector: '12191',
    transactions: [
      ['commitment', '900000.00', 'CNY', '2017-07-01'],
      ['disbursement', '900000.00', 'CNY', '2017-07-20'],
      ['expenditure', '845500.75', 'CNY', '2017-10-31', 'Surgical team, lenses and consumables'],
      ['expenditure', '1250000.00', 'PKR', '2017-10-31', 'Camp logistics'],
    ],
    milestones: [['Eye camp opened at Aliabad', '2017-08-05', true]],
    indicators: [
      {
        title: 'Cataract operations performed',
        unit: 'operations',
        measure: 'per_period',
        baseline: '0',
        target: '500',
        values: [
          ['2017-08-01', '2017-08-31', '180', true],
          ['2017-09-01', '2017-09-30', '210', true],
          ['2017-10-01', '2017-10-31', '96', true],
        ],
      },
    ],
    deliverables: [],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-WATER',
    title: {
      en: 'Safe drinking water for Hunza villages',
      zh: '罕萨村庄安全饮用水',
      ur: 'ہنزہ کے دیہات کے لیے محفوظ پینے کا پانی',
    },
    description: `Filtration plants and piped supply from glacier streams. ${PROPOSED}`,
    category: 'drinking_water',
    city: 'Hunza',
    status: 'implementation',
    budget: ['85000000.00', 'PKR'],
    planned: ['2023-04-01', '2026-09-30'],
    actual: ['2023-05-15', null],
    beneficiaries: [1500, 980],
    sector: '14031',
    transactions: [
      ['commitment', '85000000.00', 'PKR', '2023-03-20'],
      ['disbursement', '40000000.00', 'PKR', '2023-05-15'],
      ['disbursement', '30000000.00', 'PKR', '2024-06-01'],
      [
        'expenditure',
        '61234567.89',
        'PKR',
        '2025-12-31',
        'Six filtration plants and 18 km of pipe',
      ],
    ],
    milestones: [
      ['Filtration plants 1–3 commissioned', '2024-05-31', true],
      ['Filtration plants 4–6 commissioned', '2025-11-30', false],
      ['Water quality audit', '2026-08-31', false],
    ],
    indicators: [
      {
        title: 'Households with safe drinking water',
        unit: 'households',
        measure: 'cumulative',
        baseline: '200',
        target: '1500',
        values: [
          ['2024-01-01', '2024-12-31', '650', true],
          ['2025-01-01', '2025-12-31', '980', true],
        ],
      },
    ],
    deliverables: [
      {
        item: 'Water filtration plant',
        quantity: 6,
        unit: 'plant',
        handedOverOn: '2025-11-30',
        handedOverTo: 'Public Health Engineering Department, Hunza',
        location: 'Karimabad, Aliabad, Gulmit and Passu',
        custodian: 'Village water committees',
        logs: [['2026-03-10', 'in_service', 'Filters replaced after winter']],
      },
    ],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-SNOW',
    title: {
      en: 'Ice-breaking and snow-removal machines for the Karakoram Highway',
      zh: '喀喇昆仑公路破冰除雪设备',
      ur: 'قراقرم ہائی وے کے لیے برف ہٹانے اور برف توڑنے والی مشینیں',
    },
    description: `Machines to keep the KKH and the Khunjerab–Sost port open year-round. ${PROPOSED}`,
    category: 'snow_removal',
    city: 'Hunza',
    status: 'completed',
    budget: ['5600000.00', 'CNY'],
    planned: ['2018-06-01', '2019-03-31'],
    actual: ['2018-07-01', '2019-01-15'],
    beneficiaries: [20000, 20000],
    sector: '21020',
    transactions: [
      ['commitment', '5600000.00', 'CNY', '2018-05-15'],
      ['disbursement', '5600000.00', 'CNY', '2018-07-01'],
      ['expenditure', '5480000.00', 'CNY', '2019-01-15', 'Six snow ploughs and two ice breakers'],
    ],
    milestones: [['Machines handed over at Sost', '2018-12-15', true]],
    indicators: [],
    deliverables: [
      {
        item: 'Snow-removal machine',
        quantity: 6,
        unit: 'machine',
        handedOverOn: '2018-12-15',
        handedOverTo: 'Frontier Works Organization, KKH maintenance',
        location: 'Sost road maintenance depot',
        custodian: 'KKH maintenance depot, Sost',
        logs: [['2025-10-15', 'in_service', 'Pre-winter service of all six']],
      },
      {
        item: 'Ice-breaking machine',
        quantity: 2,
        unit: 'machine',
        handedOverOn: '2018-12-15',
        handedOverTo: 'Frontier Works Organization, KKH maintenance',
        location: 'Khunjerab Pass depot',
        custodian: 'KKH maintenance depot, Khunjerab',
        logs: [['2025-10-15', 'needs_repair', 'Hydraulic leak on one machine']],
      },
    ],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-SOLAR',
    title: {
      en: 'Solar lighting for Hunza villages',
      zh: '罕萨村庄太阳能照明',
      ur: 'ہنزہ کے دیہات کے لیے شمسی روشنی',
    },
    description: `Solar street lights and home solar kits for villages with unreliable grid power. ${PROPOSED}`,
    category: 'solar_lighting',
    city: 'Hunza',
    status: 'implementation',
    budget: ['42000000.00', 'PKR'],
    planned: ['2025-03-01', '2026-12-31'],
    actual: ['2025-04-01', null],
    beneficiaries: [3000, null],
    sector: '23230',
    transactions: [
      ['commitment', '42000000.00', 'PKR', '2025-02-15'],
      ['disbursement', '21000000.00', 'PKR', '2025-04-01'],
      ['expenditure', '18750000.40', 'PKR', '2025-12-31', 'First 500 street lights installed'],
    ],
    milestones: [
      ['First 500 street lights installed', '2025-12-31', true],
      ['Remaining 300 street lights installed', '2026-10-31', false],
    ],
    indicators: [],
    deliverables: [
      {
        item: 'Solar street light',
        quantity: 500,
        unit: 'light',
        handedOverOn: '2025-12-31',
        handedOverTo: 'Village councils of Hunza',
        location: 'Aliabad to Passu along the KKH',
        custodian: 'Village councils',
        logs: [],
      },
    ],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-GB-2016-TRAINING',
    title: {
      en: 'Training for medical, agricultural and police staff',
      zh: '医疗、农业和警务人员培训',
      ur: 'طبی، زرعی اور پولیس عملے کی تربیت',
    },
    description: `Training courses in Xinjiang and Gilgit for medical, agricultural and police staff of Gilgit-Baltistan. ${PROPOSED}`,
    category: 'training',
    city: 'Hunza',
    status: 'pipeline',
    budget: ['1500000.00', 'CNY'],
    planned: ['2026-03-01', '2027-12-31'],
    beneficiaries: [300, null],
    sector: '11330',
    transactions: [['commitment', '1500000.00', 'CNY', '2026-02-01']],
    milestones: [
      ['Trainee selection with the Gilgit-Baltistan government', '2026-06-30', false],
      ['First cohort travels to Kashgar', '2027-03-15', false],
    ],
    indicators: [
      {
        title: 'Staff trained',
        unit: 'persons',
        measure: 'per_period',
        baseline: '0',
        target: '300',
        values: [],
      },
    ],
    deliverables: [],
  },
  {
    iati: 'XI-IATI-SILKBRIDGE-PK-2005-EQ-RELIEF',
    title: {
      en: 'Relief convoy after the 8 October 2005 earthquake',
      zh: '2005年10月8日地震救灾车队',
      ur: '8 اکتوبر 2005 کے زلزلے کے بعد امدادی قافلہ',
    },
    description:
      'Historic record: after the magnitude 7.6 earthquake of 8 October 2005 in Khyber Pakhtunkhwa and Azad Kashmir, a Chinese relief convoy brought 13,000 tents and other supplies. (Amounts, dates after 8 Oct 2005 and the receiving city are invented.)',
    category: 'relief_supplies',
    city: 'Islamabad',
    status: 'completed',
    budget: ['26000000.00', 'CNY'],
    planned: ['2005-10-09', '2005-12-31'],
    actual: ['2005-10-10', '2005-11-30'],
    beneficiaries: [13000, 13000],
    sector: '72010',
    transactions: [
      ['commitment', '26000000.00', 'CNY', '2005-10-09'],
      ['expenditure', '25870000.00', 'CNY', '2005-11-30', 'Tents, blankets and medical supplies'],
    ],
    milestones: [['Convoy arrives with 13,000 tents', '2005-10-20', true]],
    indicators: [],
    deliverables: [
      {
        item: 'Tent',
        quantity: 13000,
        unit: 'tent',
        handedOverOn: '2005-10-20',
        handedOverTo: 'Pakistan earthquake relief authorities',
        location: 'Khyber Pakhtunkhwa and Azad Kashmir',
        custodian: 'Distributed to affected families',
        logs: [],
      },
    ],
  },
];

/** Which demo organisation takes which role, chosen from `org:*` ids by type and country. */
async function demoOrganizations(
  m: EntityManager,
  ctx: SeedContext,
): Promise<{ organizationId: string; role: AidOrgRole }[]> {
  const ids = [...ctx.ids.entries()]
    .filter(([k]) => k.startsWith('org:'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, id]) => id);
  if (ids.length === 0) return [];
  const orgs: { id: string; type: string; country: string }[] = await m.query(
    `SELECT id, type, country FROM organizations WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const ordered = ids
    .map((id) => byId.get(id))
    .filter((o): o is { id: string; type: string; country: string } => !!o);
  const pick = (test: (o: { type: string; country: string }) => boolean) => ordered.find(test)?.id;
  const picks: [AidOrgRole, string | undefined][] = [
    [
      'funding',
      pick((o) => o.country === 'CN' && o.type === 'local_government') ??
        pick((o) => o.country === 'CN'),
    ],
    ['accountable', pick((o) => o.country === 'PK' && o.type === 'local_government')],
    [
      'implementing',
      pick((o) => o.country === 'PK' && o.type === 'ngo') ?? pick((o) => o.type === 'ngo'),
    ],
    ['extending', pick((o) => o.type === 'enterprise')],
  ];
  return picks
    .filter((p): p is [AidOrgRole, string] => !!p[1])
    .map(([role, organizationId]) => ({ role, organizationId }));
}

export const aidProjectsSeeder: Seeder = {
  name: 'aid-projects',
  async run(m, ctx) {
    const coordinator = ctx.ids.get('user:coordinator');
    const approver = ctx.ids.get('user:coordinator2') ?? coordinator;
    if (!coordinator)
      throw new Error(
        'aid-projects seeder needs user:coordinator (run the foundation seeder first)',
      );
    const orgs = await demoOrganizations(m, ctx);

    for (const p of DEMO_AID_PROJECTS) {
      const cityId = ctx.ids.get(`city:${p.city}`) ?? null;
      const projectId = await findOrInsert(
        m,
        { sql: `SELECT id FROM aid_projects WHERE iati_identifier = $1`, params: [p.iati] },
        {
          sql: `INSERT INTO aid_projects (title, description, category, city_id, coordinator_id, status, budget_amount, budget_currency,
                  planned_start, planned_end, actual_start, actual_end, beneficiaries_target, beneficiaries_actual, sector_code, iati_identifier)
                VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
          params: [
            JSON.stringify(p.title),
            p.description,
            p.category,
            cityId,
            coordinator,
            p.status,
            p.budget[0],
            p.budget[1],
            p.planned[0],
            p.planned[1],
            p.actual?.[0] ?? null,
            p.actual?.[1] ?? null,
            p.beneficiaries[0],
            p.beneficiaries[1],
            p.sector,
            p.iati,
          ],
        },
      );
      ctx.ids.set(`aid_project:${p.iati}`, projectId);

      if (orgs.length) {
        const linked: unknown[] = await m.query(
          `SELECT 1 FROM aid_project_organizations WHERE project_id = $1 LIMIT 1`,
          [projectId],
        );
        if (linked.length === 0) {
          for (const o of orgs) {
            await m.query(
              `INSERT INTO aid_project_organizations (project_id, organization_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
              [projectId, o.organizationId, o.role],
            );
          }
        }
      }

      for (const [type, amount, currency, date, description] of p.transactions) {
        await findOrInsert(
          m,
          {
            sql: `SELECT id FROM aid_transactions WHERE project_id = $1 AND type = $2 AND amount = $3::numeric AND currency = $4 AND transaction_date = $5`,
            params: [projectId, type, amount, currency, date],
          },
          {
            sql: `INSERT INTO aid_transactions (project_id, type, amount, currency, transaction_date, description, created_by) VALUES ($1, $2, $3::numeric, $4, $5, $6, $7) RETURNING id`,
            params: [projectId, type, amount, currency, date, description ?? null, coordinator],
          },
        );
      }

      for (const [title, dueOn, completed] of p.milestones) {
        const existing: { id: string }[] = await m.query(
          `SELECT id FROM milestones WHERE project_id = $1 AND title = $2`,
          [projectId, title],
        );
        if (existing.length) continue;
        const [row]: { id: string }[] = await m.query(
          `INSERT INTO milestones (project_id, title, due_on, completed_at, completed_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [
            projectId,
            title,
            dueOn,
            completed ? `${dueOn}T12:00:00Z` : null,
            completed ? coordinator : null,
          ],
        );
        await touchDatedRecord(m, 'milestone', row.id);
      }

      for (const ind of p.indicators) {
        const indicatorId = await findOrInsert(
          m,
          {
            sql: `SELECT id FROM result_indicators WHERE project_id = $1 AND title = $2`,
            params: [projectId, ind.title],
          },
          {
            sql: `INSERT INTO result_indicators (project_id, title, unit, measure, baseline, target) VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric) RETURNING id`,
            params: [projectId, ind.title, ind.unit, ind.measure, ind.baseline, ind.target],
          },
        );
        for (const [periodStart, periodEnd, value, approved] of ind.values) {
          // Four eyes even in the demo: reported by one coordinator, approved by the other.
          await m.query(
            `INSERT INTO indicator_values (indicator_id, period_start, period_end, value, reported_by, reported_at, approved_by, approved_at, status)
             VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8, $9)
             ON CONFLICT (indicator_id, period_start, period_end) DO NOTHING`,
            [
              indicatorId,
              periodStart,
              periodEnd,
              value,
              approver,
              `${periodEnd}T12:00:00Z`,
              approved ? coordinator : null,
              approved ? `${periodEnd}T18:00:00Z` : null,
              approved ? 'approved' : 'reported',
            ],
          );
        }
      }

      for (const d of p.deliverables) {
        const latest = [...d.logs].sort((a, b) => a[0].localeCompare(b[0])).at(-1);
        const deliverableId = await findOrInsert(
          m,
          {
            sql: `SELECT id FROM deliverables WHERE project_id = $1 AND item = $2`,
            params: [projectId, d.item],
          },
          {
            sql: `INSERT INTO deliverables (project_id, item, quantity, unit, handed_over_on, handed_over_to, location, custodian, condition)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            params: [
              projectId,
              d.item,
              d.quantity,
              d.unit,
              d.handedOverOn ?? null,
              d.handedOverTo ?? null,
              d.location ?? null,
              d.custodian ?? null,
              latest?.[1] ?? 'in_service',
            ],
          },
        );
        for (const [loggedOn, condition, note] of d.logs) {
          await findOrInsert(
            m,
            {
              sql: `SELECT id FROM maintenance_logs WHERE deliverable_id = $1 AND logged_on = $2 AND note = $3`,
              params: [deliverableId, loggedOn, note],
            },
            {
              sql: `INSERT INTO maintenance_logs (deliverable_id, logged_on, condition, note, logged_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
              params: [deliverableId, loggedOn, condition, note, coordinator],
            },
          );
        }
      }
    }
  },
};
