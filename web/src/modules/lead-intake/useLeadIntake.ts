import { useCallback, useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  AssignmentPreview,
  AssignmentPreviewInput,
  AssignmentRule,
  LeadAssignment,
  LeadFormSubmission,
  LeadScore,
  LeadSource,
  ScoreModelStatus,
  ScoringRule,
  WebForm,
  WebFormSubmission,
} from '@tuoke/shared';
import { api } from '../../app/api';

interface Items<T> {
  items: T[];
}

// --- lead sources ------------------------------------------------------------------------------

export function useLeadSources(enabled = true) {
  return useQuery({
    queryKey: ['lead-sources'],
    queryFn: ({ signal }) => api.get<Items<LeadSource>>('/lead-sources', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

/** A source's name in the reader's language; an unknown key shows as it is. */
export function useSourceLabel() {
  const { i18n } = useTranslation();
  const { data } = useLeadSources();
  const byKey = useMemo(() => new Map((data?.items ?? []).map((s) => [s.key, s])), [data]);
  return useCallback(
    (key: string | null | undefined) => {
      if (!key) return '—';
      const s = byKey.get(key);
      if (!s) return key;
      return i18n.language === 'en' ? s.nameEn : s.nameZh;
    },
    [byKey, i18n.language],
  );
}

function useSaver<TBody>(path: (id?: string) => string, keys: string[][]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: TBody }) =>
      id ? api.patch<unknown>(path(id), body) : api.post<unknown>(path(), body),
    onSuccess: () => {
      for (const key of keys) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

function useDeleter(path: (id: string) => string, keys: string[][]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(path(id)),
    onSuccess: () => {
      for (const key of keys) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

export const useSaveLeadSource = () =>
  useSaver<Record<string, unknown>>(
    (id) => (id ? `/lead-sources/${id}` : '/lead-sources'),
    [['lead-sources']],
  );
export const useDeleteLeadSource = () => useDeleter((id) => `/lead-sources/${id}`, [['lead-sources']]);

// --- web forms ---------------------------------------------------------------------------------

export function useWebForms() {
  return useQuery({
    queryKey: ['web-forms'],
    queryFn: ({ signal }) => api.get<Items<WebForm>>('/web-forms', undefined, signal),
  });
}

export function useWebForm(id: string | undefined) {
  return useQuery({
    queryKey: ['web-forms', id],
    queryFn: ({ signal }) => api.get<WebForm>(`/web-forms/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useWebFormSubmissions(id: string | undefined) {
  return useQuery({
    queryKey: ['web-forms', id, 'submissions'],
    queryFn: ({ signal }) =>
      api.get<Items<WebFormSubmission>>(`/web-forms/${id}/submissions`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useSaveWebForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id ? api.patch<WebForm>(`/web-forms/${id}`, body) : api.post<WebForm>('/web-forms', body),
    onSuccess: (form) => {
      queryClient.setQueryData(['web-forms', form.id], form);
      void queryClient.invalidateQueries({ queryKey: ['web-forms'] });
    },
  });
}
export const useDeleteWebForm = () => useDeleter((id) => `/web-forms/${id}`, [['web-forms']]);

// --- assignment rules --------------------------------------------------------------------------

export function useAssignmentRules(enabled = true) {
  return useQuery({
    queryKey: ['assignment-rules'],
    queryFn: ({ signal }) => api.get<Items<AssignmentRule>>('/assignment-rules', undefined, signal),
    enabled,
  });
}
export const useSaveAssignmentRule = () =>
  useSaver<Record<string, unknown>>(
    (id) => (id ? `/assignment-rules/${id}` : '/assignment-rules'),
    [['assignment-rules']],
  );
export const useDeleteAssignmentRule = () =>
  useDeleter((id) => `/assignment-rules/${id}`, [['assignment-rules']]);

export function useReorderAssignmentRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api.put<Items<AssignmentRule>>('/assignment-rules/order', { ids }),
    onSuccess: (data) => queryClient.setQueryData(['assignment-rules'], data),
  });
}

export function usePreviewAssignment() {
  return useMutation({
    mutationFn: (body: AssignmentPreviewInput) =>
      api.post<AssignmentPreview>('/assignment-rules/preview', body),
  });
}

/** 按规则分配 on one lead or a selection; the leads and their histories refresh. */
export function useAssignByRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (leadIds: string[]) => api.post<Items<LeadAssignment>>('/leads/assign-by-rules', { leadIds }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      void queryClient.invalidateQueries({ queryKey: ['lead-assignments'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}

export function useLeadAssignments(leadId: string | undefined) {
  return useQuery({
    queryKey: ['lead-assignments', leadId],
    queryFn: ({ signal }) =>
      api.get<Items<LeadAssignment>>(`/leads/${leadId}/assignments`, undefined, signal),
    enabled: Boolean(leadId),
  });
}

// --- scoring -----------------------------------------------------------------------------------

export function useScoringRules() {
  return useQuery({
    queryKey: ['scoring', 'rules'],
    queryFn: ({ signal }) => api.get<Items<ScoringRule>>('/scoring-rules', undefined, signal),
  });
}

export function useScoreModel() {
  return useQuery({
    queryKey: ['scoring', 'model'],
    queryFn: ({ signal }) => api.get<ScoreModelStatus>('/scoring/model', undefined, signal),
  });
}

/** Rules and settings rescore every lead: lists and score cards refresh. */
const SCORE_KEYS = [['scoring'], ['leads'], ['lead-score']];

export const useSaveScoringRule = () =>
  useSaver<Record<string, unknown>>((id) => (id ? `/scoring-rules/${id}` : '/scoring-rules'), SCORE_KEYS);
export const useDeleteScoringRule = () => useDeleter((id) => `/scoring-rules/${id}`, SCORE_KEYS);

export function useScoringSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (modelWeight: number) => api.put<ScoreModelStatus>('/scoring/settings', { modelWeight }),
    onSuccess: (status) => {
      queryClient.setQueryData(['scoring', 'model'], status);
      for (const key of SCORE_KEYS) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

export function useTrainModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ScoreModelStatus>('/scoring/model/train'),
    onSuccess: () => {
      for (const key of SCORE_KEYS) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

export function useLeadScore(leadId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['lead-score', leadId],
    queryFn: ({ signal }) => api.get<LeadScore>(`/leads/${leadId}/score`, undefined, signal),
    enabled: Boolean(leadId) && enabled,
  });
}

export function useLeadFormSubmissions(leadId: string | undefined) {
  return useQuery({
    queryKey: ['lead-form-submissions', leadId],
    queryFn: ({ signal }) =>
      api.get<Items<LeadFormSubmission>>(`/leads/${leadId}/form-submissions`, undefined, signal),
    enabled: Boolean(leadId),
  });
}
