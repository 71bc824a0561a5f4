import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDateTime } from '../../../lib/format/intl';
import { useMarkAllRead, useMarkRead, useNotifications } from '../api/notifications';

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const list = useNotifications();
  const markAll = useMarkAllRead();
  const markRead = useMarkRead();
  return (
    <>
      <PageHeader title={t('notifications.title')}>
        <Button variant="outline" onClick={() => markAll.mutate()} loading={markAll.isPending}>
          {t('notifications.markAll')}
        </Button>
      </PageHeader>
      <ErrorAlert error={markAll.error ?? markRead.error} />
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} empty={t('notifications.empty')}>
        {(page) => (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {page.items.map((n) => (
              <Card key={n.id} component="li" withBorder padding="md"
                style={{ borderInlineStart: n.readAt ? undefined : '4px solid var(--mantine-color-teal-7)' }}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <div>
                    <Text fw={n.readAt ? 500 : 700} dir="auto">{n.title}</Text>
                    <Text size="sm" mt={4} dir="auto">{n.body}</Text>
                    <Text size="xs" c="dimmed" mt={6}>
                      {formatDateTime(i18n.language, n.createdAt)} · {n.readAt ? t('notifications.read') : t('notifications.unread')}
                    </Text>
                  </div>
                  {!n.readAt && (
                    <Button size="xs" variant="subtle" onClick={() => markRead.mutate(n.id)} aria-label={`${t('notifications.markRead')}: ${n.title}`}>
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
