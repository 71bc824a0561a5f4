import * as fs from 'fs';
import * as path from 'path';
import { IntlMessageFormat } from 'intl-messageformat';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { NotFoundError, ValidationFailedError } from '../errors/domain.error';
import { QuotaExceededError } from '../../scholarships/scholarships.errors';
import {
  CATALOGUES,
  hasMessage,
  localeFromAcceptLanguage,
  localizedErrorMessage,
  LOCALES,
  requestLocale,
  translate,
} from '.';

/** `{a: {b: 'x'}}` → `[['a.b', 'x']]`. */
function flatten(tree: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [[`${prefix}${k}`, v] as [string, string]]
      : flatten(v as Record<string, unknown>, `${prefix}${k}.`),
  );
}

/** The argument names an ICU message uses (`{name}`, `{count, plural, …}`), nested ones too. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as {
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (typeof n.value === 'string' && (n as { type: number }).type !== 0) names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

/** Every error code a file in src/ can send: thrown DomainErrors and the filter's own codes. */
function errorCodesInSource(): string[] {
  const root = path.join(__dirname, '..', '..');
  const codes = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (file.endsWith('.ts') && !file.endsWith('.spec.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const re of [
          // super('CODE', …), new ConflictError('CODE', …), new DomainError('CODE', …)
          /(?:super|Error)\(\s*'([A-Z][A-Z0-9_]+)'/g,
          // the filter's bodies: { code: 'CODE', … } and its status table 404: 'NOT_FOUND'
          /\bcode: '([A-Z][A-Z0-9_]+)'/g,
          /^\s+\d{3}: '([A-Z][A-Z0-9_]+)'/gm,
          // raw HTTP answers: [408, 'REQUEST_TIMEOUT', …]
          /\[\d{3}, '([A-Z][A-Z0-9_]+)'/g,
        ])
          for (const m of source.matchAll(re)) codes.add(m[1]);
      }
    }
  };
  visit(root);
  return [...codes].sort();
}

describe('message catalogues', () => {
  const flat = Object.fromEntries(LOCALES.map((l) => [l, new Map(flatten(CATALOGUES[l]))]));

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the keys of en', (locale) => {
    const en = [...flat.en.keys()].sort();
    expect([...flat[locale].keys()].sort()).toEqual(en);
  });

  it.each(LOCALES)('every %s message is valid ICU with the same arguments as en', (locale) => {
    const mismatches: string[] = [];
    for (const [key, message] of flat[locale]) {
      const en = flat.en.get(key);
      if (!en) continue;
      const args = argumentsOf(message, locale);
      const enArgs = argumentsOf(en, 'en');
      if (args.join() !== enArgs.join()) mismatches.push(`${key}: ${args} vs en ${enArgs}`);
      expect(message.trim()).not.toBe('');
    }
    expect(mismatches).toEqual([]);
  });

  it('every error code used in src/ has a message in all three languages', () => {
    const codes = errorCodesInSource();
    expect(codes.length).toBeGreaterThan(50);
    const missing = codes.flatMap((code) =>
      LOCALES.filter((l) => !hasMessage(l, `errors.${code}`)).map((l) => `${l}: ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('formats ICU plurals per language', () => {
    expect(translate('en', 'errors.QUOTA_EXCEEDED', { quota: 1 })).toBe(
      'The only place of this scholarship is awarded',
    );
    expect(translate('en', 'errors.QUOTA_EXCEEDED', { quota: 3 })).toBe(
      'All 3 places of this scholarship are awarded',
    );
    expect(translate('zh', 'errors.QUOTA_EXCEEDED', { quota: 3 })).toBe(
      '该奖学金的全部 3 个名额均已授予',
    );
    expect(
      translate('en', 'reminders.title.partnership.anniversary', {
        years: 22,
        name: 'Karamay–Gwadar',
        relation: 'sister_city',
        date: '20 Apr 2037',
      }),
    ).toBe(
      'Reminder: 22nd anniversary of the Karamay–Gwadar sister-city partnership on 20 Apr 2037',
    );
  });
});

describe('choosing the language', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-Hans', 'zh'],
    ['ur-PK', 'ur'],
    ['fr;q=1, ur;q=0.9, zh-CN;q=0.8', 'ur'],
    ['en-US,en;q=0.9', 'en'],
    ['zh;q=0, ur;q=0.1', 'ur'],
    ['fr', undefined],
    ['*', undefined],
    ['', undefined],
  ])('Accept-Language %p → %p', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it("falls back to the caller's own locale, then English", () => {
    expect(requestLocale({ 'accept-language': 'fr' }, { locale: 'ur' })).toBe('ur');
    expect(requestLocale({ 'accept-language': 'zh' }, { locale: 'ur' })).toBe('zh');
    expect(requestLocale({}, { userId: 'x' })).toBe('en');
    expect(requestLocale(undefined, { locale: 'xx' })).toBe('en');
  });
});

describe('translated error bodies', () => {
  const filter = new AllExceptionsFilter();

  it('keeps the code and translates the message, entity names included', () => {
    expect(filter.toBody(new NotFoundError('Program'), 'zh')).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: '未找到该交流项目',
    });
    expect(filter.toBody(new NotFoundError('Aid project'), 'ur').message).toBe(
      'مطلوبہ امدادی منصوبہ موجود نہیں',
    );
    expect(filter.toBody(new NotFoundError('Something new'), 'zh').message).toBe('未找到该记录');
    expect(filter.toBody(new NotFoundError('Program'), 'en').message).toBe('Program not found');
  });

  it('fills numbers from details, and leaves field details as they are', () => {
    const quota = filter.toBody(new QuotaExceededError(5), 'ur');
    expect(quota).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 5 } });
    expect(quota.message).toBe('اس وظیفے کی تمام 5 نشستیں دی جا چکی ہیں');
    const invalid = filter.toBody(
      new ValidationFailedError([{ field: 'email', message: 'email must be an email' }]),
      'zh',
    );
    expect(invalid).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '输入内容未通过校验',
      details: [{ field: 'email', message: 'email must be an email' }],
    });
  });

  it('keeps the English message when a placeholder has no value', () => {
    expect(
      localizedErrorMessage(
        { code: 'QUOTA_EXCEEDED', message: 'All places are awarded', details: undefined },
        'zh',
      ),
    ).toBe('All places are awarded');
  });
});

describe('event notification texts', () => {
  it('fills each event in each language, with the reason of a rejection', () => {
    for (const locale of LOCALES) {
      const rejected = translate(locale, 'notifications.organizationStatus.body', {
        status: 'rejected',
        organization: 'Gwadar Youth Forum',
        reason: 'missing certificate',
      });
      expect(rejected).toContain('Gwadar Youth Forum');
      expect(rejected).toContain('missing certificate');
      const moved = translate(locale, 'notifications.programChanged.body', {
        change: 'dates',
        program: 'Karamay–Gwadar Youth Exchange',
        startsAt: '12 May 2027',
        endsAt: '20 May 2027',
      });
      expect(moved).toContain('20 May 2027');
    }
    expect(
      translate('zh', 'notifications.applicationDecision.title', {
        decision: 'awarded',
        participant: '李伟',
      }),
    ).toBe('奖学金已授予：李伟');
  });
});
