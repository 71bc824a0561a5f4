import type { Env } from '../config/env.validation';
import { MailService } from './mail.service';

const env = {
  SMTP_URL: 'smtp://127.0.0.1:2525',
  MAIL_FROM: 'Silkbridge <no-reply@silkbridge.local>',
  SMTP_TIMEOUT_MS: 1000,
} as Env;

describe('MailService.compose', () => {
  it('attaches files next to the text and HTML alternatives', async () => {
    const csv = Buffer.from('kind,count\nprograms,3\n');
    const raw = (
      await new MailService(env).compose({
        to: 'admin@test.local',
        subject: 'Report ready',
        text: 'Hello',
        html: '<p>Hello</p>',
        attachments: [{ filename: 'report.csv', content: csv, contentType: 'text/csv' }],
        messageId: '<x@silkbridge.local>',
      })
    ).toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/csv; name=report\.csv/);
    expect(raw).toContain('Content-Disposition: attachment; filename=report.csv');
    expect(raw).toContain(csv.toString('base64'));
  });

  it('sends a single part without attachments', async () => {
    const raw = (
      await new MailService(env).compose({
        to: 'admin@test.local',
        subject: 'Hi',
        text: 'Hello',
        messageId: '<y@silkbridge.local>',
      })
    ).toString('utf8');
    expect(raw).not.toMatch(/multipart/);
    expect(raw).not.toMatch(/Content-Disposition: attachment/);
  });
});
