import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Proposal,
  ProposalCreate,
  ProposalStatus,
  ProposalSummary,
  ProposalUpdate,
} from '@tuoke/shared';
import { api } from '../../app/api';

export function useProposals(
  params: { accountId?: string; opportunityId?: string; needsId?: string },
  enabled = true,
) {
  return useQuery({
    queryKey: ['proposals', 'list', params],
    queryFn: ({ signal }) =>
      api.get<{ items: ProposalSummary[] }>('/proposals', { ...params, limit: 100 }, signal),
    enabled: enabled && Boolean(params.accountId || params.opportunityId || params.needsId),
  });
}

export function useProposal(id: string | null) {
  return useQuery({
    queryKey: ['proposals', 'one', id],
    queryFn: ({ signal }) => api.get<Proposal>(`/proposals/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useSaveProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ProposalCreate | ProposalUpdate }) =>
      id ? api.patch<Proposal>(`/proposals/${id}`, body) : api.post<Proposal>('/proposals', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['proposals'] }),
  });
}

export function useProposalStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, version }: { id: string; status: ProposalStatus; version: number }) =>
      api.post<Proposal>(`/proposals/${id}/status`, { status, version }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['proposals'] }),
  });
}

export function useDeleteProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/proposals/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['proposals'] }),
  });
}
