/**
 * Services throw these, never HttpException. One global filter maps each to the contract's
 * error body `{statusCode, code, message, details}`.
 */
export class DomainError extends Error {
  constructor(
    /** Stable UPPER_SNAKE_CASE code clients switch on. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
    /** Values for the code's translated message (`errors.<CODE>` in src/common/i18n/locales). */
    readonly messageParams?: Record<string, string | number>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: FieldError[], message = 'Validation failed') {
    super('VALIDATION_FAILED', 400, message, details);
  }
}

export interface FieldError {
  field: string;
  message: string;
  row?: number;
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 401, 'Email or password is wrong');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this') {
    super('FORBIDDEN', 403, message);
  }
}

export class OrganizationNotApprovedError extends DomainError {
  constructor() {
    super(
      'ORGANIZATION_NOT_APPROVED',
      403,
      'Your organisation is not approved; writes are not allowed',
    );
  }
}

export class OrganizationExpiredError extends DomainError {
  constructor() {
    super(
      'ORGANIZATION_EXPIRED',
      403,
      "Your organisation's registration has expired; writes are not allowed until a coordinator renews it",
    );
  }
}

/** Also used for records outside the caller's organisation: never reveal they exist. */
export class NotFoundError extends DomainError {
  constructor(entity = 'Record') {
    super('NOT_FOUND', 404, `${entity} not found`, undefined, { entity });
  }
}

export class VersionConflictError extends DomainError {
  constructor(currentVersion?: number) {
    super(
      'VERSION_CONFLICT',
      409,
      'The record changed meanwhile; reload it and try again',
      currentVersion === undefined ? undefined : { currentVersion },
    );
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 409, message, details);
  }
}

export class UnprocessableError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 422, message, details);
  }
}

/** The window a 429 reports in its `RateLimit-Limit`, `-Remaining` and `-Reset` headers. */
export interface RateLimitWindow {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

export class RateLimitedError extends DomainError {
  constructor(
    retryAfterSeconds?: number,
    readonly window?: RateLimitWindow,
  ) {
    super(
      'RATE_LIMITED',
      429,
      'Too many requests; try again later',
      retryAfterSeconds ? { retryAfterSeconds } : undefined,
    );
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(dependency: string) {
    super('SERVICE_UNAVAILABLE', 503, `${dependency} is unavailable; try again shortly`, {
      dependency,
    });
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message = 'The request body is too large') {
    super('PAYLOAD_TOO_LARGE', 413, message);
  }
}
