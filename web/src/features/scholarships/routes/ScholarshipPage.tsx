import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { ParticipantSelect, useParticipantOptions } from '../../../components/ParticipantSelect';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { ApiError } from '../../../lib/api/client';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { formatDateTime, formatMoney, formatNumber, localName } from '../../../lib/format/intl';
import { useApplications, useScholarship, useStartApplication, useSubmitApplication } from '../api/scholarships';

/** NOT_ELIGIBLE lists each failed rule in `details`: show every one, not just the summary. */
function NotEligible({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const rules = Array.isArray(error.body.details) ? (error.body.details as { rule: string; message: string }[]) : [];
  return (
    <Alert color="red" variant="light" role="alert" title={t('scholarships.notEligible')} mb="md">
      <List size="sm">
        {rules.map((r) => <List.Item key={r.rule}>{r.message}</List.Item>)}
      </List>
    </Alert>
  );
}

export default function ScholarshipPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const scheme = useScholarship(id);
  const applications = useApplications(id);
  const people = useParticipantOptions();
  const start = useStartApplication(id);
  const submit = useSubmitApplication(id);
  const errors = useFieldErrors();
  const [open, setOpen] = useState(false);
  const [participantId, setParticipantId] = useState('');
  const [statement, setStatement] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const nameOf = (pid: string) => people.data?.find((p) => p.id === pid)?.fullName ?? '…';

  async function startApplication(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    try {
      await start.mutateAsync({ participantId, statement });
      setOpen(false);
      setParticipantId('');
      setStatement('');
    } catch (err) {
      errors.capture(err);
    }
  }

  const submitError = submit.error instanceof ApiError ? submit.error : null;
  return (
    <QueryState query={scheme}>
      {(s) => (
        <>
          <PageHeader title={localName(lang, s.name)}>
            {!open && <Button onClick={() => setOpen(true)}>{t('scholarships.start')}</Button>}
          </PageHeader>
          <Card withBorder mb="lg">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <Text><Text span c="dimmed">{t('scholarships.level')}: </Text>{t(`scholarshipLevel.${s.level}`)}</Text>
              <Text><Text span c="dimmed">{t('scholarships.stipend')}: </Text>{formatMoney(lang, s.stipend)}</Text>
              <Text><Text span c="dimmed">{t('scholarships.opens')}: </Text>{formatDateTime(lang, s.opensAt)}</Text>
              <Text><Text span c="dimmed">{t('scholarships.closes')}: </Text>{formatDateTime(lang, s.closesAt)}</Text>
              <Text><Text span c="dimmed">{t('scholarships.places')}: </Text>{formatNumber(lang, s.placesLeft)}</Text>
            </SimpleGrid>
            {s.description && <Text mt="sm">{s.description}</Text>}
          </Card>
          {open && (
            <Card withBorder mb="lg" component="section" aria-labelledby="start-heading">
              <Title order={2} fz="lg" mb="sm" id="start-heading">{t('scholarships.start')}</Title>
              <ErrorAlert error={errors.otherError} />
              <form onSubmit={startApplication}>
                <Stack maw={640}>
                  <ParticipantSelect label={t('scholarships.participant')} value={participantId} onChange={setParticipantId} error={errors.fieldError('participantId')} />
                  <Textarea label={t('scholarships.statement')} required autosize minRows={4} value={statement}
                    onChange={(e) => setStatement(e.currentTarget.value)} error={errors.fieldError('statement')} />
                  <Group>
                    <Button type="submit" loading={start.isPending}>{t('common.save')}</Button>
                    <Button variant="default" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
                  </Group>
                </Stack>
              </form>
            </Card>
          )}
          <Title order={2} fz="lg" mb="sm">{t('scholarships.applications')}</Title>
          {submitError?.code === 'NOT_ELIGIBLE' ? <NotEligible error={submitError} /> : <ErrorAlert error={submit.error} />}
          {message && <Alert color="teal" variant="light" role="status" mb="md">{message}</Alert>}
          <QueryState query={applications} isEmpty={(d) => d.items.length === 0} empty={t('scholarships.noApplications')}>
            {(page) => (
              <div className="table-scroll">
                <Table striped verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('scholarships.participant')}</Table.Th>
                      <Table.Th scope="col">{t('common.status')}</Table.Th>
                      <Table.Th scope="col">{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>{nameOf(a.participantId)}</Table.Td>
                        <Table.Td><StatusBadge status={a.status} label={t(`applicationStatus.${a.status}`)} /></Table.Td>
                        <Table.Td>
                          {a.status === 'draft' && (
                            <Button size="xs" loading={submit.isPending && submit.variables === a.id}
                              onClick={() => { setMessage(null); submit.mutate(a.id, { onSuccess: () => setMessage(t('scholarships.submitted')) }); }}>
                              {t('scholarships.submit')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            )}
          </QueryState>
        </>
      )}
    </QueryState>
  );
}
