import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, newPage, screenshot } from './support/browser';
import { apiLogin, uniqueName, userByEmail, type ApiSession } from './support/app';

/*
 * Each demo role sees only what it may: its navigation, its pages, its records. Records of another
 * region are set up through the API as the admin; everything checked is what the browser shows.
 */

const NAV = [
  'leads',
  'accounts',
  'contacts',
  'opportunities',
  'opportunities-board',
  'activities',
  'settings-products',
  'settings-pipelines',
  'settings-users',
  'settings-teams',
] as const;
type Nav = (typeof NAV)[number];

const SALES: Nav[] = [...NAV];
const ROLES: {
  email: string;
  role: string;
  nav: Nav[];
  /** A page the role may not open, and what it must say instead. */
  forbidden?: string;
  /** Create buttons the role must not get. */
  noCreate: { path: string; page: string; button: string }[];
}[] = [
  { email: 'admin@tuoke.demo', role: 'admin', nav: SALES, noCreate: [] },
  {
    email: 'director@tuoke.demo',
    role: 'sales director',
    nav: SALES,
    noCreate: [{ path: '/settings/users', page: 'users-page', button: 'users-new' }],
  },
  {
    email: 'manager@tuoke.demo',
    role: 'sales manager',
    nav: SALES,
    noCreate: [{ path: '/settings/products', page: 'products-page', button: 'products-new' }],
  },
  {
    email: 'rep@tuoke.demo',
    role: 'sales rep',
    nav: SALES,
    noCreate: [
      { path: '/settings/users', page: 'users-page', button: 'users-new' },
      { path: '/settings/products', page: 'products-page', button: 'products-new' },
    ],
  },
  {
    email: 'marketing@tuoke.demo',
    role: 'marketing',
    // marketing reads contacts: e-mail campaigns and segments reach them
    nav: [
      'leads',
      'accounts',
      'contacts',
      'activities',
      'settings-products',
      'settings-pipelines',
      'settings-users',
      'settings-teams',
    ],
    forbidden: '/opportunities/board',
    noCreate: [{ path: '/accounts', page: 'accounts-page', button: 'accounts-new' }],
  },
  {
    email: 'recruiter@tuoke.demo',
    role: 'recruiter',
    nav: ['activities', 'settings-users', 'settings-teams'],
    forbidden: '/accounts',
    noCreate: [{ path: '/settings/users', page: 'users-page', button: 'users-new' }],
  },
  {
    email: 'service@tuoke.demo',
    role: 'service agent',
    nav: [
      'accounts',
      'contacts',
      'activities',
      'settings-products',
      'settings-pipelines',
      'settings-users',
      'settings-teams',
    ],
    forbidden: '/leads',
    noCreate: [
      { path: '/accounts', page: 'accounts-page', button: 'accounts-new' },
      { path: '/contacts', page: 'contacts-page', button: 'contacts-new' },
    ],
  },
];

const NAV_ZH: Record<Nav, string> = {
  leads: '线索',
  accounts: '客户',
  contacts: '联系人',
  opportunities: '商机',
  'opportunities-board': '商机看板',
  activities: '活动',
  'settings-products': '产品',
  'settings-pipelines': '销售流程',
  'settings-users': '用户',
  'settings-teams': '团队',
};

