import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bearer } from '../utils/create-app';
import {
  expectAccessible,
  htmlLangDir,
  launchBrowser,
  startWebApp,
  waitForInvalidField,
  WebTestApp,
} from '../utils/browser';
import { ReceivedMail, SmtpSink, startSmtpSink } from '../utils/smtp-sink';

/**
 * A person's own account in the browser: a forgotten password reset through the emailed link,
 * and the language that follows the account. Roles and accessible names only; axe on each page.
 */
describe('web app: password reset and the account language (browser)', () => {
  let t: WebTestApp;
  let sink: SmtpSink;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const person = { email: 'nadia@gwadar-office.test', password: 'first-password-1' };
  let admin: string;
  let personId: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timezoneId: 'Asia/Karachi',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    return page;
  }

  const field = (page: Page, label: string) =>
    page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));

  /** The positive signal is the message itself in the sink; bounded, never a fixed sleep. */
  async function mailTo(address: string, after: number): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = sink.messages.slice(after).find((m) => m.envelopeTo.includes(address));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no email to ${address}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const accountLocale = async () =>
    (await t.http().get(`/api/v1/users/${personId}`).set(bearer(admin)).expect(200)).body
      .locale as string;

  /** The account's language once the browser's PATCH has landed (bounded, 25 ms steps). */
  async function accountLocaleBecomes(expected: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    let seen = await accountLocale();
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await accountLocale();
    }
    expect(seen).toBe(expected);
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    [t, browser] = await Promise.all([
      startWebApp({ SMTP_URL: sink.url, PUBLIC_URL: 'https://app.silkbridge.test' }),
      launchBrowser(),
    ]);
    admin = await t.adminToken();
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...person, role: 'coordinator', displayName: 'Nadia Baloch' });
    expect(res.status).toBe(201);
    personId = res.body.id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it('resets a forgotten password through the emailed link, which works once', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgot password?' }).waitFor();
    const before = sink.messages.length;
    await field(page, 'Email').fill(person.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').filter({ hasText: person.email }).waitFor();
    await expectAccessible(page, 'forgot password (sent)');

    const mail = await mailTo(person.email, before);
    const link = /https:\/\/app\.silkbridge\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(
      mail.text,
    );
    expect(link).not.toBeNull();
    const resetUrl = `${t.baseUrl}/reset-password?token=${link![1]}`;

    await page.goto(resetUrl);
    await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    // Too short: the API's field message appears next to the field, nothing is changed.
    await field(page, 'New password').fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await waitForInvalidField(page);
    await expectAccessible(page, 'reset password (field error)');
    await field(page, 'New password').fill('second-password-2');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('status').filter({ hasText: 'Sign in with the new password' }).waitFor();
    await expectAccessible(page, 'reset password (done)');

    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.getByLabel('Email').fill(person.email);
    await field(page, 'Password').fill('second-password-2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The link is spent: a second use says so in an alert and changes nothing.
    await page.goto(resetUrl);
    await field(page, 'New password').fill('third-password-3');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /invalid, expired or already used/ })
      .waitFor();
    await t.login(person.email, 'second-password-2');
    person.password = 'second-password-2';
  });

  it('applies the language saved on the account right after sign-in', async () => {
    await t
      .http()
      .patch('/api/v1/auth/me')
      .set(bearer(await t.login(person.email, person.password)))
      .send({ locale: 'ur' })
      .expect(200);
    const page = await newPage();
    await page.goto(`${t.baseUrl}/login`);
    expect((await htmlLangDir(page)).dir).toBe('ltr');
    await page.getByLabel('Email').fill(person.email);
    await field(page, 'Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'سائن آؤٹ' }).waitFor();
    expect(await htmlLangDir(page)).toEqual({ lang: 'ur', dir: 'rtl' });
    expect(await accountLocale()).toBe('ur');
  });

  it('saves a language picked on the sign-in page, and one picked later, to the account', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('Language').selectOption({ label: '中文' });
    await page.getByLabel('电子邮箱').fill(person.email);
    await field(page, '密码').fill(person.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await accountLocaleBecomes('zh');
    expect((await htmlLangDir(page)).lang).toBe('zh-Hans');

    await page.getByLabel('语言').selectOption({ label: 'English' });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await accountLocaleBecomes('en');
  });
});
