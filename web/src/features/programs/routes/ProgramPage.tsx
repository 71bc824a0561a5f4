import { Alert, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { ParticipantSelect } from '../../../components/ParticipantSelect';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { formatDateTime, formatNumber, localName } from '../../../lib/format/intl';
import { useCancelRegistration, useProgram, useRegister, useRegistrations, type Program } from '../api/programs';

/** A program's time in its own zone and, when the viewer's differs, in the viewer's too. */
function ZonedTime({ iso, zone }: { iso: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const own = formatDateTime(i18n.language, iso, zone);
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const mine = formatDateTime(i18n.language, iso, viewerZone);
  return (
    <>
      {own}
      {viewerZone !== zone && mine !== own && (
        <Text span c="dimmed" size="sm"> · {t('programs.yourTime', { time: mine })}</Text>
      )}
    </>
  );
}

function Facts({ program }: { program: Program }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card withBorder mb="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Text><Text span c="dimmed">{t('programs.type')}: </Text>{t(`programType.${program.type}`)}</Text>
        <Text><Text span c="dimmed">{t('programs.seats')}: </Text>{t('programs.seatsOf', { left: formatNumber(lang, program.seatsLeft), capacity: formatNumber(lang, program.capacity) })}</Text>
        <Text><Text span c="dimmed">{t('programs.starts')}: </Text><ZonedTime iso={program.startsAt} zone={program.timeZone} /></Text>
        <Text><Text span c="dimmed">{t('programs.ends')}: </Text><ZonedTime iso={program.endsAt} zone={program.timeZone} /></Text>
        <Text><Text span c="dimmed">{t('programs.deadline')}: </Text><ZonedTime iso={program.registrationDeadline} zone={program.timeZone} /></Text>
        <Text c="dimmed" size="sm">{t('programs.timeZone', { zone: program.timeZone })}</Text>
      </SimpleGrid>
      {program.description && <Text mt="sm">{program.description}</Text>}
    </Card>
  );
}

export default function ProgramPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const program = useProgram(id);
  const registrations = useRegistrations(id);
  const register = useRegister(id);
  const cancel = useCancelRegistration(id);
  const errors = useFieldErrors();
  const [participantId, setParticipantId] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    setMessage(null);
    if (!participantId) return;
    try {
      const r = await register.mutateAsync(participantId);
      setMessage(t('programs.registered', { name: r.participant.fullName, status: t(`registrationStatus.${r.status}`) }));
      setParticipantId('');
    } catch (err) {
      errors.capture(err);
    }
  }

  return (
    <QueryState query={program}>
      {(p) => (
        <>
          <PageHeader title={localName(lang, p.title)}>
            <StatusBadge status={p.status} label={t(`programStatus.${p.status}`)} />
          </PageHeader>
          <Facts program={p} />
          <Card withBorder mb="lg" component="section" aria-labelledby="register-heading">
            <Title order={2} fz="lg" mb="sm" id="register-heading">{t('programs.registerTitle')}</Title>
            {p.registrationOpen ? (
              <form onSubmit={submit}>
                <Group align="flex-end">
                  <div style={{ flex: '1 1 260px' }}>
                    <ParticipantSelect label={t('programs.participant')} value={participantId} onChange={setParticipantId} error={errors.fieldError('participantId')} />
                  </div>
                  <Button type="submit" loading={register.isPending}>{t('programs.register')}</Button>
                </Group>
              </form>
            ) : (
              <Text c="dimmed">{t('programs.closed')}</Text>
            )}
            {message && <Alert color="teal" variant="light" role="status" mt="md">{message}</Alert>}
            <Stack mt={errors.otherError ? 'md' : 0}><ErrorAlert error={errors.otherError ?? cancel.error} /></Stack>
          </Card>
          <Title order={2} fz="lg" mb="sm">{t('programs.registrations')}</Title>
          <QueryState query={registrations} isEmpty={(d) => d.items.length === 0} empty={t('programs.noRegistrations')}>
            {(page) => (
              <div className="table-scroll">
                <Table striped verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('programs.participant')}</Table.Th>
                      <Table.Th scope="col">{t('common.status')}</Table.Th>
                      <Table.Th scope="col">{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>{r.participant.fullName}{r.participant.nativeName && <Text span c="dimmed"> ({r.participant.nativeName})</Text>}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={r.status} label={t(`registrationStatus.${r.status}`)} />
                          {r.status === 'waitlisted' && r.waitlistPosition != null && (
                            <Text span size="sm" c="dimmed" ms="xs">{t('programs.waitlistPosition', { position: formatNumber(lang, r.waitlistPosition) })}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {r.status !== 'cancelled' && (
                            <Button size="xs" variant="outline" color="red" loading={cancel.isPending && cancel.variables === r.id}
                              aria-label={`${t('programs.cancel')}: ${r.participant.fullName}`}
                              onClick={() => cancel.mutate(r.id, { onSuccess: () => setMessage(t('programs.cancelled')) })}>
                              {t('programs.cancel')}
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
