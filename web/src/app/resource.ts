import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page, type QueryParams } from './api';

/** REST resource names under /api/v1. */
export type ResourceName =
  | 'accounts'
  | 'contacts'
  | 'leads'
  | 'products'
  | 'pipelines'
  | 'opportunities'
  | 'activities'
  | 'users'
  | 'teams'
  | 'contracts'
  | 'campaigns'
  | 'segments';

export const PAGE_SIZE = 50;

/** A keyset-paginated list: pages are appended as the reader asks for more. */
export function useInfiniteList<T>(resource: ResourceName, params: QueryParams, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [resource, 'list', params],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(`/${resource}`, { limit: PAGE_SIZE, ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

/** One page of a list, for small pickers and related tabs. */
export function useList<T>(resource: ResourceName, params: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [resource, 'list', 'page', params],
    queryFn: ({ signal }) => api.get<Page<T>>(`/${resource}`, params, signal),
    enabled,
  });
}

export function useRecord<T>(resource: ResourceName, id: string | undefined) {
  return useQuery({
    queryKey: [resource, 'one', id],
    queryFn: ({ signal }) => api.get<T>(`/${resource}/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export interface SaveInput {
  id?: string;
  body: Record<string, unknown>;
}

/** Creates (no id) or updates (with id and version in body) a record, then refreshes what shows it. */
export function useSaveRecord<T extends { id: string }>(
  resource: ResourceName,
  alsoInvalidate: string[] = [],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: SaveInput) =>
      id ? api.patch<T>(`/${resource}/${id}`, body) : api.post<T>(`/${resource}`, body),
    onSuccess: (record) => {
      queryClient.setQueryData([resource, 'one', record.id], record);
      void queryClient.invalidateQueries({ queryKey: [resource] });
      for (const key of alsoInvalidate) void queryClient.invalidateQueries({ queryKey: [key] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}

export function useDeleteRecord(resource: ResourceName) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/${resource}/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [resource] }),
  });
}

/** Sets every key of `values` that is undefined to null, so a cleared field is cleared on the server. */
export function nullifyEmpty<T extends Record<string, unknown>>(values: T, keys: (keyof T)[]): T {
  const out: Record<string, unknown> = { ...values };
  for (const key of keys) {
    const v = out[key as string];
    if (v === undefined || v === '') out[key as string] = null;
  }
  return out as T;
}
