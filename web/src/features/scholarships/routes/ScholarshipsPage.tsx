import { Anchor, Button, Group, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDateTime, formatMoney, formatNumber, localName } from '../../../lib/format/intl';
import { useScholarships } from '../api/scholarships';

export default function ScholarshipsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [cursors, setCursors] = useState<string[]>([]);
  const query = useScholarships(q, cursors.at(-1));

  return (
    <>
      <PageHeader title={t('scholarships.title')} />
      <Group mb="md">
        <TextInput type="search" label={t('common.search')} value={search} w={{ base: '100%', sm: 360 }}
          onChange={(e) => { setSearch(e.currentTarget.value); setCursors([]); }} />
      </Group>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={t('scholarships.empty')}>
        {(page) => (
          <>
            <div className="table-scroll">
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('scholarships.name')}</Table.Th>
                    <Table.Th scope="col">{t('scholarships.level')}</Table.Th>
                    <Table.Th scope="col">{t('scholarships.closes')}</Table.Th>
                    <Table.Th scope="col">{t('scholarships.stipend')}</Table.Th>
                    <Table.Th scope="col">{t('scholarships.places')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td><Anchor component={Link} to={`/scholarships/${s.id}`}>{localName(lang, s.name)}</Anchor></Table.Td>
                      <Table.Td>{t(`scholarshipLevel.${s.level}`)}</Table.Td>
                      <Table.Td>{formatDateTime(lang, s.closesAt)}</Table.Td>
                      <Table.Td>{formatMoney(lang, s.stipend)}</Table.Td>
                      <Table.Td>{formatNumber(lang, s.placesLeft)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
            {page.nextCursor && (
              <Button variant="default" mt="md" onClick={() => setCursors([...cursors, page.nextCursor!])}>{t('common.next')}</Button>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
