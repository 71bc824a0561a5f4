import { nextOccurrence, stillTargets, yearsSince } from './targets/target-state';
import {
  dateOnlyAt,
  formatDateOnly,
  formatInstant,
  localDate,
  recipientZone,
  zoneForCountry,
} from '../common/time/time-zones';
import { DateTime } from 'luxon';
import {
  deliveryWindow,
  eventEndsAt,
  isWithinWorkingHours,
  nextWindowStart,
} from './working-hours';

const at = (iso: string) => new Date(iso);

describe('time zones', () => {
  it('defaults by country: PK → Asia/Karachi, CN → Asia/Shanghai, others UTC', () => {
    expect(zoneForCountry('PK')).toBe('Asia/Karachi');
    expect(zoneForCountry('CN')).toBe('Asia/Shanghai');
    expect(zoneForCountry('GB')).toBe('UTC');
    expect(zoneForCountry(null)).toBe('UTC');
  });

  it("takes the user's own zone, else the organisation's country, else the staff default", () => {
    expect(recipientZone({ timeZone: 'Europe/London', orgCountry: 'PK' }, 'Asia/Karachi')).toBe(
      'Europe/London',
    );
    expect(recipientZone({ timeZone: null, orgCountry: 'CN' }, 'Asia/Karachi')).toBe(
      'Asia/Shanghai',
    );
    expect(recipientZone({ timeZone: null, orgCountry: null }, 'Asia/Karachi')).toBe(
      'Asia/Karachi',
    );
    expect(recipientZone({ timeZone: 'Not/AZone', orgCountry: null }, 'UTC')).toBe('UTC');
  });

  it('formats an instant in the reader’s zone with a familiar abbreviation', () => {
    const t = at('2027-05-12T04:00:00Z');
    expect(formatInstant(t, 'Asia/Karachi')).toBe('12 May 2027, 09:00 PKT');
    expect(formatInstant(t, 'Asia/Shanghai')).toBe('12 May 2027, 12:00 CST');
    expect(formatInstant(t, 'UTC')).toBe('12 May 2027, 04:00 UTC');
    expect(formatDateOnly('2027-05-12')).toBe('12 May 2027');
  });

  it('formats exactly as luxon does, across DST transitions and odd offsets (cached offsets)', () => {
    const zones = [
      'Asia/Karachi',
      'Asia/Kathmandu',
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'UTC',
    ];
    // Every 7 h 13 min through two years: crosses every DST change of these zones, all months.
    const start = Date.parse('2026-01-01T00:00:00Z');
    let checked = 0;
    for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += (7 * 60 + 13) * 60_000) {
      const t = new Date(ms);
      for (const zone of zones) {
        const dt = DateTime.fromJSDate(t, { zone }).setLocale('en-GB');
        const abbreviation =
          zone === 'Asia/Karachi' ? 'PKT' : DateTime.fromJSDate(t, { zone }).toFormat('ZZZZ');
        expect(formatInstant(t, zone)).toBe(`${dt.toFormat('d LLL yyyy, HH:mm')} ${abbreviation}`);
        expect(localDate(t, zone)).toBe(dt.toISODate());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(formatInstant(at('2027-07-01T12:00:00Z'), 'Europe/London')).toBe(
      '1 Jul 2027, 13:00 GMT+1',
    );
    expect(formatInstant(at('2027-01-01T12:00:00Z'), 'Europe/London')).toBe(
      '1 Jan 2027, 12:00 GMT',
    );
    expect(formatDateOnly('2027-09-03')).toBe(
      DateTime.fromISO('2027-09-03').setLocale('en-GB').toFormat('d LLL yyyy'),
    );
  });

  it('puts date-only targets at 09:00 local', () => {
    expect(dateOnlyAt('2027-05-12', 'Asia/Karachi').toISOString()).toBe('2027-05-12T04:00:00.000Z');
    expect(dateOnlyAt('2027-05-12', 'Asia/Shanghai').toISOString()).toBe(
      '2027-05-12T01:00:00.000Z',
    );
  });
});

describe('working hours', () => {
  const day = { start: 8, end: 20 };
  it('knows whether a local time is inside the window', () => {
    // 07:59 and 20:00 in Karachi are outside; 08:00 and 19:59 inside.
    expect(isWithinWorkingHours(at('2027-05-12T02:59:00Z'), 'Asia/Karachi', day)).toBe(false);
    expect(isWithinWorkingHours(at('2027-05-12T03:00:00Z'), 'Asia/Karachi', day)).toBe(true);
    expect(isWithinWorkingHours(at('2027-05-12T14:59:00Z'), 'Asia/Karachi', day)).toBe(true);
    expect(isWithinWorkingHours(at('2027-05-12T15:00:00Z'), 'Asia/Karachi', day)).toBe(false);
  });

  it('postpones to the next local window start, today or tomorrow', () => {
    // 06:00 PKT → 08:00 PKT the same day
    expect(nextWindowStart(at('2027-05-12T01:00:00Z'), 'Asia/Karachi', day).toISOString()).toBe(
      '2027-05-12T03:00:00.000Z',
    );
    // 22:00 PKT → 08:00 PKT the next day
    expect(nextWindowStart(at('2027-05-12T17:00:00Z'), 'Asia/Karachi', day).toISOString()).toBe(
      '2027-05-13T03:00:00.000Z',
    );
    // inside: now
    expect(nextWindowStart(at('2027-05-12T05:00:00Z'), 'Asia/Karachi', day).toISOString()).toBe(
      '2027-05-12T05:00:00.000Z',
    );
    // the same instant is 22:00 in Shanghai (outside) → 08:00 Shanghai next day
    expect(nextWindowStart(at('2027-05-12T14:00:00Z'), 'Asia/Shanghai', day).toISOString()).toBe(
      '2027-05-13T00:00:00.000Z',
    );
  });

  it('handles windows that wrap midnight', () => {
    const night = { start: 22, end: 6 };
    expect(isWithinWorkingHours(at('2027-05-12T23:00:00Z'), 'UTC', night)).toBe(true);
    expect(isWithinWorkingHours(at('2027-05-12T03:00:00Z'), 'UTC', night)).toBe(true);
    expect(isWithinWorkingHours(at('2027-05-12T12:00:00Z'), 'UTC', night)).toBe(false);
    expect(nextWindowStart(at('2027-05-12T12:00:00Z'), 'UTC', night).toISOString()).toBe(
      '2027-05-12T22:00:00.000Z',
    );
  });

  it('never postpones a reminder past its event: at once when the window opens too late, skipped once the event began', () => {
    // A 9-minute rule, hours 08–20, a 21:26 PKT program: due 21:17 PKT, the window opens at
    // 08:00 tomorrow, after the program; it goes out at once.
    const event = at('2027-05-12T16:26:00Z');
    const nineMinutes = { dueAt: at('2027-05-12T16:17:00Z'), eventAt: event };
    expect(deliveryWindow(at('2027-05-12T16:17:00Z'), nineMinutes, 'Asia/Karachi', day)).toEqual({
      kind: 'now',
    });
    // Ran late (a worker was down): the program has begun, nobody outside hours is told.
    expect(deliveryWindow(at('2027-05-12T16:30:00Z'), nineMinutes, 'Asia/Karachi', day)).toEqual({
      kind: 'skip',
    });
    // 06:00 PKT for an event at noon: the window opens first, so it waits for it.
    const noon = { dueAt: at('2027-05-12T01:00:00Z'), eventAt: at('2027-05-12T07:00:00Z') };
    expect(deliveryWindow(at('2027-05-12T01:00:00Z'), noon, 'Asia/Karachi', day)).toEqual({
      kind: 'wait',
      until: at('2027-05-12T03:00:00Z'),
    });
    // Inside the window, or with no window: now.
    expect(deliveryWindow(at('2027-05-12T05:00:00Z'), nineMinutes, 'Asia/Karachi', day)).toEqual({
      kind: 'now',
    });
    expect(deliveryWindow(at('2027-05-12T16:17:00Z'), nineMinutes, 'Asia/Karachi', null)).toEqual({
      kind: 'now',
    });
  });

  it('still sends an at-the-event reminder (offset zero) whose job runs a moment late', () => {
    const day = { start: 8, end: 20 };
    const atStart = { dueAt: at('2027-05-12T16:26:00Z'), eventAt: at('2027-05-12T16:26:00Z') };
    expect(deliveryWindow(at('2027-05-12T16:26:00.300Z'), atStart, 'Asia/Karachi', day)).toEqual({
      kind: 'now',
    });
  });

  it('treats a date-only target as ahead until its local day is over', () => {
    const day = { start: 10, end: 18 };
    // A milestone due on 12 May (targeted at 09:00 PKT), reminded at 21:00 PKT the evening before:
    // the window opens at 10:00 on the day itself, which is still the day it announces.
    const targetAt = at('2027-05-12T04:00:00Z');
    const ends = eventEndsAt(targetAt, { date: '2027-05-12', placeZone: 'Asia/Karachi' });
    expect(ends.toISOString()).toBe('2027-05-12T19:00:00.000Z');
    const evening = { dueAt: at('2027-05-11T16:00:00Z'), eventAt: ends };
    expect(deliveryWindow(at('2027-05-11T16:00:00Z'), evening, 'Asia/Karachi', day)).toEqual({
      kind: 'wait',
      until: at('2027-05-12T05:00:00Z'),
    });
    // A job running late at 09:30 on the day, before the window: it waits for 10:00, not skipped.
    expect(deliveryWindow(at('2027-05-12T04:30:00Z'), evening, 'Asia/Karachi', day)).toEqual({
      kind: 'wait',
      until: at('2027-05-12T05:00:00Z'),
    });
    // At 19:00 on the day, after the window closed: still that day, so it goes out at once.
    expect(deliveryWindow(at('2027-05-12T14:00:00Z'), evening, 'Asia/Karachi', day)).toEqual({
      kind: 'now',
    });
    // The next day: over.
    expect(deliveryWindow(at('2027-05-12T19:30:00Z'), evening, 'Asia/Karachi', day)).toEqual({
      kind: 'skip',
    });
    // A timed target is ahead only until its instant; yearly ones end with their day too.
    expect(eventEndsAt(targetAt, { placeZone: 'Asia/Karachi' })).toEqual(targetAt);
    expect(
      eventEndsAt(at('2027-04-20T01:00:00Z'), { anchor: '2015-04-20', placeZone: 'Asia/Shanghai' }),
    ).toEqual(at('2027-04-20T16:00:00Z'));
  });
});

describe('target occurrences', () => {
  const start = at('2027-05-12T04:00:00Z');
  it('schedules a one-off target only while its reminder time is ahead', () => {
    expect(nextOccurrence({ kind: 'once', at: start }, 3600, at('2027-05-12T02:00:00Z'))).toEqual({
      targetAt: start,
      dueAt: at('2027-05-12T03:00:00Z'),
    });
    expect(
      nextOccurrence({ kind: 'once', at: start }, 3600, at('2027-05-12T03:00:00Z')),
    ).toBeNull();
    expect(
      nextOccurrence({ kind: 'once', at: start }, 0, at('2027-05-12T03:59:59Z'))?.dueAt,
    ).toEqual(start);
  });

  it('schedules the next anniversary whose reminder time is ahead', () => {
    const state = { kind: 'yearly' as const, anchor: '2015-04-20', zone: 'Asia/Karachi' };
    // On 1 April 2026 with a 7-day offset: 20 April 2026 09:00 PKT, reminded on the 13th.
    const next = nextOccurrence(state, 7 * 86400, at('2026-04-01T00:00:00Z'))!;
    expect(next.targetAt.toISOString()).toBe('2026-04-20T04:00:00.000Z');
    expect(next.dueAt.toISOString()).toBe('2026-04-13T04:00:00.000Z');
    expect(yearsSince(state.anchor, next.targetAt, state.zone)).toBe(11);
    // On 15 April the 2026 reminder time has passed: next year's.
    expect(
      nextOccurrence(state, 7 * 86400, at('2026-04-15T00:00:00Z'))!.targetAt.toISOString(),
    ).toBe('2027-04-20T04:00:00.000Z');
    expect(stillTargets(state, at('2027-04-20T04:00:00.000Z'))).toBe(true);
    expect(stillTargets({ ...state, anchor: '2015-04-21' }, at('2027-04-20T04:00:00.000Z'))).toBe(
      false,
    );
  });

  it('never schedules the founding day itself, and moves 29 February to the 28th', () => {
    const state = { kind: 'yearly' as const, anchor: '2016-02-29', zone: 'UTC' };
    expect(nextOccurrence(state, 0, at('2016-01-01T00:00:00Z'))!.targetAt.toISOString()).toBe(
      '2017-02-28T09:00:00.000Z',
    );
  });

  it('sees a moved one-off date as stale', () => {
    expect(stillTargets({ kind: 'once', at: start }, start)).toBe(true);
    expect(stillTargets({ kind: 'once', at: start }, at('2027-05-12T05:00:00Z'))).toBe(false);
  });
});
