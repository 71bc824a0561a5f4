import '@mantine/core/styles.css';
import './theme.css';
import { DirectionProvider, MantineProvider, createTheme, useDirection } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api/client';
import { directionOf } from '../i18n';
import { AuthProvider } from './auth-context';

const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  respectReducedMotion: true,
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Nastaliq Urdu", "Noto Naskh Arabic", sans-serif',
  headings: { fontWeight: '650' },
});

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 20_000,
        // 4xx answers do not get better by asking again.
        retry: (count, error) =>
          !(error instanceof ApiError && error.body.statusCode < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** Query client, theme and direction: Mantine mirrors its components for Urdu. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  const { i18n } = useTranslation();
  const dir = directionOf(i18n.language);
  return (
    <DirectionProvider initialDirection={dir} detectDirection={false}>
      <DirectionSync dir={dir} />
      <MantineProvider theme={theme}>
        <QueryClientProvider client={client}>
          <AuthProvider>{children}</AuthProvider>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}

function DirectionSync({ dir }: { dir: 'ltr' | 'rtl' }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}
