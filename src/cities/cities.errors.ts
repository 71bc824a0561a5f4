import { ConflictError } from '../common/errors';

export class CityExistsError extends ConflictError {
  constructor() {
    super('CITY_EXISTS', 'A city with this English name already exists in this country');
  }
}
