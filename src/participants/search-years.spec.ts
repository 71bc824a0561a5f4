import { Clock } from '../common/clock';
import type { ParticipantSearchIndexesRepository } from './search-indexes.repository';
import { ParticipantSearchYears, searchYearWindows } from './search-years';

const at = (iso: string) => new Date(iso);

describe('searchYearWindows', () => {
  it('gives one window per year, then an open one after the last', () => {
    expect(searchYearWindows(2024, 2025)).toEqual([
      { from: at('2024-01-01T00:00:00Z'), to: at('2025-01-01T00:00:00Z') },
      { from: at('2025-01-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') },
      { from: at('2026-01-01T00:00:00Z'), to: null },
    ]);
  });
});

describe('ParticipantSearchYears', () => {
  let now: Date;
  const clock = { now: () => now } as Clock;
  const yearsOf = (spans: (() => Promise<{ first: number; last: number } | null>)[]) => {
    const createdYearSpan = jest.fn(() => spans.shift()!());
    const years = new ParticipantSearchYears(
      { createdYearSpan } as unknown as ParticipantSearchIndexesRepository,
      clock,
    );
    return { years, createdYearSpan };
  };

  beforeEach(() => (now = at('2026-12-04T10:00:00Z')));

  it('reads the span once a minute, and one whole window for an empty table', async () => {
    const { years, createdYearSpan } = yearsOf([
      async () => ({ first: 2025, last: 2026 }),
      async () => null,
    ]);
    expect(await years.windows()).toHaveLength(3);
    now = at('2026-12-04T10:01:00Z');
    expect(await years.windows()).toHaveLength(3);
    expect(createdYearSpan).toHaveBeenCalledTimes(1);
    now = at('2026-12-04T10:01:00.001Z');
    expect(await years.windows()).toEqual([{ from: null, to: null }]);
    expect(createdYearSpan).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read: the next search reads again', async () => {
    const { years, createdYearSpan } = yearsOf([
      async () => {
        throw new Error('connection refused');
      },
      async () => ({ first: 2026, last: 2026 }),
    ]);
    await expect(years.windows()).rejects.toThrow('connection refused');
    expect(await years.windows()).toHaveLength(2);
    expect(createdYearSpan).toHaveBeenCalledTimes(2);
  });
});
