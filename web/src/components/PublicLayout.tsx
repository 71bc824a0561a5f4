import { Box, Container, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect';
import { Brand } from './Brand';

/** Sign-in, registration and other pages before sign-in: one card, the language at hand. */
export function PublicLayout({
  title,
  children,
  wide = false,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Box className="public-bg" mih="100vh" py={{ base: 'md', sm: 48 }}>
      <Container size={wide ? 640 : 420} px="md">
        <Group justify="space-between" align="flex-end" mb="lg" wrap="nowrap">
          <Brand />
          <LanguageSelect compact />
        </Group>
        <Paper component="main" withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
          <Title order={1} fz={26} mb="xs">
            {title}
          </Title>
          <Text c="dimmed" size="sm" mb="lg">
            {t('app.tagline')}
          </Text>
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
