import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { PageHeader } from '../../../components/PageHeader';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { countryOptions } from '../../../lib/format/countries';
import { useParticipant, useSaveParticipant, type ParticipantInput } from '../api/participants';

const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
const EMPTY = { fullName: '', nativeName: '', email: '', nationality: 'PK', dateOfBirth: '', gender: '' };

/** Edits wait for the record, so the form starts with its values (never a blank flash). */
export default function ParticipantFormPage() {
  const { id } = useParams();
  const existing = useParticipant(id);
  if (id && !existing.data)
    return existing.error ? <ErrorAlert error={existing.error} /> : <PageLoader />;
  const p = existing.data;
  const initial = p
    ? {
        fullName: p.fullName, nativeName: p.nativeName ?? '', email: p.email ?? '',
        nationality: p.nationality, dateOfBirth: p.dateOfBirth ?? '', gender: p.gender ?? '',
      }
    : EMPTY;
  return <ParticipantForm id={id} version={p?.version} initial={initial} />;
}

function ParticipantForm({ id, version, initial }: { id?: string; version?: number; initial: typeof EMPTY }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveParticipant(id);
  const errors = useFieldErrors();
  const [form, setForm] = useState(initial);

  const set = (k: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    const body: ParticipantInput & { version?: number } = {
      fullName: form.fullName,
      nativeName: form.nativeName || null,
      email: form.email || null,
      nationality: form.nationality,
      dateOfBirth: form.dateOfBirth || null,
      gender: (form.gender || null) as ParticipantInput['gender'],
      ...(version !== undefined && { version }),
    };
    try {
      await save.mutateAsync(body);
      navigate('/participants');
    } catch (err) {
      errors.capture(err);
    }
  }

  const fe = errors.fieldError;
  return (
    <>
      <PageHeader title={id ? t('participants.editTitle') : t('participants.add')} />
      <ErrorAlert error={errors.otherError} />
      <form onSubmit={submit} noValidate>
        <Stack maw={640}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('participants.fullName')} required value={form.fullName} onChange={set('fullName')} error={fe('fullName')} />
            <TextInput label={t('participants.nativeName')} value={form.nativeName} onChange={set('nativeName')} error={fe('nativeName')} />
          </SimpleGrid>
          <TextInput label={t('participants.email')} type="email" value={form.email} onChange={set('email')} error={fe('email')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect label={t('participants.nationality')} value={form.nationality} onChange={set('nationality')} error={fe('nationality')}
              data={countryOptions(i18n.language)} />
            <TextInput label={t('participants.dateOfBirth')} placeholder="2001-05-01" description={t('participants.dateHint')}
              inputMode="numeric" value={form.dateOfBirth} onChange={set('dateOfBirth')} error={fe('dateOfBirth')} />
            <NativeSelect label={t('participants.gender')} value={form.gender} onChange={set('gender')} error={fe('gender')}
              data={[{ value: '', label: '—' }, ...GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))]} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
            <Button component={Link} to="/participants" variant="default">{t('common.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
