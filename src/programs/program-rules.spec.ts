import {
  assertProgramDates,
  assertZoneOfCityCountry,
  canMoveProgram,
  isRegistrationOpen,
  toZonedIso,
} from './program-rules';

describe('program status machine', () => {
  it.each([
    ['planned', 'open', true],
    ['open', 'in_progress', true],
    ['in_progress', 'completed', true],
    ['planned', 'cancelled', true],
    ['open', 'cancelled', true],
    ['in_progress', 'cancelled', true],
    ['planned', 'completed', false],
    ['open', 'planned', false],
    ['completed', 'cancelled', false],
    ['cancelled', 'open', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMoveProgram(from, to)).toBe(ok);
  });
});

describe('program dates', () => {
  const d = (s: string) => new Date(s);
  it('accepts a deadline at the start and an end equal to the start', () => {
    expect(() =>
      assertProgramDates({
        startsAt: d('2027-06-07T04:00:00Z'),
        endsAt: d('2027-06-07T04:00:00Z'),
        registrationDeadline: d('2027-06-07T04:00:00Z'),
      }),
    ).not.toThrow();
  });
  it('refuses an end before the start (INVALID_DATE_RANGE) and a deadline after the start (DEADLINE_AFTER_START)', () => {
    expect(() =>
      assertProgramDates({
        startsAt: d('2027-06-07T04:00:00Z'),
        endsAt: d('2027-06-06T04:00:00Z'),
        registrationDeadline: d('2027-06-01T00:00:00Z'),
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATE_RANGE', status: 422 }));
    expect(() =>
      assertProgramDates({
        startsAt: d('2027-06-07T04:00:00Z'),
        endsAt: d('2027-06-08T04:00:00Z'),
        registrationDeadline: d('2027-06-07T04:00:01Z'),
      }),
    ).toThrow(expect.objectContaining({ code: 'DEADLINE_AFTER_START' }));
  });
  it('registration is open only while open and not past the deadline', () => {
    const p = { status: 'open' as const, registrationDeadline: d('2027-05-15T18:59:00Z') };
    expect(isRegistrationOpen(p, d('2027-05-15T18:59:00Z'))).toBe(true);
    expect(isRegistrationOpen(p, d('2027-05-15T18:59:00.001Z'))).toBe(false);
    expect(isRegistrationOpen({ ...p, status: 'planned' }, d('2027-01-01T00:00:00Z'))).toBe(false);
  });
  it('formats instants in the program zone with its offset', () => {
    expect(toZonedIso(d('2027-06-07T04:00:00Z'), 'Asia/Karachi')).toBe(
      '2027-06-07T09:00:00.000+05:00',
    );
    expect(toZonedIso(d('2027-06-07T04:00:00Z'), 'Asia/Shanghai')).toBe(
      '2027-06-07T12:00:00.000+08:00',
    );
  });
});

describe('toZonedIso (cached offsets)', () => {
  it('matches luxon to the millisecond across zones and DST transitions', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DateTime } = require('luxon') as typeof import('luxon');
    const { toZonedIso } = jest.requireActual(
      './program-rules',
    ) as typeof import('./program-rules');
    const zones = [
      'Asia/Karachi',
      'Asia/Shanghai',
      'Europe/London',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'UTC',
    ];
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of zones) {
      for (let i = 0; i < 3000; i++) {
        const d = new Date(start + i * 2_999_997); // ~50 min steps with odd milliseconds, across a year
        expect(toZonedIso(d, zone)).toBe(DateTime.fromJSDate(d, { zone }).toISO());
      }
    }
  });
});

describe("a program's zone and its city's country", () => {
  it.each([
    ['Asia/Karachi', 'PK'],
    ['Asia/Shanghai', 'CN'],
    ['Asia/Urumqi', 'CN'],
    ['Asia/Kashgar', 'CN'],
    ['Europe/London', 'GB'],
    ['Asia/Karachi', null],
  ])('accepts %s in %s', (zone, country) => {
    expect(() => assertZoneOfCityCountry(zone, country)).not.toThrow();
  });

  it.each([
    ['Asia/Shanghai', 'PK'],
    ['Asia/Kolkata', 'PK'],
    ['Asia/Karachi', 'CN'],
    ['UTC', 'CN'],
    ['Asia/Karachi', 'GB'],
    ['PRC', 'GB'],
  ])('refuses %s in %s with 422 TIME_ZONE_MISMATCH', (zone, country) => {
    expect(() => assertZoneOfCityCountry(zone, country)).toThrow(
      expect.objectContaining({ code: 'TIME_ZONE_MISMATCH', status: 422 }),
    );
  });
});
