import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../screenshots');

export const DEMO_PASSWORD = 'tuoke-demo';

/** The running app's base URL, from the global setup. */
export function baseUrl(): string {
  const url = inject('e2eBaseUrl') || process.env.E2E_BASE_URL;
  if (!url) throw new Error('no app to test: the e2e global setup did not provide e2eBaseUrl');
  return url;
}

/**
 * Debian's Chromium, headless. Never a downloaded browser. Playwright gives every launch a fresh
 * temporary user-data-dir and removes it on close.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (own cookies) whose relative URLs go to the app: `page.goto('/login')`. */
export async function newPage(browser: Browser): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    baseURL: baseUrl(),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  return context.newPage();
}

/** Signs in through the login form and waits for the app's layout. */
export async function loginAs(
  page: Page,
  email: string,
  password: string = DEMO_PASSWORD,
  opts: { path?: string } = {},
): Promise<void> {
  await page.goto(opts.path ?? '/login');
  await page.locator('[data-testid=login-email]').fill(email);
  await page.locator('[data-testid=login-password]').fill(password);
  await page.locator('[data-testid=login-submit]').click();
  await page.locator('[data-testid=app-layout]').waitFor({ state: 'visible' });
}

/** Saves a full-page PNG to e2e/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
