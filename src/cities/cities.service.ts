import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { escapeLike } from '../common/database/escape-like';
import { updateVersioned } from '../common/database/versioned-update';
import { NotFoundError } from '../common/errors';
import { toI18nName } from '../common/i18n-name/i18n-name.dto';
import { Page, paginate } from '../common/pagination';
import { CityExistsError } from './cities.errors';
import { CityEntity } from './city.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateCityDto): Promise<CityResponse> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(CityEntity);
      const city = repo.create({
        names: toI18nName(dto.names),
        country: dto.country,
        region: dto.region ?? null,
        kind: dto.kind,
      });
      try {
        await repo.insert(city);
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
          throw new CityExistsError();
        throw err;
      }
      const saved = await repo.findOneByOrFail({ id: city.id });
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
    const qb = this.dataSource.getRepository(CityEntity).createQueryBuilder('c');
    if (query.q)
      qb.andWhere('c.search_text LIKE :q', { q: `%${escapeLike(query.q.toLowerCase())}%` });
    if (query.country) qb.andWhere('c.country = :country', { country: query.country });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    return paginate(qb, query, toCityResponse);
  }

  async get(id: string): Promise<CityResponse> {
    const city = await this.dataSource.getRepository(CityEntity).findOneBy({ id });
    if (!city) throw new NotFoundError('City');
    return toCityResponse(city);
  }

  async update(id: string, dto: UpdateCityDto): Promise<CityResponse> {
    return this.dataSource.transaction(async (m) => {
      const before = await m.getRepository(CityEntity).findOneBy({ id });
      if (!before) throw new NotFoundError('City');
      const set: Record<string, unknown> = {};
      if (dto.names) set.names = JSON.stringify(toI18nName(dto.names));
      if (dto.country) set.country = dto.country;
      if (dto.region !== undefined) set.region = dto.region;
      if (dto.kind) set.kind = dto.kind;
      try {
        await updateVersioned(m, 'cities', id, dto.version, set, 'City');
      } catch (err) {
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
          throw new CityExistsError();
        throw err;
      }
      const after = await m.getRepository(CityEntity).findOneByOrFail({ id });
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
