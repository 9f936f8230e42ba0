import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalRequest, ApprovalRequestDetail, ApprovalRule } from '@tuoke/shared';
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
