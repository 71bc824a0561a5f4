import { ColumnMap, toColumns } from './column-map';

interface Changes {
  title: string;
  cityId: string | null;
  startsAt: Date;
}

const COLUMNS: ColumnMap<Changes> = { title: 'title', cityId: 'city_id', startsAt: 'starts_at' };

describe('toColumns', () => {
  it('maps the fields present to their columns and keeps null (a cleared value)', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    expect(toColumns(COLUMNS, { cityId: null, startsAt: at })).toEqual({
      city_id: null,
      starts_at: at,
    });
  });

  it('leaves out undefined fields, so an empty change sets nothing', () => {
    expect(toColumns(COLUMNS, { title: undefined })).toEqual({});
  });
});
