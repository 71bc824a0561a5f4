import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { once } from 'events';
import type { Actor } from '../common/auth/actor';
import { ParticipantFilterDto } from './dto/participant.dto';
import { escapeCsvCell } from './participant-rules';
import { ParticipantEntity } from './participant.entity';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stringify } = require('csv-stringify') as typeof import('csv-stringify');

/** Columns of the export: the import's columns first (so the file imports back), then id and createdAt. */
export const EXPORT_COLUMNS = [
  'fullName',
  'nativeName',
  'email',
  'nationality',
  'gender',
  'dateOfBirth',
  'phone',
  'organizationId',
  'id',
  'createdAt',
] as const;
const PAGE = 1000;

/**
 * Streams the caller's participants as CSV (UTF-8 with BOM so spreadsheets show Urdu and
 * Chinese). Reads keyset pages of 1,000 and waits for the client to drain, so memory stays flat.
 * Cells a spreadsheet would run as formulas are prefixed with a single quote.
 */
@Injectable()
export class ParticipantsExportService {
  private readonly logger = new Logger(ParticipantsExportService.name);

  constructor(
    private readonly participants: ParticipantsService,
    private readonly repo: ParticipantsRepository,
  ) {}

  async exportCsv(actor: Actor, filter: ParticipantFilterDto, reply: FastifyReply): Promise<void> {
    // Tenancy and filter errors (404 for another organisation), and a failure of the first page,
    // surface as ordinary JSON errors: nothing has been sent yet.
    const filters = await this.participants.filters(actor, filter);
    const page = (after: string | null): Promise<ParticipantEntity[]> =>
      this.repo.exportPage(actor, filters, after, PAGE);
    let rows = await page(null);
    const res = reply.raw;
    const csv = stringify({
      bom: true,
      header: true,
      columns: [...EXPORT_COLUMNS],
      cast: { string: (value: string) => escapeCsvCell(value) },
    });
    // The client may have gone while the first page was read, before this listener existed:
    // then Fastify destroys the CSV stream, writes return false and no 'drain' ever comes.
    let closed = false;
    res.on('close', () => (closed = true));
    const gone = () => closed || res.destroyed || csv.destroyed;
    // Fastify pipes the stream to the socket with back-pressure; the loop below waits on it.
    void reply
      .status(200)
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="participants.csv"')
      .header('Cache-Control', 'no-store')
      .send(csv);
    try {
      for (;;) {
        for (const p of rows) {
          if (gone()) break;
          const ok = csv.write({
            fullName: p.fullName,
            nativeName: p.nativeName,
            email: p.email,
            nationality: p.nationality,
            gender: p.gender,
            dateOfBirth: p.dateOfBirth,
            phone: p.phone,
            organizationId: p.organizationId,
            id: p.id,
            createdAt: p.createdAt.toISOString(),
          });
          if (!ok && !gone()) await drainedOrClosed(csv, res);
        }
        if (gone() || rows.length < PAGE) break;
        rows = await page(rows[rows.length - 1].id);
      }
      if (!csv.destroyed) csv.end();
    } catch (err) {
      // Headers are gone already: cut the response so the client sees an incomplete file, not a
      // short one, and say why here, since no error response can.
      this.logger.warn({ err: (err as Error)?.message }, 'participants export cut short');
      csv.destroy();
      res.destroy(err as Error);
    }
  }
}

/**
 * Waits until the CSV stream drains, or the client goes away or the stream is destroyed,
 * leaving no listener behind.
 */
async function drainedOrClosed(csv: NodeJS.EventEmitter, res: NodeJS.EventEmitter): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(csv, 'drain', { signal: ac.signal }),
      once(csv, 'close', { signal: ac.signal }),
      once(res, 'close', { signal: ac.signal }),
    ]);
  } finally {
    ac.abort();
  }
}
