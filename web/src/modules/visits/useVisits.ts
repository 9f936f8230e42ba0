import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type {
  Visit,
  VisitCheckIn,
  VisitCheckOut,
  VisitComplianceReport,
  VisitCreate,
  VisitPhoto,
  VisitSettings,
  VisitSettingsUpdate,
  VisitSpotCheckIn,
  VisitUpdate,
} from '@tuoke/shared';
import { api, uploadFile, type Page } from '../../app/api';

/** Weeks and days of the plan are China's (the server counts them so too), wherever the browser is. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** An instant as China wall-clock time: a dayjs whose fields (date, hour) read as China time. */
export function inChina(value: string | number | Date | Dayjs): Dayjs {
  const ms = dayjs(value).valueOf();
  return dayjs(new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19));
}

/** The Monday (YYYY-MM-DD, China time) of the week an instant falls in. */
export function mondayOf(value: string | number | Date | Dayjs = new Date()): string {
  const d = inChina(value);
  const weekday = (d.day() + 6) % 7; // Monday 0 … Sunday 6
  return d.subtract(weekday, 'day').format('YYYY-MM-DD');
}

/** Today's date in China (YYYY-MM-DD). */
export const chinaToday = () => inChina(new Date()).format('YYYY-MM-DD');

/** The seven China-time dates of a week starting on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => dayjs(monday).add(i, 'day').format('YYYY-MM-DD'));
}

export const shiftWeek = (monday: string, weeks: number) =>
  dayjs(monday)
    .add(weeks * 7, 'day')
    .format('YYYY-MM-DD');

/** The China-time calendar date of a visit's planned time. */
export const chinaDate = (iso: string) => inChina(iso).format('YYYY-MM-DD');
export const chinaTime = (iso: string) => inChina(iso).format('HH:mm');
/** A moment as China date and time, the way the visit screens show every time. */
export function chinaDateTime(iso: string | null | undefined, locale: string): string {
  return iso ? inChina(iso).format(locale === 'zh-CN' ? 'YYYY-MM-DD HH:mm' : 'MMM D, YYYY HH:mm') : '—';
}

/** `datetime-local` input value (China wall clock) <-> ISO instant. */
export function toLocalInput(iso: string | null | undefined): string {
  return iso ? inChina(iso).format('YYYY-MM-DDTHH:mm') : '';
}
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const t = Date.parse(`${value.slice(0, 16)}:00+08:00`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const KEY = 'visits';

export function useWeekVisits(week: string, ownerId: string | undefined) {
  return useQuery({
    queryKey: [KEY, 'week', week, ownerId ?? 'all'],
    queryFn: ({ signal }) => api.get<Page<Visit>>('/visits', { week, ownerId, limit: 200 }, signal),
  });
}

export function useVisit(id: string | undefined) {
  return useQuery({
    queryKey: [KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Visit>(`/visits/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useVisitPhotos(id: string | undefined) {
  return useQuery({
    queryKey: [KEY, 'photos', id],
    queryFn: ({ signal }) => api.get<VisitPhoto[]>(`/visits/${id}/photos`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCompliance(week: string, teamId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [KEY, 'compliance', week, teamId ?? ''],
    queryFn: ({ signal }) => api.get<VisitComplianceReport>('/visits/compliance', { week, teamId }, signal),
    enabled,
  });
}

export function useVisitSettings() {
  return useQuery({
    queryKey: ['visit-settings'],
    queryFn: ({ signal }) => api.get<VisitSettings>('/visit-settings', undefined, signal),
    staleTime: 60_000,
  });
}

export function useSaveVisitSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VisitSettingsUpdate) => api.patch<VisitSettings>('/visit-settings', body),
    onSuccess: (data) => {
      queryClient.setQueryData(['visit-settings'], data);
      void queryClient.invalidateQueries({ queryKey: [KEY] });
    },
  });
}

type Write =
  | { kind: 'create'; body: VisitCreate }
  | { kind: 'update'; id: string; body: VisitUpdate }
  | { kind: 'cancel'; id: string; body: { reason?: string | null; version: number } }
  | { kind: 'check-in'; id: string; body: VisitCheckIn }
  | { kind: 'spot'; body: VisitSpotCheckIn }
  | { kind: 'check-out'; id: string; body: VisitCheckOut };

/** Every write to a visit; the visit, the week and the report (and timelines, deals) refresh. */
export function useVisitWrite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: Write): Promise<Visit> => {
      switch (w.kind) {
        case 'create':
          return api.post<Visit>('/visits', w.body);
        case 'update':
          return api.patch<Visit>(`/visits/${w.id}`, w.body);
        case 'cancel':
          return api.post<Visit>(`/visits/${w.id}/cancel`, w.body);
        case 'check-in':
          return api.post<Visit>(`/visits/${w.id}/check-in`, w.body);
        case 'spot':
          return api.post<Visit>('/visits/check-in', w.body);
        case 'check-out':
          return api.post<Visit>(`/visits/${w.id}/check-out`, w.body);
      }
    },
    onSuccess: (visit, w) => {
      queryClient.setQueryData([KEY, 'one', visit.id], visit);
      void queryClient.invalidateQueries({ queryKey: [KEY] });
      if (w.kind === 'check-out') {
        void queryClient.invalidateQueries({ queryKey: ['activities'] });
        void queryClient.invalidateQueries({ queryKey: ['opportunities'] });
        void queryClient.invalidateQueries({ queryKey: ['timeline'] });
      }
    },
  });
}

export function usePhotoWrite(visitId: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: [KEY, 'photos', visitId] });
    void queryClient.invalidateQueries({ queryKey: [KEY, 'one', visitId] });
  };
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile<VisitPhoto>(`/visits/${visitId}/photos`, file),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (photoId: string) => api.delete(`/visit-photos/${photoId}`),
    onSuccess: refresh,
  });
  return { upload, remove };
}

/** "86 m" / "1.8 km" in the reader's language. */
export function formatDistance(t: (key: string, opts?: Record<string, unknown>) => string, m: number) {
  return m < 1000
    ? t('visits.meters', { m: Math.round(m) })
    : t('visits.kilometers', { km: (m / 1000).toFixed(m < 10_000 ? 1 : 0) });
}
