import type { Client } from 'pg';
import { insertAidProject, insertAidTransaction, insertMilestone } from './aid-project.factory';
import { insertApplication, insertDisbursement } from './application.factory';
import { insertCity } from './city.factory';
import { insertOrganization } from './organization.factory';
import { insertParticipant } from './participant.factory';
import { insertPartnership } from './partnership.factory';
import { insertProgram } from './program.factory';
import { insertRegistration } from './registration.factory';
import { insertScholarship } from './scholarship.factory';

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
  // Reports only read these rows, so no outbox rows are written for them.
  const f = {
    organization: (v: {
      name: string;
      type: string;
      country: string;
      createdAt: string;
      approvedAt?: string;
    }) =>
      insertOrganization(db, {
        ...v,
        status: v.approvedAt ? 'approved' : 'pending',
        approvedAt: v.approvedAt ?? null,
      }),
    city: (v: {
      en: string;
      zh?: string;
      ur?: string;
      country: string;
      region: string | null;
      kind?: string;
    }) =>
      insertCity(db, {
        names: { en: v.en, ...(v.zh ? { zh: v.zh } : {}), ...(v.ur ? { ur: v.ur } : {}) },
        country: v.country,
        region: v.region,
        kind: v.kind,
      }),
    partnership: (v: Parameters<typeof insertPartnership>[1]) =>
      insertPartnership(db, { ...v, outbox: false }),
    scholarship: (v: { name: string; level: string }) =>
      insertScholarship(db, {
        ...v,
        stipendCurrency: 'USD',
        opensAt: '2025-01-01T00:00:00Z',
        closesAt: '2027-01-01T00:00:00Z',
        outbox: false,
      }),
    disbursement: (v: Parameters<typeof insertDisbursement>[1]) => insertDisbursement(db, v),
    aidProject: (v: Parameters<typeof insertAidProject>[1]) => insertAidProject(db, v),
    milestone: (v: Parameters<typeof insertMilestone>[1]) =>
      insertMilestone(db, { ...v, outbox: false }),
  };

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
  ) =>
    insertProgram(db, {
      title,
      type,
      partnershipId,
      coordinatorId,
      startsAt,
      endsAt: startsAt,
      registrationDeadline: startsAt,
      status,
      capacity,
      outbox: false,
    });
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
  ) =>
    insertParticipant(db, {
      fullName,
      nationality,
      gender: gender as 'female' | 'male' | 'other' | null,
      organizationId,
      dateOfBirth: null,
    });
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
    insertRegistration(db, { programId, participantId: p.id, organizationId: p.org, status });
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
    insertApplication(db, {
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
    insertAidTransaction(db, { projectId, type, amount, currency, date });
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
