import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, newPage, screenshot } from './support/browser';
import { apiLogin, uniqueName, waitUntil, type ApiSession } from './support/app';

/*
 * The home page's cards, the 我负责的 / 下属负责的 / 全部 views of a list, and server-side field
 * errors shown on the field that caused them.
 */

const DAY = 24 * 3_600_000;
const CST = 8 * 3_600_000;
/** Midnight today in China (the browser runs in Asia/Shanghai). */
const startOfTodayInChina = (): number => Math.floor((Date.now() + CST) / DAY) * DAY - CST;

/** The rows of a list page's table, by the record ids of their links. */
async function rowIds(page: Page, testId: string, linkPrefix: string): Promise<string[]> {
  return page
    .locator(`[data-testid=${testId}-table] [data-testid^=${linkPrefix}]`)
    .evaluateAll(
      (els, prefix) => els.map((e) => e.getAttribute('data-testid')!.slice(prefix.length)),
      linkPrefix,
    );
}

async function waitForRows(page: Page, testId: string, linkPrefix: string, expected: string[]) {
  const want = [...expected].sort();
  await waitUntil(
    `${testId} rows ${want.join(', ')}`,
    async () => (await rowIds(page, testId, linkPrefix)).sort(),
    (ids) => JSON.stringify(ids) === JSON.stringify(want),
  );
}

/** The field-level error antd shows under a form item, found by the item's input test id. */
function fieldError(page: Page, inputTestId: string) {
  return page
    .locator('.ant-form-item', { has: page.locator(`[data-testid=${inputTestId}]`) })
    .locator('.ant-form-item-explain-error');
}

