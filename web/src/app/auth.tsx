import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Action, Locale, Me, ObjectType } from '@tuoke/shared';
import { api, isApiError, onUnauthorized, setCsrfToken } from './api';
import { currentLocale, setLocale } from './i18n';

interface AuthValue {
  me: Me | null;
  isLoading: boolean;
  login: (email: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  changeLocale: (locale: Locale) => Promise<void>;
  can: (object: ObjectType, action?: Action) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me');
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { data, isLoading } = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
  const me = data ?? null;

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me?.csrfToken]);

  // A saved per-user language wins over the browser's guess.
  useEffect(() => {
    const saved = me?.user.locale;
    if (saved && saved !== currentLocale()) void setLocale(saved);
  }, [me?.user.locale]);

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      queryClient.setQueryData(ME_KEY, null);
    });
    return () => onUnauthorized(null);
  }, [queryClient]);

  const login = useCallback(
    async (email: string, password: string) => {
      const result = await api.post<Me>('/auth/login', { email, password });
      setCsrfToken(result.csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, result);
      return result;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    }
  }, [queryClient]);

  const changeLocale = useCallback(
    async (locale: Locale) => {
      await setLocale(locale);
      if (!me) return;
      const updated = await api.patch<Me>('/auth/me', { locale });
      queryClient.setQueryData(ME_KEY, { ...updated, csrfToken: updated.csrfToken || me.csrfToken });
    },
    [me, queryClient],
  );

  const can = useCallback(
    (object: ObjectType, action: Action = 'read') =>
      me?.permissions[object]?.actions.includes(action) ?? false,
    [me],
  );

  const value = useMemo<AuthValue>(
    () => ({ me, isLoading, login, logout, changeLocale, can }),
    [me, isLoading, login, logout, changeLocale, can],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for screens behind the login guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
