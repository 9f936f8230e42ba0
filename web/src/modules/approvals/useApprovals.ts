import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovalReminderList,
  ApprovalRemindersReadResult,
  ApprovalRequest,
  ApprovalRequestDetail,
  ApprovalRule,
  Contract,
  PaymentDetail,
} from '@tuoke/shared';
import { api } from '../../app/api';

export type Box = 'pending' | 'submitted' | 'cc';

export function useInbox(box: Box) {
  return useQuery({
    queryKey: ['approvals', 'inbox', box],
    queryFn: ({ signal }) => api.get<{ items: ApprovalRequest[] }>('/approvals', { box }, signal),
  });
}

/** The navigation badge: approvals waiting for me. Polled, so it moves without a reload. */
export function useApprovalCounts(enabled = true) {
  return useQuery({
    queryKey: ['approvals', 'counts'],
    queryFn: ({ signal }) =>
      api.get<{ pending: number; reminders: number }>('/approvals/counts', undefined, signal),
    refetchInterval: 60_000,
    enabled,
  });
}

/** My reminders of approval steps that waited past their time limit (unread first). */
export function useApprovalReminders(enabled = true) {
  return useQuery({
    queryKey: ['approvals', 'reminders'],
    queryFn: ({ signal }) => api.get<ApprovalReminderList>('/approvals/reminders', undefined, signal),
    enabled,
  });
}

/** Marks my reminders read (these ids, or all of mine); the bell and the list follow. */
export function useMarkRemindersRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) =>
      api.post<ApprovalRemindersReadResult>('/approvals/reminders/read', ids ? { ids } : {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['approvals', 'reminders'] });
      void queryClient.invalidateQueries({ queryKey: ['approvals', 'counts'] });
    },
  });
}

/** A payment under approval, with its contract (approvers may read it from any branch). */
export function usePaymentDetail(id: string | null) {
  return useQuery({
    queryKey: ['approvals', 'payment', id],
    queryFn: ({ signal }) => api.get<PaymentDetail>(`/payments/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** A contract under approval (its approvers may read it from any branch). */
export function useContractUnderApproval(id: string | null) {
  return useQuery({
    queryKey: ['approvals', 'contract', id],
    queryFn: ({ signal }) => api.get<Contract>(`/contracts/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useApproval(id: string | null) {
  return useQuery({
    queryKey: ['approvals', 'one', id],
    queryFn: ({ signal }) => api.get<ApprovalRequestDetail>(`/approvals/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useApprovalAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
    }: {
      id: string;
      action: 'approve' | 'reject' | 'withdraw' | 'resubmit';
      body?: object;
    }) => api.post<ApprovalRequestDetail>(`/approvals/${id}/${action}`, body ?? {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
      void queryClient.invalidateQueries({ queryKey: ['quotes'] });
    },
  });
}

export function useApprovalRules() {
  return useQuery({
    queryKey: ['approvals', 'rules'],
    queryFn: ({ signal }) => api.get<{ items: ApprovalRule[] }>('/approvals/rules', undefined, signal),
  });
}

export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: object }) =>
      id
        ? api.patch<ApprovalRule>(`/approvals/rules/${id}`, body)
        : api.post<ApprovalRule>('/approvals/rules', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['approvals', 'rules'] }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/approvals/rules/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['approvals', 'rules'] }),
  });
}

export function useDurations() {
  return useQuery({
    queryKey: ['approvals', 'durations'],
    queryFn: ({ signal }) =>
      api.get<{
        items: {
          ruleId: string | null;
          ruleName: string;
          step: number | null;
          count: number;
          avgHours: number;
          medianHours: number;
          p90Hours: number;
        }[];
      }>('/approvals/report/durations', undefined, signal),
  });
}
