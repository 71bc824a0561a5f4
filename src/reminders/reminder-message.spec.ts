import { fullName, renderReminder } from './reminder-message';

const program = {
  name: {
    en: 'Karamay–Gwadar Youth Exchange',
    zh: '克拉玛依–瓜达尔青年交流',
    ur: 'کرامائی–گوادر یوتھ ایکسچینج',
  },
  place: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
  placeZone: 'Asia/Karachi',
};
const startsAt = new Date('2027-05-12T04:00:00Z');

describe('reminder messages', () => {
  it('keeps names in their own scripts', () => {
    expect(fullName(program.name)).toBe(
      'Karamay–Gwadar Youth Exchange (克拉玛依–瓜达尔青年交流 · کرامائی–گوادر یوتھ ایکسچینج)',
    );
    expect(fullName({ en: 'Gwadar' })).toBe('Gwadar');
  });

  it("shows a program's start in the recipient's zone, and the venue's local time when it differs", () => {
    const pk = renderReminder({
      target: 'program.startsAt',
      description: program,
      targetAt: startsAt,
      zone: 'Asia/Karachi',
      recipientName: 'Amina',
    });
    expect(pk.title).toBe(`Reminder: ${fullName(program.name)} starts on 12 May 2027, 09:00 PKT`);
    expect(pk.body).not.toMatch(/Local time/);
    const cn = renderReminder({
      target: 'program.startsAt',
      description: program,
      targetAt: startsAt,
      zone: 'Asia/Shanghai',
      recipientName: 'Li Wei',
    });
    expect(cn.title).toMatch(/starts on 12 May 2027, 12:00 CST$/);
    expect(cn.body).toContain('Local time in Gwadar (瓜达尔 · گوادر): 12 May 2027, 09:00 PKT.');
    expect(cn.emailText).toMatch(/^Hello Li Wei,\n\n/);
  });

  it('shows date-only targets as dates and counts anniversaries', () => {
    const m = renderReminder({
      target: 'milestone.dueOn',
      description: {
        name: { en: 'Hunza solar lighting', zh: '罕萨太阳能照明' },
        subtitle: 'Panels installed',
        date: '2027-03-01',
        placeZone: 'Asia/Karachi',
      },
      targetAt: new Date('2027-03-01T04:00:00Z'),
      zone: 'Asia/Shanghai',
      recipientName: 'x',
    });
    expect(m.title).toBe(
      'Reminder: milestone “Panels installed” of Hunza solar lighting (罕萨太阳能照明) is due on 1 Mar 2027',
    );
    const a = renderReminder({
      target: 'partnership.anniversary',
      description: {
        name: { en: 'Karamay–Gwadar', zh: '克拉玛依–瓜达尔' },
        anchor: '2015-04-20',
        relation: 'sister_city',
        placeZone: 'Asia/Shanghai',
      },
      targetAt: new Date('2027-04-20T01:00:00Z'),
      zone: 'Asia/Karachi',
      recipientName: 'x',
    });
    expect(a.title).toBe(
      'Reminder: 12th anniversary of the Karamay–Gwadar (克拉玛依–瓜达尔) sister-city partnership on 20 Apr 2027',
    );
  });
});
