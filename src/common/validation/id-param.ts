import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors';

/** A UUID path parameter; anything else is 400 VALIDATION_FAILED. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ValidationFailedError([{ field: name, message: `${name} must be a UUID` }]),
    }),
  );
