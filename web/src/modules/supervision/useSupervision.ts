import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Finding,
  FindingKind,
  SupervisionBoard,
  SupervisionSettings,
  SupervisionSettingsUpdate,
} from '@tuoke/shared';
import { api } from '../../app/api';

/** The board of a team (or the whole scope); with `ownerId`, one person's findings in full. */
export function useSupervisionBoard(teamId: string | undefined, ownerId?: string, enabled = true) {
  return useQuery({
    queryKey: ['supervision', 'board', teamId ?? null, ownerId ?? null],
    queryFn: ({ signal }) => api.get<SupervisionBoard>('/supervision', { teamId, ownerId }, signal),
    enabled,
  });
}

export function useSupervisionSettings(enabled = true) {
  return useQuery({
    queryKey: ['supervision', 'settings'],
    queryFn: ({ signal }) => api.get<SupervisionSettings>('/supervision/settings', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useSaveSupervisionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SupervisionSettingsUpdate) =>
      api.put<SupervisionSettings>('/supervision/settings', body),
    onSuccess: (data) => {
      queryClient.setQueryData(['supervision', 'settings'], data);
      void queryClient.invalidateQueries({ queryKey: ['supervision', 'board'] });
    },
  });
}

/** The board's four lists, keyed by the finding kind the screen filters on. */
export const KIND_LIST: Record<FindingKind, keyof SupervisionBoard['findings']> = {
  deal_no_next_step: 'noNextStep',
  deal_stalled: 'stalled',
  task_overdue: 'overdueTasks',
  customer_forgotten: 'forgotten',
};

const RECORD_PATH: Record<string, string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
};

/** Where a finding opens: the deal, the account, or for a task the record it is about. */
export function findingLink(f: Finding): string {
  if (f.recordType === 'opportunity') return `/opportunities/${f.recordId}`;
  if (f.recordType === 'account') return `/accounts/${f.recordId}`;
  if (f.relatedType && f.relatedId && RECORD_PATH[f.relatedType])
    return `/${RECORD_PATH[f.relatedType]}/${f.relatedId}`;
  if (f.accountId) return `/accounts/${f.accountId}`;
  return '/activities';
}

/** All findings of the board, optionally one kind and one person, worst first within each kind. */
export function selectFindings(
  findings: SupervisionBoard['findings'],
  kind: FindingKind | undefined,
  ownerId: string | undefined,
): Finding[] {
  const kinds = kind ? [kind] : (Object.keys(KIND_LIST) as FindingKind[]);
  return kinds.flatMap((k) => findings[KIND_LIST[k]]).filter((f) => !ownerId || f.ownerId === ownerId);
}
