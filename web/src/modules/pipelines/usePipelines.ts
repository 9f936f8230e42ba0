import { useQueries, useQuery } from '@tanstack/react-query';
import type { Board, Pipeline, View } from '@tuoke/shared';
import { api, type Page } from '../../app/api';
import { useSaveRecord, useDeleteRecord } from '../../app/resource';

/** All pipelines, default first; there are few, so one page holds them. */
export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines', 'list', 'all'],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<Pipeline>>('/pipelines', { limit: 200, sort: 'name' }, signal);
      const items = page.items.map((p) => ({
        ...p,
        stages: [...p.stages].sort((a, b) => a.position - b.position),
      }));
      return items.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    },
    staleTime: 60_000,
  });
}

export function useBoard(
  pipelineId: string | undefined,
  params: { view?: View; ownerId?: string; q?: string },
) {
  return useQuery({
    queryKey: ['opportunities', 'board', pipelineId, params],
    queryFn: ({ signal }) => api.get<Board>(`/pipelines/${pipelineId}/board`, params, signal),
    enabled: Boolean(pipelineId),
  });
}

/** Board totals of several pipelines at once (e.g. the home page's totals over every pipeline). */
export function useBoards(pipelineIds: string[], params: { view?: View }) {
  return useQueries({
    queries: pipelineIds.map((pipelineId) => ({
      queryKey: ['opportunities', 'board', pipelineId, params],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<Board>(`/pipelines/${pipelineId}/board`, params, signal),
    })),
  });
}

export const useSavePipeline = () => useSaveRecord<Pipeline>('pipelines', ['opportunities']);
export const useDeletePipeline = () => useDeleteRecord('pipelines');
