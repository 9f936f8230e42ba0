import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { createTestApp, type TestApp } from '../../../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const sum = (factors: { contribution: number }[]) => factors.reduce((s, f) => s + f.contribution, 0);

describe('lead scoring', () => {
  let leadId: string;

  it('checks a rule fits its kind, and only marketing, directors and admins write rules', async () => {
    const mkt = await t.as('marketing');
    const noField = await mkt.post('/api/v1/scoring-rules', {
      kind: 'fit',
      name: '缺字段',
      operator: 'present',
      points: 5,
    });
    expect(noField.status).toBe(400);
    expect(noField.body.error.fields[0].path).toBe('field');
    const noValue = await mkt.post('/api/v1/scoring-rules', {
      kind: 'fit',
      name: '缺值',
      field: 'industry',
      operator: 'equals',
      points: 5,
    });
    expect(noValue.body.error.fields[0].path).toBe('value');
    const noWindow = await mkt.post('/api/v1/scoring-rules', {
      kind: 'engagement',
      name: '缺天数',
      activityTypes: ['call'],
      points: 5,
    });
    expect(noWindow.body.error.fields[0].path).toBe('windowDays');
    const rep = await t.as('repEast');
    expect(
      (
        await rep.post('/api/v1/scoring-rules', {
          kind: 'fit',
          name: 'x',
          field: 'email',
          operator: 'present',
          points: 1,
        })
      ).status,
    ).toBe(403);
    expect((await (await t.as('managerEast')).get('/api/v1/scoring-rules')).status).toBe(200);
  });

  it('scores a lead by fit rules and explains each factor; the list shows the stored score', async () => {
    const mkt = await t.as('marketing');
    for (const rule of [
      {
        kind: 'fit',
        name: '制造业',
        field: 'industry',
        operator: 'equals',
        value: ['manufacturing'],
        points: 15,
      },
      { kind: 'fit', name: '职务含「总」', field: 'title', operator: 'contains', value: ['总'], points: 10 },
      { kind: 'fit', name: '留了邮箱', field: 'email', operator: 'present', points: 5 },
      { kind: 'fit', name: '华东华南', field: 'region', operator: 'in', value: ['华东', '华南'], points: 8 },
      {
        kind: 'engagement',
        name: '近30天电话拜访',
        activityTypes: ['call', 'visit'],
        windowDays: 30,
        points: 6,
        cap: 20,
      },
    ]) {
      const r = await mkt.post('/api/v1/scoring-rules', rule);
      expect(r.status).toBe(201);
    }
    const lead = await mkt.post('/api/v1/leads', {
      name: '周总',
      title: '总经理',
      industry: 'manufacturing',
      region: '华东',
      email: 'zhou@jinggong.cn',
      ownerId: null,
    });
    expect(lead.status).toBe(201);
    leadId = lead.body.id;
    expect(lead.body.score).toBe(38);
    const score = await mkt.get(`/api/v1/leads/${leadId}/score`);
    expect(score.status).toBe(200);
    expect(score.body).toMatchObject({
      total: 38,
      rulesScore: 38,
      modelScore: null,
      modelWeight: 0,
      band: 'cold',
    });
    expect(
      score.body.factors.map((f: { name: string; value: string; contribution: number }) => [
        f.name,
        f.value,
        f.contribution,
      ]),
    ).toEqual([
      ['制造业', 'manufacturing', 15],
      ['职务含「总」', '总经理', 10],
      ['留了邮箱', 'zhou@jinggong.cn', 5],
      ['华东华南', '华东', 8],
    ]);
    expect(Math.round(sum(score.body.factors))).toBe(score.body.total);
  });

  it('counts recent activities as engagement, capped, and lets them age out of the window', async () => {
    const mkt = await t.as('marketing');
    for (const type of ['call', 'visit', 'call', 'call'])
      expect(
        (
          await mkt.post('/api/v1/activities', {
            type,
            subject: `跟进 ${type}`,
            relatedType: 'lead',
            relatedId: leadId,
          })
        ).status,
      ).toBe(201);
    // a note does not count
    await mkt.post('/api/v1/activities', {
      type: 'note',
      subject: '备注',
      relatedType: 'lead',
      relatedId: leadId,
    });
    const lead = await mkt.get(`/api/v1/leads/${leadId}`);
    expect(lead.body.score).toBe(38 + 20);
    const score = (await mkt.get(`/api/v1/leads/${leadId}/score`)).body;
    expect(score.factors.at(-1)).toMatchObject({
      kind: 'engagement',
      value: '4',
      points: 20,
      contribution: 20,
    });

    const now = Date.now();
    t.services.scoring.clock = () => new Date(now + 31 * DAY);
    try {
      await t.services.scoring.nightly();
      expect((await mkt.get(`/api/v1/leads/${leadId}`)).body.score).toBe(38);
    } finally {
      t.services.scoring.clock = () => new Date();
    }
    await t.services.scoring.rescoreAll(t.fx.orgId);
    expect((await mkt.get(`/api/v1/leads/${leadId}`)).body.score).toBe(58);
  });

  it('counts the campaign e-mails a lead opened and clicked as engagement', async () => {
    const mkt = await t.as('marketing');
    const rule = await mkt.post('/api/v1/scoring-rules', {
      kind: 'engagement',
      name: '点击营销邮件',
      activityTypes: ['email_click'],
      windowDays: 30,
      points: 7,
      cap: 14,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const lead = (await mkt.post('/api/v1/leads', { name: '邮件读者', ownerId: null })).body;
    const before = (await mkt.get(`/api/v1/leads/${lead.id}/score`)).body.total as number;
    const event = (type: string) => ({
      id: newId(),
      orgId: t.fx.orgId,
      type,
      campaignId: null,
      recipientId: null,
      leadId: lead.id,
      contactId: null,
      accountId: null,
      detail: null,
      occurredAt: new Date().toISOString(),
    });
    // one open (no rule counts it) and three clicks (capped at 14 points)
    await t.db.kysely
      .insertInto('engagementEvents')
      .values([event('email_open'), event('email_click'), event('email_click'), event('email_click')])
      .execute();
    await t.services.scoring.rescoreAll(t.fx.orgId);
    const after = (await mkt.get(`/api/v1/leads/${lead.id}/score`)).body;
    expect(after.factors.find((f: { name: string }) => f.name === '点击营销邮件')).toMatchObject({
      kind: 'engagement',
      value: '3',
      points: 14,
    });
    expect(after.total).toBeGreaterThan(before);
    await mkt.delete(`/api/v1/scoring-rules/${rule.body.id}`);
    await t.services.scoring.rescoreAll(t.fx.orgId);
  });

  it('sorts and filters the lead list by score', async () => {
    const mkt = await t.as('marketing');
    await mkt.post('/api/v1/leads', { name: '冷线索', ownerId: null });
    const sorted = (await mkt.get('/api/v1/leads?sort=-score')).body.items as {
      name: string;
      score: number;
    }[];
    expect(sorted.map((l) => l.score)).toEqual([...sorted.map((l) => l.score)].sort((a, b) => b - a));
    expect(sorted[0]!.name).toBe('周总');
    const hot = (await mkt.get('/api/v1/leads?scoreMin=50')).body.items as { name: string }[];
    expect(hot.map((l) => l.name)).toEqual(['周总']);
    expect((await mkt.get('/api/v1/leads?scoreMin=101')).status).toBe(400);
  });

  it('keeps the model off with too little history, and says why', async () => {
    const mkt = await t.as('marketing');
    const status = await mkt.post('/api/v1/scoring/model/train');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status: 'off',
      offReason: 'too_few_examples',
      examples: 0,
      minExamples: 30,
    });
  });

  it("learns from the organisation's converted and disqualified leads: a predictive source weighs for conversion", async () => {
    const mkt = await t.as('marketing');
    // a synthetic history (conversion itself is another module's flow): referrals mostly convert
    const at = new Date().toISOString();
    await t.db.kysely
      .insertInto('leads')
      .values(
        Array.from({ length: 60 }, (_, i) => {
          const referral = i % 2 === 0;
          const converted = referral ? i % 6 !== 0 : i % 10 === 1;
          return {
            id: newId(),
            orgId: t.fx.orgId,
            name: `历史线索 ${i}`,
            source: referral ? 'referral' : 'cold_call',
            region: i % 3 === 0 ? '华北' : '华中',
            status: converted ? 'converted' : 'disqualified',
            createdAt: at,
            updatedAt: at,
          };
        }),
      )
      .execute();
    // other organisations' history does not count
    await t.db.kysely
      .insertInto('leads')
      .values({
        id: newId(),
        orgId: t.fx.otherOrgId,
        name: '别家',
        status: 'converted',
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    const status = (await mkt.post('/api/v1/scoring/model/train')).body;
    expect(status).toMatchObject({ status: 'on', offReason: null, examples: 60, holdoutSize: 12 });
    expect(status.positives + status.negatives).toBe(60);
    expect(status.accuracy).toBeGreaterThan(0.6);
    expect(status.auc).toBeGreaterThan(0.7);
    const weight = (value: string) =>
      status.topFeatures.find(
        (f: { feature: string; value: string }) => f.feature === 'source' && f.value === value,
      )?.weight;
    expect(weight('referral')).toBeGreaterThan(0.5);
    expect(weight('cold_call')).toBeLessThan(-0.5);

    const referral = (
      await mkt.post('/api/v1/leads', { name: '新转介绍', source: 'referral', ownerId: null })
    ).body;
    const cold = (await mkt.post('/api/v1/leads', { name: '新陌拜', source: 'cold_call', ownerId: null }))
      .body;
    const a = (await mkt.get(`/api/v1/leads/${referral.id}/score`)).body;
    const b = (await mkt.get(`/api/v1/leads/${cold.id}/score`)).body;
    for (const s of [a, b]) {
      expect(s.modelWeight).toBe(40);
      expect(Math.round(sum(s.factors))).toBe(s.total);
    }
    const sourceOf = (s: { factors: { kind: string; name: string; contribution: number }[] }) =>
      s.factors.find((f) => f.kind === 'model' && f.name === 'source')!.contribution;
    expect(sourceOf(a)).toBeGreaterThan(0);
    expect(sourceOf(b)).toBeLessThan(0);
    expect(a.total).toBeGreaterThan(b.total);
    expect(a.modelScore).toBeGreaterThan(b.modelScore);
  });

  it('moves the blend with the model weight', async () => {
    const mkt = await t.as('marketing');
    const r = await mkt.put('/api/v1/scoring/settings', { modelWeight: 100 });
    expect(r.status).toBe(200);
    expect(r.body.modelWeight).toBe(100);
    const s = (await mkt.get(`/api/v1/leads/${leadId}/score`)).body;
    expect(s.total).toBe(Math.round(s.modelScore));
    expect(
      s.factors
        .filter((f: { kind: string }) => f.kind === 'fit')
        .every((f: { contribution: number }) => f.contribution === 0),
    ).toBe(true);
    expect((await mkt.put('/api/v1/scoring/settings', { modelWeight: 101 })).status).toBe(400);
    await mkt.put('/api/v1/scoring/settings', { modelWeight: 40 });
  });

  it('keeps rules, model and scores within the organisation', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/leads/${leadId}/score`)).status).toBe(404);
    expect((await other.get('/api/v1/scoring-rules')).body.items).toEqual([]);
    expect((await other.get('/api/v1/scoring/model')).body).toMatchObject({ status: 'off', examples: 0 });
    const ours = (await (await t.as('marketing')).get('/api/v1/scoring-rules')).body.items[0];
    expect(
      (await other.patch(`/api/v1/scoring-rules/${ours.id}`, { points: 99, version: ours.version })).status,
    ).toBe(404);
    expect((await other.delete(`/api/v1/scoring-rules/${ours.id}`)).status).toBe(404);
  });
});
