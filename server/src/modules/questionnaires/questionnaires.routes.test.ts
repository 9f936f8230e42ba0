import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
let account: string; // repShanghai's
let contact: string; // on `account`
let eastAccount: string; // repEast's
let eastContact: string;
let questionnaire: { id: string; version: number };

const QUESTIONS = [
  {
    id: 'pains',
    type: 'multiple',
    text: '目前最困扰您的问题',
    required: true,
    mapsTo: 'pain_point',
    options: [
      { id: 'stock', label: '库存周转慢' },
      { id: 'opaque', label: '销售过程不透明' },
      { id: 'cash', label: '回款周期长' },
    ],
  },
  {
    id: 'size',
    type: 'single',
    text: '仓库数量',
    required: true,
    options: [
      { id: 'one', label: '1 个' },
      { id: 'more', label: '2 个以上' },
    ],
  },
  {
    id: 'urgency',
    type: 'scale',
    text: '数字化的紧迫程度',
    required: false,
    scaleMax: 5,
    minLabel: '不急',
    maxLabel: '非常急',
  },
  {
    id: 'budget',
    type: 'single',
    text: '预算范围',
    required: false,
    mapsTo: 'budget',
    options: [
      { id: 'low', label: '50 万以下', budgetMin: 0, budgetMax: 50_000_000 },
      { id: 'high', label: '50 万以上', budgetMin: 50_000_000, budgetMax: null },
    ],
  },
  { id: 'now', type: 'textarea', text: '目前的管理方式', required: false, mapsTo: 'situation' },
];

const valid = (extra: object[] = []) => ({
  answers: [
    { questionId: 'pains', value: ['stock', 'cash'] },
    { questionId: 'size', value: 'more' },
    { questionId: 'urgency', value: 4 },
    ...extra,
  ],
  respondentName: '周总',
});

