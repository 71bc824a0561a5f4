import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api/client';

/** Any error that is not a field's own, as an `alert` with the API's message. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof TypeError
        ? t('error.network')
        : t('error.generic');
  return (
    <Alert color="red" variant="light" role="alert" mb="md">
      {message}
    </Alert>
  );
}
