import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Audience,
  Campaign,
  CampaignCost,
  CampaignRecipient,
  EmailPreview,
  EmailStats,
  EmailTemplate,
  EventRegistrationPage,
  MailSettings,
  RecipientStatus,
} from '@tuoke/shared';
import { api, type Page } from '../../app/api';
import { useRecord, useSaveRecord } from '../../app/resource';

export const useCampaign = (id: string | undefined) => useRecord<Campaign>('campaigns', id);
export const useSaveCampaign = () => useSaveRecord<Campaign>('campaigns');

const sub = <T>(
  id: string | undefined,
  path: string,
  params?: Record<string, string | number | boolean | undefined>,
) => ({
  queryKey: ['campaigns', path, id, params],
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<T>(`/campaigns/${id}/${path}`, params, signal),
  enabled: Boolean(id),
});

export const useCosts = (id: string | undefined) => useQuery(sub<CampaignCost[]>(id, 'costs'));
export const useAudience = (id: string | undefined, enabled = true) =>
  useQuery({ ...sub<Audience>(id, 'audience'), enabled: Boolean(id) && enabled });
export const useEmailStats = (id: string | undefined, enabled = true) =>
  useQuery({ ...sub<EmailStats>(id, 'email-stats'), enabled: Boolean(id) && enabled, refetchInterval: 5000 });
export const useRecipients = (id: string | undefined, status: RecipientStatus | undefined, enabled = true) =>
  useQuery({
    ...sub<Page<CampaignRecipient>>(id, 'recipients', { status, limit: 200 }),
    enabled: Boolean(id) && enabled,
    refetchInterval: 5000,
  });
export const useRegistrations = (id: string | undefined, q: string, enabled = true) =>
  useQuery({
    ...sub<EventRegistrationPage>(id, 'registrations', { q: q || undefined, limit: 500 }),
    enabled: Boolean(id) && enabled,
  });

export function usePreview(
  id: string | undefined,
  member: { object: string; id: string } | null,
  locale: string | undefined,
  version: string,
) {
  return useQuery({
    queryKey: ['campaigns', 'preview', id, member, locale, version],
    queryFn: () => api.post<EmailPreview>(`/campaigns/${id}/preview`, { ...(member ?? {}), locale }),
    enabled: Boolean(id),
    retry: false,
  });
}

/** A write under /campaigns/:id/… that refreshes everything about campaigns. */
export function useCampaignWrite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: { method: 'post' | 'delete'; path: string; body?: unknown }) =>
      w.method === 'delete' ? api.delete(w.path) : api.post<unknown>(w.path, w.body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: ['email-templates'],
    queryFn: ({ signal }) =>
      api.get<Page<EmailTemplate>>('/email-templates', { limit: 200, sort: 'name' }, signal),
  });
}

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id
        ? api.patch<EmailTemplate>(`/email-templates/${id}`, body)
        : api.post<EmailTemplate>('/email-templates', body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['email-templates'] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
}

export function useMailSettings(enabled = true) {
  return useQuery({
    queryKey: ['mail-settings'],
    queryFn: ({ signal }) => api.get<MailSettings | null>('/mail-settings', undefined, signal),
    enabled,
  });
}

export function useSaveMailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.put<MailSettings>('/mail-settings', body),
    onSuccess: (s) => queryClient.setQueryData(['mail-settings'], s),
  });
}
