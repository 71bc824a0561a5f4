import { Anchor, Button, Group, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { countryName } from '../../../lib/format/countries';
import { formatDate } from '../../../lib/format/intl';
import { useParticipants } from '../api/participants';

export default function ParticipantsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [cursors, setCursors] = useState<string[]>([]);
  const query = useParticipants(q, cursors.at(-1));

  return (
    <>
      <PageHeader title={t('participants.title')}>
        <Button component={Link} to="/participants/new">{t('participants.add')}</Button>
        <Button component={Link} to="/participants/import" variant="default">{t('participants.import')}</Button>
      </PageHeader>
      <Group mb="md">
        <TextInput
          type="search"
          label={t('common.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setCursors([]);
          }}
          w={{ base: '100%', sm: 360 }}
        />
      </Group>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={q ? t('participants.noMatch') : t('participants.empty')}>
        {(page) => (
          <>
            <div className="table-scroll">
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('participants.fullName')}</Table.Th>
                    <Table.Th scope="col">{t('participants.nativeName')}</Table.Th>
                    <Table.Th scope="col">{t('participants.nationality')}</Table.Th>
                    <Table.Th scope="col">{t('participants.dateOfBirth')}</Table.Th>
                    <Table.Th scope="col">{t('participants.email')}</Table.Th>
                    <Table.Th scope="col">{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.fullName}</Table.Td>
                      <Table.Td>{p.nativeName}</Table.Td>
                      <Table.Td>{countryName(lang, p.nationality)}</Table.Td>
                      <Table.Td>{formatDate(lang, p.dateOfBirth)}</Table.Td>
                      <Table.Td>{p.email}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/participants/${p.id}/edit`} aria-label={`${t('common.edit')} ${p.fullName}`}>
                          {t('common.edit')}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            {page.nextCursor && (
              <Button variant="default" mt="md" onClick={() => setCursors([...cursors, page.nextCursor!])}>
                {t('common.next')}
              </Button>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
