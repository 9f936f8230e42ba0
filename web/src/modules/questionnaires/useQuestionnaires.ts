import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Invitation,
  InvitationCreate,
  InvitationCreated,
  NeedsDraft,
  Questionnaire,
  QuestionnaireCreate,
  QuestionnaireResponse,
  QuestionnaireStatus,
  QuestionnaireSummary,
  QuestionnaireUpdate,
} from '@tuoke/shared';
import { api } from '../../app/api';

export function useQuestionnaires(status?: QuestionnaireStatus, enabled = true) {
  return useQuery({
    queryKey: ['questionnaires', 'list', status ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<{ items: Questionnaire[] }>('/questionnaires', { status, limit: 200 }, signal),
    enabled,
  });
}

export function useQuestionnaire(id: string | undefined) {
  return useQuery({
    queryKey: ['questionnaires', 'one', id],
    queryFn: ({ signal }) => api.get<Questionnaire>(`/questionnaires/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useQuestionnaireSummary(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['questionnaires', 'summary', id],
    queryFn: ({ signal }) =>
      api.get<QuestionnaireSummary>(`/questionnaires/${id}/summary`, undefined, signal),
    enabled: enabled && Boolean(id),
  });
}

export function useInvitations(params: { accountId?: string; questionnaireId?: string }, enabled = true) {
  return useQuery({
    queryKey: ['questionnaires', 'invitations', params],
    queryFn: ({ signal }) =>
      api.get<{ items: Invitation[] }>('/questionnaire-invitations', { ...params, limit: 200 }, signal),
    enabled: enabled && Boolean(params.accountId || params.questionnaireId),
  });
}

export function useResponses(params: { accountId?: string; questionnaireId?: string }, enabled = true) {
  return useQuery({
    queryKey: ['questionnaires', 'responses', params],
    queryFn: ({ signal }) =>
      api.get<{ items: QuestionnaireResponse[] }>(
        '/questionnaire-responses',
        { ...params, limit: 100 },
        signal,
      ),
    enabled: enabled && Boolean(params.accountId || params.questionnaireId),
  });
}

/** Every questionnaire write refreshes questionnaires, links and answers. */
function useQuestionnaireMutation<A, R>(fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['questionnaires'] }),
  });
}

export const useCreateQuestionnaire = () =>
  useQuestionnaireMutation((body: QuestionnaireCreate) => api.post<Questionnaire>('/questionnaires', body));
export const useUpdateQuestionnaire = () =>
  useQuestionnaireMutation(({ id, body }: { id: string; body: QuestionnaireUpdate }) =>
    api.patch<Questionnaire>(`/questionnaires/${id}`, body),
  );
export const useQuestionnaireAction = () =>
  useQuestionnaireMutation(
    ({ id, action, version }: { id: string; action: 'publish' | 'archive' | 'copy'; version?: number }) =>
      api.post<Questionnaire>(`/questionnaires/${id}/${action}`, action === 'copy' ? {} : { version }),
  );
export const useDeleteQuestionnaire = () =>
  useQuestionnaireMutation((id: string) => api.delete(`/questionnaires/${id}`));
export const useInvite = () =>
  useQuestionnaireMutation(({ id, body }: { id: string; body: InvitationCreate }) =>
    api.post<InvitationCreated>(`/questionnaires/${id}/invitations`, body),
  );
export const useRevokeInvitation = () =>
  useQuestionnaireMutation((id: string) => api.delete(`/questionnaire-invitations/${id}`));

/** A needs record prefilled from an answer set; fetched on demand, not cached. */
export const fetchNeedsDraft = (responseId: string) =>
  api.get<NeedsDraft>(`/questionnaire-responses/${responseId}/needs-draft`);
