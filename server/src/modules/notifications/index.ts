export {
  NotificationsService,
  EMAIL_JOB as NOTIFICATIONS_EMAIL_JOB,
  DUE_REMINDERS_JOB,
  PURGE_JOB as NOTIFICATIONS_PURGE_JOB,
  type NotifyInput,
  type MailerSource,
  type EmailRunResult,
} from './notifications.service.js';
export { notificationsRoutes } from './notifications.routes.js';
export { notificationText, notificationEmail, mailLocale, type MailLocale } from './notifications.text.js';
