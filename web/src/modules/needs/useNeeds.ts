import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NeedsChecklistResult,
  NeedsCreate,
  NeedsHistory,
  NeedsRecord,
  NeedsUpdate,
} from '@tuoke/shared';
import { api } from '../../app/api';

export function useNeedsList(params: { accountId?: string; opportunityId?: string }, enabled = true) {
  return useQuery({
    queryKey: ['needs', 'list', params],
    queryFn: ({ signal }) => api.get<{ items: NeedsRecord[] }>('/needs', { ...params, limit: 100 }, signal),
    enabled: enabled && Boolean(params.accountId || params.opportunityId),
  });
}

export function useNeedsHistory(id: string | null) {
  return useQuery({
    queryKey: ['needs', 'history', id],
    queryFn: ({ signal }) => api.get<NeedsHistory>(`/needs/${id}/history`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Creates (no id) or updates (id, with version in the body) a needs record. */
export function useSaveNeeds() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: NeedsCreate | NeedsUpdate }) =>
      id ? api.patch<NeedsRecord>(`/needs/${id}`, body) : api.post<NeedsRecord>('/needs', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['needs'] }),
  });
}

export function useDeleteNeeds() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/needs/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['needs'] }),
  });
}

/** Ticks the linked deal's checklist items the record covers; refreshes the deal's checklist. */
export function useApplyChecklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<NeedsChecklistResult>(`/needs/${id}/checklist`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['opportunities'] }),
  });
}
