import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page's h1 and its main actions. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="center" mb="lg" wrap="wrap" gap="sm">
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {title}
      </Title>
      {children && <Group gap="sm">{children}</Group>}
    </Group>
  );
}
