import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Competitor,
  CompetitorCreate,
  DealCompetitor,
  DealCompetitorCreate,
  DealCompetitorUpdate,
  MacroFactor,
  MacroFactorCreate,
  Market,
  MarketAssessment,
  MarketCreate,
  WinLoss,
} from '@tuoke/shared';
import { api, ApiError, isApiError } from '../../app/api';

interface Items<T> {
  items: T[];
}

const BASE = '/markets';

export function useMarketList() {
  return useQuery({
    queryKey: ['markets', 'list'],
    queryFn: ({ signal }) => api.get<Items<Market>>(BASE, undefined, signal),
  });
}

export function useAssessments() {
  return useQuery({
    queryKey: ['markets', 'assessments'],
    queryFn: ({ signal }) => api.get<Items<MarketAssessment>>(`${BASE}/assessments`, undefined, signal),
  });
}

export function useAssessment(id: string | undefined) {
  return useQuery({
    queryKey: ['markets', 'assessment', id],
    queryFn: ({ signal }) => api.get<MarketAssessment>(`${BASE}/${id}/assessment`, undefined, signal),
    enabled: !!id,
  });
}

export function useCompetitors() {
  return useQuery({
    queryKey: ['markets', 'competitors'],
    queryFn: ({ signal }) => api.get<Items<Competitor>>(`${BASE}/competitors`, undefined, signal),
  });
}

export function useWinLoss(from: string, to: string) {
  return useQuery({
    queryKey: ['markets', 'win-loss', from, to],
    queryFn: ({ signal }) => api.get<WinLoss>(`${BASE}/competitors/win-loss`, { from, to }, signal),
  });
}

export function useMacroFactors() {
  return useQuery({
    queryKey: ['markets', 'macro-factors'],
    queryFn: ({ signal }) => api.get<Items<MacroFactor>>(`${BASE}/macro-factors`, undefined, signal),
  });
}

/** Every market-analysis write refreshes everything under ['markets'] (scores depend on all of it). */
function useMarketsWrite<TArgs>(fn: (args: TArgs) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['markets'] }),
  });
}

export const useSaveMarket = () =>
  useMarketsWrite(
    ({ id, body }: { id?: string; body: MarketCreate | (Partial<MarketCreate> & { version: number }) }) =>
      id ? api.patch<Market>(`${BASE}/${id}`, body) : api.post<Market>(BASE, body),
  );
export const useDeleteMarket = () => useMarketsWrite((id: string) => api.delete(`${BASE}/${id}`));
export const usePutMarketYear = () =>
  useMarketsWrite(
    ({ id, year, size, notes }: { id: string; year: number; size: number; notes?: string | null }) =>
      api.put<Market>(`${BASE}/${id}/years/${year}`, { size, notes: notes ?? null }),
  );
export const useDeleteMarketYear = () =>
  useMarketsWrite(({ id, year }: { id: string; year: number }) => api.delete(`${BASE}/${id}/years/${year}`));

export const useSaveCompetitor = () =>
  useMarketsWrite(
    ({
      id,
      body,
    }: {
      id?: string;
      body: CompetitorCreate | (Partial<CompetitorCreate> & { version: number });
    }) =>
      id
        ? api.patch<Competitor>(`${BASE}/competitors/${id}`, body)
        : api.post<Competitor>(`${BASE}/competitors`, body),
  );
export const useDeleteCompetitor = () =>
  useMarketsWrite((id: string) => api.delete(`${BASE}/competitors/${id}`));

export const useSaveFactor = () =>
  useMarketsWrite(
    ({
      id,
      body,
    }: {
      id?: string;
      body: MacroFactorCreate | (Partial<MacroFactorCreate> & { version: number });
    }) =>
      id
        ? api.patch<MacroFactor>(`${BASE}/macro-factors/${id}`, body)
        : api.post<MacroFactor>(`${BASE}/macro-factors`, body),
  );
export const useDeleteFactor = () =>
  useMarketsWrite((id: string) => api.delete(`${BASE}/macro-factors/${id}`));

// --- competitors on a deal ------------------------------------------------------------------------

export function useDealCompetitors(opportunityId: string) {
  return useQuery({
    queryKey: ['markets', 'deal', opportunityId],
    queryFn: ({ signal }) =>
      api.get<Items<DealCompetitor>>(`/opportunities/${opportunityId}/competitors`, undefined, signal),
  });
}

export const useAddDealCompetitor = (opportunityId: string) =>
  useMarketsWrite((body: DealCompetitorCreate) =>
    api.post<DealCompetitor>(`/opportunities/${opportunityId}/competitors`, body),
  );
export const useUpdateDealCompetitor = (opportunityId: string) =>
  useMarketsWrite(({ id, body }: { id: string; body: DealCompetitorUpdate }) =>
    api.patch<DealCompetitor>(`/opportunities/${opportunityId}/competitors/${id}`, body),
  );
export const useRemoveDealCompetitor = (opportunityId: string) =>
  useMarketsWrite((id: string) => api.delete(`/opportunities/${opportunityId}/competitors/${id}`));

/** Basis points as a percentage: 1250 → "12.5%". */
export const pctOf = (bp: number | null | undefined, digits = 1) =>
  bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(digits).replace(/\.0+$/, '')}%`;

/** 1 亿 yuan in fen: market sizes are entered and shown in 亿. */
export const YI_FEN = 10_000_000_000;

/** Green for a promising market, blue for a fair one, amber for a weak one. */
export const scoreColor = (score: number) => (score >= 70 ? '#16a34a' : score >= 45 ? '#2563eb' : '#d97706');

/**
 * The server names API fields (shares/0/shareBp); a form may edit them under another name (a
 * percentage, a size in 亿). Renames the last part of each field path so the error lands on the input.
 */
export function renameErrorFields(err: unknown, names: Record<string, string>): unknown {
  if (!isApiError(err) || err.fields.length === 0) return err;
  const fields = err.fields.map((f) => {
    const parts = f.path.replace(/^\//, '').split('/');
    const last = parts[parts.length - 1]!;
    if (names[last]) parts[parts.length - 1] = names[last]!;
    return { ...f, path: parts.join('/') };
  });
  return new ApiError(err.status, err.code, err.message, fields);
}
