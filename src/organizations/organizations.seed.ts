import { hashPassword } from '../common/auth/passwords';
import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import { loadEnv } from '../config/env.validation';
import type { Seeder } from '../database/seeds/seeder';
import { approvalExpiresOn, todayIn } from './organization-status';
import type { OrganizationStatus, OrganizationType } from './organization.entity';

interface DemoOrganization {
  name: { en: string; zh: string; ur: string };
  type: OrganizationType;
  country: string;
  contactEmail: string;
  website?: string;
  description: string;
  status: OrganizationStatus;
  /** Months ago the (latest) approval was granted; drives registrationExpiresOn. */
  approvedMonthsAgo?: number;
}

/**
 * Organisations from the essays (DEMO-FACTS.md). Kashgar University and its CPEC Research
 * Center, and the FM98 China–Pakistan Friendship Radio studio, are named by the essays; the other
 * organisations are INVENTED to stand for the "social forces" the essays describe (NGOs, local
 * government, overseas associations, enterprises). Chinese and Urdu renderings, contact addresses,
 * websites and approval dates are invented too (`.example` domains never resolve).
 */
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    name: { en: 'Hunza Relief Foundation', zh: '罕萨救助基金会', ur: 'ہنزہ ریلیف فاؤنڈیشن' },
    type: 'ngo',
    country: 'PK',
    contactEmail: 'contact@hunza-relief.example',
    website: 'https://hunza-relief.example',
    description:
      'Invented demo NGO: relief and livelihood work in Gilgit-Baltistan along the Karakoram Highway.',
    status: 'approved',
    approvedMonthsAgo: 3,
  },
  {
    name: {
      en: 'Karamay Friendship Association',
      zh: '克拉玛依友好协会',
      ur: 'کرامائی فرینڈشپ ایسوسی ایشن',
    },
    type: 'ngo',
    country: 'CN',
    contactEmail: 'office@karamay-friendship.example',
    description: 'Invented demo association carrying the Karamay–Gwadar sister-city exchanges.',
    status: 'approved',
    approvedMonthsAgo: 10,
  },
  {
    name: { en: 'Kashgar University', zh: '喀什大学', ur: 'کاشغر یونیورسٹی' },
    type: 'university',
    country: 'CN',
    contactEmail: 'international@kashgar-university.example',
    description: 'Hosts the CPEC Research Center (per the essays); student and teacher exchanges.',
    status: 'approved',
    approvedMonthsAgo: 14,
  },
  {
    name: {
      en: 'Kashgar University CPEC Research Center',
      zh: '喀什大学中巴经济走廊研究中心',
      ur: 'کاشغر یونیورسٹی سی پیک ریسرچ سینٹر',
    },
    type: 'think_tank',
    country: 'CN',
    contactEmail: 'cpec-center@kashgar-university.example',
    description: 'Think tank on the China–Pakistan Economic Corridor (named in the essays).',
    status: 'approved',
    approvedMonthsAgo: 14,
  },
  {
    name: {
      en: 'Gwadar Port Municipal Committee',
      zh: '瓜达尔港市政委员会',
      ur: 'گوادر پورٹ میونسپل کمیٹی',
    },
    type: 'local_government',
    country: 'PK',
    contactEmail: 'exchanges@gwadar-municipal.example',
    description:
      'Invented demo local government body for Gwadar; its approval expires within a month, so a reminder is due.',
    status: 'approved',
    approvedMonthsAgo: 23,
  },
  {
    name: {
      en: 'FM98 China–Pakistan Friendship Radio',
      zh: 'FM98中巴友谊电台',
      ur: 'ایف ایم 98 پاک چین دوستی ریڈیو',
    },
    type: 'media',
    country: 'PK',
    contactEmail: 'studio@fm98-friendship.example',
    description:
      'The FM98 China–Pakistan Friendship Radio studio (named in the essays); contact details invented.',
    status: 'approved',
    approvedMonthsAgo: 6,
  },
  {
    name: {
      en: 'Pakistani Students Association in Beijing',
      zh: '在京巴基斯坦学生会',
      ur: 'بیجنگ میں پاکستانی طلبہ ایسوسی ایشن',
    },
    type: 'overseas_association',
    country: 'CN',
    contactEmail: 'board@pk-students-beijing.example',
    description: 'Invented demo overseas association of Pakistani students in Beijing.',
    status: 'approved',
    approvedMonthsAgo: 8,
  },
  {
    name: {
      en: 'Sost Border Traders Cooperative',
      zh: '苏斯特边贸合作社',
      ur: 'سوست بارڈر ٹریڈرز کوآپریٹو',
    },
    type: 'enterprise',
    country: 'PK',
    contactEmail: 'info@sost-traders.example',
    description:
      'Invented demo enterprise at the Khunjerab–Sost port; registration still pending review.',
    status: 'pending',
  },
];

