import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_PARAMS,
  type NotificationKind,
  type NotificationParams,
} from '@tuoke/shared';
import { createFormatters } from '../../app/format';
import { en } from '../../app/i18n/en';
import { zhCN } from '../../app/i18n/zh-CN';
import { notificationText } from './notificationText';

/** Realistic params for every param any kind reads. */
const SAMPLE: NotificationParams = {
  subject: '回访华东智造采购部',
  activityType: 'visit',
  dueAt: '2026-11-28T06:30:00.000Z',
  overdue: 0,
  accountName: '华东智造股份有限公司',
  dealName: 'MES 二期',
  stageName: '方案报价',
  days: 12,
  ownerName: '李娜',
  teamName: '华东',
  noNextStep: 3,
  stalled: 2,
  overdueTasks: 5,
  forgotten: 4,
  repName: '王强',
  distanceM: 2350,
  plannedDate: '2026-11-27',
  reportType: 'daily',
  period: '2026-11-27',
  authorName: '陈经理',
  excerpt: '明天跟进报价',
  title: '周例会',
  startsAt: '2026-11-30T01:00:00.000Z',
  organizerName: '陈经理',
  dueDate: '2026-12-05',
  meetingTitle: '华东周例会',
  assignerName: '陈经理',
  businessType: 'quote',
  submitterName: '王强',
  amount: 12_800_000,
  decision: 'approved',
  approverName: '陈经理',
  comment: '同意',
};

async function translator(lng: 'zh-CN' | 'en') {
  const i = i18next.createInstance();
  await i.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
  return { t: i.t.bind(i), fmt: createFormatters(lng, 'CNY') };
}

const paramsOf = (kind: NotificationKind) =>
  Object.fromEntries(NOTIFICATION_PARAMS[kind].map((k) => [k, SAMPLE[k] ?? null]));

describe('notification text', () => {
  for (const lng of ['zh-CN', 'en'] as const) {
    it(`renders every kind in ${lng}, with all params and with none`, async () => {
      const { t, fmt } = await translator(lng);
      for (const kind of NOTIFICATION_KINDS) {
        const full = notificationText({ kind, params: paramsOf(kind) }, t, fmt);
        for (const text of [full.title, full.body]) {
          expect(text, `${lng} ${kind}`).not.toMatch(/[{}[\]]|notifications\.|—/);
          expect(text.length).toBeGreaterThan(3);
        }
        // every param the kind documents shows up somewhere (as itself or in words)
        const empty = notificationText({ kind, params: {} }, t, fmt);
        for (const text of [empty.title, empty.body]) expect(text, `${lng} ${kind}`).not.toMatch(/[{}[\]]/);
        expect(t(`notifications.kinds.${kind}.label`)).not.toMatch(/notifications\./);
      }
    });
  }

  it('reads naturally in Chinese', async () => {
    const { t, fmt } = await translator('zh-CN');
    expect(
      notificationText({ kind: 'approval_pending', params: paramsOf('approval_pending') }, t, fmt),
    ).toEqual({
      title: '待你审批：周例会',
      body: '王强 提交的报价单「周例会」（金额 ¥12.8万）等待你审批。',
    });
    const due = notificationText(
      { kind: 'activity_due', params: { ...paramsOf('activity_due'), overdue: 1 } },
      t,
      fmt,
    );
    expect(due.title).toBe('已逾期：回访华东智造采购部');
    expect(due.body).toMatch(
      /^拜访「回访华东智造采购部」截止于 2026-11-28 \d\d:30，客户：华东智造股份有限公司。$/,
    );
    // a missing optional part drops its words, not just the value
    expect(
      notificationText(
        { kind: 'activity_due', params: { ...paramsOf('activity_due'), accountName: null } },
        t,
        fmt,
      ).body,
    ).not.toContain('客户');
    expect(
      notificationText({ kind: 'visit_far_checkin', params: paramsOf('visit_far_checkin') }, t, fmt).body,
    ).toBe('王强 在距客户「华东智造股份有限公司」2.4 公里处签到。');
    expect(
      notificationText(
        { kind: 'report_missing', params: { reportType: 'weekly', period: '2026-11-23' } },
        t,
        fmt,
      ).title,
    ).toBe('周报未提交：2026年11月23日 当周');
  });

  it('reads naturally in English', async () => {
    const { t, fmt } = await translator('en');
    expect(
      notificationText({ kind: 'approval_decided', params: paramsOf('approval_decided') }, t, fmt),
    ).toEqual({
      title: 'Approval approved: 周例会',
      body: 'Your quote "周例会" was approved by 陈经理. Comment: 同意',
    });
    expect(
      notificationText(
        { kind: 'visit_far_checkin', params: { ...paramsOf('visit_far_checkin'), distanceM: 640 } },
        t,
        fmt,
      ).body,
    ).toBe('王强 checked in 640 m away from "华东智造股份有限公司".');
    expect(
      notificationText({ kind: 'supervision_digest', params: paramsOf('supervision_digest') }, t, fmt).body,
    ).toBe('3 deals without a next step, 2 stalled deals, 5 overdue tasks, 4 forgotten customers.');
  });
});
