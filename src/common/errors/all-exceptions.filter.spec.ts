import {
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
  TypeORMError,
} from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';

describe('AllExceptionsFilter: a dependency lost mid-request', () => {
  const filter = new AllExceptionsFilter();

  it.each([
    ['QueryRunnerAlreadyReleasedError', new QueryRunnerAlreadyReleasedError()],
    ['QueryRunnerProviderAlreadyReleasedError', new QueryRunnerProviderAlreadyReleasedError()],
  ])('%s (Postgres dropped the transaction’s connection) answers 503, not 500', (_name, err) => {
    expect(filter.toBody(err)).toEqual({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'A dependency is unavailable; try again shortly',
    });
  });

  it('other TypeORM errors stay 500 (bugs are not disguised as outages)', () => {
    expect(filter.toBody(new TypeORMError('Transaction method requires callback')).statusCode).toBe(
      500,
    );
  });
});
