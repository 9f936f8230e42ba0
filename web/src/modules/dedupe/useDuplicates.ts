import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DedupeObject,
  DuplicateCheck,
  DuplicateCheckResult,
  DuplicateGroupList,
  MergeRequest,
  MergeResult,
  MergeSide,
} from '@tuoke/shared';
import { api } from '../../app/api';

export const PLURAL = { account: 'accounts', contact: 'contacts', lead: 'leads' } as const;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const trimmed = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() : '');

/** Only what is worth asking about: a name of two characters, seven digits, an address with @. */
function worthChecking(input: DuplicateCheck): DuplicateCheck | null {
  const out: DuplicateCheck = { object: input.object };
  const name = trimmed(input.name);
  const company = trimmed(input.company);
  const phone = trimmed(input.phone);
  const email = trimmed(input.email);
  const creditCode = trimmed(input.creditCode);
  if (input.object === 'account' && name.length >= 2) out.name = name;
  if (company.length >= 2) out.company = company;
  if (phone.replace(/\D/g, '').length >= 7) out.phone = phone;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) out.email = email;
  if (creditCode.length === 18) out.creditCode = creditCode;
  if (Object.keys(out).length === 1) return null;
  if (input.excludeId) out.excludeId = input.excludeId;
  return out;
}

/** The duplicate check as the user types (debounced): matches across accounts, contacts and leads. */
export function useDuplicateCheck(input: DuplicateCheck, enabled = true) {
  const body = useDebounced(worthChecking(input), 400);
  const query = useQuery({
    queryKey: ['duplicates', 'check', body],
    queryFn: () => api.post<DuplicateCheckResult>('/duplicates/check', body),
    enabled: enabled && body !== null,
    staleTime: 10_000,
  });
  return {
    matches: (enabled && body !== null ? query.data?.matches : undefined) ?? [],
    isFetching: query.isFetching,
  };
}

export function useDuplicateGroups(object: DedupeObject, similar: boolean, enabled = true) {
  return useQuery({
    queryKey: ['duplicates', 'groups', object, similar],
    queryFn: ({ signal }) =>
      api.get<DuplicateGroupList>(
        '/duplicates/groups',
        { object, similar: similar || undefined, limit: 100 },
        signal,
      ),
    enabled,
  });
}

export function useMerge(object: DedupeObject) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeRequest & { fields: Record<string, MergeSide> }) =>
      api.post<MergeResult>(`/${PLURAL[object]}/merge`, body),
    onSuccess: () => {
      // everything that pointed at the merged record now points at the survivor
      void queryClient.invalidateQueries();
    },
  });
}