beforeAll(async () => {
  t = await createTestApp();
  const rep = await t.as('repShanghai');
  account = (await rep.post('/api/v1/accounts', { name: '上海明远制造有限公司' })).body.id;
  contact = (await rep.post('/api/v1/contacts', { accountId: account, name: '周总' })).body.id;
  const east = await t.as('repEast');
  eastAccount = (await east.post('/api/v1/accounts', { name: '杭州东方物流' })).body.id;
  eastContact = (await east.post('/api/v1/contacts', { accountId: eastAccount, name: '陈经理' })).body.id;
  const marketing = await t.as('marketing');
  const q = await marketing.post('/api/v1/questionnaires', {
    title: '客户需求调研问卷',
    intro: '感谢您抽出时间',
    questions: QUESTIONS,
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  const p = await marketing.post(`/api/v1/questionnaires/${q.body.id}/publish`, { version: q.body.version });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  questionnaire = p.body;
});
afterAll(() => t.close());
afterEach(() => {
  t.services.questionnaires.clock = () => new Date();
});

const invite = async (body: object = { accountId: account, contactId: contact }) => {
  const r = await (
    await t.as('repShanghai')
  ).post(`/api/v1/questionnaires/${questionnaire.id}/invitations`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { token: string; path: string; invitation: { id: string } };
};
const submit = (token: string, body: object) =>
  t.anonymous.post(`/api/v1/public/questionnaires/${token}/responses`, body);

describe('questionnaires: the builder', () => {
  it('marketing builds, reps only read; a published questionnaire is frozen and copied to change', async () => {
    const marketing = await t.as('marketing');
    const rep = await t.as('repShanghai');
    expect((await rep.post('/api/v1/questionnaires', { title: 'x' })).status).toBe(403);
    expect((await rep.get(`/api/v1/questionnaires/${questionnaire.id}`)).body.questions).toHaveLength(5);
    expect((await (await t.as('recruiter')).get('/api/v1/questionnaires')).status).toBe(403);

    const draft = (await marketing.post('/api/v1/questionnaires', { title: '空问卷', language: 'en' })).body;
    const empty = await marketing.post(`/api/v1/questionnaires/${draft.id}/publish`, {
      version: draft.version,
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('questions');
    const bad = await marketing.patch(`/api/v1/questionnaires/${draft.id}`, {
      version: draft.version,
      questions: [
        { id: 'a', type: 'single', text: '只有一个选项', required: true, options: [{ id: 'x', label: 'x' }] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('questions/0/options');
    const scale = await marketing.patch(`/api/v1/questionnaires/${draft.id}`, {
      version: draft.version,
      questions: [{ id: 'a', type: 'scale', text: '打分', required: true, scaleMax: 7 }],
    });
    expect(scale.status).toBe(400);

    const edit = await marketing.patch(`/api/v1/questionnaires/${questionnaire.id}`, {
      version: questionnaire.version,
      title: '改标题',
    });
    expect(edit.status).toBe(409);
    const copy = await marketing.post(`/api/v1/questionnaires/${questionnaire.id}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: '客户需求调研问卷（副本）', status: 'draft' });
    expect(copy.body.questions).toEqual(
      (await rep.get(`/api/v1/questionnaires/${questionnaire.id}`)).body.questions,
    );
    expect((await marketing.delete(`/api/v1/questionnaires/${copy.body.id}`)).status).toBe(204);
    expect((await marketing.delete(`/api/v1/questionnaires/${questionnaire.id}`)).status).toBe(409);
    // another tenant does not see it
    expect((await (await t.as('otherAdmin')).get(`/api/v1/questionnaires/${questionnaire.id}`)).status).toBe(
      404,
    );
  });

  it('sends links only for accounts (and their contacts) in scope, and only when published', async () => {
    const rep = await t.as('repShanghai');
    const url = `/api/v1/questionnaires/${questionnaire.id}/invitations`;
    const other = await rep.post(url, { accountId: eastAccount });
    expect(other.status).toBe(400);
    expect(other.body.error.fields[0].path).toBe('accountId');
    const wrongContact = await rep.post(url, { accountId: account, contactId: eastContact });
    expect(wrongContact.status).toBe(400);
    expect(wrongContact.body.error.fields[0].path).toBe('contactId');
    expect((await rep.post(url, { accountId: account, expiresInDays: 0 })).status).toBe(400);
    const draft = (await (await t.as('marketing')).post('/api/v1/questionnaires', { title: '草稿' })).body;
    expect(
      (await rep.post(`/api/v1/questionnaires/${draft.id}/invitations`, { accountId: account })).status,
    ).toBe(409);

    const link = await invite();
    expect(link.path).toBe(`/s/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const listed = (await rep.get(`/api/v1/questionnaire-invitations?accountId=${account}`)).body.items;
    expect(listed.find((i: { id: string }) => i.id === link.invitation.id)).toMatchObject({
      status: 'pending',
      contactName: '周总',
      expiresAt: null,
    });
    expect(
      (await (await t.as('repEast')).get(`/api/v1/questionnaire-invitations?accountId=${account}`)).status,
    ).toBe(400);
  });
});

describe('questionnaires: the public link', () => {
  it('shows the page without sign-in, validates answers with clear 400s and takes one answer set', async () => {
    const { token, invitation } = await invite();
    const page = await t.app.inject({ method: 'GET', url: `/s/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('客户需求调研问卷');
    expect(page.body).toContain('上海明远制造有限公司');
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).not.toContain('mapsTo');
    const view = await t.anonymous.get(`/api/v1/public/questionnaires/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      answered: false,
      companyName: '测试科技有限公司',
      contactName: '周总',
    });
    expect(view.body.questions[0].mapsTo).toBeUndefined();
    expect(view.body.questions[3].options[0].budgetMin).toBeUndefined();

    const missing = await submit(token, { answers: [{ questionId: 'urgency', value: 3 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([
      { path: 'answers/pains', message: 'is required' },
      { path: 'answers/size', message: 'is required' },
    ]);
    const wrong = await submit(token, {
      answers: [
        { questionId: 'pains', value: ['stock', 'nope'] },
        { questionId: 'size', value: 'one' },
        { questionId: 'urgency', value: 6 },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([
      { path: 'answers/pains', message: 'no option nope in this question' },
      { path: 'answers/urgency', message: 'must be a whole number from 1 to 5' },
    ]);
    expect((await submit(token, { answers: [{ questionId: 'size', value: 1.5 }] })).status).toBe(400);
    expect((await submit(token, { ...valid(), extra: 1 })).status).toBe(400);

    const ok = await submit(
      token,
      valid([
        { questionId: 'budget', value: 'high' },
        { questionId: 'now', value: 'Excel 台账' },
      ]),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const again = await submit(token, valid());
    expect(again.status).toBe(409);
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${token}`)).body.answered).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/s/${token}` })).body).toContain('此问卷已提交过');

    // stored on the account, read by whoever reads the account's needs
    const rep = await t.as('repShanghai');
    const responses = (await rep.get(`/api/v1/questionnaire-responses?accountId=${account}`)).body.items;
    const mine = responses.find((r: { respondentName: string }) => r.respondentName === '周总');
    expect(mine).toMatchObject({
      questionnaireTitle: '客户需求调研问卷',
      contactName: '周总',
      accountName: '上海明远制造有限公司',
    });
    expect(mine.answers.map((a: { display: string }) => a.display)).toEqual([
      '库存周转慢、回款周期长',
      '2 个以上',
      '4 / 5',
      '50 万以上',
      'Excel 台账',
    ]);
    const invs = (await rep.get(`/api/v1/questionnaire-invitations?accountId=${account}`)).body.items;
    expect(invs.find((i: { id: string }) => i.id === invitation.id).status).toBe('answered');
    expect((await (await t.as('repEast')).get(`/api/v1/questionnaire-responses/${mine.id}`)).status).toBe(
      404,
    );
    expect((await (await t.as('otherAdmin')).get(`/api/v1/questionnaire-responses/${mine.id}`)).status).toBe(
      404,
    );
    expect((await (await t.as('managerEast')).get(`/api/v1/questionnaire-responses/${mine.id}`)).status).toBe(
      200,
    );

    // prefill a needs record from it, review, save
    const draft = await rep.get(`/api/v1/questionnaire-responses/${mine.id}/needs-draft`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      accountId: account,
      contactId: contact,
      sourceResponseId: mine.id,
      situation: 'Excel 台账',
      budgetMin: 50_000_000,
      budgetMax: null,
      budgetStatus: 'estimated',
      painPoints: [
        { description: '库存周转慢', severity: 3 },
        { description: '回款周期长', severity: 3 },
      ],
    });
    const saved = await rep.post('/api/v1/needs', draft.body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.sourceResponseId).toBe(mine.id);
    const foreign = await (
      await t.as('repEast')
    ).post('/api/v1/needs', {
      accountId: eastAccount,
      title: 'x',
      sourceResponseId: mine.id,
    });
    expect(foreign.status).toBe(400);
  });

  it('unknown, expired, revoked and archived links are 404', async () => {
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${'x'.repeat(32)}`)).status).toBe(404);
    expect((await submit('y'.repeat(32), valid())).status).toBe(404);
    const page = await t.app.inject({ method: 'GET', url: `/s/${'x'.repeat(32)}` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('问卷不存在或链接已失效');
    expect((await t.app.inject({ method: 'GET', url: '/s/short' })).statusCode).toBe(404);

    const expiring = await invite({ accountId: account, expiresInDays: 7 });
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${expiring.token}`)).status).toBe(200);
    t.services.questionnaires.clock = () => new Date(Date.now() + 7 * 86_400_000 + 60_000);
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${expiring.token}`)).status).toBe(404);
    expect((await submit(expiring.token, valid())).status).toBe(404);
    const listed = (
      await (await t.as('repShanghai')).get(`/api/v1/questionnaire-invitations?accountId=${account}`)
    ).body.items;
    expect(listed.find((i: { id: string }) => i.id === expiring.invitation.id).status).toBe('expired');
    t.services.questionnaires.clock = () => new Date();

    const revoked = await invite();
    expect(
      (await (await t.as('repEast')).delete(`/api/v1/questionnaire-invitations/${revoked.invitation.id}`))
        .status,
    ).toBe(404);
    expect(
      (await (await t.as('repShanghai')).delete(`/api/v1/questionnaire-invitations/${revoked.invitation.id}`))
        .status,
    ).toBe(204);
    expect((await submit(revoked.token, valid())).status).toBe(404);

    const marketing = await t.as('marketing');
    const other = (
      await marketing.post('/api/v1/questionnaires', {
        title: '短问卷',
        language: 'en',
        questions: [QUESTIONS[1]],
      })
    ).body;
    const published = (
      await marketing.post(`/api/v1/questionnaires/${other.id}/publish`, { version: other.version })
    ).body;
    const link = (
      await (
        await t.as('repShanghai')
      ).post(`/api/v1/questionnaires/${other.id}/invitations`, { accountId: account })
    ).body;
    const en = await t.app.inject({ method: 'GET', url: `/s/${link.token}` });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Submit');
    expect(
      (await marketing.post(`/api/v1/questionnaires/${other.id}/archive`, { version: published.version }))
        .status,
    ).toBe(200);
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${link.token}`)).status).toBe(404);
  });

  it('rate limits submissions per link: the 11th attempt in 10 minutes is 429, a new window allows again', async () => {
    const { token } = await invite();
    const start = Date.now();
    t.services.questionnaires.clock = () => new Date(start);
    for (let i = 0; i < 10; i++) expect((await submit(token, { answers: [] })).status).toBe(400);
    const limited = await submit(token, valid());
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_requests');
    // nothing was stored
    expect((await t.anonymous.get(`/api/v1/public/questionnaires/${token}`)).body.answered).toBe(false);
    t.services.questionnaires.clock = () => new Date(start + 11 * 60_000);
    expect((await submit(token, valid())).status).toBe(201);
  });
});

describe('questionnaires: the summary', () => {
  it('counts per option and averages the scale over the answers the reader may see', async () => {
    const east = await t.as('repEast');
    const eastLink = (
      await east.post(`/api/v1/questionnaires/${questionnaire.id}/invitations`, { accountId: eastAccount })
    ).body;
    expect(
      (
        await submit(eastLink.token, {
          answers: [
            { questionId: 'pains', value: ['opaque'] },
            { questionId: 'size', value: 'one' },
            { questionId: 'urgency', value: 1 },
          ],
        })
      ).status,
    ).toBe(201);

    const rep = await t.as('repShanghai');
    const mine = (await rep.get(`/api/v1/questionnaires/${questionnaire.id}/summary`)).body;
    const manager = (
      await (await t.as('managerEast')).get(`/api/v1/questionnaires/${questionnaire.id}/summary`)
    ).body;
    // repShanghai's accounts answered twice (earlier tests), both with 4 on the scale
    expect(mine.responses).toBe(2);
    expect(mine.questions[0].choices).toEqual([
      { id: 'stock', label: '库存周转慢', count: 2 },
      { id: 'opaque', label: '销售过程不透明', count: 0 },
      { id: 'cash', label: '回款周期长', count: 2 },
    ]);
    expect(mine.questions[2]).toMatchObject({ average: 4, answered: 2 });
    expect(manager.responses).toBe(3);
    expect(manager.questions[0].choices[1].count).toBe(1);
    expect(manager.questions[2].average).toBe(3);
    expect(manager.questions[2].distribution).toEqual([
      { value: 1, count: 1 },
      { value: 2, count: 0 },
      { value: 3, count: 0 },
      { value: 4, count: 2 },
      { value: 5, count: 0 },
    ]);
    expect(
      (await (await t.as('managerSouth')).get(`/api/v1/questionnaires/${questionnaire.id}/summary`)).body
        .responses,
    ).toBe(0);
  });
});
