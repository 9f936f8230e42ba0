import { useQuery } from '@tanstack/react-query';
import type { Reminder, View } from '@tuoke/shared';
import dayjs from 'dayjs';
import { api } from '../../app/api';

/**
 * Contract expiry and payment-due reminders from today on. Same query key as the cash view's
 * list, so the two share the cache and every contract write refreshes both.
 */
export function useContractReminders(view: View, enabled = true) {
  return useQuery({
    queryKey: ['contracts', 'reminders', view],
    queryFn: ({ signal }) => api.get<Reminder[]>('/contract-reminders', { view }, signal),
    enabled,
  });
}

/** Whole days from today to a YYYY-MM-DD date: 0 today, negative once it has passed. */
export function daysUntil(date: string, today = dayjs()): number {
  return dayjs(date).startOf('day').diff(today.startOf('day'), 'day');
}
