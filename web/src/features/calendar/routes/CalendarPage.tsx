import { Button, CopyButton, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useFeedToken } from '../api/calendar';

export default function CalendarPage() {
  const { t } = useTranslation();
  const feed = useFeedToken();
  return (
    <>
      <PageHeader title={t('calendar.title')} />
      <Text mb="lg" maw={720}>{t('calendar.intro')}</Text>
      <QueryState query={feed}>
        {(f) => {
          const url = new URL(f.feedUrl, window.location.origin).toString();
          return (
            <Group align="flex-end" maw={760}>
              <TextInput label={t('calendar.link')} value={url} readOnly dir="ltr" style={{ flex: '1 1 320px' }}
                onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button onClick={copy} variant={copied ? 'light' : 'filled'}>
                    {copied ? t('calendar.copied') : t('calendar.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          );
        }}
      </QueryState>
    </>
  );
}
