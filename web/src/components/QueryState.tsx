import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/** Loading, error and empty states for a list, so no list is ever a blank page. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending)
    return (
      <Center py="xl" role="status">
        <Loader size="sm" me="sm" />
        <Text c="dimmed">{t('common.loading')}</Text>
      </Center>
    );
  if (query.isError)
    return (
      <Stack align="flex-start">
        <ErrorAlert error={query.error} />
        <Button variant="default" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </Button>
      </Stack>
    );
  if (isEmpty?.(query.data))
    return (
      <Text c="dimmed" py="lg">
        {empty}
      </Text>
    );
  return <>{children(query.data)}</>;
}
