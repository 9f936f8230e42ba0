import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Activity, RelatedType, TimelineEntry } from '@tuoke/shared';
import { api } from '../../app/api';
import { RELATED_RESOURCES } from './activityMeta';

export function useTimeline(relatedType: RelatedType, relatedId: string | undefined) {
  return useQuery({
    queryKey: ['timeline', relatedType, relatedId],
    queryFn: ({ signal }) =>
      api.get<{ items: TimelineEntry[] }>(
        `/${RELATED_RESOURCES[relatedType]}/${relatedId}/timeline`,
        undefined,
        signal,
      ),
    enabled: Boolean(relatedId),
  });
}

/** Ticks an activity done (or open again); lists, timelines and the home page refresh. */
export function useToggleDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (activity: Activity) =>
      api.patch<Activity>(`/activities/${activity.id}`, {
        doneAt: activity.doneAt ? null : new Date().toISOString(),
        version: activity.version,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['activities'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}

export function isOverdue(activity: Pick<Activity, 'dueAt' | 'doneAt'>): boolean {
  return !activity.doneAt && Boolean(activity.dueAt) && new Date(activity.dueAt!).getTime() < Date.now();
}
