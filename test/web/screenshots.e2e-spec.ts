import { waitFor } from '../utils/wait';
import { mkdirSync } from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { bearer } from '../utils/create-app';
import { launchBrowser, startWebApp, WebTestApp } from '../utils/browser';

/**
 * `npm run screenshots`: every page in English, Chinese and Urdu, at desktop size (and sign-in
 * on a phone), written to docs/screenshots/. Skipped in `npm test` (it asserts nothing new).
 */
const OUT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const run = process.env.SCREENSHOTS === '1' ? describe : describe.skip;

run('screenshots of the web app', () => {
  let t: WebTestApp;
  let browser: Browser;
  const ids: Record<string, string> = {};
  const coordinator = { email: 'coordinator@silkbridge.demo', password: 'coordinator-pass-1' };
  const member = { email: 'amina@hunza-ngo.demo', password: 'member-password-1' };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    [t, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    const admin = await t.adminToken();
    const http = () => t.http();
    await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...coordinator, role: 'coordinator', displayName: 'Coordinator Gwadar' });
    const staff = await t.login(coordinator.email, coordinator.password);
    const reg = await http()
      .post('/api/v1/organizations/register')
      .send({
        organization: {
          name: {
            en: 'Hunza Valley Youth Network',
            zh: '罕萨山谷青年网络',
            ur: 'ہنزہ ویلی یوتھ نیٹ ورک',
          },
          type: 'ngo',
          country: 'PK',
          contactEmail: 'office@hunza-ngo.demo',
        },
        account: { ...member, displayName: 'Amina Karim' },
      });
    ids.org = reg.body.organization?.id ?? reg.body.id;
    await http()
      .post('/api/v1/organizations/register')
      .send({
        organization: {
          name: { en: 'Kashgar Silk Road Friendship Association', zh: '喀什丝路友好协会' },
          type: 'overseas_association',
          country: 'CN',
          contactEmail: 'info@kashgar-friends.demo',
        },
        account: {
          email: 'wang@kashgar.demo',
          password: 'member-password-2',
          displayName: 'Wang Fang',
        },
      });
    await http().post(`/api/v1/organizations/${ids.org}/approve`).set(bearer(staff));
    const ngo = await t.login(member.email, member.password);
    const people = [
      ['Bilal Ahmed', 'بلال احمد', 'PK', '2001-05-01', 'male'],
      ['Sana Mir', 'ثنا میر', 'PK', '2002-03-04', 'female'],
      ['Li Wei', '李伟', 'CN', '1999-11-20', 'male'],
      ['Ayesha Siddiqui', 'عائشہ صدیقی', 'PK', '2000-08-15', 'female'],
      ['Zhang Min', '张敏', 'CN', '2000-01-02', 'female'],
    ];
    for (const [fullName, nativeName, nationality, dateOfBirth, gender] of people) {
      const p = await http()
        .post('/api/v1/participants')
        .set(bearer(ngo))
        .send({ fullName, nativeName, nationality, dateOfBirth, gender });
      ids[fullName] = p.body.id;
    }
    const program = await http()
      .post('/api/v1/programs')
      .set(bearer(staff))
      .send({
        title: {
          en: 'Karakoram Youth Exchange',
          zh: '喀喇昆仑青年交流',
          ur: 'قراقرم یوتھ ایکسچینج',
        },
        type: 'youth',
        startsAt: '2027-06-07T09:00:00+05:00',
        endsAt: '2027-06-12T18:00:00+05:00',
        timeZone: 'Asia/Karachi',
        registrationDeadline: '2027-05-15T23:59:00+05:00',
        capacity: 2,
        description: 'Students from Hunza and Kashgar meet along the Karakoram Highway.',
      });
    ids.program = program.body.id;
    await http()
      .post('/api/v1/programs')
      .set(bearer(staff))
      .send({
        title: { en: 'Kashgar Culture Week', zh: '喀什文化周', ur: 'کاشغر ثقافتی ہفتہ' },
        type: 'culture',
        startsAt: '2027-07-01T09:00:00+08:00',
        endsAt: '2027-07-07T18:00:00+08:00',
        timeZone: 'Asia/Shanghai',
        registrationDeadline: '2027-06-15T23:59:00+08:00',
        capacity: 30,
      });
    for (const name of ['Bilal Ahmed', 'Sana Mir', 'Li Wei'])
      await http()
        .post(`/api/v1/programs/${ids.program}/registrations`)
        .set(bearer(ngo))
        .send({ participantId: ids[name] });
    const DAY = 86_400_000;
    const scheme = await http()
      .post('/api/v1/scholarships')
      .set(bearer(staff))
      .send({
        name: {
          en: 'Silk Road Master Scholarship',
          zh: '丝路硕士奖学金',
          ur: 'شاہراہِ ریشم ماسٹرز وظیفہ',
        },
        level: 'master',
        quota: 5,
        stipend: { amount: '3500.00', currency: 'CNY' },
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
      });
    ids.scheme = scheme.body.id;
    await http()
      .post(`/api/v1/scholarships/${ids.scheme}/applications`)
      .set(bearer(ngo))
      .send({ participantId: ids['Li Wei'], statement: 'Water engineering in Xi’an.' });
    // The approval's notification, delivered by the worker, is in the inbox shots.
    await waitFor(
      async () =>
        (
          await t.db.query(
            `SELECT 1 FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = $1`,
            [member.email],
          )
        ).rowCount,
      10000,
      'approval notification',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function pageIn(lang: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, timezoneId: 'Asia/Karachi' });
    // As if the person picked the language on this device: the app saves it to their account.
    await context.addInitScript(
      `localStorage.setItem('silkbridge.language', '${lang}'); sessionStorage.setItem('silkbridge.languageChosen', '1')`,
    );
    return context.newPage();
  }

  async function shot(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  }

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[type=email]').fill(who.email);
    await page.locator('input[type=password]').fill(who.password);
    await page.locator('button[type=submit]').click();
    await page.locator('nav').waitFor();
  }

  for (const lang of ['en', 'zh', 'ur']) {
    it(`pages in ${lang}`, async () => {
      const phone = await pageIn(lang, { width: 390, height: 844 });
      await phone.goto(`${t.baseUrl}/login`);
      await shot(phone, `${lang}-sign-in-phone`);
      await phone.context().close();

      const page = await pageIn(lang);
      for (const [name, url] of [
        ['sign-in', '/login'],
        ['register-organisation', '/register'],
        ['forgot-password', '/forgot-password'],
        ['reset-password', '/reset-password?token=from-the-email'],
      ])
        await page.goto(`${t.baseUrl}${url}`).then(() => shot(page, `${lang}-${name}`));

      await signIn(page, member);
      for (const [name, url] of [
        ['participants', '/participants'],
        ['add-participant', '/participants/new'],
        ['import-participants', '/participants/import'],
        ['programs', '/programs'],
        ['program', `/programs/${ids.program}`],
        ['scholarships', '/scholarships'],
        ['scholarship', `/scholarships/${ids.scheme}`],
        ['notifications', '/notifications'],
        ['calendar', '/calendar'],
      ]) {
        await page.goto(`${t.baseUrl}${url}`);
        await page.locator('h1').first().waitFor();
        await shot(page, `${lang}-${name}`);
      }
      await page.context().close();

      const staff = await pageIn(lang);
      await signIn(staff, coordinator);
      await staff.goto(`${t.baseUrl}/organizations`);
      await staff.locator('table').waitFor();
      await shot(staff, `${lang}-organisations`);
      await staff.goto(`${t.baseUrl}/organizations/${ids.org}`);
      await staff.locator('h1').first().waitFor();
      await shot(staff, `${lang}-organisation`);
      await staff.context().close();
      expect(true).toBe(true);
    });
  }
});
