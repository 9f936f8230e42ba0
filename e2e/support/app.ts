import { request, type APIRequestContext, type Locator, type Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD } from './browser';

/** A name no other journey (or earlier run on the same database) uses: `E2E客户-lq3x9k-4821`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 10_000)}`;
}

/** The number in a kanban column count such as "12 个" or "12 deals". */
export async function countOf(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const match = /\d+/.exec(text.replace(/,/g, ''));
  if (!match) throw new Error(`no count in "${text}"`);
  return Number(match[0]);
}

/** Polls `read` until `check` holds (or times out with the last value in the message). */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** A signed-in API client (cookie session + CSRF token), for setting up data another user owns. */
export interface ApiSession {
  userId: string;
  get<T>(path: string, params?: Record<string, string | number | boolean>): Promise<T>;
  getStatus(path: string): Promise<number>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  dispose(): Promise<void>;
}

export async function apiLogin(email: string, password: string = DEMO_PASSWORD): Promise<ApiSession> {
  const ctx: APIRequestContext = await request.newContext({ baseURL: baseUrl() });
  const res = await ctx.post('/api/v1/auth/login', { data: { email, password } });
  if (!res.ok()) throw new Error(`API login as ${email} failed: ${res.status()} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string; user: { id: string } };
  const headers = { 'X-CSRF-Token': me.csrfToken };
  const json = async <T>(what: string, r: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!r.ok()) throw new Error(`${what} as ${email}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return {
    userId: me.user.id,
    get: async (path, params) => json(`GET ${path}`, await ctx.get(`/api/v1${path}`, { params })),
    getStatus: async (path) => (await ctx.get(`/api/v1${path}`)).status(),
    post: async (path, body) =>
      json(`POST ${path}`, await ctx.post(`/api/v1${path}`, { data: body, headers })),
    patch: async (path, body) =>
      json(`PATCH ${path}`, await ctx.patch(`/api/v1${path}`, { data: body, headers })),
    put: async (path, body) => json(`PUT ${path}`, await ctx.put(`/api/v1${path}`, { data: body, headers })),
    dispose: () => ctx.dispose(),
  };
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
}

/** Looks a demo user up by e-mail (every role may read the user directory except none). */
export async function userByEmail(api: ApiSession, email: string): Promise<UserRow> {
  const page = await api.get<{ items: UserRow[] }>('/users', { q: email, limit: 10 });
  const user = page.items.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

/** Resets a demo user's saved language, so a journey that switched it leaves no trace. */
export async function resetLocale(email: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  const api = await apiLogin(email);
  try {
    await api.patch('/auth/me', { locale });
  } finally {
    await api.dispose();
  }
}

/** Picks an option in the antd Select whose root carries `data-testid=<testId>`, searching by text. */
export async function pickOption(page: Page, select: Locator, text: string, search = true): Promise<void> {
  await select.click();
  if (search) await select.locator('input').fill(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
  await option.first().click();
}

/** Waits for the antd message toast with this text. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor();
}

/** Opens a hover dropdown (antd Dropdown) and waits until `item` shows; hovers again if it did not. */
export async function openHoverMenu(page: Page, trigger: string, item: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await page.locator(trigger).hover();
    try {
      await page.locator(item).waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
