import { DataSource } from 'typeorm';
import { getManyLean } from '../../src/common/database/get-many-lean';
import { dataSourceOptions } from '../../src/database/data-source';
import { runSeed } from '../../src/scripts/seeds/run-seed';
import { createTestDatabase } from '../utils/create-app';

/**
 * List pages hydrate their rows with getManyLean instead of TypeORM's result transformer; on the
 * demo data, every entity must come out exactly as `getMany()` makes it (class, dates as
 * strings, jsonb, numerics, nulls).
 */
describe('getManyLean', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    await runSeed({ DATABASE_URL: db.url });
    ds = new DataSource(dataSourceOptions({ DATABASE_URL: db.url }, 2));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('makes every entity of the demo data exactly as getMany() does', async () => {
    const compared: string[] = [];
    for (const metadata of ds.entityMetadatas) {
      const qb = ds
        .createQueryBuilder(metadata.target, 'x')
        .orderBy(`x.${metadata.primaryColumns[0].propertyPath}`)
        .take(50);
      const expected = await qb.clone().getMany();
      const leanQb = qb.clone();
      const transformer = jest.spyOn(leanQb, 'getMany');
      const lean = await getManyLean(leanQb);
      expect(transformer).not.toHaveBeenCalled();
      expect({ table: metadata.tableName, rows: lean }).toStrictEqual({
        table: metadata.tableName,
        rows: expected,
      });
      if (expected.length > 0) compared.push(metadata.tableName);
    }
    // The comparison means something only where there were rows; the demo data has these.
    expect(compared).toEqual(
      expect.arrayContaining([
        'participants',
        'programs',
        'cities',
        'organizations',
        'aid_projects',
        'aid_transactions',
        'milestones',
        'scholarships',
        'users',
      ]),
    );
  });

  it('leaves a query with a partial selection to getMany()', async () => {
    const qb = ds.createQueryBuilder('participants', 'p').select(['p.id', 'p.fullName']).take(3);
    const partial = qb.clone();
    const transformer = jest.spyOn(partial, 'getMany');
    const lean = await getManyLean(partial);
    expect(transformer).toHaveBeenCalledTimes(1);
    expect(lean).toStrictEqual(await qb.clone().getMany());
    expect(lean[0]).toMatchObject({ id: expect.any(String), fullName: expect.any(String) });
    expect(lean[0].email).toBeUndefined();
  });
});