describe('home page and lists', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a rep's home shows my open opportunities, today's activities and overdue tasks", async () => {
    const rep: ApiSession = await apiLogin('rep@tuoke.demo');
    const stamp = uniqueName('E2E工作台');
    const account = await rep.post<{ id: string }>('/accounts', { name: `${stamp}-客户` });
    // The biggest open deal of the rep, so it leads the card (sorted by amount).
    const opp = await rep.post<{ id: string; name: string }>('/opportunities', {
      name: `${stamp}-大单`,
      accountId: account.id,
      amount: 9_900_000_000,
      expectedCloseDate: '2030-06-30',
    });
    const today = await rep.post<{ id: string; subject: string }>('/activities', {
      type: 'call',
      subject: `${stamp}-今天回电`,
      dueAt: new Date(startOfTodayInChina() + 60_000).toISOString(),
      relatedType: 'opportunity',
      relatedId: opp.id,
    });
    const overdue = await rep.post<{ id: string; subject: string }>('/activities', {
      type: 'task',
      subject: `${stamp}-逾期待办`,
      dueAt: new Date(Date.now() - 700 * DAY).toISOString(),
      relatedType: 'account',
      relatedId: account.id,
    });
    await rep.dispose();

    const page = await newPage(browser);
    try {
      await loginAs(page, 'rep@tuoke.demo');
      const home = page.locator('[data-testid=home-page]');
      await home.waitFor();
      // A rep starts on their own work.
      await page
        .locator('[data-testid=view-tabs] .ant-segmented-item-selected [data-testid=view-mine]')
        .waitFor();

      const openOpps = page.locator('[data-testid=home-open-opps]');
      await openOpps.getByText('我的进行中商机').waitFor();
      await openOpps.locator('.ant-list-item').first().getByText(opp.name).waitFor();
      await page
        .locator('[data-testid=home-today]')
        .locator(`[data-testid=home-activity-${today.id}]`)
        .waitFor();
      await page
        .locator('[data-testid=home-today]')
        .locator(`[data-testid=home-activity-${today.id}]`)
        .getByText(opp.name)
        .waitFor();
      const overdueItem = page
        .locator('[data-testid=home-overdue]')
        .locator(`[data-testid=home-activity-${overdue.id}]`);
      await overdueItem.waitFor();
      await overdueItem.getByText(overdue.subject).waitFor();
      expect(await page.locator('[data-testid=home-chart] canvas').count()).toBeGreaterThan(0);
      await screenshot(page, 'home-rep');

      // The deal link opens the deal.
      await openOpps.getByText(opp.name).click();
      await page.locator('[data-testid=opportunity-detail]').getByText(opp.name).first().waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('a manager switches a list between 我负责的, 下属负责的 and 全部 and the rows follow', async () => {
    const stamp = uniqueName('E2E视图');
    const manager = await apiLogin('manager@tuoke.demo');
    const rep = await apiLogin('rep@tuoke.demo');
    const mine = await manager.post<{ id: string }>('/accounts', { name: `${stamp}-经理自己的客户` });
    const theirs = await rep.post<{ id: string }>('/accounts', { name: `${stamp}-下属的客户` });
    await manager.dispose();
    await rep.dispose();

    const page = await newPage(browser);
    try {
      await loginAs(page, 'manager@tuoke.demo');
      await page.goto(`/accounts?q=${encodeURIComponent(stamp)}`);
      await waitForRows(page, 'accounts', 'account-link-', [mine.id, theirs.id]);
      await screenshot(page, 'lists-manager-all');

      await page.locator('[data-testid=view-mine]').click();
      await waitForRows(page, 'accounts', 'account-link-', [mine.id]);
      expect(new URL(page.url()).searchParams.get('view')).toBe('mine');
      await screenshot(page, 'lists-manager-mine');

      await page.locator('[data-testid=view-subordinates]').click();
      await waitForRows(page, 'accounts', 'account-link-', [theirs.id]);
      expect(new URL(page.url()).searchParams.get('view')).toBe('subordinates');
      await screenshot(page, 'lists-manager-subordinates');

      await page.locator('[data-testid=view-all]').click();
      await waitForRows(page, 'accounts', 'account-link-', [mine.id, theirs.id]);
      expect(new URL(page.url()).searchParams.get('view')).toBeNull();

      // The view survives a reload (it lives in the address).
      await page.locator('[data-testid=view-subordinates]').click();
      await waitForRows(page, 'accounts', 'account-link-', [theirs.id]);
      await page.reload();
      await waitForRows(page, 'accounts', 'account-link-', [theirs.id]);
    } finally {
      await page.context().close();
    }
  });

  it('creating a product with an SKU already in use shows the server error, in Chinese, under the SKU field', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'admin@tuoke.demo');
      await page.locator('[data-testid=nav-settings-products]').click();
      await page.locator('[data-testid=products-page] .ant-table-row').first().waitFor();
      await page.locator('[data-testid=products-new]').click();
      // YT-SW-MES is one of the demo's products.
      await page.locator('[data-testid=product-sku]').fill('YT-SW-MES');
      await page.locator('[data-testid=product-name]').fill(uniqueName('重复 SKU 的产品'));
      await page.locator('[data-testid=product-price]').fill('1000');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/products') && r.request().method() === 'POST',
      );
      await page.locator('[data-testid=form-submit]').click();
      expect((await saved).status()).toBe(409);
      const error = fieldError(page, 'product-sku');
      await error.waitFor();
      // The server says "already used"; the form says it in the user's language.
      expect(await error.textContent()).toBe('已被其他记录使用');
      // The drawer stays open with what was typed, so it can be corrected.
      await expect(page.locator('[data-testid=product-sku]').inputValue()).resolves.toBe('YT-SW-MES');
      await screenshot(page, 'form-product-sku-taken');
    } finally {
      await page.context().close();
    }
  });

  it('an account whose 统一社会信用代码 has a wrong check digit shows the server error, in Chinese, under that field', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'rep@tuoke.demo');
      await page.locator('[data-testid=nav-accounts]').click();
      await page.locator('[data-testid=accounts-new]').click();
      await page.locator('[data-testid=account-name]').fill(uniqueName('E2E校验码错误公司'));
      // Well formed (passes the form's own pattern) but the last character is not the check digit.
      await page.locator('[data-testid=account-credit-code]').fill('91310000MA1FL0XK3A');
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/accounts') && r.request().method() === 'POST',
      );
      await page.locator('[data-testid=form-submit]').click();
      expect((await saved).status()).toBe(400);
      const error = fieldError(page, 'account-credit-code');
      await error.waitFor();
      expect(await error.textContent()).toBe('统一社会信用代码校验位不正确');
      expect(await page.locator('[data-testid=account-detail]').count()).toBe(0);
      await screenshot(page, 'form-account-credit-code-invalid');
    } finally {
      await page.context().close();
    }
  });
});
