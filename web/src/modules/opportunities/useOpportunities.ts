import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Opportunity } from '@tuoke/shared';
import { api } from '../../app/api';
import { useDeleteRecord, useRecord, useSaveRecord } from '../../app/resource';

export const useOpportunity = (id: string | undefined) => useRecord<Opportunity>('opportunities', id);
export const useSaveOpportunity = () => useSaveRecord<Opportunity>('opportunities', ['accounts']);
export const useDeleteOpportunity = () => useDeleteRecord('opportunities');

export interface MoveInput {
  id: string;
  version: number;
  stageId: string;
  lostReason?: string;
  lostCompetitor?: string;
}

/** Moves an opportunity to another stage of its pipeline. */
export function moveOpportunity({ id, version, stageId, lostReason, lostCompetitor }: MoveInput) {
  return api.patch<Opportunity>(`/opportunities/${id}`, {
    stageId,
    version,
    ...(lostReason ? { lostReason } : {}),
    ...(lostCompetitor ? { lostCompetitor } : {}),
  });
}

export function useMoveStage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: moveOpportunity,
    onSuccess: (opp) => {
      queryClient.setQueryData(['opportunities', 'one', opp.id], opp);
      void queryClient.invalidateQueries({ queryKey: ['opportunities'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}
