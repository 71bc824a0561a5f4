import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI schema of `{items, nextCursor}` for a given item class. */
export function PageOf<T>(item: Type<T>) {
  class PageDto {
    @ApiProperty({ type: item, isArray: true })
    items!: T[];

    @ApiProperty({ type: String, nullable: true, format: 'uuid' })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', {
    value: `${item.name.replace(/Dto$|Response$/, '')}Page`,
  });
  return PageDto;
}
