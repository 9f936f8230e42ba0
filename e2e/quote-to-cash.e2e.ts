import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, loginAs, newPage, screenshot } from './support/browser';
import { apiLogin, countOf, openHoverMenu, pickOption, toast, uniqueName, waitUntil } from './support/app';

/*
 * Quote to cash, in Chinese, as a person would do it: the rep quotes one of their open deals
 * with a 20% discount, the manager approves it from the approvals inbox, the rep downloads the
 * PDF, wins the deal on the stage bar, turns it into a contract with a 50/50 payment plan and
 * records the first payment, and the contract shows 部分回款.
 */

interface Stage {
  id: string;
  name: string;
  kind: string;
}
interface Product {
  id: string;
  name: string;
  sku: string;
  listPrice: number;
}
interface Quote {
  id: string;
  number: string;
  revision: number;
  status: string;
  subtotal: number;
  discountAmount: number;
  taxAmount: number;
  total: number;
  listTotal: number;
  discountBp: number;
  effectiveDiscountBp: number;
  approvalRequestId: string | null;
}

/** What the web app shows for an amount in fen (not compact): `¥12,345.6`, as formatMoney does. */
function yuan(fen: number): string {
  const abs = Math.abs(fen / 100);
  const digits = abs.toLocaleString('en-US', {
    minimumFractionDigits: abs % 1 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  });
  return `${fen < 0 ? '-' : ''}¥${digits}`;
}