/** Demo NGO member accounts (invented). Passwords are for the local demo only. */
export const DEMO_MEMBERS = [
  {
    org: 'Hunza Relief Foundation',
    email: 'hunza.member@silkbridge.local',
    name: 'Karim Baig (demo member)',
  },
  {
    org: 'Karamay Friendship Association',
    email: 'karamay.member@silkbridge.local',
    name: 'Zhang Min (demo member)',
  },
  {
    org: 'Kashgar University',
    email: 'kashgar.member@silkbridge.local',
    name: 'Ma Jun (demo member)',
  },
  // A member of the pending organisation: can sign in and read, every write answers 403.
  {
    org: 'Sost Border Traders Cooperative',
    email: 'sost.member@silkbridge.local',
    name: 'Ghulam Nabi (demo member, pending org)',
  },
];
const MEMBER_PASSWORD = 'member-demo-2026';

/** Date `months` calendar months before `today`. */
function monthsBefore(today: string, months: number): string {
  return approvalExpiresOn(today, -months);
}

export const organizationsSeeder: Seeder = {
  name: 'organizations',
  async run(m, ctx) {
    const env = loadEnv();
    const today = todayIn(env.REPORT_TIME_ZONE, new Date());
    const approver = ctx.ids.get('user:coordinator') ?? null;
    for (const o of DEMO_ORGANIZATIONS) {
      const approvedOn =
        o.status === 'approved' ? monthsBefore(today, o.approvedMonthsAgo ?? 0) : null;
      const expiresOn = approvedOn
        ? approvalExpiresOn(approvedOn, env.ORGANIZATION_APPROVAL_MONTHS)
        : null;
      const found: { id: string }[] = await m.query(
        `SELECT id FROM organizations WHERE lower(name->>'en') = lower($1)`,
        [o.name.en],
      );
      let id = found[0]?.id;
      if (!id) {
        id = (
          await m.query(
            `INSERT INTO organizations (name, type, country, contact_email, website, description, status, approved_at, approved_by, registration_expires_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10) RETURNING id`,
            [
              JSON.stringify(o.name),
              o.type,
              o.country,
              o.contactEmail,
              o.website ?? null,
              o.description,
              o.status,
              approvedOn,
              approvedOn ? approver : null,
              expiresOn,
            ],
          )
        )[0].id as string;
        // The reminders module schedules the expiry reminders from this outbox row.
        if (expiresOn) await touchDatedRecord(m, 'organization', id);
      }
      ctx.ids.set(`org:${o.name.en}`, id);
    }
    for (const member of DEMO_MEMBERS) {
      const orgId = ctx.ids.get(`org:${member.org}`)!;
      const existing: { id: string }[] = await m.query(
        `SELECT id FROM users WHERE lower(email) = lower($1)`,
        [member.email],
      );
      const id =
        existing[0]?.id ??
        (
          await m.query(
            `INSERT INTO users (email, password_hash, role, display_name, organization_id) VALUES ($1, $2, 'ngo_member', $3, $4) RETURNING id`,
            [member.email, await hashPassword(MEMBER_PASSWORD), member.name, orgId],
          )
        )[0].id;
      ctx.ids.set(`user:member:${member.org}`, id);
      ctx.credentials.push({
        email: member.email,
        password: MEMBER_PASSWORD,
        role: `ngo_member (${member.org})`,
      });
    }
  },
};
