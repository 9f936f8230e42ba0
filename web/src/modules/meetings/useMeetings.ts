import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActionItem,
  ActionItemCreate,
  ActionItemUpdate,
  Meeting,
  MeetingAgenda,
  MeetingCancel,
  MeetingCreate,
  MeetingKind,
  MeetingSummary,
  MeetingTeams,
  MeetingUpdate,
} from '@tuoke/shared';
import { api, type Page } from '../../app/api';

export interface MeetingFilter {
  when: 'upcoming' | 'past';
  teamId?: string;
  kind?: MeetingKind;
}

/** Planned meetings soonest first, or past ones latest first; more pages on demand. */
export function useMeetingList(filter: MeetingFilter) {
  const query = useInfiniteQuery({
    queryKey: ['meetings', 'list', filter],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<MeetingSummary>>('/meetings', { limit: 30, ...filter, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'one', id],
    queryFn: ({ signal }) => api.get<Meeting>(`/meetings/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useAgenda(id: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'agenda', id],
    queryFn: ({ signal }) => api.get<MeetingAgenda>(`/meetings/${id}/agenda`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** The teams the user may hold meetings for (managers, directors, admins). */
export function useMeetingTeams(enabled: boolean) {
  return useQuery({
    queryKey: ['meetings', 'teams'],
    queryFn: ({ signal }) => api.get<MeetingTeams>('/meetings/teams', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return (meeting?: Meeting) => {
    if (meeting) queryClient.setQueryData(['meetings', 'one', meeting.id], meeting);
    void queryClient.invalidateQueries({ queryKey: ['meetings'] });
    // action items are tasks: the activities list and timelines show them
    void queryClient.invalidateQueries({ queryKey: ['activities'] });
    void queryClient.invalidateQueries({ queryKey: ['timeline'] });
  };
}

export function useSaveMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: MeetingCreate | MeetingUpdate }) =>
      id ? api.patch<Meeting>(`/meetings/${id}`, body) : api.post<Meeting>('/meetings', body),
    onSuccess: (m) => refresh(m),
  });
}

export function useHoldMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (m: Meeting) => api.post<Meeting>(`/meetings/${m.id}/hold`, { version: m.version }),
    onSuccess: (m) => refresh(m),
  });
}

export function useCancelMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MeetingCancel }) =>
      api.post<Meeting>(`/meetings/${id}/cancel`, body),
    onSuccess: (m) => refresh(m),
  });
}

export function useAddItem(meetingId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ActionItemCreate) => api.post<ActionItem>(`/meetings/${meetingId}/items`, body),
    onSuccess: () => refresh(),
  });
}

export function useUpdateItem(meetingId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ActionItemUpdate }) =>
      api.patch<ActionItem>(`/meetings/${meetingId}/items/${id}`, body),
    onSuccess: () => refresh(),
  });
}

export function useRemoveItem(meetingId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/meetings/${meetingId}/items/${id}`),
    onSuccess: () => refresh(),
  });
}
