import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '../utils/wait';
import { bearer } from '../utils/create-app';
import {
  expectAccessible,
  horizontalOverflow,
  htmlLangDir,
  waitForInvalidField,
  launchBrowser,
  startWebApp,
  WebTestApp,
} from '../utils/browser';

/**
 * The NGO member's first day in a real browser, against the real API, worker and database.
 * Elements are found only by role, accessible name and label (UI-CONTRACT.md); every page
 * reached is scanned by axe-core.
 */
describe('web app: the NGO member journeys (browser)', () => {
  let t: WebTestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const coordinator = { email: 'coord@web.test', password: 'coordinator-pass-1' };
  const member = { email: 'amina@hunza-ngo.test', password: 'member-password-1' };
  let staffToken: string;

  async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: 'en-GB',
      timezoneId: 'Asia/Karachi',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // A script error or a failed request is printed, so a timeout says why.
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400 && res.url().includes('/api/'))
        console.error(`${res.status()} ${res.request().method()} ${res.url()}`);
    });
    return page;
  }

  /** A field by its whole label (a required field's label ends with an aria-hidden "*"). */
  const field = (page: Page, label: string) =>
    page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('Email').fill(who.email);
    await field(page, 'Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  beforeAll(async () => {
    [t, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    const admin = await t.adminToken();
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        ...coordinator,
        role: 'coordinator',
        displayName: 'Coordinator Gwadar',
      });
    expect(res.status).toBe(201);
    staffToken = await t.login(coordinator.email, coordinator.password);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('sign-in page: accessible, fits a phone, a wrong password shows the API message and keeps the form', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(
      page.getByRole('link', { name: 'Register your organisation' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Forgot password?' }).isVisible()).resolves.toBe(
      true,
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'sign-in (phone)');

    await page.getByLabel('Email').fill(coordinator.email);
    await field(page, 'Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Email or password is wrong');
    expect(await page.getByLabel('Email').inputValue()).toBe(coordinator.email);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgot password?' }).waitFor();
    await expectAccessible(page, 'forgot password');
  });

  it('registers an organisation, a coordinator approves it, its member works at once', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByRole('link', { name: 'Register your organisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register your organisation' }).waitFor();
    await expectAccessible(page, 'register organisation');
    // A validation failure from the API lands next to its field and keeps what was typed.
    await page.getByLabel('Organisation name (English)').fill('Hunza Valley Youth Network');
    await page.getByLabel('Organisation name (Chinese)').fill('罕萨山谷青年网络');
    await page.getByLabel('Organisation name (Urdu)').fill('ہنزہ ویلی یوتھ نیٹ ورک');
    await page.getByLabel('Type').selectOption({ label: 'NGO' });
    await page.getByLabel('Country').selectOption({ label: 'Pakistan' });
    await page.getByLabel('Contact email').fill('not-an-email');
    await page.getByLabel('Your name').fill('Amina Karim');
    await field(page, 'Email').fill(member.email);
    await field(page, 'Password').fill(member.password);
    await page.getByRole('button', { name: 'Register' }).click();
    const contact = page.getByLabel('Contact email');
    await waitForInvalidField(page);
    expect(await contact.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Organisation name (English)').inputValue()).toBe(
      'Hunza Valley Youth Network',
    );
    await expectAccessible(page, 'register organisation with a field error');

    await contact.fill('office@hunza-ngo.test');
    await page.getByRole('button', { name: 'Register' }).click();
    const status = page.getByRole('status').filter({ hasText: 'pending approval' });
    await status.waitFor();
    expect(await status.textContent()).toContain('Hunza Valley Youth Network');

    // The coordinator's Organisations page: pending first, then Approve.
    const staff = await newPage();
    await signIn(staff, coordinator);
    await staff.getByRole('navigation').getByRole('link', { name: 'Organisations' }).click();
    await staff.getByRole('heading', { level: 1, name: /^Organisations/ }).waitFor();
    await staff.getByRole('link', { name: 'Hunza Valley Youth Network' }).waitFor();
    await expectAccessible(staff, 'organisations');
    await staff.getByRole('link', { name: 'Hunza Valley Youth Network' }).click();
    await staff.getByRole('button', { name: 'Approve' }).click();
    await staff.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    // An approved registration shows until when it is valid, and can be renewed from here.
    await staff.getByText('Registration valid until').waitFor();
    expect(await staff.getByRole('button', { name: 'Renew registration' }).isVisible()).toBe(true);
    expect(await staff.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await expectAccessible(staff, 'organisation page');
    await staff.getByRole('button', { name: 'Sign out' }).click();
    await staff.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  describe('as the approved member', () => {
    let page: Page;
    let programId: string;

    beforeAll(async () => {
      page = await newPage();
      await signIn(page, member);
    });

    it('sees the shell: navigation by role, main, and the unread approval notification', async () => {
      const nav = page.getByRole('navigation');
      for (const name of ['Participants', 'Programs', 'Scholarships', 'Calendar'])
        expect(await nav.getByRole('link', { name }).isVisible()).toBe(true);
      expect(await nav.getByRole('link', { name: 'Organisations' }).count()).toBe(0);
      expect(await page.getByRole('main').isVisible()).toBe(true);
      // The approval told the member (a notification event, delivered by the worker).
      const delivered = async () =>
        (
          await t.db.query(
            `SELECT 1 FROM notifications n JOIN users u ON u.id = n.user_id
              WHERE u.email = $1 AND n.kind = 'organization_status'`,
            [member.email],
          )
        ).rowCount === 1;
      await waitFor(delivered, 10000, 'the approval notification');
      await page.reload();
      await page.getByRole('link', { name: /^Notifications, 1 unread/ }).waitFor();
      await expectAccessible(page, 'participants (empty)');
    });

    it('adds, searches and edits participants; validation errors show next to the field', async () => {
      await page.getByRole('heading', { level: 1, name: /^Participants/ }).waitFor();
      await page.getByText('No participants yet').waitFor();
      for (const p of [
        { full: 'Bilal Ahmed', native: 'بلال احمد', email: 'bilal@example.pk', dob: '2001-05-01' },
        {
          full: 'Li Wei',
          native: '李伟',
          email: 'li.wei@example.cn',
          dob: '1999-11-20',
          nat: 'China',
        },
      ]) {
        await page.getByRole('link', { name: 'Add participant' }).click();
        await page.getByLabel('Full name').fill(p.full);
        await page.getByLabel('Native name').fill(p.native);
        await page.getByLabel('Email').fill(p.email);
        if (p.nat) await page.getByLabel('Nationality').selectOption({ label: p.nat });
        await page.getByLabel('Gender').selectOption({ label: 'Male' });
        await page.getByLabel('Date of birth').fill('01/05/2001');
        await page.getByRole('button', { name: 'Save' }).click();
        const dob = page.getByLabel('Date of birth');
        await waitForInvalidField(page);
        expect(await dob.getAttribute('aria-invalid')).toBe('true');
        await dob.fill(p.dob);
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('heading', { level: 1, name: /^Participants/ }).waitFor();
      }
      await page.getByRole('cell', { name: 'Li Wei', exact: true }).waitFor();
      await expectAccessible(page, 'participants');

      await page.getByRole('searchbox', { name: 'Search' }).fill('bilal');
      await page.getByRole('cell', { name: 'Li Wei', exact: true }).waitFor({ state: 'detached' });
      expect(await page.getByRole('cell', { name: 'Bilal Ahmed', exact: true }).isVisible()).toBe(
        true,
      );

      await page.getByRole('link', { name: 'Edit Bilal Ahmed' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit participant' }).waitFor();
      expect(await page.getByLabel('Full name').inputValue()).toBe('Bilal Ahmed');
      await page.getByLabel('Full name').fill('Bilal Ahmed Khan');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('searchbox', { name: 'Search' }).waitFor();
      await page.getByRole('cell', { name: 'Bilal Ahmed Khan', exact: true }).waitFor();
    });

    it('imports a CSV and lists every failed row with its field and message', async () => {
      await page.getByRole('link', { name: 'Import CSV' }).click();
      await page.getByRole('heading', { level: 1, name: /^Import participants/ }).waitFor();
      await page.getByLabel('CSV file').setInputFiles({
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          [
            'fullName,nativeName,email,nationality,gender,dateOfBirth',
            'Sana Mir,ثنا میر,sana@example.pk,PK,female,2002-03-04',
            'Zhang Min,张敏,zhang.min@example.cn,CN,female,2000-01-02',
            'No Nation,,,,female,2000-01-02',
            'Bad Date,,bad@example.pk,PK,male,2000-13-45',
            'Li Wei again,李伟,li.wei@example.cn,CN,male,1999-11-20',
          ].join('\n'),
        ),
      });
      await page.getByRole('button', { name: 'Import' }).click();
      const summary = page.getByRole('status');
      await summary.waitFor();
      const text = await summary.textContent();
      expect(text).toContain('2 participants created');
      expect(text).toContain('1 duplicate skipped');
      expect(text).toContain('2 rows failed');
      const rows = page.getByRole('table').getByRole('row');
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(1).textContent()).toContain('nationality');
      expect(await rows.nth(2).textContent()).toContain('dateOfBirth');
      await expectAccessible(page, 'import result');
    });

    it('registers participants for a program: confirmed, then waitlisted; cancelling promotes', async () => {
      const res = await t
        .http()
        .post('/api/v1/programs')
        .set(bearer(staffToken))
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
          capacity: 1,
        });
      expect(res.status).toBe(201);
      programId = res.body.id;

      await page.getByRole('navigation').getByRole('link', { name: 'Programs' }).click();
      await page.getByRole('heading', { level: 1, name: /^Programs/ }).waitFor();
      await page.getByRole('link', { name: 'Karakoram Youth Exchange' }).click();
      await page.getByRole('heading', { level: 1, name: 'Karakoram Youth Exchange' }).waitFor();
      await expectAccessible(page, 'program page');
      // Times in the program's zone, named as the emails name them.
      await page.getByText('7 Jun 2027, 09:00 PKT').waitFor();

      for (const [name, status] of [
        ['Bilal Ahmed Khan (بلال احمد)', 'Confirmed'],
        ['Sana Mir (ثنا میر)', 'Waitlisted'],
      ]) {
        await field(page, 'Participant').selectOption({ label: name });
        await page.getByRole('button', { name: 'Register', exact: true }).click();
        const who = name.split(' (')[0];
        await page
          .getByRole('status')
          .filter({ hasText: `${who} is ${status}` })
          .waitFor();
      }
      const sana = page.getByRole('row').filter({ hasText: 'Sana Mir' });
      expect(await sana.textContent()).toContain('Waitlisted');

      // Deep link: a reload on /programs/<id> keeps the session (cookie refresh) and the page.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Karakoram Youth Exchange' }).waitFor();

      await page.getByRole('button', { name: 'Cancel registration: Bilal Ahmed Khan' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The registration was cancelled' })
        .waitFor();
      // The oldest waitlisted registration is promoted.
      await page.getByRole('row').filter({ hasText: 'Sana Mir' }).getByText('Confirmed').waitFor();
      expect(
        await page.getByRole('row').filter({ hasText: 'Bilal Ahmed Khan' }).textContent(),
      ).toContain('Cancelled');
    });

    it('starts and submits scholarship applications, with the reasons when not eligible', async () => {
      const DAY = 86_400_000;
      const scheme = (en: string, eligibility?: object) =>
        t
          .http()
          .post('/api/v1/scholarships')
          .set(bearer(staffToken))
          .send({
            name: { en, zh: '中巴奖学金', ur: 'پاک چین وظیفہ' },
            level: 'master',
            quota: 3,
            stipend: { amount: '3500.00', currency: 'CNY' },
            opensAt: new Date(Date.now() - DAY).toISOString(),
            closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
            ...(eligibility && { eligibility }),
          });
      expect((await scheme('Silk Road Master Scholarship', { nationalities: ['CN'] })).status).toBe(
        201,
      );

      await page.getByRole('navigation').getByRole('link', { name: 'Scholarships' }).click();
      await page.getByRole('heading', { level: 1, name: /^Scholarships/ }).waitFor();
      await expectAccessible(page, 'scholarships');
      await page.getByRole('link', { name: 'Silk Road Master Scholarship' }).click();
      await page.getByRole('button', { name: 'Start application' }).click();
      await field(page, 'Participant').selectOption({ label: 'Sana Mir (ثنا میر)' });
      await page.getByLabel('Statement').fill('Sana wants to study water engineering in Xi’an.');
      await page.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Sana Mir' });
      await row.getByText('Draft').waitFor();
      await expectAccessible(page, 'scholarship page');
      await row.getByRole('button', { name: 'Submit' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Not eligible' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/nationalit/i);
      expect(await row.textContent()).toContain('Draft');

      // An eligible person's application is submitted.
      await page.getByRole('button', { name: 'Start application' }).click();
      await field(page, 'Participant').selectOption({ label: 'Li Wei (李伟)' });
      await page
        .getByLabel('Statement')
        .fill('Li Wei will research the Karakoram Highway’s history.');
      await page.getByRole('button', { name: 'Save' }).click();
      const li = page.getByRole('row').filter({ hasText: 'Li Wei' });
      await li.getByRole('button', { name: 'Submit' }).click();
      await li.getByText('Submitted').waitFor();
    });

    it('reads notifications, marks them all as read, and copies the calendar link', async () => {
      await page.getByRole('link', { name: /^Notifications, 1 unread/ }).click();
      await page.getByRole('heading', { level: 1, name: /^Notifications/ }).waitFor();
      await page
        .getByText(/approved/i)
        .first()
        .waitFor();
      await expectAccessible(page, 'notifications');
      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await page.getByRole('link', { name: 'Notifications, none unread' }).waitFor();

      await page.getByRole('navigation').getByRole('link', { name: 'Calendar' }).click();
      const link = page.getByLabel('Personal calendar link');
      await link.waitFor();
      expect(await link.inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*calendar.*\.ics/);
      expect(await page.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(true);
      await expectAccessible(page, 'calendar');
    });

    it('signs out: the refresh cookie is revoked, a reload stays signed out', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.goto(`${t.baseUrl}/programs/${programId}`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    });
  });

  describe('the registration journey in other languages', () => {
    let programId: string;

    beforeAll(async () => {
      const res = await t
        .http()
        .post('/api/v1/programs')
        .set(bearer(staffToken))
        .send({
          title: { en: 'Kashgar Culture Week', zh: '喀什文化周', ur: 'کاشغر ثقافتی ہفتہ' },
          type: 'culture',
          startsAt: '2027-07-01T09:00:00+08:00',
          endsAt: '2027-07-07T18:00:00+08:00',
          timeZone: 'Asia/Shanghai',
          registrationDeadline: '2027-06-15T23:59:00+08:00',
          capacity: 5,
        });
      expect(res.status).toBe(201);
      programId = res.body.id;
    });

    it('in Urdu: right-to-left, translated names, a participant registered', async () => {
      const page = await newPage();
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('Language').selectOption({ label: 'اردو' });
      await page.waitForFunction("document.documentElement.dir === 'rtl'");
      expect((await htmlLangDir(page)).lang).toBe('ur');
      await expectAccessible(page, 'sign-in (Urdu)');
      await page.getByLabel('ای میل').fill(member.email);
      await field(page, 'پاس ورڈ').fill(member.password);
      await page.getByRole('button', { name: 'سائن اِن' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'پروگرام' }).click();
      await page.getByRole('link', { name: 'کاشغر ثقافتی ہفتہ' }).click();
      await page.getByRole('heading', { level: 1, name: 'کاشغر ثقافتی ہفتہ' }).waitFor();
      expect((await htmlLangDir(page)).dir).toBe('rtl');
      await field(page, 'شریک').selectOption({ label: 'Sana Mir (ثنا میر)' });
      await page.getByRole('button', { name: 'رجسٹر کریں', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'تصدیق شدہ' }).waitFor();
      await expectAccessible(page, 'program page (Urdu)');
      // The choice is kept across a reload.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'کاشغر ثقافتی ہفتہ' }).waitFor();
      expect((await htmlLangDir(page)).dir).toBe('rtl');
      await page.getByRole('button', { name: 'سائن آؤٹ' }).click();
    });

    it('in Chinese: a participant registered, the program named in Chinese', async () => {
      const page = await newPage();
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('Language').selectOption({ label: '中文' });
      await page.waitForFunction("document.documentElement.lang.startsWith('zh')");
      expect((await htmlLangDir(page)).dir).toBe('ltr');
      await page.getByLabel('电子邮箱').fill(member.email);
      await field(page, '密码').fill(member.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '退出登录' }).waitFor();
      await page.goto(`${t.baseUrl}/programs/${programId}`);
      await page.getByRole('heading', { level: 1, name: '喀什文化周' }).waitFor();
      await field(page, '参与者').selectOption({ label: 'Li Wei (李伟)' });
      await page.getByRole('button', { name: '报名', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '已确认' }).waitFor();
      await expectAccessible(page, 'program page (Chinese)');
    });
  });
});
