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

describe('reminder messages in the recipient’s language', () => {
  const input = {
    target: 'program.registrationDeadline' as const,
    description: program,
    targetAt: startsAt,
    zone: 'Asia/Shanghai',
    recipientName: 'Li Wei',
  };

  it('writes Chinese with the Chinese name, Chinese dates and no spaces between sentences', () => {
    const zh = renderReminder({ ...input, locale: 'zh' });
    expect(zh.title).toBe('提醒：克拉玛依–瓜达尔青年交流的报名将于2027年5月12日 12:00 CST截止');
    expect(zh.body).toBe(
      '克拉玛依–瓜达尔青年交流的报名将于2027年5月12日 12:00 CST截止（您所在时区：Asia/Shanghai）。' +
        '瓜达尔当地时间：2027年5月12日 09:00 PKT。请在此之前为参与者完成报名。',
    );
    expect(zh.emailText).toMatch(/^Li Wei，您好：\n\n克拉玛依/);
  });

  it('writes Urdu with the Urdu name and falls back to English for names without one', () => {
    const ur = renderReminder({ ...input, zone: 'Asia/Karachi', locale: 'ur' });
    expect(ur.title).toContain('یاددہانی: کرامائی–گوادر یوتھ ایکسچینج کے لیے رجسٹریشن');
    expect(ur.title).toContain('PKT');
    expect(ur.body).toContain('اس سے پہلے اپنے شرکاء کی رجسٹریشن کر لیں۔');
    const milestone = renderReminder({
      target: 'milestone.dueOn',
      description: {
        name: { en: 'Hunza solar lighting' },
        subtitle: 'Panels installed',
        date: '2027-03-01',
      },
      targetAt: new Date('2027-03-01T04:00:00Z'),
      zone: 'Asia/Karachi',
      recipientName: 'Amina',
      locale: 'ur',
    });
    expect(milestone.title).toContain('Hunza solar lighting');
    expect(milestone.title).toContain('“Panels installed”');
  });

  it('counts anniversaries with the language’s own words', () => {
    const a = {
      target: 'partnership.anniversary' as const,
      description: {
        name: { en: 'Karamay–Gwadar', zh: '克拉玛依–瓜达尔', ur: 'کرامائی–گوادر' },
        anchor: '2015-04-20',
        relation: 'sister_city',
        placeZone: 'Asia/Shanghai',
      },
      targetAt: new Date('2027-04-20T01:00:00Z'),
      zone: 'Asia/Karachi',
      recipientName: 'x',
    };
    expect(renderReminder({ ...a, locale: 'zh' }).title).toBe(
      '提醒：克拉玛依–瓜达尔友好城市关系将于2027年4月20日迎来12周年',
    );
    expect(renderReminder({ ...a, locale: 'ur' }).title).toContain('کی 12ویں سالگرہ ہے');
  });
});
