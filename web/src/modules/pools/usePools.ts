import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Pool,
  PoolAssign,
  PoolCreate,
  PoolKind,
  PoolMoveEntry,
  PoolOpResult,
  PoolRecord,
  PoolReturn,
  PoolUpdate,
  PoolWarning,
  ReclaimForecast,
} from '@tuoke/shared';
import { api, type Page, type QueryParams } from '../../app/api';
import { PAGE_SIZE } from '../../app/resource';

/** /accounts or /leads: the record endpoints of a pool kind. */
export const entityPath = (kind: PoolKind) => (kind === 'account' ? 'accounts' : 'leads');

export function usePools(enabled = true) {
  return useQuery({
    queryKey: ['pools', 'list'],
    queryFn: ({ signal }) => api.get<{ items: Pool[] }>('/pools', undefined, signal),
    enabled,
  });
}

export function usePoolRecords(poolId: string | undefined, params: QueryParams) {
  const query = useInfiniteQuery({
    queryKey: ['pools', 'records', poolId, params],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<PoolRecord>>(
        `/pools/${poolId}/records`,
        { limit: PAGE_SIZE, ...params, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(poolId),
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useForecast(params: { days: number; poolId?: string }, enabled = true) {
  return useQuery({
    queryKey: ['pools', 'forecast', params],
    queryFn: ({ signal }) =>
      api.get<{ today: string; items: ReclaimForecast[] }>('/pools/forecast', params, signal),
    enabled,
  });
}

export function usePoolWarnings(enabled = true) {
  return useQuery({
    queryKey: ['pools', 'warnings'],
    queryFn: ({ signal }) => api.get<{ items: PoolWarning[] }>('/pools/warnings', undefined, signal),
    enabled,
  });
}

export function usePoolMoves(kind: PoolKind, id: string | undefined) {
  return useQuery({
    queryKey: ['pools', 'moves', kind, id],
    queryFn: ({ signal }) =>
      api.get<{ items: PoolMoveEntry[] }>(`/${entityPath(kind)}/${id}/pool-moves`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** After a move: the pools, the record and the lists that show it are out of date. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (kind: PoolKind) => {
    for (const key of ['pools', entityPath(kind), 'contacts', 'timeline'])
      void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

type Op =
  | { op: 'claim'; kind: PoolKind; id: string; version?: number }
  | { op: 'assign'; kind: PoolKind; id: string; body: PoolAssign }
  | { op: 'return'; kind: PoolKind; id: string; body: PoolReturn }
  | { op: 'move-pool'; kind: PoolKind; id: string; poolId: string };

export function usePoolOp() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (o: Op) => {
      const base = `/${entityPath(o.kind)}/${o.id}`;
      switch (o.op) {
        case 'claim':
          return api.post<PoolOpResult>(`${base}/claim`, o.version ? { version: o.version } : {});
        case 'assign':
          return api.post<PoolOpResult>(`${base}/assign`, o.body);
        case 'return':
          return api.post<PoolOpResult>(`${base}/return`, o.body);
        case 'move-pool':
          return api.post<PoolOpResult>(`${base}/move-pool`, { poolId: o.poolId });
      }
    },
    onSuccess: (r) => refresh(r.entityType),
  });
}

export function useSavePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PoolCreate | PoolUpdate }) =>
      id ? api.patch<Pool>(`/pools/${id}`, body) : api.post<Pool>('/pools', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['pools'] }),
  });
}

export function useDeletePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/pools/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['pools'] }),
  });
}
