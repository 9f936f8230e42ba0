import type { Lead } from '@tuoke/shared';
import { useDeleteRecord, useRecord, useSaveRecord } from '../../app/resource';

export const useLead = (id: string | undefined) => useRecord<Lead>('leads', id);
export const useSaveLead = () => useSaveRecord<Lead>('leads');
export const useDeleteLead = () => useDeleteRecord('leads');
