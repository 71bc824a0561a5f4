import { AppShell, Badge, Burger, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { Brand } from '../components/Brand';
import { LanguageSelect } from '../components/LanguageSelect';
import { formatNumber } from '../lib/format/intl';
import { signOut } from '../lib/auth/session';
import { useUnreadCount } from '../features/notifications/api/notifications';
import { useAuth } from './auth-context';
import { PageLoader } from '../components/PageLoader';

type NavKey = 'participants' | 'programs' | 'scholarships' | 'organizations' | 'calendar';

const NAV_BY_ROLE: Record<string, { key: NavKey; to: string }[]> = {
  ngo_member: [
    { key: 'participants', to: '/participants' },
    { key: 'programs', to: '/programs' },
    { key: 'scholarships', to: '/scholarships' },
    { key: 'calendar', to: '/calendar' },
  ],
  coordinator: [
    { key: 'organizations', to: '/organizations' },
    { key: 'programs', to: '/programs' },
    { key: 'scholarships', to: '/scholarships' },
    { key: 'participants', to: '/participants' },
    { key: 'calendar', to: '/calendar' },
  ],
};
NAV_BY_ROLE.admin = NAV_BY_ROLE.coordinator;

export function homeFor(role: string | undefined): string {
  return NAV_BY_ROLE[role ?? 'ngo_member']?.[0]?.to ?? '/programs';
}

/** The signed-in frame: navigation by role, notifications with their count, sign out. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure(false);
  const unread = useUnreadCount(!!me).data ?? 0;
  const links = NAV_BY_ROLE[me?.role ?? 'ngo_member'] ?? [];

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.menu')}
            />
            <Brand />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button
              component={NavLink}
              to="/notifications"
              variant="default"
              size="compact-sm"
              aria-label={
                unread > 0
                  ? t('app.notifications', { count: unread })
                  : t('app.notificationsNone')
              }
              rightSection={
                unread > 0 ? (
                  <Badge size="sm" color="red" circle aria-hidden>
                    {formatNumber(i18n.language, unread)}
                  </Badge>
                ) : undefined
              }
            >
              {t('notifications.title')}
            </Button>
            <Button
              variant="default"
              size="compact-sm"
              visibleFrom="xs"
              onClick={async () => {
                await signOut();
                navigate('/login', { replace: true });
              }}
            >
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('app.mainNav')}>
        <Stack gap={4} style={{ flex: 1 }}>
          {links.map((l) => (
            <NavLink key={l.to} to={l.to} className="nav-link" onClick={close}>
              {t(`nav.${l.key}`)}
            </NavLink>
          ))}
        </Stack>
        <Stack gap="xs" pt="md">
          <LanguageSelect />
          {me && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('app.signedInAs', { email: me.email })}
            </Text>
          )}
          <Button
            variant="default"
            hiddenFrom="xs"
            onClick={async () => {
              await signOut();
              navigate('/login', { replace: true });
            }}
          >
            {t('app.signOut')}
          </Button>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
