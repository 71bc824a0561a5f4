import { Anchor, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={1} mb="md">
        {t('common.notFound')}
      </Title>
      <Text>
        <Anchor component={Link} to="/">
          {t('common.back')}
        </Anchor>
      </Text>
    </>
  );
}
