import type { TFunction } from 'i18next';
import { fillTemplate, type NotificationKind, type NotificationParams } from '@tuoke/shared';
import type { Formatters } from '../../app/format';

/** Params that hold a closed-list value, and where its words are in the i18n files. */
const WORDS: Record<string, string> = {
  activityType: 'enums.activityType',
  businessType: 'notifications.words.businessType',
  reportType: 'notifications.words.reportType',
  decision: 'notifications.words.decision',
};
const TIMESTAMPS = new Set(['dueAt', 'startsAt']);
const DATES = new Set(['dueDate', 'plannedDate']);

/** The params of a notification as words in the reader's language (dates, money, enum values). */
export function notificationValues(
  kind: NotificationKind,
  params: NotificationParams,
  t: TFunction,
  fmt: Formatters,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') out[k] = null;
    else if (WORDS[k] && typeof v === 'string') out[k] = t(`${WORDS[k]}.${v}`, { defaultValue: v });
    else if (TIMESTAMPS.has(k) && typeof v === 'string') out[k] = fmt.dateTime(v);
    else if (DATES.has(k) && typeof v === 'string') out[k] = fmt.date(v);
    else if (k === 'amount' && typeof v === 'number') out[k] = fmt.money(v);
    else out[k] = String(v);
  }
  if (kind === 'activity_due')
    out.state = t(`notifications.words.state.${Number(params.overdue) === 1 ? 'overdue' : 'soon'}`);
  if (typeof params.distanceM === 'number') {
    const m = Math.round(params.distanceM);
    out.distance =
      m >= 1000
        ? t('notifications.words.kilometers', { n: (m / 1000).toFixed(1) })
        : t('notifications.words.meters', { n: m });
  }
  if (typeof params.period === 'string') {
    const date = fmt.date(params.period);
    out.period = params.reportType === 'weekly' ? t('notifications.words.weekOf', { date }) : date;
  }
  return out;
}

/** Title and body of a notification from its kind's templates (notifications.kinds.<kind>). */
export function notificationText(
  n: { kind: NotificationKind; params: NotificationParams },
  t: TFunction,
  fmt: Formatters,
): { title: string; body: string } {
  const values = notificationValues(n.kind, n.params, t, fmt);
  return {
    title: fillTemplate(t(`notifications.kinds.${n.kind}.title`), values),
    body: fillTemplate(t(`notifications.kinds.${n.kind}.body`), values),
  };
}
