import type { EntityManager } from 'typeorm';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import type { Seeder } from '../database/seeds/seeder';
import { checkEligibility } from './eligibility';
import type { EligibilityRules } from './scholarship.entity';

const DAY = 24 * 3600 * 1000;

/**
 * Demo schemes. The essays name "exchanges of students and teachers" and the "CPEC Consortium
 * of Business Schools"; everything else here — scheme names, quotas, stipends, windows,
 * eligibility, host institutions — is INVENTED for the demo. The Chinese and Urdu names are
 * unverified translations to be checked before a release. Windows are set relative to the
 * first seeding (open for a few months around it) so the demo takes submissions; later runs
 * find the schemes by English name and change nothing.
 */
const DEMO_SCHEMES: {
  key: string;
  name: { en: string; zh: string; ur: string };
  level: string;
  quota: number;
  stipend: { amount: string; currency: string };
  hostInstitution: string;
  description: string;
  eligibility: EligibilityRules;
  opensInDays: number;
  closesInDays: number;
}[] = [
  {
    key: 'China–Pakistan Friendship Scholarship',
    name: {
      en: 'China–Pakistan Friendship Scholarship',
      zh: '中巴友谊奖学金',
      ur: 'پاک چین دوستی اسکالرشپ',
    },
    level: 'master',
    quota: 20, // invented
    stipend: { amount: '3500.00', currency: 'CNY' }, // invented monthly stipend
    hostInstitution: 'Kashgar University', // invented pairing
    description:
      'Two-year master scholarship for Pakistani students in Xinjiang (invented demo scheme).',
    eligibility: { nationalities: ['PK'], minAge: 18, maxAge: 35 }, // invented
    opensInDays: -30,
    closesInDays: 120,
  },
  {
    key: 'CPEC Consortium of Business Schools Short Course',
    name: {
      en: 'CPEC Consortium of Business Schools Short Course',
      zh: '中巴经济走廊商学院联盟短期课程',
      ur: 'سی پیک کنسورشیم آف بزنس اسکولز شارٹ کورس',
    },
    level: 'short_course',
    quota: 30, // invented
    stipend: { amount: '150000.00', currency: 'PKR' }, // invented
    hostInstitution: 'CPEC Consortium of Business Schools',
    description:
      'Six-week course on corridor trade and logistics for young managers of both countries (invented details).',
    eligibility: { nationalities: ['PK', 'CN'], minAge: 21 }, // invented
    opensInDays: -10,
    closesInDays: 60,
  },
  {
    key: 'Karakoram Teacher Exchange',
    name: {
      en: 'Karakoram Teacher Exchange',
      zh: '喀喇昆仑教师交流项目',
      ur: 'قراقرم اساتذہ تبادلہ پروگرام',
    },
    level: 'teacher_exchange',
    quota: 8, // invented
    stipend: { amount: '6000.00', currency: 'CNY' }, // invented
    hostInstitution: 'Tashkurgan and Hunza partner schools', // invented, after the sister counties
    description:
      'One-semester exchange of school teachers between the sister counties Tashkurgan and Hunza (invented demo scheme).',
    eligibility: { minAge: 25, maxAge: 60 }, // invented
    opensInDays: -5,
    closesInDays: 90,
  },
];

async function seedScheme(
  m: EntityManager,
  s: (typeof DEMO_SCHEMES)[number],
  coordinatorId: string | null,
): Promise<string> {
  const found: { id: string }[] = await m.query(
    `SELECT id FROM scholarships WHERE lower(name->>'en') = lower($1) ORDER BY created_at LIMIT 1`,
    [s.name.en],
  );
  if (found[0]) return found[0].id;
  const dayStart = new Date(Math.floor(Date.now() / DAY) * DAY);
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO scholarships (name, level, quota, stipend_amount, stipend_currency, opens_at, closes_at, host_institution, description, eligibility, coordinator_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      JSON.stringify(s.name),
      s.level,
      s.quota,
      s.stipend.amount,
      s.stipend.currency,
      new Date(dayStart.getTime() + s.opensInDays * DAY),
      new Date(dayStart.getTime() + s.closesInDays * DAY - 1000),
      s.hostInstitution,
      s.description,
      JSON.stringify(s.eligibility),
      coordinatorId,
    ],
  );
  // Reminders for the closing date, like a scheme created through the API.
  await touchDatedRecord(m, 'scholarship', row.id);
  return row.id;
}

/**
 * A few submitted applications to the Friendship Scholarship from demo participants, when the
 * participants seeder ran first (`participant:*` ids); only eligible ones are used. Invented.
 */
async function seedApplications(
  m: EntityManager,
  schemeId: string,
  createdBy: string,
  participantIds: string[],
): Promise<void> {
  const [scheme]: { closes_at: Date; eligibility: EligibilityRules }[] = await m.query(
    `SELECT closes_at, eligibility FROM scholarships WHERE id = $1`,
    [schemeId],
  );
  let made = 0;
  for (const pid of participantIds) {
    if (made >= 3) break;
    const [p]: {
      id: string;
      organization_id: string | null;
      nationality: string;
      dob: string | null;
      gender: string | null;
      org_type: string | null;
    }[] = await m.query(
      `SELECT p.id, p.organization_id, p.nationality, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob, p.gender, o.type AS org_type
         FROM participants p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1 AND p.erased_at IS NULL`,
      [pid],
    );
    if (!p) continue;
    const applicant = {
      nationality: p.nationality.trim(),
      dateOfBirth: p.dob,
      gender: p.gender,
      organizationType: p.org_type,
    };
    if (checkEligibility(scheme.eligibility, applicant, scheme.closes_at).length > 0) continue;
    const existing: unknown[] = await m.query(
      `SELECT 1 FROM scholarship_applications WHERE scholarship_id = $1 AND participant_id = $2`,
      [schemeId, pid],
    );
    made++;
    if (existing.length > 0) continue;
    await m.query(
      `INSERT INTO scholarship_applications (scholarship_id, participant_id, organization_id, created_by, status, statement, submitted_at)
       VALUES ($1, $2, $3, $4, 'submitted', $5, now())`,
      [
        schemeId,
        pid,
        p.organization_id,
        createdBy,
        'I wish to study corridor logistics and bring the skills home to Gilgit-Baltistan. (invented demo statement)',
      ],
    );
  }
}

export const scholarshipsSeeder: Seeder = {
  name: 'scholarships',
  async run(m, ctx) {
    const coordinatorId = ctx.ids.get('user:coordinator') ?? null;
    for (const s of DEMO_SCHEMES)
      ctx.ids.set(`scholarship:${s.key}`, await seedScheme(m, s, coordinatorId));
    const participantIds = [...ctx.ids.entries()]
      .filter(([k]) => k.startsWith('participant:'))
      .map(([, v]) => v);
    if (coordinatorId && participantIds.length > 0) {
      await seedApplications(
        m,
        ctx.ids.get(`scholarship:${DEMO_SCHEMES[0].key}`)!,
        coordinatorId,
        participantIds,
      );
    }
  },
};
