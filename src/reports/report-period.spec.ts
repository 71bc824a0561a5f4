import {
  currentPeriod,
  lastClosedPeriod,
  localDate,
  periodDays,
  previousPeriod,
} from './report-period';

describe('lastClosedPeriod', () => {
  const at = (iso: string) => new Date(iso);

  it('gives the previous calendar month, quarter and year', () => {
    const now = at('2026-05-17T10:00:00Z');
    expect(lastClosedPeriod('monthly', now, 'Asia/Karachi')).toEqual({
      start: '2026-04-01',
      end: '2026-04-30',
    });
    expect(lastClosedPeriod('quarterly', now, 'Asia/Karachi')).toEqual({
      start: '2026-01-01',
      end: '2026-03-31',
    });
    expect(lastClosedPeriod('yearly', now, 'Asia/Karachi')).toEqual({
      start: '2025-01-01',
      end: '2025-12-31',
    });
  });

  it('crosses the year boundary in the schedule time zone, not in UTC', () => {
    // 2025-12-31T19:30Z is 2026-01-01 00:30 in Karachi (+05:00) but still Dec 31 in UTC.
    const now = at('2025-12-31T19:30:00Z');
    expect(lastClosedPeriod('monthly', now, 'Asia/Karachi')).toEqual({
      start: '2025-12-01',
      end: '2025-12-31',
    });
    expect(lastClosedPeriod('quarterly', now, 'Asia/Karachi')).toEqual({
      start: '2025-10-01',
      end: '2025-12-31',
    });
    expect(lastClosedPeriod('yearly', now, 'Asia/Karachi')).toEqual({
      start: '2025-01-01',
      end: '2025-12-31',
    });
    expect(lastClosedPeriod('monthly', now, 'UTC')).toEqual({
      start: '2025-11-01',
      end: '2025-11-30',
    });
    expect(lastClosedPeriod('quarterly', now, 'UTC')).toEqual({
      start: '2025-07-01',
      end: '2025-09-30',
    });
    expect(lastClosedPeriod('yearly', now, 'UTC')).toEqual({
      start: '2024-01-01',
      end: '2024-12-31',
    });
  });

  it('handles January (previous month in the previous year) and zones west of UTC', () => {
    expect(lastClosedPeriod('monthly', at('2026-01-15T00:00:00Z'), 'Asia/Shanghai')).toEqual({
      start: '2025-12-01',
      end: '2025-12-31',
    });
    // 2026-01-01T03:00Z is still 2025-12-31 in New York: November is the last closed month.
    expect(lastClosedPeriod('monthly', at('2026-01-01T03:00:00Z'), 'America/New_York')).toEqual({
      start: '2025-11-01',
      end: '2025-11-30',
    });
  });

  it('handles February in leap and common years', () => {
    expect(lastClosedPeriod('monthly', at('2024-03-01T12:00:00Z'), 'UTC')).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(lastClosedPeriod('monthly', at('2025-03-01T12:00:00Z'), 'UTC')).toEqual({
      start: '2025-02-01',
      end: '2025-02-28',
    });
  });

  it('treats the first instant of a period as closing the previous one', () => {
    expect(lastClosedPeriod('monthly', at('2026-03-31T19:00:00Z'), 'Asia/Karachi')).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
    });
    expect(lastClosedPeriod('monthly', at('2026-03-31T18:59:59Z'), 'Asia/Karachi')).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
    });
  });

  it('rejects an unknown time zone', () => {
    expect(() => lastClosedPeriod('monthly', at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(
      /time zone/,
    );
  });
});

describe('currentPeriod', () => {
  it('is the period in progress', () => {
    expect(currentPeriod('quarterly', new Date('2026-05-17T10:00:00Z'), 'UTC')).toEqual({
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(currentPeriod('monthly', new Date('2024-02-10T10:00:00Z'), 'UTC')).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
  });
});

describe('previousPeriod', () => {
  it('steps back whole calendar months for months, quarters and years', () => {
    expect(previousPeriod({ start: '2026-01-01', end: '2026-03-31' })).toEqual({
      start: '2025-10-01',
      end: '2025-12-31',
    });
    expect(previousPeriod({ start: '2026-03-01', end: '2026-03-31' })).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
    });
    expect(previousPeriod({ start: '2024-03-01', end: '2024-03-31' })).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(previousPeriod({ start: '2026-01-01', end: '2026-01-31' })).toEqual({
      start: '2025-12-01',
      end: '2025-12-31',
    });
    expect(previousPeriod({ start: '2025-01-01', end: '2025-12-31' })).toEqual({
      start: '2024-01-01',
      end: '2024-12-31',
    });
  });

  it('steps back the same number of days otherwise', () => {
    expect(previousPeriod({ start: '2026-01-10', end: '2026-01-19' })).toEqual({
      start: '2025-12-31',
      end: '2026-01-09',
    });
    expect(previousPeriod({ start: '2026-03-05', end: '2026-03-05' })).toEqual({
      start: '2026-03-04',
      end: '2026-03-04',
    });
    expect(previousPeriod({ start: '2024-03-01', end: '2024-03-15' })).toEqual({
      start: '2024-02-15',
      end: '2024-02-29',
    });
  });

  it('is always adjacent and never overlaps', () => {
    for (const p of [
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2025-12-20', end: '2026-01-10' },
      { start: '2020-01-01', end: '2024-12-31' },
    ]) {
      const prev = previousPeriod(p);
      expect(prev.end < p.start).toBe(true);
      expect(periodDays({ start: prev.start, end: p.end })).toBe(periodDays(prev) + periodDays(p));
    }
  });
});

describe('localDate', () => {
  it('is the calendar date in the zone', () => {
    expect(localDate(new Date('2025-12-31T19:30:00Z'), 'Asia/Karachi')).toBe('2026-01-01');
    expect(localDate(new Date('2025-12-31T19:30:00Z'), 'UTC')).toBe('2025-12-31');
  });
});
