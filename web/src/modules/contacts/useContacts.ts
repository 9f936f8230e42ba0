import type { Contact } from '@tuoke/shared';
import { useDeleteRecord, useRecord, useSaveRecord } from '../../app/resource';

export const useContact = (id: string | undefined) => useRecord<Contact>('contacts', id);
export const useSaveContact = () => useSaveRecord<Contact>('contacts', ['accounts']);
export const useDeleteContact = () => useDeleteRecord('contacts');
