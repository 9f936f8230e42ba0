import type { Product } from '@tuoke/shared';
import { useDeleteRecord, useSaveRecord } from '../../app/resource';

export const useSaveProduct = () => useSaveRecord<Product>('products');
export const useDeleteProduct = () => useDeleteRecord('products');
