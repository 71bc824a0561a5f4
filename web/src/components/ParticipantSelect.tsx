import { NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../lib/api/client';

/** The caller's participants (first 100) for pickers and for naming them in other lists. */
export function useParticipantOptions() {
  return useQuery({
    queryKey: ['participants', 'options'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/participants', { params: { query: { limit: 100 } } })).items,
  });
}

/**
 * The "Participant" picker shared by registrations and applications: the caller's own
 * organisation's people (the API scopes the list), as a native select.
 */
export function ParticipantSelect({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const options = useParticipantOptions();
  return (
    <NativeSelect
      label={label}
      required
      value={value}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: options.isPending ? t('common.loading') : t('common.choose') },
        ...(options.data ?? []).map((p) => ({
          value: p.id,
          label: p.nativeName ? `${p.fullName} (${p.nativeName})` : p.fullName,
        })),
      ]}
    />
  );
}
