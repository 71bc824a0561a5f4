import { buildVtimezone, offsetTransitions } from './vtimezone';

describe('buildVtimezone', () => {
  it('writes one fixed observance for a zone without DST (Asia/Karachi, Asia/Shanghai)', () => {
    const karachi = buildVtimezone('Asia/Karachi', 2021, 2027)!;
    expect(karachi).toContain('TZID:Asia/Karachi');
    expect(karachi.match(/BEGIN:STANDARD/g)).toHaveLength(1);
    expect(karachi).toContain('TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500');
    expect(karachi).not.toContain('DAYLIGHT');
    const shanghai = buildVtimezone('Asia/Shanghai', 2015, 2015)!;
    expect(shanghai).toContain('TZOFFSETTO:+0800');
  });

  it('writes the real transitions of a DST zone, DTSTART read on the old offset', () => {
    const berlin = buildVtimezone('Europe/Berlin', 2025, 2025)!;
    // 30 March 2025 02:00 CET → CEST; 26 October 2025 03:00 CEST → CET.
    expect(berlin).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200',
    );
    expect(berlin).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100',
    );
  });

  it("finds Pakistan's 2008 daylight saving time", () => {
    const t = offsetTransitions('Asia/Karachi', Date.UTC(2008, 0, 1), Date.UTC(2009, 0, 1));
    expect(t.map((x) => [new Date(x.at).toISOString(), x.from, x.to])).toEqual([
      ['2008-05-31T19:00:00.000Z', 300, 360],
      ['2008-10-31T18:00:00.000Z', 360, 300],
    ]);
  });

  it('returns null for an unknown zone', () => {
    expect(buildVtimezone('Nowhere/Atlantis', 2025, 2025)).toBeNull();
  });
});
