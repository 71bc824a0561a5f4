import {
  anniversariesBetween,
  assertNotEstablishedInFuture,
  canMovePartnership,
  isDormant,
} from './partnership-rules';

describe('partnership status machine', () => {
  it.each([
    ['proposed', 'active', true],
    ['active', 'suspended', true],
    ['suspended', 'active', true],
    ['active', 'ended', true],
    ['proposed', 'ended', true],
    ['suspended', 'ended', true],
    ['proposed', 'suspended', false],
    ['ended', 'active', false],
    ['active', 'proposed', false],
  ] as const)('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMovePartnership(from, to)).toBe(ok);
  });
});

describe('anniversariesBetween', () => {
  it('lists the 10th of Karamay–Gwadar in 2025', () => {
    expect(anniversariesBetween('2015-04-20', '2025-01-01', '2025-12-31')).toEqual([
      { date: '2025-04-20', years: 10 },
    ]);
  });

  it('lists several years and respects both ends inclusively', () => {
    expect(
      anniversariesBetween('2016-06-01', '2024-06-01', '2026-06-01').map((a) => a.years),
    ).toEqual([8, 9, 10]);
    expect(
      anniversariesBetween('2016-06-01', '2024-06-02', '2026-05-31').map((a) => a.years),
    ).toEqual([9]);
  });

  it('marks a 29 February founding on 28 February in common years, on the 29th in leap years', () => {
    expect(anniversariesBetween('2016-02-29', '2017-01-01', '2020-12-31')).toEqual([
      { date: '2017-02-28', years: 1 },
      { date: '2018-02-28', years: 2 },
      { date: '2019-02-28', years: 3 },
      { date: '2020-02-29', years: 4 },
    ]);
    expect(anniversariesBetween('2000-02-29', '2100-01-01', '2100-12-31')).toEqual([
      { date: '2100-02-28', years: 100 },
    ]);
  });

  it('never counts the founding day itself', () => {
    expect(anniversariesBetween('2015-04-20', '2015-01-01', '2015-12-31')).toEqual([]);
  });
});

describe('isDormant', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const base = {
    status: 'active' as const,
    establishedOn: '2015-04-20',
    createdAt: new Date('2020-01-01'),
    now,
    months: 18,
  };

  it('is dormant when the last program started more than N months ago', () => {
    expect(isDormant({ ...base, lastActivityAt: new Date('2025-05-24T00:00:00Z') })).toBe(true);
    expect(isDormant({ ...base, lastActivityAt: new Date('2025-05-26T00:00:00Z') })).toBe(false);
  });

  it('with no program ever, is dormant only once established longer ago than N months', () => {
    expect(isDormant({ ...base, lastActivityAt: null })).toBe(true);
    expect(isDormant({ ...base, establishedOn: '2026-01-01', lastActivityAt: null })).toBe(false);
  });

  it('is never dormant unless active', () => {
    expect(isDormant({ ...base, status: 'suspended', lastActivityAt: null })).toBe(false);
  });
});

describe('establishment in the future', () => {
  // 20:00 UTC on 3 Dec: already 4 Dec from Karachi eastwards, 5 Dec nowhere.
  const now = new Date('2026-12-03T20:00:00Z');

  it.each([
    ['active', '2026-12-03'],
    ['active', '2026-12-04'],
    ['proposed', '2027-06-01'],
    ['active', null],
  ] as const)('accepts %s established on %s', (status, on) => {
    expect(() => assertNotEstablishedInFuture(status, on, now)).not.toThrow();
  });

  it.each([
    ['active', '2026-12-05'],
    ['suspended', '2027-01-01'],
    ['ended', '2030-01-01'],
  ] as const)('refuses %s established on %s (422 ESTABLISHED_ON_IN_FUTURE)', (status, on) => {
    expect(() => assertNotEstablishedInFuture(status, on, now)).toThrow(
      expect.objectContaining({ code: 'ESTABLISHED_ON_IN_FUTURE', status: 422 }),
    );
  });
});
