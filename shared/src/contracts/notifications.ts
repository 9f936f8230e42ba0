import { Type, type Static } from 'typebox';
import { Id, Nullable, Page, Timestamp } from './common.js';

/**
 * Notification centre (通知中心): what a notification is about. Each kind is rendered from its
 * `params` in the reader's language (web i18n `notifications.kinds.<kind>`; e-mail text on the
 * server, notifications.text.ts). Params are flat: string | number | null. A missing param renders
 * as "—", so a caller may omit what it does not know.
 *
 * Params per kind (timestamps ISO-8601 UTC, dates YYYY-MM-DD, amounts in fen):
 * - activity_due          { subject, activityType (call|visit|meeting|email|task|note), dueAt,
 *                           overdue (1 = already overdue, 0 = due soon), accountName? }
 * - deal_stalled          { dealName, stageName, days (days without activity), accountName? }
 * - deal_no_next_step     { dealName, accountName? }
 * - task_overdue          { subject, dueAt, days? (days overdue), ownerName? (when sent to a manager) }
 * - customer_forgotten    { accountName, days (days since last contact) }
 * - supervision_digest    { teamName?, noNextStep, stalled, overdueTasks, forgotten (counts) }
 * - visit_far_checkin     { repName, accountName, distanceM (metres from the account) }
 * - visit_missed          { repName, accountName, plannedDate }
 * - report_missing        { reportType (daily|weekly), period (YYYY-MM-DD; a week: its Monday),
 *                           repName? (set when the recipient is the manager, not the author) }
 * - report_submitted      { repName, reportType, period }
 * - report_comment        { authorName (who commented), reportType, period, excerpt? }
 * - meeting_scheduled     { title, startsAt, organizerName }
 * - action_item_assigned  { title, dueDate?, meetingTitle?, assignerName? }
 * - approval_pending      { businessType (quote|contract|payment|…), title, submitterName, amount? (fen) }
 * - approval_decided      { businessType, title, decision (approved|rejected), approverName?, comment? }
 */
export const NOTIFICATION_KINDS = [
  'activity_due',
  'deal_stalled',
  'deal_no_next_step',
  'task_overdue',
  'customer_forgotten',
  'supervision_digest',
  'visit_far_checkin',
  'visit_missed',
  'report_missing',
  'report_submitted',
  'report_comment',
  'meeting_scheduled',
  'action_item_assigned',
  'approval_pending',
  'approval_decided',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The params each kind's text reads (see the comment above); documentation and tests use it. */
export const NOTIFICATION_PARAMS: Record<NotificationKind, readonly string[]> = {
  activity_due: ['subject', 'activityType', 'dueAt', 'overdue', 'accountName'],
  deal_stalled: ['dealName', 'stageName', 'days', 'accountName'],
  deal_no_next_step: ['dealName', 'accountName'],
  task_overdue: ['subject', 'dueAt', 'days', 'ownerName'],
  customer_forgotten: ['accountName', 'days'],
  supervision_digest: ['teamName', 'noNextStep', 'stalled', 'overdueTasks', 'forgotten'],
  visit_far_checkin: ['repName', 'accountName', 'distanceM'],
  visit_missed: ['repName', 'accountName', 'plannedDate'],
  report_missing: ['reportType', 'period', 'repName'],
  report_submitted: ['repName', 'reportType', 'period'],
  report_comment: ['authorName', 'reportType', 'period', 'excerpt'],
  meeting_scheduled: ['title', 'startsAt', 'organizerName'],
  action_item_assigned: ['title', 'dueDate', 'meetingTitle', 'assignerName'],
  approval_pending: ['businessType', 'title', 'submitterName', 'amount'],
  approval_decided: ['businessType', 'title', 'decision', 'approverName', 'comment'],
};

/** Channels on by default per kind; a user can switch either off (or on) per kind. */
export const NOTIFICATION_DEFAULTS: Record<NotificationKind, { inApp: boolean; email: boolean }> = {
  activity_due: { inApp: true, email: false },
  deal_stalled: { inApp: true, email: false },
  deal_no_next_step: { inApp: true, email: false },
  task_overdue: { inApp: true, email: false },
  customer_forgotten: { inApp: true, email: false },
  supervision_digest: { inApp: true, email: true },
  visit_far_checkin: { inApp: true, email: false },
  visit_missed: { inApp: true, email: true },
  report_missing: { inApp: true, email: true },
  report_submitted: { inApp: true, email: false },
  report_comment: { inApp: true, email: false },
  meeting_scheduled: { inApp: true, email: false },
  action_item_assigned: { inApp: true, email: true },
  approval_pending: { inApp: true, email: true },
  approval_decided: { inApp: true, email: false },
};

export const NotificationParams = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Null()]),
);
export type NotificationParams = Static<typeof NotificationParams>;

export const NOTIFICATION_EMAIL_STATES = ['none', 'queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type NotificationEmailState = (typeof NOTIFICATION_EMAIL_STATES)[number];

export const Notification = Type.Object({
  id: Id,
  kind: Type.Enum(NOTIFICATION_KINDS),
  params: NotificationParams,
  link: Nullable(Type.String()),
  refType: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
  emailState: Type.Enum(NOTIFICATION_EMAIL_STATES),
  emailedAt: Nullable(Timestamp),
});
export type Notification = Static<typeof Notification>;

export const NotificationPage = Page(Notification);
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    kind: Type.Optional(Type.Enum(NOTIFICATION_KINDS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationUnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) });
export type NotificationUnreadCount = Static<typeof NotificationUnreadCount>;

export const NotificationsRead = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);
export type NotificationsRead = Static<typeof NotificationsRead>;

export const NotificationsReadResult = Type.Object({ updated: Type.Integer({ minimum: 0 }) });
export type NotificationsReadResult = Static<typeof NotificationsReadResult>;

export const NotificationPreference = Type.Object(
  { kind: Type.Enum(NOTIFICATION_KINDS), inApp: Type.Boolean(), email: Type.Boolean() },
  { additionalProperties: false },
);
export type NotificationPreference = Static<typeof NotificationPreference>;

/** GET answers every kind (defaults filled in); PUT takes the kinds to change. */
export const NotificationPreferences = Type.Object({ items: Type.Array(NotificationPreference) });
export type NotificationPreferences = Static<typeof NotificationPreferences>;

export const NotificationPreferencesUpdate = Type.Object(
  { items: Type.Array(NotificationPreference, { minItems: 1, maxItems: NOTIFICATION_KINDS.length }) },
  { additionalProperties: false },
);
export type NotificationPreferencesUpdate = Static<typeof NotificationPreferencesUpdate>;

/**
 * Fills a notification text template: `{name}` is replaced by the value (a missing or empty one
 * by "—"), and a `[…]` group is kept (without its brackets) only when every `{name}` inside it
 * has a value, so "…[，客户：{accountName}]。" reads well with or without a customer. The server's
 * e-mail text and the web app's i18n templates both go through it.
 */
export function fillTemplate(template: string, values: Record<string, string | null | undefined>): string {
  const has = (k: string) => {
    const v = values[k];
    return v !== undefined && v !== null && v !== '';
  };
  const groups = template.replace(/\[([^[\]]*)\]/g, (_, inner: string) => {
    const names = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return names.every(has) ? inner : '';
  });
  return groups.replace(/\{(\w+)\}/g, (_, k: string) => (has(k) ? String(values[k]) : '—'));
}
