import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import { writeFileSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { BUNDLED_FONTS } from '../../src/reports/renderers/pdf-text';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { createTestApp, TestApp } from './create-app';

/**
 * The real app on a real port (API, web app, in-process worker, a throwaway database), and a
 * Chromium that npm installed (@sparticuz/chromium ships it inside the package).
 */
export interface WebTestApp extends TestApp {
  baseUrl: string;
}

export async function startWebApp(env: Record<string, string> = {}): Promise<WebTestApp> {
  const t = await createTestApp(env);
  await t.app.listen(0, '127.0.0.1');
  await t.startWorker();
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return Object.assign(t, { baseUrl: `http://127.0.0.1:${port}` });
}

/**
 * A fontconfig file for Chromium: the machine's own fonts plus the Noto fonts the PDF reports
 * already ship through npm, so Chinese and Urdu pages render (and screenshots look the same) on
 * a machine that has no CJK or Arabic-script fonts installed.
 */
function fontConfigFile(): string {
  const dirs = [...new Set(Object.values(BUNDLED_FONTS).map((file) => dirname(file)))];
  const file = join(tmpdir(), 'silkbridge-fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${dirs.map((d) => `  <dir>${d}</dir>`).join('\n')}
  <cachedir>${join(tmpdir(), 'silkbridge-fonts-cache')}</cachedir>
</fontconfig>
`,
  );
  return file;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  // --single-process (in sparticuz's defaults, for AWS Lambda) crashes once a second context
  // opens; this machine is no Lambda.
  const args = chromium.args
    .filter((a) => a !== '--single-process' && !a.startsWith('--headless'))
    .concat(['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage']);
  return playwright.launch({
    executablePath,
    env: { ...process.env, FONTCONFIG_FILE: fontConfigFile() },
    args,
    headless: true,
  });
}

/** axe-core on the page as it is now: no serious or critical violation (UI-CONTRACT "Quality"). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // The pointer rests where the test last clicked; scan the page as it looks unhovered.
  await page.mouse.move(0, 0);
  // Let transitions end (a button's label fades back in after loading), or contrast is misread.
  await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect({ page: what, violations: summary }).toEqual({ page: what, violations: [] });
}

/** The page itself does not scroll sideways (tables may scroll inside their own box). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // Strings, not functions: the server's tsconfig has no DOM types.
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
}

/** `<html lang>` and `dir` as the page has them now. */
export async function htmlLangDir(page: Page): Promise<{ lang: string; dir: string }> {
  return page.evaluate<{ lang: string; dir: string }>(
    '({ lang: document.documentElement.lang, dir: document.documentElement.dir })',
  );
}

/** Waits until some field is marked invalid (a VALIDATION_FAILED detail shown next to it). */
export async function waitForInvalidField(page: Page): Promise<void> {
  try {
    await page.waitForFunction('document.querySelector(\'[aria-invalid="true"]\') !== null', null, {
      timeout: 10_000,
    });
  } catch (err) {
    // Say what the page shows instead, so a failure is readable.
    throw new Error(`no invalid field; the page says: ${await page.locator('main').innerText()}`, {
      cause: err,
    });
  }
}
