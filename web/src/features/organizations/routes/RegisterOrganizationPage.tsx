import { Alert, Anchor, Button, Fieldset, NativeSelect, PasswordInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PublicLayout } from '../../../components/PublicLayout';
import { useFieldErrors } from '../../../lib/api/use-field-errors';
import { countryOptions } from '../../../lib/format/countries';
import { useRegisterOrganization, type RegisterOrganizationInput } from '../api/organizations';

const TYPES = ['ngo', 'enterprise', 'local_government', 'university', 'think_tank', 'overseas_association', 'media'] as const;

export default function RegisterOrganizationPage() {
  const { t, i18n } = useTranslation();
  const register = useRegisterOrganization();
  const errors = useFieldErrors();
  const [form, setForm] = useState({
    nameEn: '', nameZh: '', nameUr: '', type: 'ngo', country: 'PK', contactEmail: '',
    displayName: '', email: '', password: '',
  });
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    const body: RegisterOrganizationInput = {
      organization: {
        name: { en: form.nameEn, ...(form.nameZh && { zh: form.nameZh }), ...(form.nameUr && { ur: form.nameUr }) },
        type: form.type as RegisterOrganizationInput['organization']['type'],
        country: form.country,
        contactEmail: form.contactEmail,
      },
      account: { email: form.email, password: form.password, displayName: form.displayName },
    };
    try {
      await register.mutateAsync(body);
      setDone(form.nameEn);
    } catch (err) {
      errors.capture(err);
    }
  }

  if (done)
    return (
      <PublicLayout title={t('register.title')} wide>
        <Alert color="teal" variant="light" role="status" mb="md">
          {t('register.pending', { name: done })}
        </Alert>
        <Anchor component={Link} to="/login">{t('register.toSignIn')}</Anchor>
      </PublicLayout>
    );

  const fe = errors.fieldError;
  return (
    <PublicLayout title={t('register.title')} wide>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={errors.otherError} />
          <Fieldset legend={t('register.organisation')}>
            <Stack>
              <TextInput label={t('register.nameEn')} required value={form.nameEn} onChange={set('nameEn')} error={fe('organization.name.en') ?? fe('organization.name')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('register.nameZh')} lang="zh" value={form.nameZh} onChange={set('nameZh')} error={fe('organization.name.zh')} />
                <TextInput label={t('register.nameUr')} lang="ur" dir="rtl" value={form.nameUr} onChange={set('nameUr')} error={fe('organization.name.ur')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect label={t('register.type')} value={form.type} onChange={set('type')} error={fe('organization.type')}
                  data={TYPES.map((v) => ({ value: v, label: t(`orgType.${v}`) }))} />
                <NativeSelect label={t('register.country')} value={form.country} onChange={set('country')} error={fe('organization.country')}
                  data={countryOptions(i18n.language)} />
              </SimpleGrid>
              <TextInput label={t('register.contactEmail')} type="email" required value={form.contactEmail} onChange={set('contactEmail')} error={fe('organization.contactEmail')} />
            </Stack>
          </Fieldset>
          <Fieldset legend={t('register.account')}>
            <Stack>
              <TextInput label={t('register.yourName')} required autoComplete="name" value={form.displayName} onChange={set('displayName')} error={fe('account.displayName')} />
              <TextInput label={t('register.email')} type="email" required autoComplete="email" value={form.email} onChange={set('email')} error={fe('account.email')} />
              <PasswordInput label={t('register.password')} description={t('register.passwordHint')} required autoComplete="new-password" value={form.password} onChange={set('password')} error={fe('account.password')} />
            </Stack>
          </Fieldset>
          <Button type="submit" loading={register.isPending}>{t('register.submit')}</Button>
          <Anchor component={Link} to="/login" size="sm">{t('forgot.back')}</Anchor>
        </Stack>
      </form>
    </PublicLayout>
  );
}
