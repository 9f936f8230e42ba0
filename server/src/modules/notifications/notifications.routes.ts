import {
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  NotificationsRead,
  NotificationsReadResult,
  NotificationUnreadCount,
} from '@tuoke/shared';
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import type { NotificationsService } from './notifications.service.js';

/** 通知中心: everyone reads and manages only their own notifications and settings. */
export function notificationsRoutes(app: App, service: NotificationsService) {
  const tags = ['notifications'];

  route(
    app,
    'GET',
    '/api/v1/notifications',
    {
      tags,
      summary: 'My notifications, newest first (?unread=true for unread only; keyset cursor)',
      querystring: NotificationListQuery,
      response: { 200: NotificationPage },
    },
    ({ actor, query }) => service.list(actor, query),
  );
  route(
    app,
    'GET',
    '/api/v1/notifications/unread-count',
    {
      tags,
      summary: 'How many of my notifications are unread (the bell badge)',
      response: { 200: NotificationUnreadCount },
    },
    ({ actor }) => service.unreadCount(actor),
  );
  route(
    app,
    'POST',
    '/api/v1/notifications/read',
    {
      tags,
      summary: 'Mark some of my notifications read (ids of others are ignored)',
      body: NotificationsRead,
      response: { 200: NotificationsReadResult },
    },
    ({ actor, body }) => service.markRead(actor, body.ids),
  );
  route(
    app,
    'POST',
    '/api/v1/notifications/read-all',
    {
      tags,
      summary: 'Mark all my notifications read',
      response: { 200: NotificationsReadResult },
    },
    ({ actor }) => service.markAllRead(actor),
  );
  route(
    app,
    'GET',
    '/api/v1/notifications/preferences',
    {
      tags,
      summary: 'My notification settings: in-app and e-mail per kind (defaults filled in)',
      response: { 200: NotificationPreferences },
    },
    ({ actor }) => service.preferences(actor),
  );
  route(
    app,
    'PUT',
    '/api/v1/notifications/preferences',
    {
      tags,
      summary: 'Change my notification settings for the kinds listed',
      body: NotificationPreferencesUpdate,
      response: { 200: NotificationPreferences },
    },
    ({ actor, body }) => service.savePreferences(actor, body),
  );
}
