import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BudgetReport,
  BudgetSpend,
  PlanChannelsReport,
  PlanDiff,
  PlanVersion,
  SalesPlan,
  Territory,
  TerritoryPotentials,
} from '@tuoke/shared';
import { api } from '../../app/api';

export const usePlans = (enabled = true) =>
  useQuery({
    queryKey: ['plans', 'list'],
    queryFn: ({ signal }) => api.get<{ items: SalesPlan[] }>('/plans', undefined, signal),
    enabled,
  });

export const usePlanChannels = (planId: string | undefined) =>
  useQuery({
    queryKey: ['plans', 'channels', planId],
    queryFn: ({ signal }) => api.get<PlanChannelsReport>(`/plans/${planId}/channels`, undefined, signal),
    enabled: Boolean(planId),
  });

export const useBudget = (
  planId: string | undefined,
  filter: { territoryId?: string; channel?: string; category?: string },
) =>
  useQuery({
    queryKey: ['plans', 'budget', planId, filter],
    queryFn: ({ signal }) => api.get<BudgetReport>(`/plans/${planId}/budget`, filter, signal),
    enabled: Boolean(planId),
  });

export const useSpend = (lineId: string | undefined) =>
  useQuery({
    queryKey: ['plans', 'spend', lineId],
    queryFn: ({ signal }) =>
      api.get<{ items: BudgetSpend[] }>(`/budget-lines/${lineId}/spend`, undefined, signal),
    enabled: Boolean(lineId),
  });

export const useVersions = (planId: string | undefined) =>
  useQuery({
    queryKey: ['plans', 'versions', planId],
    queryFn: ({ signal }) =>
      api.get<{ items: PlanVersion[] }>(`/plans/${planId}/versions`, undefined, signal),
    enabled: Boolean(planId),
  });

export const useCompare = (planId: string | undefined, a: string | undefined, b: string | undefined) =>
  useQuery({
    queryKey: ['plans', 'compare', planId, a, b],
    queryFn: ({ signal }) => api.get<PlanDiff>(`/plans/${planId}/versions/compare`, { a, b }, signal),
    enabled: Boolean(planId && a && b && a !== b),
    retry: false,
  });

export const useTerritories = (enabled = true) =>
  useQuery({
    queryKey: ['territories', 'list'],
    queryFn: ({ signal }) => api.get<{ items: Territory[] }>('/territories', undefined, signal),
    enabled,
  });

export const usePotentials = (year: number) =>
  useQuery({
    queryKey: ['territories', 'potentials', year],
    queryFn: ({ signal }) => api.get<TerritoryPotentials>('/territories/potentials', { year }, signal),
  });

export interface PlanWrite {
  method: 'post' | 'patch' | 'put' | 'delete';
  path: string;
  body?: unknown;
}

/** Any write of this module; refreshes plans, territories and what shows an account's territory. */
export function usePlanWrite() {
  const queryClient = useQueryClient();
  return useMutation<unknown, Error, PlanWrite>({
    mutationFn: (w) =>
      w.method === 'delete'
        ? api.delete(w.path)
        : w.method === 'put'
          ? api.put<unknown>(w.path, w.body)
          : w.method === 'patch'
            ? api.patch<unknown>(w.path, w.body)
            : api.post<unknown>(w.path, w.body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      void queryClient.invalidateQueries({ queryKey: ['territories'] });
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}
