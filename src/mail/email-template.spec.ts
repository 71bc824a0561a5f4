import * as fs from 'fs';
import { renderReminder } from '../reminders/reminder-message';
import { translate, type Locale } from '../common/i18n';
import { renderEmail } from './email-template';

const reminder = (locale: Locale) =>
  renderReminder({
    target: 'program.startsAt',
    description: {
      name: {
        en: 'Karamay–Gwadar Youth Exchange',
        zh: '克拉玛依–瓜达尔青年交流',
        ur: 'کرامائی–گوادر یوتھ ایکسچینج',
      },
      place: { en: 'Gwadar', zh: '瓜达尔', ur: 'گوادر' },
      placeZone: 'Asia/Karachi',
    },
    targetAt: new Date('2027-05-12T04:00:00Z'),
    zone: locale === 'zh' ? 'Asia/Shanghai' : 'Asia/Karachi',
    recipientName: 'Amina <Khan>',
    locale,
  });

async function email(locale: Locale) {
  const message = reminder(locale);
  return {
    message,
    mail: await renderEmail({
      locale,
      subject: message.title,
      recipientName: 'Amina <Khan>',
      paragraphs: [message.body],
      reason: translate(locale, 'reminders.emailReason'),
    }),
  };
}

describe('email templates (MJML)', () => {
  const out = process.env.EMAIL_HTML_OUT;

  it.each(['en', 'zh', 'ur'] as const)(
    '%s: the text part is the reminder text, the HTML part the same words in the layout',
    async (locale) => {
      const { message, mail } = await email(locale);
      if (out) fs.writeFileSync(`${out}/reminder-${locale}.html`, mail.html);
      expect(mail.text).toBe(message.emailText);
      expect(mail.html).toMatch(/^<!doctype html>/i);
      expect(mail.html).toContain(message.title.replace(/&/g, '&amp;'));
      // Names are escaped, never markup.
      expect(mail.html).toContain('Amina &lt;Khan&gt;');
      expect(mail.html).not.toContain('<Khan>');
      expect(mail.html).not.toMatch(/\[\[\w+\]\]/);
    },
  );

  it('lays Urdu out right to left in an Urdu font stack, the others left to right', async () => {
    const ur = (await email('ur')).mail.html;
    expect(ur).toMatch(/<html[^>]*lang="ur-PK"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ur-PK"/);
    expect(ur).toContain('Noto Nastaliq Urdu');
    expect(ur).toContain('text-align:right');
    const zh = (await email('zh')).mail.html;
    expect(zh).toMatch(/dir="ltr"/);
    expect(zh).toContain('PingFang SC');
    expect(zh).toContain('您好');
  });
});
