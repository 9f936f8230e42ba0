import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CascadePreview,
  CascadeRequest,
  CascadeResult,
  Target,
  TargetCheck,
  TargetCreate,
  TargetDetail,
  TargetList,
  TargetPeriodType,
  TargetSaved,
  TargetUpdate,
} from '@tuoke/shared';
import { api } from '../../app/api';

export function useTargetList(periodType: TargetPeriodType, on: string) {
  return useQuery({
    queryKey: ['targets', 'list', periodType, on],
    queryFn: ({ signal }) => api.get<TargetList>('/targets', { periodType, on }, signal),
  });
}

export function useTargetDetail(id: string | undefined) {
  return useQuery({
    queryKey: ['targets', 'detail', id],
    queryFn: ({ signal }) => api.get<TargetDetail>(`/targets/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** The SMART check of a draft (null while the draft is incomplete). */
export function useTargetCheck(draft: TargetCreate | null) {
  return useQuery({
    queryKey: ['targets', 'check', draft],
    queryFn: () => api.post<TargetCheck>('/targets/check', draft),
    enabled: !!draft,
    retry: false,
    staleTime: 30_000,
  });
}

export function useSaveTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      id?: string;
      create?: TargetCreate;
      update?: TargetUpdate;
    }): Promise<{ target: Target; check: TargetSaved['check'] | null }> =>
      v.id
        ? { target: await api.patch<Target>(`/targets/${v.id}`, v.update), check: null }
        : api.post<TargetSaved>('/targets', v.create),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['targets'] }),
  });
}

export function useDeleteTarget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/targets/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['targets'] }),
  });
}

export function useCascadePreview(id: string, req: CascadeRequest | null) {
  return useQuery({
    queryKey: ['targets', 'cascade', id, req],
    queryFn: () => api.post<CascadePreview>(`/targets/${id}/cascade/preview`, req),
    enabled: !!req,
    retry: false,
  });
}

export function useCascade(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: CascadeRequest) => api.post<CascadeResult>(`/targets/${id}/cascade`, req),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['targets'] }),
  });
}

/** Small lists the form picks from (plans, markets, territories): one page is the whole list. */
export function useOptions(path: string, enabled = true) {
  return useQuery({
    queryKey: ['targets', 'options', path],
    queryFn: ({ signal }) => api.get<{ items: Array<{ id: string; name: string }> }>(path, undefined, signal),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}
