import type { Client } from 'pg';

/**
 * SQL row factories for the report tests. Reports only READ other domains' tables, so the
 * data is arranged with plain INSERTs (the other domains' APIs are built in parallel).
 */
type Row = Record<string, unknown>;

async function insert(db: Client, table: string, values: Row): Promise<string> {
  const cols = Object.keys(values);
  const params = cols.map((c) => {
    const v = values[c];
    return v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)
      ? JSON.stringify(v)
      : v;
  });
  const res = await db.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    params,
  );
  return res.rows[0].id;
}

export const reportFactory = (db: Client) => ({
  user: (v: {
    email: string;
    role: 'admin' | 'coordinator' | 'ngo_member';
    organizationId?: string;
    isActive?: boolean;
  }) =>
    insert(db, 'users', {
      email: v.email,
      password_hash: 'not-a-real-hash',
      role: v.role,
      display_name: v.email,
      organization_id: v.organizationId ?? null,
      is_active: v.isActive ?? true,
    }),
  organization: (v: {
    name: string;
    type: string;
    country: string;
    status?: string;
    createdAt: string;
    approvedAt?: string | null;
  }) =>
    insert(db, 'organizations', {
      name: { en: v.name },
      type: v.type,
      country: v.country,
      contact_email: `${v.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`,
      status: v.status ?? (v.approvedAt ? 'approved' : 'pending'),
      approved_at: v.approvedAt ?? null,
      created_at: v.createdAt,
    }),
  city: (v: {
    en: string;
    zh?: string;
    ur?: string;
    country: string;
    region: string | null;
    kind?: string;
  }) =>
    insert(db, 'cities', {
      names: { en: v.en, ...(v.zh ? { zh: v.zh } : {}), ...(v.ur ? { ur: v.ur } : {}) },
      country: v.country,
      region: v.region,
      kind: v.kind ?? 'city',
    }),
  partnership: (v: {
    cityA: string;
    cityB: string;
    kind: string;
    status: string;
    establishedOn: string | null;
  }) =>
    insert(db, 'partnerships', {
      city_a_id: v.cityA,
      city_b_id: v.cityB,
      kind: v.kind,
      status: v.status,
      established_on: v.establishedOn,
    }),
  program: (v: {
    title: string;
    type: string;
    partnershipId?: string | null;
    coordinatorId: string;
    startsAt: string;
    status: string;
    capacity: number;
  }) =>
    insert(db, 'programs', {
      title: { en: v.title },
      type: v.type,
      partnership_id: v.partnershipId ?? null,
      coordinator_id: v.coordinatorId,
      starts_at: v.startsAt,
      ends_at: v.startsAt,
      time_zone: 'Asia/Karachi',
      registration_deadline: v.startsAt,
      capacity: v.capacity,
      status: v.status,
    }),
  participant: (v: {
    fullName: string;
    nationality: string;
    gender: string | null;
    organizationId: string | null;
  }) =>
    insert(db, 'participants', {
      full_name: v.fullName,
      name_key: v.fullName.toLowerCase(),
      nationality: v.nationality,
      gender: v.gender,
      organization_id: v.organizationId,
    }),
  registration: (v: {
    programId: string;
    participantId: string;
    organizationId: string | null;
    status: string;
  }) =>
    insert(db, 'registrations', {
      program_id: v.programId,
      participant_id: v.participantId,
      organization_id: v.organizationId,
      status: v.status,
    }),
  scholarship: (v: { name: string; level: string }) =>
    insert(db, 'scholarships', {
      name: { en: v.name },
      level: v.level,
      quota: 10,
      stipend_amount: '1000.00',
      stipend_currency: 'USD',
      opens_at: '2025-01-01T00:00:00Z',
      closes_at: '2027-01-01T00:00:00Z',
    }),
  application: (v: {
    scholarshipId: string;
    participantId: string;
    createdBy: string;
    status: string;
    submittedAt?: string | null;
    decidedAt?: string | null;
    respondedAt?: string | null;
  }) =>
    insert(db, 'scholarship_applications', {
      scholarship_id: v.scholarshipId,
      participant_id: v.participantId,
      created_by: v.createdBy,
      status: v.status,
      statement: 'I would like to study at Kashgar University.',
      submitted_at: v.submittedAt ?? null,
      decided_at: v.decidedAt ?? null,
      responded_at: v.respondedAt ?? null,
    }),
  disbursement: (v: { applicationId: string; amount: string; currency: string; paidOn: string }) =>
    insert(db, 'disbursements', {
      application_id: v.applicationId,
      amount: v.amount,
      currency: v.currency,
      paid_on: v.paidOn,
      reference: `REF-${v.paidOn}-${v.amount}`,
    }),
  aidProject: (v: {
    title: string;
    category: string;
    cityId: string | null;
    status: string;
    budget: string;
    currency: string;
    plannedStart: string | null;
    plannedEnd: string | null;
    actualStart?: string | null;
    actualEnd?: string | null;
    target?: number | null;
    actual?: number | null;
  }) =>
    insert(db, 'aid_projects', {
      title: { en: v.title },
      category: v.category,
      city_id: v.cityId,
      status: v.status,
      budget_amount: v.budget,
      budget_currency: v.currency,
      planned_start: v.plannedStart,
      planned_end: v.plannedEnd,
      actual_start: v.actualStart ?? null,
      actual_end: v.actualEnd ?? null,
      beneficiaries_target: v.target ?? null,
      beneficiaries_actual: v.actual ?? null,
    }),
  transaction: (v: {
    projectId: string;
    type: string;
    amount: string;
    currency: string;
    date: string;
  }) =>
    insert(db, 'aid_transactions', {
      project_id: v.projectId,
      type: v.type,
      amount: v.amount,
      currency: v.currency,
      transaction_date: v.date,
    }),
  milestone: (v: {
    projectId: string;
    title: string;
    dueOn: string;
    completedAt?: string | null;
  }) =>
    insert(db, 'milestones', {
      project_id: v.projectId,
      title: v.title,
      due_on: v.dueOn,
      completed_at: v.completedAt ?? null,
    }),
});

