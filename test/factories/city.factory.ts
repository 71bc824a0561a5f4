import type { Client } from 'pg';
import { bearer, TestApp } from '../utils/create-app';
import { LocalizedName } from './names';

/**
 * A city row by SQL. A city of the same English name in the same country is the same row
 * (cities are unique that way), so tests sharing a database may ask for it twice.
 */
export async function insertCity(
  db: Client,
  c: { names: LocalizedName; country: string; region?: string | null; kind?: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO cities (names, country, region, kind) VALUES ($1, $2, $3, $4)
     ON CONFLICT (country, lower(names->>'en')) DO UPDATE SET names = EXCLUDED.names RETURNING id`,
    [JSON.stringify(c.names), c.country, c.region ?? null, c.kind ?? 'city'],
  );
  return rows[0].id;
}

export const CITIES = {
  Karamay: {
    names: { en: 'Karamay', zh: '克拉玛依', ur: 'کرامائی' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
  Gwadar: {
    names: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
    country: 'PK',
    region: 'Balochistan',
    kind: 'city',
  },
  Tashkurgan: {
    names: { en: 'Tashkurgan', zh: '塔什库尔干', ur: 'تاشقرغان' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'county',
  },
  Hunza: {
    names: { en: 'Hunza', zh: '罕萨', ur: 'ہنزہ' },
    country: 'PK',
    region: 'Gilgit-Baltistan',
    kind: 'county',
  },
  Kashgar: {
    names: { en: 'Kashgar', zh: '喀什', ur: 'کاشغر' },
    country: 'CN',
    region: 'Xinjiang',
    kind: 'city',
  },
} as const;

/** One of the known cities through POST /cities. */
export async function createCity(
  t: TestApp,
  token: string,
  key: keyof typeof CITIES,
): Promise<string> {
  const res = await t.http().post('/api/v1/cities').set(bearer(token)).send(CITIES[key]);
  if (res.status !== 201)
    throw new Error(`create city ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
