import { hashPassword } from '../../common/auth/passwords';
import { findOrInsert, Seeder } from '../../database/seeds/seeder';

/**
 * Places from the essays (DEMO-FACTS.md). The Urdu forms of Chinese place names are
 * transliterations to be checked before a release.
 */
export const DEMO_CITIES = [
  {
    key: 'Karamay',
    names: { en: 'Karamay', zh: '克拉玛依', ur: 'کرامائی' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
  {
    key: 'Gwadar',
    names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
    country: 'PK',
    region: 'Balochistan',
    kind: 'city',
  },
  {
    key: 'Tashkurgan',
    names: { en: 'Tashkurgan', zh: '塔什库尔干', ur: 'تاشقرغان' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'county',
  },
  // Hunza is a district; the contract's kinds have no "district", and the essays call it the county nearest China.
  {
    key: 'Hunza',
    names: { en: 'Hunza', zh: '罕萨', ur: 'ہنزہ' },
    country: 'PK',
    region: 'Gilgit-Baltistan',
    kind: 'county',
  },
  {
    key: 'Kashgar',
    names: { en: 'Kashgar', zh: '喀什', ur: 'کاشغر' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
  {
    key: 'Islamabad',
    names: { en: 'Islamabad', zh: '伊斯兰堡', ur: 'اسلام آباد' },
    country: 'PK',
    region: 'Islamabad Capital Territory',
    kind: 'city',
  },
  {
    key: 'Beijing',
    names: { en: 'Beijing', zh: '北京', ur: 'بیجنگ' },
    country: 'CN',
    region: 'Beijing',
    kind: 'city',
  },
] as const;

/** Demo staff accounts (invented). Passwords are for the local demo only. */
const DEMO_STAFF = [
  {
    key: 'coordinator',
    email: 'coordinator@silkbridge.local',
    password: 'coordinator-demo-2026',
    role: 'coordinator',
    name: 'Amina Yusufzai (demo coordinator)',
  },
  {
    key: 'coordinator2',
    email: 'li.wei@silkbridge.local',
    password: 'coordinator-demo-2026',
    role: 'coordinator',
    name: 'Li Wei (demo coordinator)',
  },
];

export const foundationSeeder: Seeder = {
  name: 'foundation',
  async run(m, ctx) {
    for (const c of DEMO_CITIES) {
      const id = await findOrInsert(
        m,
        {
          sql: `SELECT id FROM cities WHERE country = $1 AND lower(names->>'en') = lower($2)`,
          params: [c.country, c.names.en],
        },
        {
          sql: `INSERT INTO cities (names, country, region, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
          params: [JSON.stringify(c.names), c.country, c.region, c.kind],
        },
      );
      ctx.ids.set(`city:${c.key}`, id);
    }
    for (const s of DEMO_STAFF) {
      const existing: { id: string }[] = await m.query(
        `SELECT id FROM users WHERE lower(email) = lower($1)`,
        [s.email],
      );
      const id =
        existing[0]?.id ??
        (
          await m.query(
            `INSERT INTO users (email, password_hash, role, display_name) VALUES ($1, $2, $3, $4) RETURNING id`,
            [s.email, await hashPassword(s.password), s.role, s.name],
          )
        )[0].id;
      ctx.ids.set(`user:${s.key}`, id);
      ctx.credentials.push({ email: s.email, password: s.password, role: s.role });
    }
  },
};
