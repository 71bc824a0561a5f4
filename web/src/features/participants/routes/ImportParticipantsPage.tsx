import { Alert, Button, Group, Input, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { formatNumber } from '../../../lib/format/intl';
import { useImportParticipants } from '../api/participants';

export default function ImportParticipantsPage() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const importer = useImportParticipants();
  const result = importer.data;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (file) importer.mutate(file);
  }

  return (
    <>
      <PageHeader title={t('import.title')} />
      <Text mb="md" maw={720}>{t('import.help')}</Text>
      <form onSubmit={submit}>
        <Group align="flex-end" mb="lg">
          {/* A native file input: every browser and assistive technology knows it. */}
          <Input.Wrapper label={t('import.file')} id="csv-file" w={{ base: '100%', sm: 320 }}>
            <input
              id="csv-file"
              type="file"
              accept=".csv,text/csv"
              className="file-input"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </Input.Wrapper>
          <Button type="submit" loading={importer.isPending}>{t('import.submit')}</Button>
          <Button component={Link} to="/participants" variant="default">{t('common.back')}</Button>
        </Group>
      </form>
      <ErrorAlert error={importer.error} />
      {result && (
        <Stack>
          <Alert color={result.errors.length ? 'orange' : 'teal'} variant="light" role="status">
            <List>
              <List.Item>{t('import.created', { count: result.created, formatted: formatNumber(i18n.language, result.created) })}</List.Item>
              <List.Item>{t('import.duplicates', { count: result.duplicates })}</List.Item>
              <List.Item>{t('import.failed', { count: result.failed })}</List.Item>
            </List>
          </Alert>
          {result.errors.length > 0 && (
            <>
              <Title order={2} fz="lg">{t('import.errorsTitle')}</Title>
              <div className="table-scroll">
                <Table striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('import.row')}</Table.Th>
                      <Table.Th scope="col">{t('import.field')}</Table.Th>
                      <Table.Th scope="col">{t('import.message')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.errors.map((err, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{formatNumber(i18n.language, err.row)}</Table.Td>
                        <Table.Td>{err.field}</Table.Td>
                        <Table.Td>{err.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
              {result.errorsTruncated && <Text c="dimmed">{t('import.truncated')}</Text>}
            </>
          )}
        </Stack>
      )}
    </>
  );
}