/** The navigation entries shown, by test id suffix (nav-home and any entry outside NAV ignored). */
async function shownNav(page: Page): Promise<Nav[]> {
  await page.locator('[data-testid=nav-home]').waitFor();
  const ids = await page
    .locator('[data-testid=nav] [data-testid^=nav-]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('nav-'.length)));
  return ids.filter((id): id is Nav => (NAV as readonly string[]).includes(id));
}

/** Waits for the record page's "not found" / "no permission" state and checks the data is absent. */
async function expectNoRecord(page: Page, path: string, secret: string): Promise<void> {
  await page.goto(path);
  const state = page.locator('.ant-result').filter({ hasText: /页面不存在|你没有权限查看此页面/ });
  await state.waitFor();
  await page.locator('[data-testid=app-layout]').waitFor();
  expect(await page.getByText(secret).count()).toBe(0);
}

describe('access by role', () => {
  let browser: Browser;
  let admin: ApiSession;
  const stamp = uniqueName('E2E权限');
  const records = {} as {
    southAccount: { id: string; name: string };
    southOpp: { id: string; name: string };
    teamAccount: { id: string; name: string };
    repAccount: { id: string; name: string };
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await apiLogin('admin@tuoke.demo');
    // 林俊 (rep4) is a rep in 华南大区; 张伟 (rep2) is in 上海组, under manager@; 李娜 is rep@.
    const south = await userByEmail(admin, 'rep4@tuoke.demo');
    const shanghai = await userByEmail(admin, 'rep2@tuoke.demo');
    const rep = await userByEmail(admin, 'rep@tuoke.demo');
    const account = (name: string, ownerId: string) =>
      admin.post<{ id: string; name: string }>('/accounts', { name, ownerId, region: '华南' });
    records.southAccount = await account(`${stamp}-华南客户`, south.id);
    records.teamAccount = await account(`${stamp}-上海客户`, shanghai.id);
    records.repAccount = await account(`${stamp}-李娜客户`, rep.id);
    records.southOpp = await admin.post<{ id: string; name: string }>('/opportunities', {
      name: `${stamp}-华南商机`,
      accountId: records.southAccount.id,
      amount: 1_000_000,
      expectedCloseDate: '2030-06-30',
      ownerId: south.id,
    });
  });
  afterAll(async () => {
    await admin?.dispose();
    await browser?.close();
  });

  for (const r of ROLES) {
    it(`${r.role} (${r.email}) sees only the navigation, pages and create buttons the role allows`, async () => {
      const page = await newPage(browser);
      try {
        await loginAs(page, r.email);
        await page.locator('[data-testid=home-page]').waitFor();
        const shown = await shownNav(page);
        expect(shown).toEqual(r.nav);
        for (const item of r.nav) {
          await expect(page.locator(`[data-testid=nav-${item}]`).textContent()).resolves.toBe(NAV_ZH[item]);
        }
        await screenshot(page, `access-${r.email.split('@')[0]}-home`);

        if (r.forbidden) {
          await page.goto(r.forbidden);
          await page.locator('.ant-result', { hasText: '你没有权限查看此页面' }).waitFor();
          await screenshot(page, `access-${r.email.split('@')[0]}-forbidden`);
        }
        for (const c of r.noCreate) {
          await page.goto(c.path);
          await page.locator(`[data-testid=${c.page}] .ant-table-row`).first().waitFor();
          expect(await page.locator(`[data-testid=${c.button}]`).count()).toBe(0);
        }
      } finally {
        await page.context().close();
      }
    });
  }

  it("a rep sees neither another region's account nor its deal: not in the list, not in global search, not by URL", async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'rep@tuoke.demo');

      // The list, searched for everything this journey made: only the rep's own account.
      await page.goto(`/accounts?q=${encodeURIComponent(stamp)}`);
      await page.locator(`[data-testid=account-link-${records.repAccount.id}]`).waitFor();
      await expect(page.locator('[data-testid=accounts-table] .ant-table-row').count()).resolves.toBe(1);
      await screenshot(page, 'access-rep-account-list');

      // Global search finds the rep's own account (so search works) but not 华南's.
      const search = page.locator('[data-testid=global-search]');
      await search.fill(stamp);
      await page.locator(`[data-testid=search-hit-account-${records.repAccount.id}]`).waitFor();
      expect(await page.locator(`[data-testid^=search-hit-]`).count()).toBe(1);
      expect(await page.locator(`[data-testid=search-hit-account-${records.southAccount.id}]`).count()).toBe(
        0,
      );
      await screenshot(page, 'access-rep-global-search');
      await search.fill(records.southAccount.name);
      await page.locator('.ant-select-dropdown', { hasText: '没有找到匹配的记录' }).waitFor();

      // Straight to the records' addresses: a not-found state, never the data.
      await expectNoRecord(page, `/accounts/${records.southAccount.id}`, records.southAccount.name);
      await screenshot(page, 'access-rep-forbidden-account');
      await expectNoRecord(page, `/opportunities/${records.southOpp.id}`, records.southOpp.name);
    } finally {
      await page.context().close();
    }
  });

  it("a manager sees the team's account but not another region's", async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, 'manager@tuoke.demo');
      await page.goto(`/accounts?q=${encodeURIComponent(stamp)}`);
      await page.locator(`[data-testid=account-link-${records.teamAccount.id}]`).waitFor();
      await page.locator(`[data-testid=account-link-${records.repAccount.id}]`).waitFor();
      await expect(page.locator('[data-testid=accounts-table] .ant-table-row').count()).resolves.toBe(2);
      expect(await page.locator(`[data-testid=account-link-${records.southAccount.id}]`).count()).toBe(0);
      await screenshot(page, 'access-manager-account-list');

      await page.locator(`[data-testid=account-link-${records.teamAccount.id}]`).click();
      await page
        .locator('[data-testid=account-detail]')
        .getByText(records.teamAccount.name)
        .first()
        .waitFor();

      await expectNoRecord(page, `/accounts/${records.southAccount.id}`, records.southAccount.name);
      await expectNoRecord(page, `/opportunities/${records.southOpp.id}`, records.southOpp.name);
    } finally {
      await page.context().close();
    }
  });
});
