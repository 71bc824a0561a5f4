import { parseOffset } from './offset';

describe('parseOffset', () => {
  it.each([
    ['P7D', 7 * 86400],
    ['PT1H', 3600],
    ['P1DT12H', 36 * 3600],
    ['P2W', 14 * 86400],
    ['PT90M', 5400],
    ['PT0S', 0],
    ['pt1h', 3600],
    ['P400D', 400 * 86400],
  ])('accepts %s as %d seconds', (iso, seconds) => {
    expect(parseOffset(iso)).toEqual({ ok: true, seconds, normalized: iso.toUpperCase() });
  });

  it.each(['P1M', 'P1Y', 'P1Y2D', 'P1MT1H'])('refuses calendar units in %s', (iso) => {
    const parsed = parseOffset(iso);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/years or months/);
  });

  it.each(['-P1D', 'P-1D', 'PT-1H'])('refuses negative %s', (iso) => {
    const parsed = parseOffset(iso);
    expect(!parsed.ok && parsed.message).toMatch(/negative/);
  });

  it.each(['', 'P', 'PT', 'P1DT', 'PT0.5S', '1D', 'P1H', 'garbage', 'P401D', 7, null])(
    'refuses %p',
    (value) => {
      expect(parseOffset(value).ok).toBe(false);
    },
  );

  it('keeps minutes in the time part apart from months', () => {
    expect(parseOffset('PT30M')).toEqual({ ok: true, seconds: 1800, normalized: 'PT30M' });
    expect(parseOffset('P1DT30M')).toEqual({
      ok: true,
      seconds: 86400 + 1800,
      normalized: 'P1DT30M',
    });
  });
});
