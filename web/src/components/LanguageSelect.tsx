import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../i18n';

/** "Language": each option in its own script, so anyone can find theirs. */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('app.language')}
      size={compact ? 'xs' : 'sm'}
      value={i18n.language}
      onChange={(e) => void changeLanguage(e.currentTarget.value as Language)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      w={compact ? 110 : undefined}
    />
  );
}
