import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReportKind,
  ReportRule,
  ReportRuleCreate,
  ReportRuleList,
  WorkReportComment,
  WorkReportDetail,
  WorkReportDraft,
  WorkReportGrid,
  WorkReportPage,
} from '@tuoke/shared';
import { api } from '../../app/api';

const KEY = 'work-reports';

/** My form for a period: deadline, window, facts, and my report if started. */
export function useReportDraft(kind: ReportKind, date: string) {
  return useQuery({
    queryKey: [KEY, 'draft', kind, date],
    queryFn: ({ signal }) => api.get<WorkReportDraft>('/work-reports/draft', { kind, date }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface ReportFilters {
  userId?: string;
  kind?: ReportKind;
  from?: string;
  to?: string;
  status?: 'draft' | 'submitted';
  limit?: number;
}

export function useReportList(filters: ReportFilters, enabled = true) {
  return useQuery({
    queryKey: [KEY, 'list', filters],
    queryFn: ({ signal }) =>
      api.get<WorkReportPage>('/work-reports', { ...filters, limit: filters.limit ?? 50 }, signal),
    enabled,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: [KEY, 'one', id],
    queryFn: ({ signal }) => api.get<WorkReportDetail>(`/work-reports/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useReportGrid(
  q: { kind: ReportKind; date: string; teamId?: string; range?: 'day' | 'week' },
  enabled = true,
) {
  return useQuery({
    queryKey: [KEY, 'status', q],
    queryFn: ({ signal }) => api.get<WorkReportGrid>('/work-reports/status', q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface ReportTexts {
  work: string;
  problems: string;
  plan: string;
}

/** Saves my report for a period: creates it, or edits my draft; `submit` sends it. */
export function useSaveReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      kind: ReportKind;
      date: string;
      existing: { id: string; version: number } | null;
      texts: ReportTexts;
      submit: boolean;
    }) => {
      if (!v.existing)
        return api.post<WorkReportDetail>('/work-reports', {
          kind: v.kind,
          date: v.date,
          ...v.texts,
          submit: v.submit,
        });
      const body = { ...v.texts, version: v.existing.version };
      return v.submit
        ? api.post<WorkReportDetail>(`/work-reports/${v.existing.id}/submit`, body)
        : api.patch<WorkReportDetail>(`/work-reports/${v.existing.id}`, body);
    },
    onSuccess: (saved) => {
      qc.setQueryData([KEY, 'one', saved.id], saved);
      void qc.invalidateQueries({ queryKey: [KEY, 'draft'] });
      void qc.invalidateQueries({ queryKey: [KEY, 'list'] });
      void qc.invalidateQueries({ queryKey: [KEY, 'status'] });
    },
  });
}

export function useAddComment(reportId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<WorkReportComment>(`/work-reports/${reportId}/comments`, { body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [KEY, 'one', reportId] });
      void qc.invalidateQueries({ queryKey: [KEY, 'list'] });
    },
  });
}

export function useReportRules(enabled = true) {
  return useQuery({
    queryKey: [KEY, 'rules'],
    queryFn: ({ signal }) => api.get<ReportRuleList>('/work-reports/rules', undefined, signal),
    enabled,
  });
}

export function useSaveReportRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id?: string; body: Partial<ReportRuleCreate> & { version?: number } }) =>
      v.id
        ? api.patch<ReportRule>(`/work-reports/rules/${v.id}`, v.body)
        : api.post<ReportRule>('/work-reports/rules', v.body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [KEY] }),
  });
}

export function useDeleteReportRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/work-reports/rules/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [KEY] }),
  });
}
