import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, launchBrowser, loginAs, newPage, screenshot } from './support/browser';
import { apiLogin, pickOption, waitUntil, type ApiSession } from './support/app';

/*
 * Activity supervision (issue 5), as a rep in the field and her manager would do it, in Chinese:
 * 李娜 (rep, 华东) on her phone plans a visit to one of her customers for half an hour from now,
 * checks in at the customer's door (the browser's geolocation, about 50 m from the customer's
 * coordinates), checks out with the outcome, the next step and its date on the customer's deal,
 * then writes her 日报, which opens prefilled with that visit, and submits it. 王磊 (manager, 华东)
 * sees the visit counted as on time in 计划执行, opens her report from 团队提交 and comments; the
 * report shows that he read it.
 */

interface Account {
  id: string;
  name: string;
  ownerId: string | null;
  latitude: number | null;
  longitude: number | null;
}
interface Opportunity {
  id: string;
  name: string;
  accountId: string;
  status: string;
  nextStep: string | null;
  nextStepDate: string | null;
}
interface Visit {
  id: string;
  status: string;
  distanceM: number | null;
  locationFlag: string | null;
  activityId: string | null;
}

/** Now plus `minutes`, as the wall-clock text of a datetime-local input in China time. */
function chinaTime(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}
const chinaDate = (days = 0) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
/** The Monday of this week in China time. */
function chinaMonday(): string {
  const today = new Date(`${chinaDate()}T00:00:00Z`);
  const back = (today.getUTCDay() + 6) % 7;
  return new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

describe('field visit and daily report', () => {
  let browser: Browser;
  let phone: BrowserContext;
  let rep: ApiSession;
  let account: Account;
  let deal: Opportunity;

  beforeAll(async () => {
    browser = await launchBrowser();
    rep = await apiLogin('rep@tuoke.demo');
    // One of 李娜's customers with coordinates and an open deal.
    const accounts = await rep.get<{ items: Account[] }>('/accounts', { view: 'mine', limit: 100 });
    const deals = await rep.get<{ items: Opportunity[] }>('/opportunities', {
      view: 'mine',
      status: 'open',
      limit: 100,
    });
    const withDeal = accounts.items.filter(
      (a) => a.latitude !== null && deals.items.some((d) => d.accountId === a.id),
    );
    expect(withDeal.length, "李娜's customers with coordinates and an open deal").toBeGreaterThan(0);
    account = withDeal[0]!;
    deal = deals.items.find((d) => d.accountId === account.id)!;

    // Her phone, at the customer's door: about 45 m north-east of the recorded location.
    phone = await browser.newContext({
      baseURL: baseUrl(),
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
      geolocation: {
        latitude: account.latitude! + 0.0003,
        longitude: account.longitude! + 0.0003,
        accuracy: 20,
      },
    });
  });

  afterAll(async () => {
    await rep?.dispose();
    await phone?.close();
    await browser?.close();
  });

  it('plan → check in near the customer → outcome and next step → prefilled 日报 → manager sees it on time and comments', async () => {
    const page: Page = await phone.newPage();
    await loginAs(page, 'rep@tuoke.demo', undefined, { path: '/login' });

    // Plan the visit for half an hour from now.
    await page.goto('/visits');
    const visitsOfAccount = async () =>
      (
        await rep.get<{ items: { id: string }[] }>('/visits', { accountId: account.id, limit: 100 })
      ).items.map((v) => v.id);
    const before = new Set(await visitsOfAccount());
    await page.locator('[data-testid=visit-new]').click();
    // (the modal's root carries the test id; its dialog is what becomes visible)
    const form = page.locator('[data-testid=visit-form] .ant-modal');
    await form.waitFor();
    await pickOption(page, form.locator('[data-testid=visit-form-account]'), account.name);
    await form.locator('[data-testid=visit-form-planned-at]').fill(chinaTime(30));
    await form.locator('[data-testid=visit-form-submit]').click();
    // the week's plan shows the new visit (the customer may have earlier ones this week)
    const visitId = (
      await waitUntil(
        'the new visit',
        async () => (await visitsOfAccount()).filter((id) => !before.has(id)),
        (ids) => ids.length === 1,
      )
    )[0]!;
    const card = page.locator(`[data-testid=visit-card][data-visit-id="${visitId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(account.name);
    await expect
      .poll(() => card.locator('[data-testid=visit-status]').getAttribute('data-status'))
      .toBe('planned');
    await screenshot(page, 'supervision-01-rep-week-phone');

    // At the door: check in; the distance is measured on the server against the customer's location.
    await card.click();
    await page.waitForURL(`**/visits/${visitId}`);
    await page.locator('[data-testid=visit-checkin]').click();
    const distance = page.locator('[data-testid=visit-distance]');
    await distance.waitFor();
    expect(await distance.getAttribute('data-flag')).toBe('near');
    const metres = Number(await distance.getAttribute('data-distance'));
    expect(metres).toBeGreaterThan(20);
    expect(metres).toBeLessThan(80);
    await expect
      .poll(() => page.locator('[data-testid=visit-status]').first().getAttribute('data-status'))
      .toBe('checked_in');
    await screenshot(page, 'supervision-02-checked-in-phone');

    // Leaving: what came of it, and the deal's next step with its date.
    const nextStep = '下周二带技术方案上门演示';
    const nextDate = chinaDate(4);
    await page
      .locator('[data-testid=visit-checkout-outcome]')
      .fill('客户确认了产线追溯需求，采购经理参与，预算待批。');
    await page.locator('[data-testid=visit-checkout-next-step]').fill(nextStep);
    await page.locator('[data-testid=visit-checkout-next-step-date]').fill(nextDate);
    const dealSelect = page.locator('[data-testid=visit-checkout-opportunity]');
    if (!((await dealSelect.textContent()) ?? '').includes(deal.name)) {
      await pickOption(page, dealSelect, deal.name, false);
    }
    await page.locator('[data-testid=visit-checkout-submit]').click();
    await page.locator('[data-testid=visit-outcome]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid=visit-status]').first().getAttribute('data-status'))
      .toBe('completed');
    const visit = await rep.get<Visit>(`/visits/${visitId}`);
    expect(visit.status).toBe('completed');
    expect(visit.activityId).toBeTruthy();
    const after = await rep.get<Opportunity>(`/opportunities/${deal.id}`);
    expect(after.nextStep).toBe(nextStep);
    expect(after.nextStepDate).toBe(nextDate);
    await screenshot(page, 'supervision-03-checked-out-phone');

    // The 日报 opens with today's real activity, the visit among it.
    await page.goto('/work-reports');
    await page.locator('[data-testid=report-new-daily]').click();
    await page.locator('[data-testid=report-facts]').waitFor();
    await expect
      .poll(async () =>
        Number(
          ((await page.locator('[data-testid=report-fact-visits]').textContent()) ?? '').replace(/\D/g, ''),
        ),
      )
      .toBeGreaterThanOrEqual(1);
    await page.locator('[data-testid=report-work]').fill(`拜访${account.name}，确认产线追溯需求。`);
    await page.locator('[data-testid=report-problems]').fill('客户预算审批周期较长。');
    await page.locator('[data-testid=report-plan]').fill('准备技术方案，约下周二演示。');
    await screenshot(page, 'supervision-04-daily-report-phone');
    await page.locator('[data-testid=report-submit]').click();
    await page.locator('[data-testid=report-detail]').waitFor();
    const reportUrl = page.url();
    expect(reportUrl).toMatch(/\/work-reports\/[0-9a-f-]{36}$/);
    await page.close();

    // The manager: the visit counts as on time for 李娜 this week.
    const desk = await newPage(browser);
    await loginAs(desk, 'manager@tuoke.demo');
    await desk.goto(`/visits?tab=compliance&week=${chinaMonday()}`);
    const table = desk.locator('[data-testid=visit-compliance-table]');
    await table.waitFor();
    const onTime = table.locator(`[data-testid=visit-compliance-onTime][data-owner="${rep.userId}"]`);
    await expect.poll(async () => Number((await onTime.textContent())?.trim())).toBeGreaterThanOrEqual(1);
    await onTime.click();
    const list = desk.locator('[data-testid=visit-compliance-list]');
    await list.waitFor();
    expect(await list.textContent()).toContain(account.name);
    await screenshot(desk, 'supervision-05-manager-compliance');

    // …and her report in 团队提交; opening it is a read receipt, and he comments.
    await desk.goto('/work-reports');
    const cell = desk.locator(
      `[data-testid=report-status-cell][data-user="${rep.userId}"][data-period="${chinaDate()}"]`,
    );
    await cell.waitFor();
    expect(['on_time', 'late']).toContain(await cell.getAttribute('data-state'));
    await cell.click();
    await desk.locator('[data-testid=report-detail]').waitFor();
    expect(desk.url()).toContain(reportUrl.split('/').pop()!);
    const comment = '演示前先和我过一遍方案，重点讲追溯的投入产出。';
    await desk.locator('[data-testid=report-comment-input]').fill(comment);
    await desk.locator('[data-testid=report-comment-submit]').click();
    await expect.poll(() => desk.locator('[data-testid=report-comments]').textContent()).toContain(comment);
    await expect
      .poll(() => desk.locator('[data-testid=report-read-receipts]').textContent())
      .toContain('王磊');
    await screenshot(desk, 'supervision-06-manager-report');
    await desk.context().close();

    // 李娜 is told about the comment.
    const notes = await rep.get<{ items: { kind: string; params: Record<string, unknown> }[] }>(
      '/notifications',
      {
        unread: true,
      },
    );
    expect(notes.items.some((n) => n.kind === 'report_comment')).toBe(true);
  });
});
