import { searchMatch, searchTerm } from '../common/search/search-match';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { updateEntityVersioned } from '../common/database/versioned-update';
import { CityEntity, CityKind } from './city.entity';

/** Filters of the city list. */
export interface CityFilter {
  q?: string;
  country?: string;
  kind?: CityKind;
}

/** Set-based access to `cities`; rule-free. */
@Injectable()
export class CitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The manager for reads outside a transaction. */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  /** Inserts a city and returns it as stored. */
  async insert(m: EntityManager, fields: Partial<CityEntity>): Promise<CityEntity> {
    const repo = m.getRepository(CityEntity);
    const city = repo.create(fields);
    await repo.insert(city);
    return repo.findOneByOrFail({ id: city.id });
  }

  findById(m: EntityManager, id: string): Promise<CityEntity | null> {
    return m.getRepository(CityEntity).findOneBy({ id });
  }

  /** The filtered list query (alias `c`, for the paginator). */
  listQuery(m: EntityManager, filter: CityFilter): SelectQueryBuilder<CityEntity> {
    const qb = m.getRepository(CityEntity).createQueryBuilder('c');
    if (filter.q) qb.andWhere(searchMatch('c.search_text'), { q: searchTerm(filter.q) });
    if (filter.country) qb.andWhere('c.country = :country', { country: filter.country });
    if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
    return qb;
  }

  /** Versioned update of the given fields (404 / 409 VERSION_CONFLICT). */
  async update(
    m: EntityManager,
    id: string,
    expectedVersion: number | undefined,
    patch: Partial<CityEntity>,
  ): Promise<void> {
    await updateEntityVersioned(m, CityEntity, id, expectedVersion, patch, 'City');
  }
}
