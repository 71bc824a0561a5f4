import { validateEnv } from '../config/env.validation';

describe('report settings', () => {
  it('accepts REPORT_TICK_EVERY_MS = 0 (off) or at least a second, defaulting to an hour', () => {
    expect(validateEnv({ NODE_ENV: 'test' }).REPORT_TICK_EVERY_MS).toBe(3600000);
    expect(validateEnv({ NODE_ENV: 'test', REPORT_TICK_EVERY_MS: '0' }).REPORT_TICK_EVERY_MS).toBe(
      0,
    );
    expect(
      validateEnv({ NODE_ENV: 'test', REPORT_TICK_EVERY_MS: '60000' }).REPORT_TICK_EVERY_MS,
    ).toBe(60000);
    expect(() => validateEnv({ NODE_ENV: 'test', REPORT_TICK_EVERY_MS: '500' })).toThrow(
      /REPORT_TICK_EVERY_MS/,
    );
    expect(() => validateEnv({ NODE_ENV: 'test', REPORT_TICK_EVERY_MS: 'hourly' })).toThrow(
      /REPORT_TICK_EVERY_MS/,
    );
  });

  it('defaults report periods to Asia/Karachi', () => {
    expect(validateEnv({ NODE_ENV: 'test' }).REPORT_TIME_ZONE).toBe('Asia/Karachi');
  });
});
