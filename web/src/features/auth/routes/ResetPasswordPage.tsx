import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PublicLayout } from '../../../components/PublicLayout';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { useConfirmPasswordReset } from '../api/password-reset';

/** The emailed link's page: `/reset-password?token=…`. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const confirm = useConfirmPasswordReset();
  const errors = useFieldErrors();

  function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    confirm.mutate(
      { token: params.get('token') ?? '', newPassword: password },
      { onError: errors.capture },
    );
  }

  return (
    <PublicLayout title={t('reset.title')}>
      {confirm.isSuccess ? (
        <Alert color="teal" variant="light" role="status" mb="md">
          {t('reset.done')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={errors.otherError} />
            <PasswordInput
              label={t('reset.newPassword')}
              description={t('reset.hint')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.fieldError('newPassword')}
              // Mantine marks the wrapper, not the input; assistive tech reads the input's state.
              aria-invalid={errors.fieldError('newPassword') ? true : undefined}
            />
            <Button type="submit" loading={confirm.isPending} fullWidth>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="inline-block">
        {t('forgot.back')}
      </Anchor>
    </PublicLayout>
  );
}
