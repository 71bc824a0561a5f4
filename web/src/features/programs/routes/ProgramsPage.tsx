import { Anchor, Button, Group, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDateTime, formatNumber, localName } from '../../../lib/format/intl';
import { usePrograms } from '../api/programs';

export default function ProgramsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [cursors, setCursors] = useState<string[]>([]);
  const query = usePrograms(q, cursors.at(-1));

  return (
    <>
      <PageHeader title={t('programs.title')} />
      <Group mb="md">
        <TextInput type="search" label={t('common.search')} value={search} w={{ base: '100%', sm: 360 }}
          onChange={(e) => { setSearch(e.currentTarget.value); setCursors([]); }} />
      </Group>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={t('programs.empty')}>
        {(page) => (
          <>
            <div className="table-scroll">
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('programs.name')}</Table.Th>
                    <Table.Th scope="col">{t('programs.type')}</Table.Th>
                    <Table.Th scope="col">{t('programs.starts')}</Table.Th>
                    <Table.Th scope="col">{t('programs.seats')}</Table.Th>
                    <Table.Th scope="col">{t('common.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td><Anchor component={Link} to={`/programs/${p.id}`}>{localName(lang, p.title)}</Anchor></Table.Td>
                      <Table.Td>{t(`programType.${p.type}`)}</Table.Td>
                      <Table.Td>{formatDateTime(lang, p.startsAt, p.timeZone)}</Table.Td>
                      <Table.Td>{t('programs.seatsOf', { left: formatNumber(lang, p.seatsLeft), capacity: formatNumber(lang, p.capacity) })}</Table.Td>
                      <Table.Td><StatusBadge status={p.status} label={t(`programStatus.${p.status}`)} /></Table.Td>
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
