import { fillTemplate, formatMoney, type NotificationKind, type NotificationParams } from '@tuoke/shared';

/**
 * The e-mail text of each notification kind in zh-CN and en (the web app has the same texts in
 * its i18n files). Templates go through `fillTemplate`: `{name}` is a param (or a derived value
 * such as `state`), `[…]` is dropped when a param inside it is missing.
 */
export type MailLocale = 'zh-CN' | 'en';

interface KindText {
  title: string;
  body: string;
}

const TEXT: Record<MailLocale, Record<NotificationKind, KindText>> = {
  'zh-CN': {
    activity_due: {
      title: '{state}：{subject}',
      body: '{activityType}「{subject}」截止于 {dueAt}[，客户：{accountName}]。',
    },
    deal_stalled: {
      title: '商机停滞：{dealName}',
      body: '商机「{dealName}」在「{stageName}」阶段已 {days} 天没有跟进活动[，客户：{accountName}]。',
    },
    deal_no_next_step: {
      title: '缺少下一步：{dealName}',
      body: '商机「{dealName}」[（客户：{accountName}）]没有带日期的下一步计划，请补充。',
    },
    task_overdue: {
      title: '任务逾期：{subject}',
      body: '[{ownerName} 的]任务「{subject}」已于 {dueAt} 到期[，逾期 {days} 天]。',
    },
    customer_forgotten: {
      title: '遗忘客户：{accountName}',
      body: '客户「{accountName}」已 {days} 天没有联系。',
    },
    supervision_digest: {
      title: '销售督导摘要[：{teamName}]',
      body: '无下一步商机 {noNextStep} 个，停滞商机 {stalled} 个，逾期任务 {overdueTasks} 个，遗忘客户 {forgotten} 个。',
    },
    visit_far_checkin: {
      title: '远距离签到：{repName}',
      body: '{repName} 在距客户「{accountName}」{distance}处签到。',
    },
    visit_missed: {
      title: '拜访未完成：{accountName}',
      body: '{repName} 计划于 {plannedDate} 拜访「{accountName}」，但没有签到。',
    },
    report_missing: {
      title: '{reportType}未提交：{period}',
      body: '[{repName} ]{period} 的{reportType}还没有提交。',
    },
    report_submitted: {
      title: '{repName} 提交了{reportType}',
      body: '{repName} 提交了 {period} 的{reportType}，请查阅。',
    },
    report_comment: {
      title: '{authorName} 评论了{reportType}',
      body: '{authorName} 评论了 {period} 的{reportType}[：{excerpt}]',
    },
    meeting_scheduled: {
      title: '会议安排：{title}',
      body: '{organizerName} 安排了会议「{title}」，时间 {startsAt}。',
    },
    action_item_assigned: {
      title: '新的待办事项：{title}',
      body: '你有新的待办事项「{title}」[（会议：{meetingTitle}）][，截止 {dueDate}][，分配人：{assignerName}]。',
    },
    approval_pending: {
      title: '待你审批：{title}',
      body: '{submitterName} 提交的{businessType}「{title}」[（金额 {amount}）]等待你审批。',
    },
    approval_decided: {
      title: '审批{decision}：{title}',
      body: '你提交的{businessType}「{title}」{decision}[，审批人：{approverName}][。意见：{comment}]',
    },
  },
  en: {
    activity_due: {
      title: '{state}: {subject}',
      body: '{activityType} "{subject}" is due at {dueAt}[ (customer: {accountName})].',
    },
    deal_stalled: {
      title: 'Stalled deal: {dealName}',
      body: 'No activity on "{dealName}" for {days} days in stage "{stageName}"[ (customer: {accountName})].',
    },
    deal_no_next_step: {
      title: 'No next step: {dealName}',
      body: 'The deal "{dealName}"[ ({accountName})] has no next step with a date. Please add one.',
    },
    task_overdue: {
      title: 'Overdue task: {subject}',
      body: 'The task "{subject}"[ of {ownerName}] was due at {dueAt}[ ({days} days overdue)].',
    },
    customer_forgotten: {
      title: 'Forgotten customer: {accountName}',
      body: 'No contact with "{accountName}" for {days} days.',
    },
    supervision_digest: {
      title: 'Supervision digest[: {teamName}]',
      body: '{noNextStep} deals without a next step, {stalled} stalled deals, {overdueTasks} overdue tasks, {forgotten} forgotten customers.',
    },
    visit_far_checkin: {
      title: 'Check-in far away: {repName}',
      body: '{repName} checked in {distance} away from "{accountName}".',
    },
    visit_missed: {
      title: 'Missed visit: {accountName}',
      body: '{repName} planned to visit "{accountName}" on {plannedDate} but did not check in.',
    },
    report_missing: {
      title: 'Missing {reportType}: {period}',
      body: 'The {reportType} for {period}[ by {repName}] has not been submitted yet.',
    },
    report_submitted: {
      title: '{repName} submitted a {reportType}',
      body: '{repName} submitted the {reportType} for {period}.',
    },
    report_comment: {
      title: '{authorName} commented on a {reportType}',
      body: '{authorName} commented on the {reportType} for {period}[: "{excerpt}"]',
    },
    meeting_scheduled: {
      title: 'Meeting scheduled: {title}',
      body: '{organizerName} scheduled the meeting "{title}" for {startsAt}.',
    },
    action_item_assigned: {
      title: 'New action item: {title}',
      body: 'You have a new action item "{title}"[ from the meeting "{meetingTitle}"][, due {dueDate}][, assigned by {assignerName}].',
    },
    approval_pending: {
      title: 'Waiting for your approval: {title}',
      body: '{submitterName} submitted the {businessType} "{title}"[ ({amount})] for your approval.',
    },
    approval_decided: {
      title: 'Approval {decision}: {title}',
      body: 'Your {businessType} "{title}" was {decision}[ by {approverName}][. Comment: {comment}]',
    },
  },
};

