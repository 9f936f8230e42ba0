import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContractSettings, ContractSettingsUpdate } from '@tuoke/shared';
import { api } from '../../app/api';

export function useContractSettings() {
  return useQuery({
    queryKey: ['contract-settings'],
    queryFn: ({ signal }) => api.get<ContractSettings>('/contract-settings', undefined, signal),
  });
}

export function useSaveContractSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractSettingsUpdate) => api.patch<ContractSettings>('/contract-settings', body),
    onSuccess: (data) => queryClient.setQueryData(['contract-settings'], data),
  });
}

/** What the next contract number looks like: prefix, today's date, the year's sequence (HT-20261127-0001). */
export function previewContractNumber(prefix: string, today: Date, seq = 1): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${today.getFullYear()}${pad(today.getMonth() + 1)}${pad(today.getDate())}`;
  return `${prefix}-${date}-${pad(seq, 4)}`;
}
