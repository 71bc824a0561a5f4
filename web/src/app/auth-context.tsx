import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, unwrap, type Schemas } from '../lib/api/client';
import { accessToken, onSessionChange, refresh } from '../lib/auth/session';
import { useLocaleSync } from './locale-sync';

export type Me = Schemas['MeResponse'];

interface AuthState {
  /** false until the first cookie refresh has answered (so a reload does not flash /login). */
  ready: boolean;
  signedIn: boolean;
  me: Me | undefined;
}

const AuthContext = createContext<AuthState>({ ready: false, signedIn: false, me: undefined });

export function AuthProvider({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [signedIn, setSignedIn] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    const off = onSessionChange(() => {
      const now = accessToken() !== null;
      setSignedIn(now);
      if (!now) queryClient.clear();
    });
    void refresh().finally(() => setReady(true));
    return off;
  }, [queryClient]);

  const me = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me')),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
  useLocaleSync(signedIn ? me.data : undefined);

  return (
    <AuthContext.Provider value={{ ready: ready && (!signedIn || !me.isPending), signedIn, me: me.data }}>
      {children}
    </AuthContext.Provider>
  );
}

export const useAuth = () => useContext(AuthContext);
