import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { createReadStream } from 'fs';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { Actor } from '../common/auth/actor';
import { TransactionRunner } from '../common/database/transaction-runner';
import { ValidationFailedError } from '../common/errors';
import { confinedOrganization } from '../common/tenancy/tenant-scope';
import { OrganizationLookup } from '../organizations/organization-lookup';
import { ImportErrorItem, ImportQueryDto, ImportResultResponse } from './dto/participant.dto';
import {
  CSV_COLUMNS,
  CsvColumn,
  REQUIRED_CSV_COLUMNS,
  validateCsvRow,
  ValidRow,
} from './participant-rules';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

// csv-parse ships ESM and CJS builds; the CJS one keeps this file CommonJS-only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse') as typeof import('csv-parse');
type CsvError = import('csv-parse').CsvError;

/** Rows per multi-row INSERT (one statement, one round trip, its own commit). */
export const IMPORT_BATCH_SIZE = 500;
/** The report lists at most this many errors and duplicate row numbers (the counts stay exact). */
export const IMPORT_REPORT_LIMIT = 1000;
/** Longest accepted CSV record, in characters; longer ones are reported and skipped. */
const MAX_RECORD_SIZE = 64 * 1024;
/** Columns of our own export that an import ignores, so an exported file can be imported back. */
const EXPORT_ONLY_COLUMNS = ['id', 'createdAt'];

interface PendingRow extends ValidRow {
  row: number;
  id: string;
  org: string | null;
}

type Parsed = { row: number; cells: string[] };

/**
 * Streams a participants CSV from disk: parse → validate → batched INSERT … ON CONFLICT DO NOTHING.
 * Memory stays flat whatever the file size (one batch plus capped report lists). Each batch
 * commits on its own, so a bad row never loses good ones; duplicates (already stored, or earlier
 * in the file) are the rows the unique indexes turned away.
 */
