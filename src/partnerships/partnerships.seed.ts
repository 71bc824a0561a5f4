import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import type { Seeder } from '../database/seeds/seeder';

/**
 * Partnerships from the essays (DEMO-FACTS.md). Facts: Karamay–Gwadar are sister cities
 * established during the 2015 state visit to Pakistan; Tashkurgan–Hunza are sister counties
 * established after that. Invented details are marked below.
 */
const DEMO_PARTNERSHIPS = [
  {
    key: 'Karamay-Gwadar',
    a: 'Karamay',
    b: 'Gwadar',
    kind: 'sister_city',
    status: 'active',
    // The 2015 state visit was on 20–21 April 2015; taking its first day is our assumption.
    establishedOn: '2015-04-20',
    agreementSignedOn: '2015-04-20',
    focusAreas: ['port and energy cooperation', 'education', 'culture', 'youth exchange'], // invented
    notes: 'Sister cities since the 2015 state visit to Pakistan. (Focus areas are demo values.)',
  },
  {
    key: 'Tashkurgan-Hunza',
    a: 'Tashkurgan',
    b: 'Hunza',
    kind: 'sister_county',
    status: 'active',
    // ASSUMED: the essays give no year; 2016 is a demo value, the day is invented.
    establishedOn: '2016-08-18',
    agreementSignedOn: null,
    focusAreas: ['Khunjerab–Sost border trade', 'tourism', 'livelihood aid'], // invented
    notes:
      'The Chinese county nearest Pakistan and the Pakistani county nearest China. Establishment year 2016 is assumed (not in the sources).',
  },
] as const;

export const partnershipsSeeder: Seeder = {
  name: 'partnerships',
  async run(m, ctx) {
    for (const p of DEMO_PARTNERSHIPS) {
      const a = ctx.ids.get(`city:${p.a}`);
      const b = ctx.ids.get(`city:${p.b}`);
      if (!a || !b)
        throw new Error(
          `partnerships seed needs cities ${p.a} and ${p.b} from the foundation seeder`,
        );
      const found: { id: string }[] = await m.query(
        `SELECT id FROM partnerships WHERE LEAST(city_a_id, city_b_id) = LEAST($1::uuid, $2::uuid) AND GREATEST(city_a_id, city_b_id) = GREATEST($1::uuid, $2::uuid)`,
        [a, b],
      );
      let id = found[0]?.id;
      if (!id) {
        const rows: { id: string }[] = await m.query(
          `INSERT INTO partnerships (city_a_id, city_b_id, kind, status, established_on, agreement_signed_on, focus_areas, notes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            a,
            b,
            p.kind,
            p.status,
            p.establishedOn,
            p.agreementSignedOn,
            [...p.focusAreas],
            p.notes,
          ],
        );
        id = rows[0].id;
        await touchDatedRecord(m, 'partnership', id);
      }
      ctx.ids.set(`partnership:${p.key}`, id);
    }
  },
};
