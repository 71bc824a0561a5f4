import { DomainError } from '../common/errors';

/** 401 INVALID_REFRESH_TOKEN: unknown, expired, used, revoked, or its user deactivated. */
export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('INVALID_REFRESH_TOKEN', 401, 'The refresh token is invalid, expired or already used');
  }
}

/**
 * 400 INVALID_CURRENT_PASSWORD: a password change named the wrong current password. Not 401:
 * the caller's session is fine, and a client must not take this as "signed out".
 */
export class InvalidCurrentPasswordError extends DomainError {
  constructor() {
    super('INVALID_CURRENT_PASSWORD', 400, 'The current password is not correct');
  }
}

/** 400 INVALID_TOKEN: a password-reset token that is unknown, expired or already used. */
export class InvalidResetTokenError extends DomainError {
  constructor() {
    super('INVALID_TOKEN', 400, 'The reset link is invalid, expired or already used');
  }
}
