import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PublicLayout } from '../../../components/PublicLayout';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { useRequestPasswordReset } from '../api/password-reset';

/** Asks for a reset link; the answer never says whether the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();
  const errors = useFieldErrors();

  function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    request.mutate(email, { onError: errors.capture });
  }

  return (
    <PublicLayout title={t('forgot.title')}>
      {request.isSuccess ? (
        <Alert color="teal" variant="light" role="status" mb="md">
          {t('forgot.sent', { email })}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={errors.otherError} />
            <TextInput
              label={t('login.email')}
              description={t('forgot.body')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.fieldError('email')}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              {t('forgot.submit')}
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
