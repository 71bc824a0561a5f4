import { ConflictError, DomainError } from '../common/errors';

/** 409 EMAIL_TAKEN: another user has this email (compared without case). */
export class EmailTakenError extends ConflictError {
  constructor() {
    super('EMAIL_TAKEN', 'A user with this email already exists');
  }
}

/** 409 LAST_ADMIN: the change would leave no active admin to manage users. */
export class LastAdminError extends ConflictError {
  constructor() {
    super('LAST_ADMIN', 'The last active admin cannot be deactivated or lose the admin role');
  }
}

/**
 * 422 ROLE_CHANGE_NOT_ALLOWED: an NGO member belongs to an organisation and staff do not, so a
 * role changes only between `admin` and `coordinator`.
 */
export class RoleChangeNotAllowedError extends DomainError {
  constructor() {
    super(
      'ROLE_CHANGE_NOT_ALLOWED',
      422,
      'A role changes only between admin and coordinator; an NGO member stays an NGO member',
    );
  }
}
