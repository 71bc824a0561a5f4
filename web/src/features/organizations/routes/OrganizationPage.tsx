import { Alert, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { countryName } from '../../../lib/format/countries';
import { formatDate, localName } from '../../../lib/format/intl';
import { useDecideOrganization, useOrganization } from '../api/organizations';

/** A registration's last day has passed (compared as calendar dates, in the reader's day). */
const expired = (lastDay: string) => lastDay < new Date().toLocaleDateString('sv');

export default function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = useOrganization(id);
  const decide = useDecideOrganization(id);
  const errors = useFieldErrors();
  const [asking, setAsking] = useState<'reject' | 'suspend' | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function run(d: Parameters<typeof decide.mutateAsync>[0]) {
    errors.reset();
    setMessage(null);
    try {
      const org = await decide.mutateAsync(d);
      setAsking(null);
      setReason('');
      setMessage(t('organizations.done', { status: t(`orgStatus.${org.status}`) }));
    } catch (err) {
      errors.capture(err);
    }
  }

  return (
    <QueryState query={query}>
      {(org) => (
        <>
          <PageHeader title={localName(lang, org.name)}>
            <StatusBadge status={org.status} label={t(`orgStatus.${org.status}`)} />
          </PageHeader>
          {message && <Alert color="teal" variant="light" role="status" mb="md">{message}</Alert>}
          <ErrorAlert error={errors.otherError} />
          <Card withBorder mb="lg">
            <Stack gap={4}>
              <Text><Text span c="dimmed">{t('organizations.type')}: </Text>{t(`orgType.${org.type}`)}</Text>
              <Text><Text span c="dimmed">{t('organizations.country')}: </Text>{countryName(lang, org.country)}</Text>
              <Text><Text span c="dimmed">{t('organizations.contactEmail')}: </Text>{org.contactEmail}</Text>
              <Text><Text span c="dimmed">{t('organizations.registered')}: </Text>{formatDate(lang, org.createdAt)}</Text>
              {org.registrationExpiresOn && (
                <Text c={expired(org.registrationExpiresOn) ? 'red.8' : undefined}>
                  <Text span c="dimmed">{t('organizations.validUntil')}: </Text>
                  {formatDate(lang, org.registrationExpiresOn)}
                  {expired(org.registrationExpiresOn) && ` (${t('organizations.expired')})`}
                </Text>
              )}
              {org.statusReason && <Text>{t('organizations.statusReason', { reason: org.statusReason })}</Text>}
            </Stack>
          </Card>
          {!asking && (<Group>
            {org.status !== 'approved' && (
              <Button onClick={() => void run({ action: 'approve' })} loading={decide.isPending && !asking}>
                {t('organizations.approve')}
              </Button>
            )}
            {org.status === 'pending' && (
              <Button color="red" variant="outline" onClick={() => setAsking('reject')}>{t('organizations.reject')}</Button>
            )}
            {org.status === 'approved' && (
              <Button onClick={() => void run({ action: 'renew' })} loading={decide.isPending && !asking}>
                {t('organizations.renew')}
              </Button>
            )}
            {org.status === 'approved' && (
              <Button variant="default" onClick={() => setAsking('suspend')}>{t('organizations.suspend')}</Button>
            )}
          </Group>)}
          {asking && (
            <form
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                void run({ action: asking, reason });
              }}
            >
              <Stack mt="lg" maw={520}>
                <Textarea label={t('organizations.reason')} required autosize minRows={2} value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)} error={errors.fieldError('reason')} />
                <Group>
                  <Button type="submit" color={asking === 'reject' ? 'red' : 'dark'} loading={decide.isPending}>
                    {asking === 'reject' ? t('organizations.confirmReject') : t('organizations.suspend')}
                  </Button>
                  <Button variant="default" onClick={() => setAsking(null)}>{t('common.cancel')}</Button>
                </Group>
              </Stack>
            </form>
          )}
        </>
      )}
    </QueryState>
  );
}
