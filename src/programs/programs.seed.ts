import { touchDatedRecord } from '../common/outbox/dated-record-outbox';
import type { Seeder } from '../database/seeds/seeder';

/**
 * Exchange programs from the essays (DEMO-FACTS.md). The titles of the calligraphy and Gandhara
 * exhibitions, the Kashgar University CPEC Research Center and the 2021 date of the calligraphy
 * exhibition are from the sources; every other date, time, capacity, venue and Chinese/Urdu
 * wording is invented for the demo. Times are written in the zone where each is held.
 */
const DEMO_PROGRAMS = [
  {
    key: 'cpec-seminar',
    title: {
      en: 'Kashgar University CPEC Research Center Think-Tank Seminar: People-to-People Bonds along the Corridor',
      zh: '喀什大学中巴经济走廊研究中心智库研讨会',
    },
    type: 'think_tank',
    description:
      "Scholars from Kashgar University's CPEC Research Center and Pakistani universities discuss people-to-people exchange along the corridor. (Invented programme details.)",
    city: 'Kashgar',
    partnership: null,
    zone: 'Asia/Shanghai',
    startsAt: '2024-10-16T09:00:00+08:00',
    endsAt: '2024-10-17T17:30:00+08:00',
    deadline: '2024-10-01T18:00:00+08:00',
    capacity: 120,
    status: 'completed',
  },
  {
    key: 'calligraphy-2021',
    title: {
      en: '70th Anniversary of China–Pakistan Diplomatic Relations — Calligraphy and Painting Exhibition of Artists of the Two Countries',
      zh: '中巴建交70周年两国艺术家书画展',
    },
    type: 'culture',
    description:
      'Works by Chinese and Pakistani calligraphers and painters marking 70 years of diplomatic relations (May 1951). (Venue and dates invented.)',
    city: 'Islamabad',
    partnership: null,
    zone: 'Asia/Karachi',
    startsAt: '2021-05-21T10:00:00+05:00',
    endsAt: '2021-05-30T18:00:00+05:00',
    deadline: '2021-05-14T17:00:00+05:00',
    capacity: 300,
    status: 'completed',
  },
  {
    key: 'gandhara',
    title: {
      en: 'Buddhist Wisdom in Xiangshan Mountain: Gandhara Heritage Art Exhibition',
      zh: '香山佛光：犍陀罗艺术展',
    },
    type: 'culture',
    description:
      'Gandhara heritage art from Pakistan shown at Xiangshan (Fragrant Hills), Beijing. (Dates and capacity invented.)',
    city: 'Beijing',
    partnership: null,
    zone: 'Asia/Shanghai',
    startsAt: '2023-09-26T09:30:00+08:00',
    endsAt: '2023-12-26T17:00:00+08:00',
    deadline: '2023-09-20T18:00:00+08:00',
    capacity: 500,
    status: 'completed',
  },
  {
    key: 'youth-2025',
    title: {
      en: 'Karamay–Gwadar Youth Exchange Camp 2025',
      zh: '克拉玛依—瓜达尔青少年交流营 2025',
      ur: 'کرامائی–گوادر یوتھ ایکسچینج کیمپ 2025',
    },
    type: 'youth',
    description:
      'Students from Gwadar spend ten days in Karamay: schools, the oil museum, sports and a joint art workshop. (Invented.)',
    city: 'Karamay',
    partnership: 'Karamay-Gwadar',
    zone: 'Asia/Shanghai',
    startsAt: '2025-07-14T09:00:00+08:00',
    endsAt: '2025-07-24T18:00:00+08:00',
    deadline: '2025-06-15T23:59:00+08:00',
    capacity: 30,
    status: 'completed',
  },
  {
    key: 'delegation-2027',
    title: {
      en: 'Tashkurgan County Delegation to Hunza via the Khunjerab Pass',
      zh: '塔什库尔干县代表团经红其拉甫口岸访问罕萨',
    },
    type: 'delegation',
    description:
      'A delegation of county officials, teachers and doctors travels the Karakoram Highway through Khunjerab–Sost to Hunza. (Invented.)',
    city: 'Hunza',
    partnership: 'Tashkurgan-Hunza',
    zone: 'Asia/Karachi',
    startsAt: '2027-06-07T09:00:00+05:00',
    endsAt: '2027-06-12T18:00:00+05:00',
    deadline: '2027-05-15T23:59:00+05:00',
    capacity: 25,
    status: 'open',
  },
] as const;

export const programsSeeder: Seeder = {
  name: 'programs',
  async run(m, ctx) {
    const coordinator = ctx.ids.get('user:coordinator');
    if (!coordinator)
      throw new Error('programs seed needs user:coordinator from the foundation seeder');
    for (const p of DEMO_PROGRAMS) {
      const found: { id: string }[] = await m.query(
        `SELECT id FROM programs WHERE title->>'en' = $1`,
        [p.title.en],
      );
      let id = found[0]?.id;
      if (!id) {
        const rows: { id: string }[] = await m.query(
          `INSERT INTO programs (title, type, description, partnership_id, city_id, coordinator_id, starts_at, ends_at, time_zone,
                                 registration_deadline, capacity, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            JSON.stringify(p.title),
            p.type,
            p.description,
            p.partnership ? (ctx.ids.get(`partnership:${p.partnership}`) ?? null) : null,
            ctx.ids.get(`city:${p.city}`) ?? null,
            coordinator,
            p.startsAt,
            p.endsAt,
            p.zone,
            p.deadline,
            p.capacity,
            p.status,
          ],
        );
        id = rows[0].id;
        await touchDatedRecord(m, 'program', id);
      }
      ctx.ids.set(`program:${p.key}`, id);
    }
    await registerDemoParticipants(m, ctx.ids);
  },
};

/**
 * When another seeder provided participants (`participant:*`), confirms up to three of them for
 * the open 2027 delegation. Optional: nothing here depends on it.
 */
async function registerDemoParticipants(
  m: Parameters<Seeder['run']>[0],
  ids: Map<string, string>,
): Promise<void> {
  const programId = ids.get('program:delegation-2027')!;
  const participantIds = [...ids.entries()]
    .filter(([k]) => k.startsWith('participant:'))
    .map(([, v]) => v)
    .slice(0, 3);
  if (participantIds.length === 0) return;
  await m.query(`SELECT 1 FROM programs WHERE id = $1 FOR UPDATE`, [programId]);
  for (const participantId of participantIds) {
    const inserted: { organization_id: string | null }[] = await m.query(
      `INSERT INTO registrations (program_id, participant_id, organization_id, status, registered_by)
       SELECT $1, p.id, p.organization_id, 'confirmed', $3 FROM participants p WHERE p.id = $2
          AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.program_id = $1 AND r.participant_id = p.id AND r.status <> 'cancelled')
          AND (SELECT confirmed_count < capacity FROM programs WHERE id = $1)
       RETURNING organization_id`,
      [programId, participantId, ids.get('user:coordinator')],
    );
    if (inserted.length === 0) continue;
    await m.query(`UPDATE programs SET confirmed_count = confirmed_count + 1 WHERE id = $1`, [
      programId,
    ]);
    if (inserted[0].organization_id) {
      await m.query(
        `INSERT INTO program_organizations (program_id, organization_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [programId, inserted[0].organization_id],
      );
    }
  }
}
