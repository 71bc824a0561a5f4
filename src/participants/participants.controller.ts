import { Body, Controller, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/auth/actor';
import { AnyRole, CurrentActor, Roles } from '../common/auth/auth.decorators';
import { ValidationFailedError } from '../common/errors';
import { receiveFile } from '../common/http/upload';
import { PageOf } from '../common/pagination';
import { UuidParam } from '../common/validation/id-param';
import {
  CreateParticipantDto,
  DuplicatesQueryDto,
  DuplicatesResponse,
  ImportQueryDto,
  MergeParticipantDto,
  ImportResultResponse,
  ParticipantFilterDto,
  ParticipantQueryDto,
  ParticipantResponse,
  PersonalDataResponse,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { ParticipantsExportService } from './participants-export.service';
import { ParticipantsImportService } from './participants-import.service';
import { ParticipantsMergeService } from './participants-merge.service';
import { ParticipantsPrivacyService } from './participants-privacy.service';
import { ParticipantsService } from './participants.service';

class ParticipantPage extends PageOf(ParticipantResponse) {}

@ApiTags('participants')
@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly importer: ParticipantsImportService,
    private readonly exporter: ParticipantsExportService,
    private readonly privacy: ParticipantsPrivacyService,
    private readonly merger: ParticipantsMergeService,
  ) {}

  /** An ngo_member's participants always belong to its organisation; staff may name one. */
  @Post()
  @AnyRole()
  @ApiCreatedResponse({ type: ParticipantResponse })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateParticipantDto,
  ): Promise<ParticipantResponse> {
    return this.participants.create(actor, dto);
  }

  /** List participants. */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: ParticipantPage })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ParticipantQueryDto,
  ): Promise<ParticipantPage> {
    return this.participants.list(actor, query);
  }

  /**
   * CSV upload (multipart field `file`, header row; columns fullName, nativeName, email,
   * nationality, gender, dateOfBirth, phone and, for staff, organizationId). Rows are numbered
   * counting the header as row 1. Good rows are saved, bad ones reported, duplicates counted.
   */
  @Post('import')
  @AnyRole()
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: ImportResultResponse })
  async import(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Query() query: ImportQueryDto,
  ): Promise<ImportResultResponse> {
    const file = await receiveFile(req, 'file');
    if (!file)
      throw new ValidationFailedError([
        { field: 'file', message: 'a CSV file is required in the multipart field "file"' },
      ]);
    try {
      return await this.importer.importFile(actor, file.path, query);
    } finally {
      await file.remove();
    }
  }

  /** The caller's participants as CSV (UTF-8 with BOM); formula-looking cells are quote-prefixed. */
  @Get('export.csv')
  @AnyRole()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV file', schema: { type: 'string' } })
  async export(
    @CurrentActor() actor: Actor,
    @Query() filter: ParticipantFilterDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.exporter.exportCsv(actor, filter, reply);
  }

  /** Likely duplicates across organisations (staff): one person, one record. */
  @Get('duplicates')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: DuplicatesResponse })
  async duplicates(@Query() query: DuplicatesQueryDto): Promise<DuplicatesResponse> {
    return { items: await this.merger.duplicates(query.limit ?? 50) };
  }

  /**
   * Merges record `:id` into `intoId` (staff): its registrations and applications move to
   * `intoId` and its organisation, then `:id` is gone. 409 MERGE_CONFLICT when both hold a live
   * registration in one program or a live application to one scheme.
   */
  @Post(':id/merge')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: ParticipantResponse })
  merge(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: MergeParticipantDto,
  ): Promise<ParticipantResponse> {
    return this.merger.merge(actor, id, dto.intoId);
  }

  /** One participant. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: ParticipantResponse })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ParticipantResponse> {
    return this.participants.get(actor, id);
  }

  /** Change a participant. */
  @Patch(':id')
  @AnyRole()
  @ApiOkResponse({ type: ParticipantResponse })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() dto: UpdateParticipantDto,
  ): Promise<ParticipantResponse> {
    return this.participants.update(actor, id, dto);
  }

  /** Everything held about the person, as JSON (admin). The export itself is audited. */
  @Get(':id/personal-data')
  @Roles('admin')
  @ApiOkResponse({ type: PersonalDataResponse })
  personalData(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
  ): Promise<PersonalDataResponse> {
    return this.privacy.personalData(actor, id);
  }

  /** Anonymises the person, keeping nationality, gender and organisation for counts (admin). */
  @Post(':id/erase')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: ParticipantResponse })
  erase(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<ParticipantResponse> {
    return this.privacy.erase(actor, id);
  }
}