const WORDS: Record<MailLocale, Record<string, Record<string, string>>> = {
  'zh-CN': {
    activityType: { call: '电话', visit: '拜访', meeting: '会议', email: '邮件', task: '任务', note: '备注' },
    businessType: { quote: '报价单', discount: '折扣', contract: '合同', payment: '回款' },
    reportType: { daily: '日报', weekly: '周报' },
    decision: { approved: '已通过', rejected: '已驳回' },
    state: { overdue: '已逾期', soon: '即将到期' },
  },
  en: {
    activityType: {
      call: 'Call',
      visit: 'Visit',
      meeting: 'Meeting',
      email: 'E-mail',
      task: 'Task',
      note: 'Note',
    },
    businessType: { quote: 'quote', discount: 'discount', contract: 'contract', payment: 'payment' },
    reportType: { daily: 'daily report', weekly: 'weekly report' },
    decision: { approved: 'approved', rejected: 'rejected' },
    state: { overdue: 'Overdue', soon: 'Due soon' },
  },
};

const TIMESTAMPS = new Set(['dueAt', 'startsAt']);

/** A UTC timestamp as China time, "2026-11-28 14:30". */
function chinaTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

/** The params as words in the language: enum values translated, times in China time, money, distance. */
export function notificationValues(
  kind: NotificationKind,
  params: NotificationParams,
  locale: MailLocale,
): Record<string, string | null> {
  const words = WORDS[locale];
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') out[k] = null;
    else if (words[k] && typeof v === 'string') out[k] = words[k]![v] ?? v;
    else if (TIMESTAMPS.has(k) && typeof v === 'string')
      out[k] = `${chinaTime(v)}${locale === 'en' ? ' (UTC+8)' : ''}`;
    else if (k === 'amount' && typeof v === 'number') out[k] = formatMoney(v, 'CNY', locale);
    else out[k] = String(v);
  }
  if (kind === 'activity_due') out.state = words.state![Number(params.overdue) === 1 ? 'overdue' : 'soon']!;
  if (typeof params.distanceM === 'number') {
    const m = Math.round(params.distanceM);
    out.distance =
      m >= 1000
        ? `${(m / 1000).toFixed(1)} ${locale === 'en' ? 'km' : '公里'}`
        : `${m} ${locale === 'en' ? 'm' : '米'}`;
  }
  if (typeof params.period === 'string' && params.reportType === 'weekly')
    out.period = locale === 'en' ? `the week of ${params.period}` : `${params.period} 当周`;
  return out;
}

export function notificationText(
  kind: NotificationKind,
  params: NotificationParams,
  locale: MailLocale,
): { title: string; body: string } {
  const text = TEXT[locale][kind];
  const values = notificationValues(kind, params, locale);
  return { title: fillTemplate(text.title, values), body: fillTemplate(text.body, values) };
}

export const mailLocale = (locale: string | null | undefined): MailLocale =>
  locale === 'en' || locale?.startsWith('en-') ? 'en' : 'zh-CN';

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The whole e-mail: subject, plain text and HTML (every value escaped), with a link into the app. */
export function notificationEmail(
  n: { kind: NotificationKind; params: NotificationParams; link: string | null },
  locale: MailLocale,
  opts: { publicUrl: string; recipientName: string },
): { subject: string; text: string; html: string } {
  const { title, body } = notificationText(n.kind, n.params, locale);
  const base = opts.publicUrl.replace(/\/+$/, '');
  const path = n.link && n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : '/notifications';
  const url = `${base}${path === '/notifications' ? '/reminders' : path}`;
  const en = locale === 'en';
  const greeting = en ? `Hello ${opts.recipientName},` : `${opts.recipientName}，你好：`;
  const open = en ? 'Open in Tuoke' : '在拓客中查看';
  const footer = en
    ? 'You get this e-mail because of your notification settings in Tuoke (Notifications → Settings).'
    : '你收到这封邮件，是因为你在拓客的通知设置中开启了邮件提醒（通知中心 → 通知设置）。';
  const subject = `${en ? '[Tuoke]' : '【拓客】'} ${title}`;
  const text = `${greeting}\n\n${title}\n${body}\n\n${open}: ${url}\n\n--\n${footer}\n`;
  const html =
    `<!doctype html><html lang="${en ? 'en' : 'zh-CN'}"><body style="font-family:sans-serif;color:#1f2937">` +
    `<p>${escapeHtml(greeting)}</p>` +
    `<p style="font-size:16px;font-weight:600">${escapeHtml(title)}</p>` +
    `<p>${escapeHtml(body)}</p>` +
    `<p><a href="${escapeHtml(url)}">${escapeHtml(open)}</a></p>` +
    `<hr style="border:none;border-top:1px solid #e5e7eb"><p style="font-size:12px;color:#6b7280">${escapeHtml(footer)}</p>` +
    `</body></html>`;
  return { subject, text, html };
}