/** The <input> of an antd InputNumber whose test id sits on the input or on its wrapper. */
function inputOf(locator: Locator): Locator {
  return locator.locator('xpath=self::input | .//input').first();
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`/api/v1${path}`);
  expect(res.status(), `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

describe('quote to cash', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('rep quotes an open deal at 20% off → manager approves → rep gets the PDF, wins the deal, and a 50/50 contract shows 部分回款 after the first payment', async () => {
    const tag = 'q2c';
    // Setup through the API as the rep: a fresh account and an OPEN deal in the first stage, with
    // a catalogue line item, an amount and a next step (the exit criteria of 方案报价/商务谈判).
    const api = await apiLogin('rep@tuoke.demo');
    const accountName = uniqueName('E2E报价测试有限公司');
    const oppName = uniqueName('E2E 报价到回款');
    let oppId: string;
    let product: Product;
    try {
      const products = await api.get<{ items: Product[] }>('/products', { active: true, limit: 50 });
      product = products.items.find((p) => p.listPrice > 0)!;
      expect(product).toBeTruthy();
      const account = await api.post<{ id: string }>('/accounts', { name: accountName });
      const opp = await api.post<{ id: string; status: string; ownerId: string }>('/opportunities', {
        name: oppName,
        accountId: account.id,
        expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        nextStep: '安排报价评审会',
        items: [{ productId: product.id, quantity: 2 }],
      });
      expect(opp).toMatchObject({ status: 'open', ownerId: api.userId });
      oppId = opp.id;
    } finally {
      await api.dispose();
    }

    const rep = await newPage(browser);
    let manager: Page | undefined;
    try {
      // ---- the rep opens the deal and writes a quote: 2 × the product, 20% off the whole quote
      await loginAs(rep, 'rep@tuoke.demo');
      await rep.goto(`/opportunities/${oppId}`);
      const detail = rep.locator('[data-testid=opportunity-detail]');
      await detail.getByText(oppName).first().waitFor();
      await rep.getByRole('tab', { name: '报价' }).click();
      await rep.locator('[data-testid=quote-new]').click();
      const editor = rep.locator('[data-testid=quote-editor]');
      await editor.waitFor();
      await pickOption(rep, rep.locator('[data-testid=quote-item-product-0]'), product.sku);
      // (under load the product pick can still be filling the line in when these are typed, and
      // it resets them: type again until the inputs hold what was typed)
      const quantity = inputOf(rep.locator('[data-testid=quote-item-quantity-0]'));
      const discount = inputOf(rep.locator('[data-testid=quote-discount]'));
      await waitUntil(
        'the quantity and discount to stay as typed',
        async () => {
          if ((await quantity.inputValue()) !== '2') await quantity.fill('2');
          if ((await discount.inputValue()) !== '20') await discount.fill('20');
          await rep.waitForTimeout(300);
          return [await quantity.inputValue(), await discount.inputValue()];
        },
        ([q, d]) => q === '2' && d === '20',
      );
      // The preview follows the form; wait until it shows the 20% discount.
      const previewDiscount = rep.locator('[data-testid=quote-preview-discountAmount] .money');
      await waitUntil(
        'the preview to show the 20% discount',
        async () => (await previewDiscount.textContent()) ?? '',
        (text) => text !== '' && text !== '-¥0',
        20_000,
      );
      const preview = {
        subtotal: await rep.locator('[data-testid=quote-preview-subtotal] .money').textContent(),
        discountAmount: await previewDiscount.textContent(),
        tax: await rep.locator('[data-testid=quote-preview-tax] .money').textContent(),
        total: await rep.locator('[data-testid=quote-preview-total] .money').textContent(),
      };
      await screenshot(rep, `${tag}-01-quote-editor`);
      const created = rep.waitForResponse(
        (r) => r.url().endsWith('/api/v1/quotes') && r.request().method() === 'POST',
      );
      await rep.locator('[data-testid=quote-save]').click();
      const createdRes = await created;
      expect(createdRes.status()).toBe(201);
      const quoteId = ((await createdRes.json()) as Quote).id;
      await toast(rep, '已保存');
      await editor.waitFor({ state: 'hidden' });

      // ---- the totals shown are the ones the server computed
      const q = await getJson<Quote>(rep, `/quotes/${quoteId}`);
      expect(q).toMatchObject({ status: 'draft', discountBp: 2000, listTotal: 2 * product.listPrice });
      expect(q.discountAmount).toBe(Math.round(q.subtotal * 0.2));
      expect(q.total).toBe(q.subtotal - q.discountAmount + q.taxAmount);
      expect(preview).toEqual({
        subtotal: yuan(q.subtotal),
        discountAmount: `-${yuan(q.discountAmount)}`,
        tax: yuan(q.taxAmount),
        total: yuan(q.total),
      });
      const row = rep.locator('.ant-table-row', { hasText: q.number });
      await row.getByText('草稿').waitFor();
      await row.getByText(yuan(q.total), { exact: true }).waitFor();
      await row.getByText(`${(q.effectiveDiscountBp / 100).toFixed(1)}%`, { exact: true }).waitFor();
      expect(q.effectiveDiscountBp).toBe(2000);

      // ---- submit it for approval: over 10% needs the direct manager
      const submitItem = '.ant-dropdown:visible .ant-dropdown-menu-item:has-text("提交审批")';
      await openHoverMenu(rep, `[data-testid=quote-actions-${q.revision}]`, submitItem);
      await rep.locator(submitItem).click();
      await toast(rep, '已提交');
      await row.getByText('审批中').waitFor();
      await screenshot(rep, `${tag}-02-quote-pending`);
      expect((await getJson<Quote>(rep, `/quotes/${quoteId}`)).status).toBe('pending_approval');

      // ---- the manager, in a browser of their own, finds it in the approvals inbox
      manager = await newPage(browser);
      await loginAs(manager, 'manager@tuoke.demo');
      const navBadge = manager.locator('[data-testid=nav-approvals] .ant-badge-count');
      await navBadge.waitFor();
      expect(await countOf(navBadge)).toBeGreaterThan(0);
      await manager.locator('[data-testid=nav-approvals]').click();
      const tabBadge = manager.getByRole('tab', { name: /待我审批/ }).locator('.ant-badge-count');
      await tabBadge.waitFor();
      expect(await countOf(tabBadge)).toBeGreaterThan(0);
      const request = manager.locator('.ant-table-row', { hasText: q.number });
      await request.getByText('审批中').waitFor();
      await request.getByText('20.0%').waitFor();
      await screenshot(manager, `${tag}-03-manager-inbox`);
      await request.getByText(`${q.number} v${q.revision}`).click();
      await manager.locator('[data-testid=approval-approve]').click();
      const confirm = manager.locator('.ant-modal:visible');
      await confirm.locator('textarea').fill('折扣在授权范围内，同意。');
      await confirm.locator('.ant-btn-primary').click();
      await toast(manager, '已同意');
      await manager.locator('.ant-drawer:visible .ant-tag', { hasText: '已通过' }).waitFor();
      await screenshot(manager, `${tag}-04-manager-approved`);

      // ---- the rep sees it approved and downloads the PDF
      await rep.reload();
      await rep.getByRole('tab', { name: '报价' }).click();
      await row.getByText('已批准').waitFor();
      expect((await getJson<Quote>(rep, `/quotes/${quoteId}`)).status).toBe('approved');
      const href = await rep.locator(`[data-testid=quote-pdf-${q.revision}]`).getAttribute('href');
      expect(href).toBe(`/api/v1/quotes/${quoteId}/pdf`);
      // The button opens the PDF inline in a new tab; fetch it with the page's cookies instead.
      const pdf = await rep.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      const body = await pdf.body();
      expect(body.subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(body.length).toBeGreaterThan(1000);
      await screenshot(rep, `${tag}-05-quote-approved`);

      // ---- win the deal on the stage bar: 需求确认 first, tick its checklist, then 赢单
      const { items: pipelines } = await getJson<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
        rep,
        '/pipelines',
      );
      const stages = (pipelines.find((p) => p.isDefault) ?? pipelines[0]).stages;
      const confirmStage = stages.find((s) => s.name === '需求确认')!;
      const wonStage = stages.find((s) => s.kind === 'won')!;
      expect(wonStage.name).toBe('赢单');
      await rep.locator(`[data-testid=stage-step-${confirmStage.id}]`).click();
      await toast(rep, '已推进到「需求确认」');
      const checklist = rep.locator('[data-testid=stage-checklist]');
      await checklist.getByText('检查清单 · 需求确认').waitFor();
      await checklist.locator('[data-testid=stage-gate-blocked]').waitFor();
      for (const item of ['pain-points', 'budget', 'decision-maker', 'timeline']) {
        const box = checklist.locator('label', { has: rep.locator(`[data-testid=checklist-item-${item}]`) });
        await box.click();
        await box.locator('.ant-checkbox-checked').waitFor();
        await expect(box.locator('input').isEnabled()).resolves.toBe(true);
      }
      await checklist.locator('[data-testid=stage-gate-ready]').waitFor();
      await screenshot(rep, `${tag}-06-checklist-done`);
      await rep.locator(`[data-testid=stage-step-${wonStage.id}]`).click();
      await toast(rep, '已推进到「赢单」');
      await detail.locator('.ant-tag', { hasText: '赢单' }).first().waitFor();
      expect(await getJson<{ status: string }>(rep, `/opportunities/${oppId}`)).toMatchObject({
        status: 'won',
        stageId: wonStage.id,
      });

      // ---- a contract from the won deal
      await rep.locator('[data-testid=create-contract]').click();
      await rep.locator('[data-testid=contract-form]').waitFor();
      await expect(inputOf(rep.locator('[data-testid=contract-name]')).inputValue()).resolves.toBe(oppName);
      await screenshot(rep, `${tag}-07-contract-form`);
      await rep.locator('[data-testid=contract-form] [data-testid=form-submit]').click();
      await toast(rep, /合同/);
      const contractPage = rep.locator('[data-testid=contract-detail]');
      await contractPage.waitFor();
      expect(rep.url()).toMatch(/\/contracts\/[0-9a-f-]{36}$/);
      const contractId = rep.url().split('/').pop()!;
      const contract = await getJson<{ amount: number; opportunityId: string; paymentStatus: string }>(
        rep,
        `/contracts/${contractId}`,
      );
      expect(contract).toMatchObject({ opportunityId: oppId, paymentStatus: 'pending' });
      expect(contract.amount).toBeGreaterThan(0);

      // ---- a payment plan in two installments, 50% / 50%
      const first = Math.floor(contract.amount / 2);
      const second = contract.amount - first;
      const plans = rep.locator('[data-testid=plans]');
      for (const [n, amount] of [
        [1, first],
        [2, second],
      ] as const) {
        await rep.locator('[data-testid=add-plan]').click();
        const form = rep.locator('[data-testid=plan-form]');
        await form.waitFor();
        await inputOf(rep.locator('[data-testid=plan-amount]')).fill((amount / 100).toFixed(2));
        await form.locator('[data-testid=form-submit]').click();
        await toast(rep, '已创建');
        await form.waitFor({ state: 'hidden' });
        await plans
          .locator('.ant-table-row', { hasText: `第 ${n} 期` })
          .getByText(yuan(amount))
          .waitFor();
      }
      await rep.getByRole('tab', { name: '回款计划 (2)' }).waitFor();
      await screenshot(rep, `${tag}-08-payment-plan`);

      // ---- one payment equal to the first installment
      await rep.getByRole('tab', { name: /^回款记录/ }).click();
      await rep.locator('[data-testid=add-payment]').click();
      const paymentForm = rep.locator('[data-testid=payment-form]');
      await paymentForm.waitFor();
      await inputOf(rep.locator('[data-testid=payment-amount]')).fill((first / 100).toFixed(2));
      await paymentForm.locator('[data-testid=form-submit]').click();
      await toast(rep, '已创建');
      await paymentForm.waitFor({ state: 'hidden' });
      await rep
        .locator('[data-testid=payments] .ant-table-row')
        .getByText(yuan(first), { exact: true })
        .waitFor();

      // ---- the contract shows 部分回款, and the reconciliation the first installment received
      await contractPage.locator('.ant-tag', { hasText: '部分回款' }).waitFor();
      const reconciliation = rep.locator('[data-testid=reconciliation]');
      const received = reconciliation.locator('.ant-descriptions-item', { hasText: '已回款' });
      await received.locator('.money', { hasText: yuan(first) }).waitFor();
      await expect(received.locator('.money').textContent()).resolves.toBe(yuan(first));
      await screenshot(rep, `${tag}-09-contract-partial`);
      const finance = await getJson<{
        reconciliation: { receivedAmount: number; plannedAmount: number; outstandingAmount: number };
      }>(rep, `/contracts/${contractId}/finance`);
      expect(finance.reconciliation).toMatchObject({
        receivedAmount: first,
        plannedAmount: contract.amount,
        outstandingAmount: second,
      });
      expect((await getJson<{ paymentStatus: string }>(rep, `/contracts/${contractId}`)).paymentStatus).toBe(
        'partial',
      );
    } finally {
      await rep.context().close();
      await manager?.context().close();
    }
  });
});
