import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Quote, QuoteShare } from '@tuoke/shared';
import { api } from '../../app/api';

type QuoteSummary = Omit<Quote, 'items'>;

export function useOpportunityQuotes(opportunityId: string, enabled = true) {
  return useQuery({
    queryKey: ['quotes', 'list', opportunityId],
    queryFn: ({ signal }) =>
      api.get<{ items: QuoteSummary[] }>('/quotes', { opportunityId, limit: 100 }, signal),
    enabled: enabled && Boolean(opportunityId),
  });
}

export function useQuote(id: string | null) {
  return useQuery({
    queryKey: ['quotes', 'one', id],
    queryFn: ({ signal }) => api.get<Quote>(`/quotes/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Every quote action answers with the quote; all of them refresh quotes and the approvals inbox. */
export function useQuoteAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      body,
      method = 'post',
    }: {
      path: string;
      body?: unknown;
      method?: 'post' | 'patch';
    }) => (method === 'patch' ? api.patch<Quote>(path, body) : api.post<Quote>(path, body)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['quotes'] });
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
}

export function useShareQuote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<QuoteShare>(`/quotes/${id}/share`, { days: 14 }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['quotes'] }),
  });
}
