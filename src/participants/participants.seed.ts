import type { Seeder } from '../database/seeds/seeder';
import { nameKey } from './participant-rules';
import type { Gender } from './participant.entity';

interface DemoParticipant {
  org: string;
  fullName: string;
  nativeName: string;
  nationality: 'PK' | 'CN';
  gender: Gender;
  dateOfBirth?: string;
  email?: string;
  phone?: string;
}

/**
 * Demo people. Every person here is INVENTED (names, birth dates, contacts); the Urdu and Chinese
 * renderings of their names are ours too. Contacts use `.example` domains that never resolve.
 */
export const DEMO_PARTICIPANTS: DemoParticipant[] = [
  {
    org: 'Hunza Relief Foundation',
    fullName: 'Ayesha Karim',
    nativeName: 'عائشہ کریم',
    nationality: 'PK',
    gender: 'female',
    dateOfBirth: '1996-04-12',
    email: 'ayesha.karim@hunza-relief.example',
  },
  {
    org: 'Hunza Relief Foundation',
    fullName: 'Imran Baig',
    nativeName: 'عمران بیگ',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '1990-09-03',
    phone: '+92 300 5550101',
  },
  {
    org: 'Hunza Relief Foundation',
    fullName: 'Nadia Shah',
    nativeName: 'نادیہ شاہ',
    nationality: 'PK',
    gender: 'female',
    dateOfBirth: '1998-08-08',
  },
  {
    org: 'Hunza Relief Foundation',
    fullName: 'Sher Ali',
    nativeName: 'شیر علی',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '1985-01-15',
  },
  {
    org: 'Hunza Relief Foundation',
    fullName: 'Zainab Hussain',
    nativeName: 'زینب حسین',
    nationality: 'PK',
    gender: 'female',
    email: 'zainab.hussain@hunza-relief.example',
  },
  {
    org: 'Karamay Friendship Association',
    fullName: 'Wang Fang',
    nativeName: '王芳',
    nationality: 'CN',
    gender: 'female',
    dateOfBirth: '1995-01-20',
    email: 'wang.fang@karamay-friendship.example',
  },
  {
    org: 'Karamay Friendship Association',
    fullName: 'Li Na',
    nativeName: '李娜',
    nationality: 'CN',
    gender: 'female',
    dateOfBirth: '1993-07-07',
  },
  {
    org: 'Karamay Friendship Association',
    fullName: 'Zhang Wei',
    nativeName: '张伟',
    nationality: 'CN',
    gender: 'male',
    dateOfBirth: '1988-11-02',
  },
  {
    org: 'Karamay Friendship Association',
    fullName: 'Aygul Tursun',
    nativeName: '阿依古丽·吐尔逊',
    nationality: 'CN',
    gender: 'female',
    dateOfBirth: '1997-03-21',
  },
  {
    org: 'Kashgar University',
    fullName: 'Ma Lin',
    nativeName: '马琳',
    nationality: 'CN',
    gender: 'female',
    dateOfBirth: '1994-03-03',
    email: 'ma.lin@kashgar-university.example',
  },
  {
    org: 'Kashgar University',
    fullName: 'Abdukerim Rozi',
    nativeName: '阿不都克力木·肉孜',
    nationality: 'CN',
    gender: 'male',
    dateOfBirth: '1991-06-18',
  },
  {
    org: 'Kashgar University',
    fullName: 'Bilal Ahmed',
    nativeName: 'بلال احمد',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '2000-10-10',
    email: 'bilal.ahmed@kashgar-university.example',
  },
  {
    org: 'Kashgar University CPEC Research Center',
    fullName: 'Usman Qureshi',
    nativeName: 'عثمان قریشی',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '1982-02-14',
  },
  {
    org: 'Kashgar University CPEC Research Center',
    fullName: 'Liu Yang',
    nativeName: '刘洋',
    nationality: 'CN',
    gender: 'male',
    dateOfBirth: '1992-12-12',
  },
  {
    org: 'Gwadar Port Municipal Committee',
    fullName: 'Naseer Baloch',
    nativeName: 'نصیر بلوچ',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '1979-05-30',
    phone: '+92 86 5550177',
  },
  {
    org: 'Gwadar Port Municipal Committee',
    fullName: 'Hameeda Baloch',
    nativeName: 'حمیدہ بلوچ',
    nationality: 'PK',
    gender: 'female',
    dateOfBirth: '1987-09-09',
  },
  {
    org: 'FM98 China–Pakistan Friendship Radio',
    fullName: 'Sana Malik',
    nativeName: 'ثناء ملک',
    nationality: 'PK',
    gender: 'female',
    dateOfBirth: '1993-11-30',
    email: 'sana.malik@fm98-friendship.example',
  },
  {
    org: 'FM98 China–Pakistan Friendship Radio',
    fullName: 'Zhao Lei',
    nativeName: '赵磊',
    nationality: 'CN',
    gender: 'male',
    dateOfBirth: '1989-04-04',
  },
  {
    org: 'Pakistani Students Association in Beijing',
    fullName: 'Hamza Raza',
    nativeName: 'حمزہ رضا',
    nationality: 'PK',
    gender: 'male',
    dateOfBirth: '2001-01-25',
    email: 'hamza.raza@pk-students-beijing.example',
  },
  {
    org: 'Pakistani Students Association in Beijing',
    fullName: 'Mehwish Iqbal',
    nativeName: 'مہوش اقبال',
    nationality: 'PK',
    gender: 'female',
    dateOfBirth: '2002-08-14',
  },
];

export const participantsSeeder: Seeder = {
  name: 'participants',
  async run(m, ctx) {
    for (const p of DEMO_PARTICIPANTS) {
      const orgId = ctx.ids.get(`org:${p.org}`);
      if (!orgId) throw new Error(`participants seed: organisation "${p.org}" was not seeded`);
      const key = nameKey(p.fullName);
      const found: { id: string }[] = await m.query(
        `SELECT id FROM participants WHERE organization_id = $1 AND name_key = $2 AND erased_at IS NULL ORDER BY created_at LIMIT 1`,
        [orgId, key],
      );
      const id =
        found[0]?.id ??
        (
          await m.query(
            `INSERT INTO participants (organization_id, full_name, native_name, name_key, email, phone, nationality, gender, date_of_birth)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [
              orgId,
              p.fullName,
              p.nativeName.normalize('NFC'),
              key,
              p.email ?? null,
              p.phone ?? null,
              p.nationality,
              p.gender,
              p.dateOfBirth ?? null,
            ],
          )
        )[0].id;
      ctx.ids.set(`participant:${p.fullName}`, id);
    }
  },
};
