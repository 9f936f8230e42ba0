import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NotificationPage,
  NotificationPreference,
  NotificationPreferences,
  NotificationsReadResult,
  NotificationUnreadCount,
} from '@tuoke/shared';
import { api } from '../../app/api';

const PAGE = 30;

/** My notifications, newest first, page by page (keyset cursor). */
export function useNotifications(unread: boolean) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', unread],
    queryFn: ({ pageParam, signal }) =>
      api.get<NotificationPage>(
        '/notifications',
        { limit: PAGE, unread: unread || undefined, cursor: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 60_000,
  });
}

/** The bell's number. Polled every minute, so new notifications show without a reload. */
export function useUnreadNotifications(enabled = true) {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: ({ signal }) =>
      api.get<NotificationUnreadCount>('/notifications/unread-count', undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
}

/** Marks these of mine read, or all of mine when no ids are given; list and bell follow. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) =>
      ids
        ? api.post<NotificationsReadResult>('/notifications/read', { ids })
        : api.post<NotificationsReadResult>('/notifications/read-all'),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: ({ signal }) =>
      api.get<NotificationPreferences>('/notifications/preferences', undefined, signal),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: NotificationPreference[]) =>
      api.put<NotificationPreferences>('/notifications/preferences', { items }),
    onSuccess: (data) => {
      queryClient.setQueryData(['notifications', 'preferences'], data);
    },
  });
}
