import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicLayout } from '../../../components/PublicLayout';

/** Until the API mails reset links (the accounts issue), say so plainly. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <PublicLayout title={t('forgot.title')}>
      <Text mb="md">{t('forgot.body')}</Text>
      <Anchor component={Link} to="/login">
        {t('forgot.back')}
      </Anchor>
    </PublicLayout>
  );
}