@Injectable()
export class ParticipantsImportService {
  private readonly logger = new Logger(ParticipantsImportService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly participants: ParticipantsService,
    private readonly repo: ParticipantsRepository,
    private readonly organizations: OrganizationLookup,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Imports the CSV at `path`. Row numbers count the header as row 1, so the first data row is
   * row 2 (what a spreadsheet shows). Blank lines count as rows and are skipped silently.
   */
  async importFile(
    actor: Actor,
    path: string,
    query: ImportQueryDto,
  ): Promise<ImportResultResponse> {
    const defaultOrg = await this.participants.resolveOrganization(
      this.repo.outsideTransaction,
      actor,
      query.organizationId,
    );
    const own = confinedOrganization(actor);
    const today = this.clock.now().toISOString().slice(0, 10);
    const result: ImportResultResponse = {
      created: 0,
      duplicates: 0,
      duplicateRows: [],
      failed: 0,
      errors: [],
      errorsTruncated: false,
    };
    const report = (row: number, field: string, message: string) => {
      if (result.errors.length < IMPORT_REPORT_LIMIT)
        result.errors.push({ row, field, message } satisfies ImportErrorItem);
      else result.errorsTruncated = true;
    };

    // Row numbers are assigned inside the parser's own callbacks, which run in file order for
    // good and malformed records alike.
    let ordinal = 0;
    let lastSkippedLine = -1;
    const parser = parse({
      bom: true,
      // A stray quote inside a cell is kept as text (as spreadsheets do); only a quote never
      // closed is an error, and it swallows the rest of the file.
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_SIZE,
      // Typed by csv-parse as returning a record; we wrap each record with its row number.
      on_record: ((cells: string[]): Parsed => ({ row: ++ordinal, cells })) as never,
      on_skip: (err: CsvError | undefined) => {
        // One malformed record may raise several errors; count it once.
        const line = typeof err?.lines === 'number' ? err.lines : -1;
        if (line !== -1 && line === lastSkippedLine) return undefined;
        lastSkippedLine = line;
        result.failed++;
        const tail =
          err?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? ' (a quote opened here is never closed, so the rest of the file could not be read)'
            : '';
        report(
          ++ordinal,
          'file',
          `malformed CSV record: ${(err?.message ?? 'unreadable').replace(/\s+/g, ' ').slice(0, 200)}${tail}`,
        );
        return undefined;
      },
    });
    const source = createReadStream(path);
    source.on('error', (err) => parser.destroy(err));
    source.pipe(parser);

    let columns: (CsvColumn | null)[] | undefined;
    const orgExists = new Map<string, boolean>();
    let batch: PendingRow[] = [];
    let rows = 0;
    try {
      for await (const { row, cells } of parser as AsyncIterable<Parsed>) {
        if (!columns) {
          columns = this.readHeader(cells);
          continue;
        }
        if (cells.every((c) => c.trim() === '')) continue;
        rows++;
        if (cells.length > columns.length) {
          result.failed++;
          report(
            row,
            'file',
            `the row has ${cells.length} cells but the header names ${columns.length} columns`,
          );
          continue;
        }
        const named: Partial<Record<CsvColumn, string>> = {};
        columns.forEach((c, i) => {
          if (c) named[c] = cells[i] ?? '';
        });
        const { row: valid, errors } = validateCsvRow(named, today);
        let org = defaultOrg;
        if (valid?.organizationId) {
          org = valid.organizationId;
          const visible = own ? org === own : await this.organizationExists(org, orgExists);
          if (!visible) errors.push({ field: 'organizationId', message: 'organization not found' });
        }
        if (!valid || errors.length > 0) {
          result.failed++;
          for (const e of errors) report(row, e.field, e.message);
          continue;
        }
        batch.push({ ...valid, row, id: randomUUID(), org });
        if (batch.length >= IMPORT_BATCH_SIZE) {
          await this.flush(actor, batch, result);
          batch = [];
        }
      }
      if (!columns)
        throw new ValidationFailedError([
          { field: 'file', message: 'the file is empty: a header row is required' },
        ]);
      await this.flush(actor, batch, result);
    } finally {
      source.destroy();
      parser.destroy();
    }
    await this.audit.record(null, {
      action: 'participant.import',
      entityType: 'participant_import',
      entityId: null,
      after: {
        organizationId: defaultOrg,
        rows,
        created: result.created,
        duplicates: result.duplicates,
        failed: result.failed,
      },
      actor,
    });
    this.logger.log(
      `import by ${actor.userId}: ${rows} rows, ${result.created} created, ${result.duplicates} duplicates, ${result.failed} failed`,
    );
    return result;
  }

  /** Maps header cells to known columns; 400 for unknown, repeated or missing required columns. */
  private readHeader(cells: string[]): (CsvColumn | null)[] {
    const problems: { field: string; message: string }[] = [];
    const seen = new Set<string>();
    const columns = cells.map((raw) => {
      const name = raw.trim();
      const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
      if (!column) {
        if (!EXPORT_ONLY_COLUMNS.some((c) => c.toLowerCase() === name.toLowerCase())) {
          problems.push({
            field: 'file',
            message: `unknown column "${name.slice(0, 50)}" (allowed: ${CSV_COLUMNS.join(', ')})`,
          });
        }
        return null;
      }
      if (seen.has(column))
        problems.push({ field: 'file', message: `column "${column}" appears twice` });
      seen.add(column);
      return column;
    });
    for (const required of REQUIRED_CSV_COLUMNS) {
      if (!seen.has(required))
        problems.push({
          field: 'file',
          message: `the header row must name the column "${required}"`,
        });
    }
    if (problems.length > 0)
      throw new ValidationFailedError(
        problems,
        'The CSV header row is not usable; nothing was imported',
      );
    return columns;
  }

  private async organizationExists(id: string, cache: Map<string, boolean>): Promise<boolean> {
    let known = cache.get(id);
    if (known === undefined) {
      // Asked inside a transaction so the primary answers (an organisation created a moment ago
      // may not have reached a replica yet).
      known = await this.tx.run((m) => this.organizations.exists(m, id));
      cache.set(id, known);
    }
    return known!;
  }

  /**
   * One transaction per batch: the insert (rows the unique indexes refuse are skipped, including
   * a repeat of an earlier row of the same batch) and one audit event per created participant.
   */
  private async flush(
    actor: Actor,
    batch: PendingRow[],
    result: ImportResultResponse,
  ): Promise<void> {
    if (batch.length === 0) return;
    const inserted = await this.tx.run(async (m) => {
      const rows = await this.repo.insertImported(
        m,
        batch.map((r) => ({
          id: r.id,
          organizationId: r.org,
          fullName: r.fullName,
          nativeName: r.nativeName,
          nameKey: r.nameKey,
          email: r.email,
          phone: r.phone,
          nationality: r.nationality,
          gender: r.gender,
          dateOfBirth: r.dateOfBirth,
        })),
      );
      await this.audit.recordMany(
        m,
        rows.map((p) => ({
          action: 'participant.created',
          entityType: 'participant',
          entityId: p.id,
          after: { ...p, erased: false, version: 1, source: 'import' },
          actor,
        })),
      );
      return rows;
    });
    const created = new Set(inserted.map((r) => r.id));
    result.created += created.size;
    for (const r of batch) {
      if (created.has(r.id)) continue;
      result.duplicates++;
      if (result.duplicateRows.length < IMPORT_REPORT_LIMIT) result.duplicateRows.push(r.row);
    }
  }
}
