import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { TransactionRunner } from '../common/database/transaction-runner';
import { NotFoundError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, paginate } from '../common/pagination';
import { CityExistsError } from './cities.errors';
import { CitiesRepository } from './cities.repository';
import {
  CityQueryDto,
  CityResponse,
  CreateCityDto,
  toCityResponse,
  UpdateCityDto,
} from './dto/city.dto';

/** Cities and counties are public catalogue data: everyone reads, staff write. */
@Injectable()
export class CitiesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: CitiesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateCityDto): Promise<CityResponse> {
    return this.tx.run(async (m) => {
      let saved;
      try {
        saved = await this.repo.insert(m, {
          names: toI18nName(dto.names),
          country: dto.country,
          region: dto.region ?? null,
          kind: dto.kind,
        });
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
          throw new CityExistsError();
        throw err;
      }
      await this.audit.record(m, {
        action: 'city.created',
        entityType: 'city',
        entityId: saved.id,
        after: toCityResponse(saved),
      });
      return toCityResponse(saved);
    });
  }

  async list(query: CityQueryDto): Promise<Page<CityResponse>> {
    return paginate(this.repo.listQuery(this.repo.reader, query), query, toCityResponse);
  }

  async get(id: string): Promise<CityResponse> {
    const city = await this.repo.findById(this.repo.reader, id);
    if (!city) throw new NotFoundError('City');
    return toCityResponse(city);
  }

  async update(id: string, dto: UpdateCityDto): Promise<CityResponse> {
    return this.tx.run(async (m) => {
      const before = await this.repo.findById(m, id);
      if (!before) throw new NotFoundError('City');
      try {
        await this.repo.update(m, id, dto.version, {
          names: dto.names ? toI18nName(dto.names) : undefined,
          country: dto.country || undefined,
          region: dto.region,
          kind: dto.kind || undefined,
        });
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
          throw new CityExistsError();
        throw err;
      }
      const after = (await this.repo.findById(m, id))!;
      await this.audit.record(m, {
        action: 'city.updated',
        entityType: 'city',
        entityId: id,
        before: toCityResponse(before),
        after: toCityResponse(after),
      });
      return toCityResponse(after);
    });
  }
}
