import { Anchor, Button, Group, NativeSelect, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { countryName } from '../../../lib/format/countries';
import { formatDate, localName } from '../../../lib/format/intl';
import { useOrganizations, type OrganizationStatus } from '../api/organizations';

const STATUSES: OrganizationStatus[] = ['pending', 'approved', 'rejected', 'suspended'];

export default function OrganizationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [status, setStatus] = useState<OrganizationStatus | ''>('pending');
  const [cursors, setCursors] = useState<string[]>([]);
  const query = useOrganizations(status, cursors.at(-1));

  return (
    <>
      <PageHeader title={t('organizations.title')} />
      <Group mb="md">
        <NativeSelect
          label={t('common.status')}
          value={status}
          onChange={(e) => {
            setStatus(e.currentTarget.value as OrganizationStatus | '');
            setCursors([]);
          }}
          data={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`orgStatus.${s}`) }))]}
        />
      </Group>
      <QueryState query={query} isEmpty={(d) => d.items.length === 0} empty={t('organizations.empty')}>
        {(page) => (
          <>
            <div className="table-scroll">
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('organizations.name')}</Table.Th>
                    <Table.Th scope="col">{t('organizations.type')}</Table.Th>
                    <Table.Th scope="col">{t('organizations.country')}</Table.Th>
                    <Table.Th scope="col">{t('organizations.registered')}</Table.Th>
                    <Table.Th scope="col">{t('common.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((o) => (
                    <Table.Tr key={o.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/organizations/${o.id}`}>{localName(lang, o.name)}</Anchor>
                      </Table.Td>
                      <Table.Td>{t(`orgType.${o.type}`)}</Table.Td>
                      <Table.Td>{countryName(lang, o.country)}</Table.Td>
                      <Table.Td>{formatDate(lang, o.createdAt)}</Table.Td>
                      <Table.Td><StatusBadge status={o.status} label={t(`orgStatus.${o.status}`)} /></Table.Td>
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
