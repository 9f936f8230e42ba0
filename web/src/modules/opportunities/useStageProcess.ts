import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  REQUIRABLE_FIELDS,
  type ChecklistUpdate,
  type OpportunityChecklist,
  type StageFunnel,
  type StageFunnelQuery,
  type StageHistory,
} from '@tuoke/shared';
import { api, isApiError } from '../../app/api';

type Translate = (key: string, options?: Record<string, unknown>) => string;

// Keys start with 'opportunities' so a stage move (which invalidates them) refreshes these too.
export function useChecklist(id: string | undefined) {
  return useQuery({
    queryKey: ['opportunities', 'checklist', id],
    queryFn: ({ signal }) => api.get<OpportunityChecklist>(`/opportunities/${id}/checklist`, {}, signal),
    enabled: Boolean(id),
  });
}

export function useTickChecklist(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChecklistUpdate) =>
      api.put<OpportunityChecklist>(`/opportunities/${id}/checklist`, body),
    onSuccess: (data) => queryClient.setQueryData(['opportunities', 'checklist', id], data),
  });
}

export function useStageHistory(id: string | undefined) {
  return useQuery({
    queryKey: ['opportunities', 'stage-history', id],
    queryFn: ({ signal }) => api.get<StageHistory>(`/opportunities/${id}/stage-history`, {}, signal),
    enabled: Boolean(id),
  });
}

export function useStageFunnel(query: StageFunnelQuery) {
  return useQuery({
    queryKey: ['opportunities', 'stage-funnel', query],
    queryFn: ({ signal }) => api.get<StageFunnel>('/reports/stage-funnel', { ...query }, signal),
  });
}

/** A requirement's name in the reader's language: a field name, or a checklist item's label. */
export function requirementLabel(t: Translate, path: string, message: string): string {
  if ((REQUIRABLE_FIELDS as readonly string[]).includes(path)) return t(`salesProcess.field.${path}`);
  if (path.startsWith('checklist/')) {
    const [stage, ...label] = message.split(': ');
    return t('salesProcess.checklistItem', { label: label.join(': '), stage });
  }
  return message;
}

/** The localized "cannot move yet, missing …" for a refused move, or null for any other error. */
export function stageGateMessage(t: Translate, err: unknown, stageName: string): string | null {
  if (!isApiError(err) || err.code !== 'stage_requirements') return null;
  const missing = err.fields.map((f) => requirementLabel(t, f.path, f.message));
  return t('salesProcess.refused', { stage: stageName, missing: missing.join(t('salesProcess.separator')) });
}
