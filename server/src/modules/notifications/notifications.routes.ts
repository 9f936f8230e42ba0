import {
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  NotificationsRead,
  NotificationsReadResult,
  NotificationUnreadCount,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { NotificationsService } from './notifications.service.js';

/** 通知中心: everyone reads and manages only their own notifications and settings. */
export function notificationsRoutes(app: App, service: NotificationsService) {
  const tags = ['notifications'];

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first (?unread=true for unread only; keyset cursor)',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errorResponses },
      },
    },
    (req) => service.list(actorOf(req), req.query as NotificationListQuery),
  );
  app.get(
    '/api/v1/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread (the bell badge)',
        response: { 200: NotificationUnreadCount, ...errorResponses },
      },
    },
    (req) => service.unreadCount(actorOf(req)),
  );
  app.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark some of my notifications read (ids of others are ignored)',
        body: NotificationsRead,
        response: { 200: NotificationsReadResult, ...errorResponses },
      },
    },
    (req) => service.markRead(actorOf(req), (req.body as NotificationsRead).ids),
  );
  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: NotificationsReadResult, ...errorResponses },
      },
    },
    (req) => service.markAllRead(actorOf(req)),
  );
  app.get(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'My notification settings: in-app and e-mail per kind (defaults filled in)',
        response: { 200: NotificationPreferences, ...errorResponses },
      },
    },
    (req) => service.preferences(actorOf(req)),
  );
  app.put(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Change my notification settings for the kinds listed',
        body: NotificationPreferencesUpdate,
        response: { 200: NotificationPreferences, ...errorResponses },
      },
    },
    (req) => service.savePreferences(actorOf(req), req.body as NotificationPreferencesUpdate),
  );
}
