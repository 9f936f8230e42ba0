import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, CashView, Contract, ContractFinance, Reminder, View } from '@tuoke/shared';
import { api, uploadFile } from '../../app/api';
import { useRecord, useSaveRecord } from '../../app/resource';

export const useContract = (id: string | undefined) => useRecord<Contract>('contracts', id);
export const useSaveContract = () => useSaveRecord<Contract>('contracts', ['opportunities']);

/** Plans, payments, invoices and the reconciliation; under the 'contracts' key so every change refreshes it. */
export function useFinance(id: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'finance', id],
    queryFn: ({ signal }) => api.get<ContractFinance>(`/contracts/${id}/finance`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useAttachments(id: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'attachments', id],
    queryFn: ({ signal }) => api.get<Attachment[]>(`/contracts/${id}/attachments`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useCashView(view: View) {
  return useQuery({
    queryKey: ['contracts', 'cash-view', view],
    queryFn: ({ signal }) => api.get<CashView>('/cash-view', { view }, signal),
  });
}

export function useReminders(view: View) {
  return useQuery({
    queryKey: ['contracts', 'reminders', view],
    queryFn: ({ signal }) => api.get<Reminder[]>('/contract-reminders', { view }, signal),
  });
}

/** A write under /contracts… (plans, payments, invoices, voiding, files) that refreshes contract data. */
export function useContractWrite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (w: { method: 'post' | 'delete' | 'upload'; path: string; body?: unknown; file?: File }) =>
      w.method === 'upload'
        ? uploadFile<unknown>(w.path, w.file!)
        : w.method === 'delete'
          ? api.delete(w.path)
          : api.post<unknown>(w.path, w.body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['contracts'] });
      void queryClient.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
}