/**
 * The known data set of the summary test. Period under test: Q1 2026 (2026-01-01..03-31) in
 * Asia/Karachi (+05:00); previous period Q4 2025. Instants near midnight check that periods
 * are local calendar days: 2025-12-31T19:30Z is already 2026-01-01 00:30 in Karachi.
 * Names and figures are invented for the test; the places are those of the demo facts.
 */
export async function seedReportScenario(
  db: Client,
  coordinatorId: string,
  applicantUserId: string,
) {
  const f = reportFactory(db);

  // Organisations: created_at / approved_at decide "new" and "approved".
  const hunzaRelief = await f.organization({
    name: 'Hunza Relief Foundation',
    type: 'ngo',
    country: 'PK',
    createdAt: '2025-11-15T05:00:00Z',
    approvedAt: '2026-01-10T05:00:00Z',
  });
  const karamayEnterprise = await f.organization({
    name: 'Karamay Petroleum Enterprise',
    type: 'enterprise',
    country: 'CN',
    createdAt: '2026-02-01T06:00:00Z',
    approvedAt: '2026-03-31T18:30:00Z',
  });
  const kashgarUniversity = await f.organization({
    name: 'Kashgar University',
    type: 'university',
    country: 'CN',
    createdAt: '2025-10-05T05:00:00Z',
    approvedAt: '2025-10-20T05:00:00Z',
  });
  await f.organization({
    name: 'Gwadar Youth Forum',
    type: 'ngo',
    country: 'PK',
    createdAt: '2026-03-31T19:30:00Z',
  }); // Apr 1 in Karachi: outside
  await f.organization({
    name: 'Gilgit Media House',
    type: 'media',
    country: 'PK',
    createdAt: '2025-12-31T19:30:00Z',
  }); // Jan 1 in Karachi

  const karamay = await f.city({
    en: 'Karamay',
    zh: '克拉玛依',
    ur: 'کرامائی',
    country: 'CN',
    region: 'Xinjiang',
  });
  const gwadar = await f.city({
    en: 'Gwadar',
    zh: '瓜达尔',
    ur: 'گوادر',
    country: 'PK',
    region: 'Balochistan',
  });
  const tashkurgan = await f.city({
    en: 'Tashkurgan',
    zh: '塔什库尔干',
    country: 'CN',
    region: 'Xinjiang',
    kind: 'county',
  });
  const hunza = await f.city({
    en: 'Hunza',
    zh: '罕萨',
    ur: 'ہنزہ',
    country: 'PK',
    region: 'Gilgit-Baltistan',
    kind: 'county',
  });
  const kashgar = await f.city({ en: 'Kashgar', zh: '喀什', country: 'CN', region: 'Xinjiang' });
  const islamabad = await f.city({ en: 'Islamabad', zh: '伊斯兰堡', country: 'PK', region: null });

  const karamayGwadar = await f.partnership({
    cityA: karamay,
    cityB: gwadar,
    kind: 'sister_city',
    status: 'active',
    establishedOn: '2015-04-20',
  });
  const tashkurganHunza = await f.partnership({
    cityA: tashkurgan,
    cityB: hunza,
    kind: 'sister_county',
    status: 'active',
    establishedOn: '2026-02-10',
  });
  await f.partnership({
    cityA: kashgar,
    cityB: islamabad,
    kind: 'friendship',
    status: 'proposed',
    establishedOn: null,
  });

  const program = (
    title: string,
    type: string,
    partnershipId: string | null,
    startsAt: string,
    status: string,
    capacity: number,
  ) => f.program({ title, type, partnershipId, coordinatorId, startsAt, status, capacity });
  const youth = await program(
    'Karamay–Gwadar Youth Exchange',
    'youth',
    karamayGwadar,
    '2026-02-15T04:00:00Z',
    'completed',
    30,
  );
  const calligraphy = await program(
    'Gwadar Calligraphy Exhibition',
    'culture',
    karamayGwadar,
    '2025-11-10T05:00:00Z',
    'completed',
    50,
  );
  const teachers = await program(
    'Hunza Teacher Training',
    'training',
    tashkurganHunza,
    '2025-12-31T19:30:00Z',
    'in_progress',
    20,
  );
  const medical = await program(
    'Medical camp (cancelled)',
    'medical',
    null,
    '2026-03-20T05:00:00Z',
    'cancelled',
    10,
  );
  const forum = await program(
    'Think tank forum',
    'think_tank',
    null,
    '2026-03-31T19:30:00Z',
    'open',
    10,
  );
  const cultureWeek = await program(
    'Culture week',
    'culture',
    null,
    '2026-01-20T05:00:00Z',
    'completed',
    10,
  );

  const person = (
    fullName: string,
    nationality: string,
    gender: string | null,
    organizationId: string | null,
  ) => f.participant({ fullName, nationality, gender, organizationId });
  const a1 = { id: await person('Ayesha Khan', 'PK', 'female', hunzaRelief), org: hunzaRelief };
  const a2 = { id: await person('Bilal Ahmed', 'PK', 'male', hunzaRelief), org: hunzaRelief };
  const a3 = {
    id: await person('Li Na', 'CN', 'female', karamayEnterprise),
    org: karamayEnterprise,
  };
  const a4 = { id: await person('Wang Wei', 'CN', 'male', null), org: null };
  const a5 = { id: await person('Sana Malik', 'PK', null, null), org: null };
  const a6 = {
    id: await person('Ahmad Noori', 'AF', 'other', kashgarUniversity),
    org: kashgarUniversity,
  };
  const reg = (programId: string, p: { id: string; org: string | null }, status: string) =>
    f.registration({ programId, participantId: p.id, organizationId: p.org, status });
  await reg(youth, a1, 'confirmed');
  await reg(youth, a2, 'confirmed');
  await reg(youth, a3, 'confirmed');
  await reg(youth, a4, 'waitlisted');
  await reg(youth, a5, 'cancelled');
  await reg(calligraphy, a1, 'confirmed');
  await reg(calligraphy, a6, 'confirmed');
  await reg(teachers, a2, 'confirmed');
  await reg(teachers, a5, 'confirmed');
  await reg(teachers, a6, 'confirmed');
  await reg(medical, a3, 'confirmed');
  await reg(forum, a4, 'confirmed');
  await reg(cultureWeek, a4, 'confirmed');
  await reg(cultureWeek, a3, 'confirmed');

  const masters = await f.scholarship({
    name: "Kashgar University CPEC Master's",
    level: 'master',
  });
  const teacherExchange = await f.scholarship({
    name: 'Teacher Exchange',
    level: 'teacher_exchange',
  });
  const app = (
    scholarshipId: string,
    participantId: string,
    status: string,
    submittedAt: string | null,
    decidedAt: string | null = null,
    respondedAt: string | null = null,
  ) =>
    f.application({
      scholarshipId,
      participantId,
      createdBy: applicantUserId,
      status,
      submittedAt,
      decidedAt,
      respondedAt,
    });
  const ap1 = await app(
    masters,
    a1.id,
    'accepted',
    '2026-01-05T05:00:00Z',
    '2026-02-01T05:00:00Z',
    '2026-02-10T05:00:00Z',
  );
  const ap2 = await app(masters, a2.id, 'awarded', '2025-12-01T05:00:00Z', '2026-01-15T05:00:00Z');
  await app(masters, a3.id, 'rejected', '2026-01-20T05:00:00Z', '2026-02-20T05:00:00Z');
  const ap4 = await app(
    masters,
    a6.id,
    'accepted',
    '2025-10-10T05:00:00Z',
    '2025-11-01T05:00:00Z',
    '2025-11-20T05:00:00Z',
  );
  await app(teacherExchange, a4.id, 'submitted', '2026-03-31T18:59:59Z'); // 23:59:59 on Mar 31 in Karachi
  await app(teacherExchange, a5.id, 'draft', null);
  await app(
    teacherExchange,
    a2.id,
    'declined',
    '2025-12-15T05:00:00Z',
    '2026-01-10T05:00:00Z',
    '2026-01-20T05:00:00Z',
  );

  await f.disbursement({
    applicationId: ap1,
    amount: '0.10',
    currency: 'USD',
    paidOn: '2026-02-15',
  });
  await f.disbursement({
    applicationId: ap1,
    amount: '0.20',
    currency: 'USD',
    paidOn: '2026-03-31',
  });
  await f.disbursement({
    applicationId: ap1,
    amount: '25000.00',
    currency: 'PKR',
    paidOn: '2026-01-31',
  });
  await f.disbursement({
    applicationId: ap4,
    amount: '150.55',
    currency: 'USD',
    paidOn: '2025-12-31',
  });
  await f.disbursement({
    applicationId: ap4,
    amount: '1234567890123.45',
    currency: 'PKR',
    paidOn: '2025-11-30',
  });
  await f.disbursement({
    applicationId: ap2,
    amount: '0.01',
    currency: 'PKR',
    paidOn: '2026-04-01',
  });

  const school = await f.aidProject({
    title: 'Hunza friendship school',
    category: 'school',
    cityId: hunza,
    status: 'implementation',
    budget: '1000000.00',
    currency: 'PKR',
    plannedStart: '2025-09-01',
    plannedEnd: '2026-12-31',
    target: 500,
    actual: 120,
  });
  const solar = await f.aidProject({
    title: 'Solar lighting in Sost',
    category: 'solar_lighting',
    cityId: hunza,
    status: 'completed',
    budget: '50000.50',
    currency: 'USD',
    plannedStart: '2025-06-01',
    plannedEnd: '2025-11-30',
    actualStart: '2025-06-15',
    actualEnd: '2025-12-20',
    target: 300,
    actual: 310,
  });
  const water = await f.aidProject({
    title: 'Gwadar safe drinking water',
    category: 'drinking_water',
    cityId: gwadar,
    status: 'implementation',
    budget: '200000.00',
    currency: 'USD',
    plannedStart: '2026-02-01',
    plannedEnd: '2026-08-31',
    target: 1000,
    actual: null,
  });
  await f.aidProject({
    title: 'Islamabad clinic vehicle',
    category: 'clinic_vehicle',
    cityId: islamabad,
    status: 'cancelled',
    budget: '30000.00',
    currency: 'USD',
    plannedStart: '2026-01-01',
    plannedEnd: '2026-06-30',
  });
  await f.aidProject({
    title: 'KKH snow removal machines',
    category: 'snow_removal',
    cityId: hunza,
    status: 'pipeline',
    budget: '75000.00',
    currency: 'CNY',
    plannedStart: null,
    plannedEnd: null,
  });

  const tx = (projectId: string, type: string, amount: string, currency: string, date: string) =>
    f.transaction({ projectId, type, amount, currency, date });
  await tx(school, 'commitment', '500000.00', 'PKR', '2026-01-10');
  await tx(school, 'expenditure', '0.10', 'PKR', '2026-02-01');
  await tx(school, 'expenditure', '0.20', 'PKR', '2026-03-31');
  await tx(school, 'disbursement', '250000.00', 'PKR', '2026-01-15');
  await tx(school, 'commitment', '400000.00', 'PKR', '2025-10-15');
  await tx(solar, 'expenditure', '45000.25', 'USD', '2025-12-01');
  await tx(solar, 'expenditure', '5000.25', 'USD', '2026-01-05');
  await tx(water, 'commitment', '150000.00', 'USD', '2026-02-05');
  await tx(water, 'commitment', '12.34', 'CNY', '2026-02-06');
  await tx(school, 'expenditure', '1.00', 'PKR', '2026-04-01');

  await f.milestone({
    projectId: school,
    title: 'Foundations',
    dueOn: '2026-01-31',
    completedAt: '2026-01-31T19:30:00Z',
  }); // Feb 1 in Karachi: late
  await f.milestone({
    projectId: school,
    title: 'Walls',
    dueOn: '2026-02-28',
    completedAt: '2026-02-28T18:30:00Z',
  }); // 23:30 Feb 28: on time
  await f.milestone({ projectId: water, title: 'Pipes', dueOn: '2026-03-15' }); // open, overdue as of Apr 5
  await f.milestone({ projectId: school, title: 'Roof', dueOn: '2026-03-31' }); // open, overdue as of Apr 5
  await f.milestone({
    projectId: solar,
    title: 'Panels',
    dueOn: '2025-11-30',
    completedAt: '2025-11-29T10:00:00Z',
  });
  await f.milestone({
    projectId: solar,
    title: 'Handover',
    dueOn: '2025-12-15',
    completedAt: '2026-01-03T10:00:00Z',
  });
  await f.milestone({ projectId: school, title: 'Opening', dueOn: '2026-04-10' });

  return { orgs: { hunzaRelief, karamayEnterprise, kashgarUniversity } };
}
