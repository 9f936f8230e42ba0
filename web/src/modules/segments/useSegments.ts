import { useEffect, useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Segment,
  SegmentCondition,
  SegmentCount,
  SegmentMemberPage,
  SegmentObject,
} from '@tuoke/shared';
import { api, type Page } from '../../app/api';
import { useRecord } from '../../app/resource';

export const useSegment = (id: string | undefined) => useRecord<Segment>('segments', id);

/** Saved segments, optionally of one object (for pickers and list filters). */
export function useSegmentOptions(object?: SegmentObject | SegmentObject[], enabled = true) {
  const objects = object === undefined ? undefined : Array.isArray(object) ? object : [object];
  return useQuery({
    queryKey: ['segments', 'options', objects],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<Segment>>('/segments', { limit: 200, sort: 'name' }, signal);
      return page.items.filter((s) => !objects || objects.includes(s.object));
    },
    enabled,
    staleTime: 30_000,
  });
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The live count of criteria, asked for 400 ms after the last change. */
export function useLiveCount(object: SegmentObject, conditions: SegmentCondition[]) {
  const criteria = useDebounced({ object, conditions }, 400);
  return useQuery({
    queryKey: ['segments', 'count', criteria],
    queryFn: () => api.post<SegmentCount>('/segments/count', criteria),
    retry: false,
    placeholderData: (prev) => prev,
  });
}

/** The first members of criteria not saved yet. */
export function usePreviewMembers(object: SegmentObject, conditions: SegmentCondition[], enabled: boolean) {
  const criteria = useDebounced({ object, conditions }, 400);
  return useQuery({
    queryKey: ['segments', 'preview', criteria],
    queryFn: () => api.post<SegmentMemberPage>('/segments/preview', { ...criteria, limit: 50 }),
    enabled,
    retry: false,
    placeholderData: (prev) => prev,
  });
}

/** A saved segment's members, page by page. */
export function useMembers(id: string | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['segments', 'members', id],
    queryFn: ({ pageParam, signal }) =>
      api.get<SegmentMemberPage>(`/segments/${id}/members`, { limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(id) && enabled,
  });
}

export function useSaveSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id ? api.patch<Segment>(`/segments/${id}`, body) : api.post<Segment>('/segments', body),
    onSuccess: (s) => {
      queryClient.setQueryData(['segments', 'one', s.id], s);
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/segments/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['segments'] }),
  });
}
