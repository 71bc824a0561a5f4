import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Brand() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#0b7a5c" />
        <path d="M6 20c6-10 14-10 20 0" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" />
        <path d="M6 24h20" stroke="#f5c542" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <Text fw={700} fz="lg" c="dark.8">
        {t('app.name')}
      </Text>
    </Group>
  );
}
