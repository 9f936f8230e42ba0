import type { Account } from '@tuoke/shared';
import { useDeleteRecord, useRecord, useSaveRecord } from '../../app/resource';

export const useAccount = (id: string | undefined) => useRecord<Account>('accounts', id);
export const useSaveAccount = () => useSaveRecord<Account>('accounts');
export const useDeleteAccount = () => useDeleteRecord('accounts');
